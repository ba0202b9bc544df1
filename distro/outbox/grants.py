"""Who may see the outbox: the Steunpunt role only (the policy in apps.py also requires the group)."""

from distro.extensions import RoleGrant, role_grants
from distro.roles import STEUNPUNT

#: See failed and waiting e-mail ("E-mail" in the admin menu).
VIEW = "outbox.view_verzending"
#: "Opnieuw proberen".
CHANGE = "outbox.change_verzending"


def register():
    """Called by OutboxConfig.ready()."""
    role_grants.register(RoleGrant(name="outbox", module=__name__, permissions={STEUNPUNT: [VIEW, CHANGE]}))
