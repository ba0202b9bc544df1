from django.urls import path, re_path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from . import admin_views, services
from .grants import UNLOCK_PERMISSION


@hooks.register("register_admin_urls")
def register_accounts_urls():
    return [
        path("tweestapsverificatie/", admin_views.TwoFactorView.as_view(), name="accounts_2fa"),
        path("tweestapsverificatie/uit/", admin_views.TwoFactorDisableView.as_view(), name="accounts_2fa_disable"),
        path("inlogblokkades/", admin_views.LockoutsView.as_view(), name="accounts_lockouts"),
        # At most 18 digits: a larger id overflows a 64-bit integer on SQLite.
        re_path(
            r"^inlogblokkades/(?P<pk>[0-9]{1,18})/ontgrendel/$",
            admin_views.UnlockView.as_view(),
            name="accounts_unlock",
        ),
        re_path(
            r"^inlogcodes/(?P<pk>[0-9]{1,18})/uit/$", admin_views.ResetCodeView.as_view(), name="accounts_reset_code"
        ),
    ]


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(UNLOCK_PERMISSION)


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return LockoutsMenuItem(
        _("Geblokkeerde logins"), reverse("accounts_lockouts"), name="inlogblokkades", icon_name="lock", order=650
    )


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse("accounts_2fa"),
        "label": _("Inloggen met een code"),
        "help_text": _("Tweestapsverificatie: na uw wachtwoord vraagt de site om een code uit een app op uw telefoon."),
    }


@hooks.register("register_log_actions")
def register_accounts_log_actions(actions):
    @actions.register_action(services.RESET_ACTION)
    class TwoFactorReset(LogFormatter):
        label = _("Inloggen met code uitgezet")

        def format_message(self, log_entry):
            return _("Inloggen met een code is uitgezet of teruggezet")

    @actions.register_action(services.ENABLED_ACTION)
    class TwoFactorEnabled(LogFormatter):
        label = _("Inloggen met code aangezet")

        def format_message(self, log_entry):
            return _("Inloggen met een code is aangezet")

    @actions.register_action(admin_views.UNLOCK_ACTION)
    class LoginUnlocked(LogFormatter):
        label = _("Login ontgrendeld")

        def format_message(self, log_entry):
            return _("Geblokkeerde login ontgrendeld")
