"""iCalendar (.ics) for meetings: the public feed, one file per meeting, and the mail attachment.

One VEVENT per date (Sessie), so a course of three evenings is three events
in the visitor's calendar. Times carry TZID=Europe/Amsterdam with a VTIMEZONE,
so calendars that are set to another zone still show the Dutch time right.
Public files never hold the meeting link or anything about registrations.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from . import listing
from .models import Bijeenkomst

PRODID = "-//steunpunt-in-a-box//agenda//NL"
#: The feed also keeps meetings that ended recently, so a subscriber's
#: calendar does not lose last week's evening at the next refresh.
FEED_PAST_DAYS = 30


def sessie_uid(bijeenkomst, sessie) -> str:
    # translation_key is a UUID: globally unique and unchanged when the page
    # is renamed, moved or the site changes host name, as RFC 5545 asks.
    return f"{bijeenkomst.translation_key}-{sessie.pk}@steunpunt-agenda"


def _location(bijeenkomst) -> str:
    place = ", ".join(part for part in [bijeenkomst.location_name, " ".join(bijeenkomst.address.split())] if part)
    if bijeenkomst.online and place:
        return _("Online en %(place)s") % {"place": place}
    if bijeenkomst.online:
        return _("Online")
    return place


def events_for(bijeenkomst, *, url: str = "", include_meeting_link: bool = False):
    sessies = list(getattr(bijeenkomst, "sessie_list", None) or bijeenkomst.sessies.order_by("start", "pk"))
    stamp = bijeenkomst.last_published_at or bijeenkomst.latest_revision_created_at or timezone.now()
    events = []
    for number, sessie in enumerate(sessies, start=1):
        event = Event()
        event.add("uid", sessie_uid(bijeenkomst, sessie))
        event.add("dtstamp", stamp)
        # Converted to Amsterdam time, so icalendar writes TZID=Europe/Amsterdam.
        event.add("dtstart", listing.local(sessie.start))
        event.add("dtend", listing.local(sessie.end))
        summary = bijeenkomst.title
        if len(sessies) > 1:
            summary = _("%(title)s (%(number)d van %(total)d)") % {
                "title": summary,
                "number": number,
                "total": len(sessies),
            }
        if bijeenkomst.cancelled:
            summary = _("Afgelast: %(title)s") % {"title": summary}
        event.add("summary", summary)
        description = [bijeenkomst.summary] if bijeenkomst.summary else []
        if bijeenkomst.cancelled and bijeenkomst.cancel_reason:
            description.append(bijeenkomst.cancel_reason)
        if include_meeting_link and bijeenkomst.online and bijeenkomst.meeting_link:
            # Only in the attachment sent to a registered person.
            description.append(_("Link naar de online bijeenkomst: %(link)s") % {"link": bijeenkomst.meeting_link})
        if url:
            description.append(url)
        if description:
            event.add("description", "\n\n".join(description))
        location = _location(bijeenkomst)
        if location:
            event.add("location", location)
        if url:
            event.add("url", url)
        event.add("status", "CANCELLED" if bijeenkomst.cancelled else "CONFIRMED")
        event.add("transp", "OPAQUE")
        events.append(event)
    return events


def build_calendar(bijeenkomsten, *, name: str = "", request=None, include_meeting_link: bool = False) -> Calendar:
    """A calendar with every date of ``bijeenkomsten``.

    ``include_meeting_link`` is for the confirmation mail to a registered
    person only; public files are built without it.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Amsterdam")
    for bijeenkomst in bijeenkomsten:
        url = bijeenkomst.get_full_url(request) or ""
        for event in events_for(bijeenkomst, url=url, include_meeting_link=include_meeting_link):
            cal.add_component(event)
    if cal.walk("VEVENT"):
        first = min(e.decoded("dtstart") for e in cal.walk("VEVENT"))
        # A VTIMEZONE for the years the events span (plus one): small, and right for DST.
        cal.add_missing_timezones(first_date=date(first.year - 1, 1, 1), last_date=date(first.year + 3, 1, 1))
    return cal


def _response(cal: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Public data that changes when an editor publishes: short caching only.
    response["Cache-Control"] = "public, max-age=300"
    return response


def feed_meetings(request=None, now=None):
    from wagtail.models import Locale, Site

    now = now or timezone.now()
    site = Site.find_for_request(request) if request is not None else None
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        locale = Locale.get_default()
    return listing.upcoming_meetings(
        locale=locale,
        root=site.root_page if site else None,
        now=now - timedelta(days=FEED_PAST_DAYS),
    )


def feed(request):
    """/agenda.ics: every meeting from a month ago on, cancelled ones marked STATUS:CANCELLED."""
    meetings = feed_meetings(request)
    listing.decorate(meetings)
    from distro.core.models import SteunpuntSettings  # core model; read for the calendar's name

    name = SteunpuntSettings.for_request(request).steunpunt_name if request else ""
    return _response(
        build_calendar(meetings, name=_("Agenda %(name)s") % {"name": name} if name else "", request=request),
        "agenda.ics",
    )


def bijeenkomst_ics(request, page_id: int):
    """/agenda/<id>.ics: the dates of one meeting, for the "Zet in uw agenda" link."""
    bijeenkomst = listing.with_dates(Bijeenkomst.objects.live().public().filter(pk=page_id)).first()
    if bijeenkomst is None:
        raise Http404
    listing.decorate([bijeenkomst])
    return _response(build_calendar([bijeenkomst], request=request), f"{bijeenkomst.slug}.ics")
