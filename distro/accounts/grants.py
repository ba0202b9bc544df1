"""A Beheerder sees who is locked out of the admin and can unlock them."""

from distro.extensions import RoleGrant, role_grants
from distro.roles import BEHEERDER

UNLOCK_PERMISSION = "axes.delete_accessattempt"


def register():
    """Called by AccountsConfig.ready()."""
    role_grants.register(
        RoleGrant(
            name="accounts",
            module=__name__,
            permissions={BEHEERDER: ["axes.view_accessattempt", UNLOCK_PERMISSION]},
        )
    )
