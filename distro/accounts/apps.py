from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "distro.accounts"
    label = "accounts"
    verbose_name = _("Inloggen en beveiliging")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        # Django: these modules import models, which only exist once the app registry is ready.
        from . import grants, middleware, retention

        grants.register()
        retention.register()
        user_logged_in.connect(middleware.start_session_clock, dispatch_uid="steunpunt_session_clock")
