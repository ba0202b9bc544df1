"""Wagtail's bulk actions on users, without a way into the steunpunt.

The user listing lets anyone who may change users assign a role to many users,
deactivate or delete them at once. As in users.py: the Steunpunt role is never
assigned here, and the accounts of Steunpunt members are left alone by anyone
outside the group (they show as "no permission" on the confirmation page).
Deactivating a member stays possible for a Beheerder: it takes access away,
and the team hears of it (signals.announce_account_changes).
"""

from django.contrib.auth.models import Group
from wagtail.log_actions import log
from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction, RoleForm
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction
from wagtail.users.views.bulk_actions.set_active_state import SetActiveStateBulkAction

from . import STEUNPUNT
from .independence import ACCOUNT_CHANGED, is_member, is_protected_account
from .signals import announce_account_changes


def _may_touch(request, user) -> bool:
    if user.is_superuser and not request.user.is_superuser:
        return False
    return is_member(request.user) or not is_protected_account(user)


class SteunpuntRoleForm(RoleForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Group.objects.exclude(name=STEUNPUNT)


class GuardedAssignRoleBulkAction(AssignRoleBulkAction):
    form_class = SteunpuntRoleForm

    def check_perm(self, obj):
        return super().check_perm(obj) and _may_touch(self.request, obj)


class GuardedDeleteBulkAction(DeleteBulkAction):
    def check_perm(self, obj):
        return super().check_perm(obj) and _may_touch(self.request, obj)


class GuardedSetActiveStateBulkAction(SetActiveStateBulkAction):
    def check_perm(self, obj):
        if not super().check_perm(obj):
            return False
        if obj.is_superuser and not self.request.user.is_superuser:
            return False
        # Deactivating a member only takes access away; activating one is the team's decision.
        if self.request.method == "POST" and self.request.POST.get("mark_as_active") == "False":
            return True
        return _may_touch(self.request, obj)

    @classmethod
    def execute_action(cls, objects, mark_as_active=False, model=None, **kwargs):
        # Wagtail uses QuerySet.update(), which sends no signals: announce here.
        touched = [u for u in objects if u.is_active != mark_as_active and is_protected_account(u)]
        result = super().execute_action(objects, mark_as_active=mark_as_active, model=model, **kwargs)
        for user in touched:
            if user.pk != getattr(kwargs.get("user"), "pk", None):
                changes = {"is_active": [user.is_active, mark_as_active]}
                log(instance=user, action=ACCOUNT_CHANGED, data=changes)
                announce_account_changes(user, changes)
        return result


BULK_ACTIONS = [GuardedAssignRoleBulkAction, GuardedDeleteBulkAction, GuardedSetActiveStateBulkAction]
