from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from . import team
from .independence import ACCOUNT_CHANGED, RECOVERY, SETTING_CHANGED, is_member
from .signals import ROLE_ADDED, ROLE_REMOVED, describe_account_changes
from .user_bulk_actions import BULK_ACTIONS


@hooks.register("register_admin_urls")
def register_team_urls():
    urlpatterns = [
        path("", team.index, name="index"),
        path("toevoegen/", team.add, name="add"),
        path("<int:pk>/weghalen/", team.remove, name="remove"),
        path("<int:pk>/wachtwoord/", team.password, name="password"),
        path("<int:pk>/inlogcode/", team.login_code, name="login_code"),
    ]
    return [path("steunpunt-team/", include((urlpatterns, "steunpunt_team"), namespace="steunpunt_team"))]


class TeamMenuItem(MenuItem):
    def is_shown(self, request):
        return is_member(request.user)


@hooks.register("register_settings_menu_item")
def register_team_menu_item():
    return TeamMenuItem(
        _("Team steunpunt"), reverse("steunpunt_team:index"), name="steunpunt-team", icon_name="group", order=610
    )


# Registered after Wagtail's own (order 0), so these replace the user bulk actions of the same type.
for _action in BULK_ACTIONS:
    hooks.register("register_bulk_action", _action, order=100)


@hooks.register("register_log_actions")
def register_role_log_actions(actions):
    @actions.register_action(ROLE_ADDED)
    class RoleAdded(LogFormatter):
        label = _("Rol gekregen")

        def format_message(self, log_entry):
            return _("Heeft de rol %(role)s gekregen") % {"role": log_entry.data.get("role", "?")}

    @actions.register_action(ROLE_REMOVED)
    class RoleRemoved(LogFormatter):
        label = _("Rol afgenomen")

        def format_message(self, log_entry):
            return _("Heeft de rol %(role)s niet meer") % {"role": log_entry.data.get("role", "?")}

    @actions.register_action(ACCOUNT_CHANGED)
    class AccountChanged(LogFormatter):
        label = _("Account van het steunpunt veranderd")

        def format_message(self, log_entry):
            parts = describe_account_changes(log_entry.data or {})
            return _("Account veranderd: %(changes)s") % {"changes": ", ".join(str(p) for p in parts)}

    @actions.register_action(SETTING_CHANGED)
    class SettingChanged(LogFormatter):
        label = _("Contactgegevens van het steunpunt veranderd")

        def format_message(self, log_entry):
            changes = (log_entry.data or {}).get("changes", {})
            return _("Veranderd: %(changes)s") % {
                "changes": "; ".join(f"{name}: {old or '-'} → {new or '-'}" for name, (old, new) in changes.items())
            }

    @actions.register_action(RECOVERY)
    class Recovery(LogFormatter):
        label = _("Toegang hersteld op de server")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Op de server (door %(os_user)s): %(what)s. Reden: %(reason)s") % {
                "os_user": data.get("os_user", "?"),
                "what": data.get("what", "?"),
                "reason": data.get("reason", "?"),
            }


@hooks.register("insert_global_admin_js")
def dutch_translation_editor():
    # The editors' translation screen (wagtail-localize) has two English texts outside any catalogue.
    return format_html('<script src="{}" defer></script>', static("roles/localize_nl.js"))
