"""The four roles of a steunpunt site and their exact permissions.

Role names are Dutch because operators see them in the admin:

* ``Beheerder`` - site settings, users, plugins' settings
* ``Redacteur`` - regional pages, sociale kaart, agenda content
* ``Steunpunt`` - what parents and young people tell the steunpunt
* ``Bestuur`` - anonymised reports only
"""

BEHEERDER = "Beheerder"
REDACTEUR = "Redacteur"
STEUNPUNT = "Steunpunt"
BESTUUR = "Bestuur"
ROLES = (BEHEERDER, REDACTEUR, STEUNPUNT, BESTUUR)


def in_role(user, role: str) -> bool:
    """Membership, not superuser status: independence depends on it."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    cache = getattr(user, "_steunpunt_roles", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._steunpunt_roles = cache
    return role in cache
