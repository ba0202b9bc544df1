from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemingConfig(AppConfig):
    name = "distro.theming"
    label = "theming"
    verbose_name = _("Thema's")

    def ready(self):
        from . import checks  # noqa: F401
