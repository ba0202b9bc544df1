"""What the roles may do with meetings and registrations.

Editing meeting pages comes from the core's page permissions (Redacteur).
These are the extras of the admin screens in ``admin_views/``:

* the overview "Bijeenkomsten" shows anonymous place counts only
  (``Bezetting``), so editors see how full a meeting is;
* the Redacteur keeps the lists a meeting chooses from ("Thema's" and
  "Voor wie", menu "Thema's en doelgroepen"): add, rename, delete;
* registrations hold personal data: only the Steunpunt role sees and
  handles them. ``admin_views.ATTENDEE_POLICY`` also requires membership of
  the group, so a superuser or Beheerder gets no access through these
  permissions alone.
"""

from distro.extensions import RoleGrant, role_grants
from distro.roles import REDACTEUR, STEUNPUNT

#: See the overview with counts (no personal data).
VIEW_COUNTS = "agenda.view_bezetting"
#: See the attendee list and export it.
VIEW_REGISTRATIONS = "agenda.view_aanmelding"
#: Check in, cancel, move a registration and write to all registrants.
CHANGE_REGISTRATIONS = "agenda.change_aanmelding"
#: Keep the lists meetings choose from ("Thema's", "Voor wie") in the admin.
MANAGE_LISTS = [
    f"agenda.{action}_{model}" for model in ("thema", "doelgroep") for action in ("add", "change", "delete")
]


def register():
    """Called by AgendaConfig.ready()."""
    role_grants.register(
        RoleGrant(
            name="agenda",
            module=__name__,
            permissions={
                REDACTEUR: [VIEW_COUNTS, *MANAGE_LISTS],
                STEUNPUNT: [VIEW_COUNTS, VIEW_REGISTRATIONS, CHANGE_REGISTRATIONS],
            },
        )
    )
