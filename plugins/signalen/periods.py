"""Report periods: months, quarters, years and custom ranges, and how they are called."""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.translation import gettext as _


def month(year: int, number: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, number, 1)
    following = datetime.date(year + number // 12, number % 12 + 1, 1)
    return start, following - datetime.timedelta(days=1)


def quarter(year: int, number: int) -> tuple[datetime.date, datetime.date]:
    start, _end = month(year, 3 * number - 2)
    _start, end = month(year, 3 * number)
    return start, end


def year(number: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(number, 1, 1), datetime.date(number, 12, 31)


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def previous_quarter(today: datetime.date) -> tuple[int, int]:
    number = quarter_of(today) - 1
    return (today.year, number) if number else (today.year - 1, 4)


def describe(soort: str, start: datetime.date, end: datetime.date) -> str:
    if soort == "maand":
        return _("Verslag %(maand)s") % {"maand": formats.date_format(start, "F Y")}
    if soort == "kwartaal":
        return _("Verslag kwartaal %(nummer)s %(jaar)s") % {"nummer": quarter_of(start), "jaar": start.year}
    if soort == "jaar":
        return _("Jaarverslag %(jaar)s") % {"jaar": start.year}
    return _("Verslag %(van)s tot en met %(tot)s") % {
        "van": formats.date_format(start, "j F Y"),
        "tot": formats.date_format(end, "j F Y"),
    }
