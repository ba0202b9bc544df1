"""The status of a registration: which step may follow which, and what closing needs.

open → in behandeling → afgerond → heropend → in behandeling → afgerond ...
Open and heropend may also be closed at once (a question answered on the
phone). Closing needs a handling: the board's figures count how contacts
were handled, so a closed contact without one would be a hole in them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .registraties import Status

TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.OPEN: (Status.IN_BEHANDELING, Status.AFGEROND),
    Status.IN_BEHANDELING: (Status.AFGEROND,),
    Status.AFGEROND: (Status.HEROPEND,),
    Status.HEROPEND: (Status.IN_BEHANDELING, Status.AFGEROND),
}


def next_states(current: str) -> tuple[str, ...]:
    return TRANSITIONS.get(current, ())


def allowed(current: str | None, new: str) -> bool:
    """Whether ``new`` may follow ``current`` (None: a new registration, which starts open or closed)."""
    if current is None:
        return new in (Status.OPEN, Status.IN_BEHANDELING, Status.AFGEROND)
    return new == current or new in next_states(current)


def refusal(current: str | None, new: str, afhandeling: str) -> str | None:
    """The Dutch reason this step cannot be taken, or None."""
    if not allowed(current, new):
        return _("Van %(van)s naar %(naar)s kan niet. Kies: %(kan)s.") % {
            "van": Status(current).label.lower(),
            "naar": Status(new).label.lower(),
            "kan": ", ".join(str(Status(s).label).lower() for s in (current, *next_states(current))),
        }
    if new == Status.AFGEROND and not afhandeling:
        return _("Kies eerst hoe het is afgehandeld. Zonder afhandeling kan een registratie niet afgerond worden.")
    return None
