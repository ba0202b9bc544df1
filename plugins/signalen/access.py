"""Who may see what of signalen.

* Registrations (raw data, with their notes and history): members of the
  Steunpunt group only, superusers included (``RoleOnlyPermissionPolicy``).
* Reports (anonymised, protected): the Steunpunt, which makes them, and the
  Bestuur, which reads them. Nobody else: a Beheerder or Redacteur has no
  use for them, and fewer readers is less to protect.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from distro.core.views import admin_forbidden
from distro.roles import BESTUUR, STEUNPUNT, in_role
from distro.roles.policies import RoleOnlyPermissionPolicy

from .registraties import Rapport, Registratie

REGISTRATIONS = RoleOnlyPermissionPolicy(Registratie, STEUNPUNT)
DENIED = gettext_lazy(
    "U heeft geen toegang tot deze pagina. Registraties zijn alleen voor medewerkers van het steunpunt."
)
REPORTS_DENIED = gettext_lazy("U heeft geen toegang tot deze pagina. Verslagen zijn voor het steunpunt en het bestuur.")


def can_read_reports(user) -> bool:
    return (
        bool(user) and (in_role(user, STEUNPUNT) or in_role(user, BESTUUR)) and user.has_perm("signalen.view_rapport")
    )


def can_make_reports(user) -> bool:
    return bool(user) and in_role(user, STEUNPUNT) and user.has_perm("signalen.add_rapport")


class ReportPolicy(RoleOnlyPermissionPolicy):
    """Any Wagtail screen that asks about reports: read by Steunpunt and Bestuur, made by Steunpunt,
    changed and deleted by nobody (a report is stored as it was made)."""

    def user_has_permission(self, user, action):
        if action == "view":
            return can_read_reports(user)
        if action == "add":
            return can_make_reports(user)
        return False

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(actions).none()


REPORTS = ReportPolicy(Rapport, STEUNPUNT)


class ReportReadersOnly:
    """Views of reports: the role is checked before anything is looked up."""

    needs = staticmethod(can_read_reports)

    def dispatch(self, request, *args, **kwargs):
        if not self.needs(request.user):
            return admin_forbidden(request, REPORTS_DENIED)
        return super().dispatch(request, *args, **kwargs)
