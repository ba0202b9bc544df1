"""The audit log report names no object of a role's data to users outside that role.

Wagtail's site history report (and its CSV/XLSX export) shows superusers
every log entry, so "Vraag 12 bewerkt door ..." tells a superuser outside the
Steunpunt group which questions exist and who handles them. Entries about
models guarded by a ``RoleOnlyPermissionPolicy`` are left out for anyone the
policy refuses; the model's own history screen is guarded by the policy already.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models.audit_log import ModelLogEntryManager
from wagtail.permissions import policy_registry

from .policies import RoleOnlyPermissionPolicy


def _role_only_policies():
    for model, policy in list(policy_registry.values_by_class.items()) + list(
        policy_registry.values_by_exact_class.items()
    ):
        if isinstance(policy, RoleOnlyPermissionPolicy):
            yield model, policy


def hidden_content_type_ids(user) -> list[int]:
    return [
        ContentType.objects.get_for_model(model).pk
        for model, policy in _role_only_policies()
        if not policy.user_has_any_permission(user, ["view", "change", "delete"])
    ]


def install():
    """Filter ``ModelLogEntry.objects.viewable_by_user``, which every log report uses."""
    original = ModelLogEntryManager.viewable_by_user
    if getattr(original, "steunpunt_role_only", False):
        return

    def viewable_by_user(self, user):
        entries = original(self, user)
        hidden = hidden_content_type_ids(user)
        return entries.exclude(content_type_id__in=hidden) if hidden else entries

    viewable_by_user.steunpunt_role_only = True
    ModelLogEntryManager.viewable_by_user = viewable_by_user
