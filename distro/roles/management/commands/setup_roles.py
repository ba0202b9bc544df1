from django.core.management.base import BaseCommand

from distro.roles.setup import setup_roles


class Command(BaseCommand):
    help = "Create the groups Beheerder, Redacteur, Steunpunt and Bestuur with their exact permissions."

    def handle(self, *args, **options):
        setup_roles()
        self.stdout.write("Roles are up to date.")
