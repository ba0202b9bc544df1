"""Bulk actions that say nothing about data of one role to anyone outside it.

Wagtail's bulk-delete confirmation page for snippets looks up every id in the
address and lists the objects the user may not delete by name ("Vraag 12"),
and answers 404 when none of the ids exist: any admin user could learn which
questions exist. For models guarded by a ``RoleOnlyPermissionPolicy`` the
permission is checked first, before a single id is looked up, and a user
outside the role gets the same 403 page whatever the ids are.

Registered from the apps whose models need it (``register()``).
"""

from django.utils.functional import classproperty
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models

from distro.core.views import admin_forbidden

from .policies import RoleOnlyPermissionPolicy


def role_only_snippet_models():
    return [m for m in get_snippet_models() if isinstance(policy_registry.get_by_type(m), RoleOnlyPermissionPolicy)]


class RoleOnlyDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete, but for role-only snippets: permission before lookup."""

    @classproperty
    def models(cls):
        return role_only_snippet_models()

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "delete"):
            return admin_forbidden(request, _("Alleen medewerkers van het steunpunt kunnen deze gegevens zien."))
        return super().dispatch(request, *args, **kwargs)


_registered = False


def register():
    """Register once; after Wagtail's own delete action, which it replaces for these models."""
    global _registered
    if not _registered:
        hooks.register("register_bulk_action", RoleOnlyDeleteBulkAction, order=1000)
        _registered = True
