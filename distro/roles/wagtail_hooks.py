from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .signals import ROLE_ADDED, ROLE_REMOVED


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
