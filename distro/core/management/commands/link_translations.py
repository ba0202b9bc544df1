from django.core.management.base import BaseCommand

from distro.core.translation_links import link_language_copies


class Command(BaseCommand):
    help = (
        "Make the language copies of pages translatable with wagtail-localize (the 'Vertalen' editor). "
        "Safe to run again; setup_site runs it too."
    )

    def handle(self, *args, **opts):
        made = link_language_copies()
        self.stdout.write(f"{made} language copies can now be translated in the admin.")
