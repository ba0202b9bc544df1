"""iCalendar: the feed of all meetings and the file per meeting, read back with the icalendar library."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from plugins.agenda import ical
from plugins.agenda.models import Aanmelding, AgendaIndexPage, Bijeenkomst, Sessie

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
SECRET_LINK = "https://meet.example.org/geheim-456"


@pytest.fixture
def index(home):
    return AgendaIndexPage.objects.child_of(home).get()


def meeting(index, sessies, **fields):
    fields.setdefault("slug", f"ical-{Bijeenkomst.objects.count()}")
    fields.setdefault("title", "Thema-avond")
    fields.setdefault("location_name", "Buurthuis De Linde")
    fields.setdefault("address", "Lindelaan 1\n1234 AB Testdorp")
    page = Bijeenkomst(**fields)
    for start, end in sessies:
        page.sessies.add(Sessie(start=start, end=end))
    index.add_child(instance=page)
    page.save_revision().publish()
    return Bijeenkomst.objects.get(pk=page.pk)


def evening(days, hour=19, minute=30, hours=2):
    start = (
        (timezone.now() + timedelta(days=days))
        .astimezone(AMS)
        .replace(hour=hour, minute=minute, second=0, microsecond=0)
    )
    return start, start + timedelta(hours=hours)


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content, Calendar.from_ical(response.content)


def events_of(cal, page):
    return [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith(str(page.translation_key))]


def test_meeting_ics_has_amsterdam_times_with_vtimezone(client, index):
    start, end = evening(20)
    page = meeting(index, [(start, end)], title="Thema-avond pesten", summary="Over pesten op school.")
    raw, cal = fetch(client, f"/agenda/{page.pk}.ics")
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == start and event.decoded("dtend") == end
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert b"DTSTART;TZID=Europe/Amsterdam:" in raw
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert event.decoded("dtstart").astimezone(AMS).strftime("%H:%M") == "19:30"
    assert str(event["SUMMARY"]) == "Thema-avond pesten"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Buurthuis De Linde, Lindelaan 1 1234 AB Testdorp" == str(event["LOCATION"])
    assert str(event["URL"]).endswith(page.url)
    assert "Over pesten op school." in str(event["DESCRIPTION"])
    assert str(cal["VERSION"]) == "2.0" and "steunpunt" in str(cal["PRODID"])


def test_uid_is_stable_and_one_event_per_date(client, index):
    dates = [evening(d) for d in (10, 17, 24)]
    course = meeting(index, dates, title="Cursus")
    _raw, first = fetch(client, f"/agenda/{course.pk}.ics")
    uids = [str(e["UID"]) for e in first.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 3
    assert [e.decoded("dtstart") for e in first.walk("VEVENT")] == [s for s, _e in dates]
    assert [str(e["SUMMARY"]) for e in first.walk("VEVENT")] == [
        "Cursus (1 van 3)",
        "Cursus (2 van 3)",
        "Cursus (3 van 3)",
    ]

    # Renaming and republishing the page keeps the UIDs, so calendars update the events.
    course.title = "Cursus (nieuwe naam)"
    course.slug = "cursus-nieuw"
    course.save_revision().publish()
    _raw, again = fetch(client, f"/agenda/{course.pk}.ics")
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == uids


def test_cancelled_meeting_is_status_cancelled(client, index):
    page = meeting(index, [evening(5)], title="Spreekuur", cancelled=True, cancel_reason="De begeleider is ziek.")
    _raw, cal = fetch(client, f"/agenda/{page.pk}.ics")
    (event,) = cal.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Afgelast: Spreekuur"
    assert "De begeleider is ziek." in str(event["DESCRIPTION"])
    _raw, feed = fetch(client, "/agenda.ics")
    assert [str(e["STATUS"]) for e in events_of(feed, page)] == ["CANCELLED"]


def test_no_meeting_link_and_no_personal_data(client, index):
    page = meeting(
        index, [evening(8)], title="Online", online=True, meeting_link=SECRET_LINK, location_name="", address=""
    )
    Aanmelding.objects.create(
        bijeenkomst=page,
        status=Aanmelding.Status.BEVESTIGD,
        role="ouder",
        name="Fatima Privé",
        email="fatima.prive@example.org",
    )
    for url in (f"/agenda/{page.pk}.ics", "/agenda.ics"):
        raw, cal = fetch(client, url)
        assert b"geheim-456" not in raw
        assert b"Fatima" not in raw and b"fatima.prive" not in raw
        assert b"ATTENDEE" not in raw
    (event,) = events_of(cal, page)
    assert str(event["LOCATION"]) == "Online"


def test_attachment_for_registered_people_may_hold_the_link(index):
    page = meeting(
        index, [evening(8)], title="Online", online=True, meeting_link=SECRET_LINK, location_name="", address=""
    )
    private = Calendar.from_ical(ical.build_calendar([page], include_meeting_link=True).to_ical())
    public = Calendar.from_ical(ical.build_calendar([page]).to_ical())
    assert SECRET_LINK in str(private.walk("VEVENT")[0]["DESCRIPTION"])
    assert SECRET_LINK not in str(public.walk("VEVENT")[0].get("DESCRIPTION", ""))


def test_feed_contains_every_upcoming_meeting(client, site, index):
    course = meeting(index, [evening(3), evening(10)], title="Tweedaagse")
    draft = meeting(index, [evening(4)], title="Concept")
    draft.unpublish()
    old = meeting(index, [evening(-90)], title="Oud")
    recent = meeting(index, [evening(-5)], title="Vorige week")

    raw, cal = fetch(client, "/agenda.ics")
    now = timezone.now()
    upcoming = [
        b
        for b in Bijeenkomst.objects.live().public().filter(locale__language_code="nl")
        if b.ends_at and b.ends_at >= now
    ]
    assert len(upcoming) >= 6, "the demo meetings and the course"
    for b in upcoming:
        assert len(events_of(cal, b)) == b.sessies.count(), b.title
    assert len(events_of(cal, course)) == 2
    assert events_of(cal, draft) == []
    assert events_of(cal, old) == [], "more than a month ago"
    assert len(events_of(cal, recent)) == 1, "last week's meeting stays a while"
    assert len(cal.walk("VTIMEZONE")) == 1
    assert str(cal["X-WR-CALNAME"]).startswith("Agenda ")


def test_feed_in_another_language_has_no_duplicates(client, site):
    _raw, nl = fetch(client, "/agenda.ics")
    _raw, ar = fetch(client, "/ar/agenda.ics")
    assert sorted(str(e["UID"]) for e in ar.walk("VEVENT")) == sorted(str(e["UID"]) for e in nl.walk("VEVENT"))


def test_unpublished_or_unknown_meeting_is_404(client, index):
    page = meeting(index, [evening(4)])
    page.unpublish()
    assert client.get(f"/agenda/{page.pk}.ics").status_code == 404
    assert client.get("/agenda/999999.ics").status_code == 404
    assert client.get(f"/agenda/{index.pk}.ics").status_code == 404, "only meetings have a calendar file"


def test_index_links_the_feed(client, index):
    content = client.get(index.url).content.decode()
    assert 'href="/agenda.ics"' in content
    assert 'type="text/calendar"' in content
