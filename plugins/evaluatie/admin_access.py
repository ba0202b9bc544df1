"""Who may see the evaluatie's screens: members of the Steunpunt group, nobody else.

Superusers included (``RoleOnlyPermissionPolicy``): what parents and young
people answer stays with the steunpunt. Anyone else gets a real 403 page.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic import PermissionCheckedMixin

from distro.core.views import admin_forbidden
from distro.roles import STEUNPUNT
from distro.roles.policies import RoleOnlyPermissionPolicy

from .models import Reactie, Uitnodiging

RESULTS_POLICY = RoleOnlyPermissionPolicy(Reactie, STEUNPUNT)
INVITATION_POLICY = RoleOnlyPermissionPolicy(Uitnodiging, STEUNPUNT)
LOG_EXPORT = "evaluatie.export"
DENIED = gettext_lazy(
    "U heeft geen toegang tot deze pagina. Evaluaties zijn alleen voor medewerkers van het steunpunt."
)


def can_view_results(user) -> bool:
    return bool(user) and RESULTS_POLICY.user_has_permission(user, "view")


class SteunpuntOnlyMixin(PermissionCheckedMixin):
    permission_policy = RESULTS_POLICY
    permission_required = "view"

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return admin_forbidden(request, DENIED)
