"""What the roles may do with evaluations.

Editors (Redacteur) build the forms: they are pages, so that comes from the
core's page permissions. Responses, invitations and the dashboard are for
the Steunpunt role only (admin_access.RESULTS_POLICY also requires membership
of the group, so a superuser or Beheerder gets nothing from these alone).
"""

from distro.extensions import RoleGrant, role_grants
from distro.roles import STEUNPUNT

VIEW_RESULTS = "evaluatie.view_reactie"
MAKE_INVITATIONS = "evaluatie.add_uitnodiging"


def register():
    role_grants.register(
        RoleGrant(name="evaluatie", module=__name__, permissions={STEUNPUNT: [VIEW_RESULTS, MAKE_INVITATIONS]})
    )
