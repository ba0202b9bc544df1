"""How the question's screens and mails write a moment: in the site's time zone, Dutch style."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def stamp(moment) -> str:
    """``2 december 2026, 19.30 uur`` in the site's time zone (TIME_ZONE, Europe/Amsterdam), whatever is stored (UTC)."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return _("%(date)s, %(time)s uur") % {"date": date_format(local, "j F Y"), "time": date_format(local, "H.i")}
