from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "distro.accounts"
    label = "accounts"
    verbose_name = _("Inloggen en beveiliging")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import grants, retention  # noqa: F401
        from .middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="steunpunt_session_clock")
