"""How the agenda writes dates and times for people: one notation everywhere.

Meeting pages, sign-up and cancel pages, the mails, the admin screens and the
exports all format through this module, so a meeting never reads 19.30 on one
screen and 19:30 on the next.

The Dutch notation, as the Nederlandse Taalunie advises and B1 texts use:

* a time of day with a full stop and "uur": ``19.30 uur``, ``9.00 uur``;
* a date in words with the weekday: ``dinsdag 8 december 2026``;
* a date with a time span: ``dinsdag 8 december 2026, 19.30 - 21.30 uur``;
  past midnight both dates: ``dinsdag 8 december 2026 19.30 uur - woensdag
  9 december 2026 1.30 uur``;
* one moment (admin lists, exports): ``dinsdag 8 december 2026, 19.30 uur``.

Other languages get their own convention through the catalogues: the time
format is the translatable "time of day format" (``G.i`` in Dutch, ``H:i``
in English), the sentences round it are ordinary translations, and Polish
and Ukrainian put the month in the genitive after a day number. Times are
always shown in Amsterdam time: the meetings happen in the Netherlands,
whoever looks. Machine formats (iCalendar, JSON-LD, ``<time datetime>``)
stay ISO 8601 and do not come from here.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Polish and Ukrainian need the month in the genitive after a day number
# ("8 grudnia", not "8 grudzień"); Django's "E" gives that form.
DATE_FORMATS = {"pl": "l, j E Y", "uk": "l, j E Y"}
DEFAULT_DATE_FORMAT = "l j F Y"


def local(value: datetime) -> datetime:
    """The moment in Amsterdam time."""
    return value.astimezone(AMSTERDAM)


def _language() -> str:
    return (get_language() or "nl").split("-")[0]


def format_date(value: datetime, year: bool = True) -> str:
    """``dinsdag 8 december 2026`` (without the year: ``dinsdag 8 december``)."""
    pattern = DATE_FORMATS.get(_language(), DEFAULT_DATE_FORMAT)
    if not year:
        pattern = pattern.removesuffix(" Y")
    return date_format(local(value), pattern)


def weekday(value: datetime) -> str:
    """The day's name in the active language: ``dinsdag``."""
    return date_format(local(value), "l")


def format_time(value: datetime) -> str:
    """``19.30`` (the number only; the sentences add "uur")."""
    # Dutch writes 19.30; translators choose "H:i" where their language writes 19:30.
    return date_format(local(value), pgettext("time of day format", "G.i"))


def format_moment(value: datetime | None, empty: str = "—") -> str:
    """``dinsdag 8 december 2026, 19.30 uur``; ``empty`` when there is no moment."""
    if not value:
        return empty
    return _("%(date)s, %(time)s uur") % {"date": format_date(value), "time": format_time(value)}


def format_sessie(start: datetime, end: datetime) -> str:
    """``dinsdag 8 december 2026, 19.30 - 21.30 uur``, or with two dates if it runs past midnight."""
    if local(start).date() == local(end).date():
        return _("%(date)s, %(start)s - %(end)s uur") % {
            "date": format_date(start),
            "start": format_time(start),
            "end": format_time(end),
        }
    return _("%(start_date)s %(start)s uur - %(end_date)s %(end)s uur") % {
        "start_date": format_date(start),
        "start": format_time(start),
        "end_date": format_date(end),
        "end": format_time(end),
    }


def sessie_lines(bijeenkomst) -> list[str]:
    """Every date of the meeting, formatted, in order."""
    sessies = getattr(bijeenkomst, "sessie_list", None)
    if sessies is None:
        sessies = bijeenkomst.sessies.order_by("start", "pk")
    return [format_sessie(s.start, s.end) for s in sessies]
