from django.core.management.base import BaseCommand

from distro.core.translation_links import link_language_copies


class Command(BaseCommand):
    help = (
        "Maakt de taalkopieën van pagina's vertaalbaar in het beheer (de knop Vertalen van wagtail-localize). "
        "U kunt het vaker draaien; setup_site doet het ook."
    )

    def handle(self, *args, **opts):
        made = link_language_copies()
        self.stdout.write(f"{made} taalkopieën kunnen nu in het beheer vertaald worden.")
