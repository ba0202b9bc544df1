from django.apps import AppConfig
from django.core import checks as django_checks
from django.utils.translation import gettext_lazy as _

from . import checks


class ThemingConfig(AppConfig):
    name = "distro.theming"
    label = "theming"
    verbose_name = _("Thema's")

    def ready(self):
        django_checks.register(checks.default_theme_exists)
