"""What the roles may do with signalen: registrations for the Steunpunt, reports for it and the Bestuur."""

from distro.extensions import RoleGrant, role_grants
from distro.roles import BESTUUR, STEUNPUNT

REGISTRATIONS = [
    "signalen.add_registratie",
    "signalen.change_registratie",
    "signalen.view_registratie",
    "signalen.delete_registratie",
    "signalen.add_thema",
    "signalen.change_thema",
    "signalen.view_thema",
]
REPORTS = ["signalen.view_rapport"]


def register():
    role_grants.register(
        RoleGrant(
            name="signalen",
            module=__name__,
            permissions={STEUNPUNT: REGISTRATIONS + REPORTS + ["signalen.add_rapport"], BESTUUR: REPORTS},
        )
    )
