"""Django's ``check``, with the health checks of the core and the enabled plugins (distro/health.py)."""

from django.core.management.commands.check import Command as DjangoCheckCommand

from distro import health


class Command(DjangoCheckCommand):
    help = DjangoCheckCommand.help + " Also runs the steunpunt health checks (see 'steunpunt gezondheid')."

    def handle(self, *args, **options):
        with health.for_check_command():
            return super().handle(*args, **options)
