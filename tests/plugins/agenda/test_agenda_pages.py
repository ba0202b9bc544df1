"""The public agenda: listing order, filters, archive, badges, the detail page, JSON-LD and the home panel."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from distro.core.models import ContentPage
from plugins.agenda import listing
from plugins.agenda.models import AgendaIndexPage, Bezetting, Bijeenkomst, Doelgroep, Sessie, Thema
from plugins.agenda.receivers import create_demo_meetings

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
SECRET_LINK = "https://meet.example.org/geheim-123"


@pytest.fixture
def eigen_agenda(home):
    """An agenda of its own (under a content page), so the demo meetings do not mix in."""
    parent = home.add_child(instance=ContentPage(title="Activiteiten", slug="activiteiten"))
    parent.save_revision().publish()
    index = parent.add_child(instance=AgendaIndexPage(title="Activiteiten", slug="agenda-test"))
    index.save_revision().publish()
    return AgendaIndexPage.objects.get(pk=index.pk)


_n = iter(range(1, 10_000))


def meeting(index, *, days=10, hour=19, sessies=None, confirmed=None, waiting=0, **fields):
    n = next(_n)
    fields.setdefault("title", f"Bijeenkomst {n}")
    fields.setdefault("slug", f"b-{n}")
    if not fields.get("online"):
        fields.setdefault("location_name", "Buurthuis De Linde")
        fields.setdefault("address", "Lindelaan 1\n1234 AB Testdorp")
    if sessies is None:
        start = (
            (timezone.now() + timedelta(days=days))
            .astimezone(AMS)
            .replace(hour=hour, minute=30, second=0, microsecond=0)
        )
        sessies = [(start, start + timedelta(hours=2))]
    # Audiences by slug and themes by name, as the lists (Doelgroep, Thema) hold them.
    fields["audiences"] = Doelgroep.named(fields.get("audiences", []))
    fields["themes"] = Thema.named(fields.get("themes", []))
    page = Bijeenkomst(**fields)
    for start, end in sessies:
        page.sessies.add(Sessie(start=start, end=end))
    index.add_child(instance=page)
    page.save_revision().publish()
    if confirmed is not None or waiting:
        Bezetting.objects.update_or_create(
            bijeenkomst_id=page.pk, defaults={"confirmed": confirmed or 0, "waiting": waiting}
        )
    return Bijeenkomst.objects.get(pk=page.pk)


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def titles(html):
    return [h.get_text(strip=True) for h in html.select("main .agenda-card .card__title")]


def card(html, title):
    for li in html.select("main .agenda-card"):
        if li.select_one(".card__title").get_text(strip=True) == title:
            return li
    raise AssertionError(f"no card for {title!r}")


def badge(html, title):
    return card(html, title).select_one(".agenda-badge").get_text(strip=True)


# --- Dates ---------------------------------------------------------------------


def test_dutch_date_and_time_in_amsterdam_time():
    start = datetime(2026, 12, 8, 18, 30, tzinfo=ZoneInfo("UTC"))  # 19.30 in Amsterdam (winter)
    with translation.override("nl"):
        assert listing.format_sessie(start, start + timedelta(hours=2)) == "dinsdag 8 december 2026, 19.30 - 21.30 uur"
    summer = datetime(2027, 6, 1, 7, 0, tzinfo=ZoneInfo("UTC"))  # 9.00 in Amsterdam (summer time)
    with translation.override("nl"):
        assert listing.format_sessie(summer, summer + timedelta(hours=1)) == "dinsdag 1 juni 2027, 9.00 - 10.00 uur"
        overnight = listing.format_sessie(start, start + timedelta(hours=6))
    assert overnight == "dinsdag 8 december 2026 19.30 uur - woensdag 9 december 2026 1.30 uur"


# --- Listing -------------------------------------------------------------------


def test_upcoming_meetings_by_first_date_and_past_ones_only_in_the_archive(client, eigen_agenda):
    later = meeting(eigen_agenda, days=30, title="Later")
    soon = meeting(eigen_agenda, days=3, title="Binnenkort")
    # A course that began last week but has a date next week is still upcoming, sorted by its first date.
    now = timezone.now()
    course = meeting(
        eigen_agenda,
        title="Cursus",
        sessies=[
            (now - timedelta(days=7), now - timedelta(days=7, hours=-2)),
            (now + timedelta(days=7), now + timedelta(days=7, hours=2)),
        ],
    )
    old = meeting(eigen_agenda, days=-20, title="Vorige maand")
    older = meeting(eigen_agenda, days=-60, title="Lang geleden")
    unpublished = meeting(eigen_agenda, days=5, title="Concept")
    unpublished.unpublish()

    html = get(client, eigen_agenda.url)
    assert titles(html) == [course.title, soon.title, later.title]
    assert "3 bijeenkomsten gepland" in html.select_one(".results-count").get_text()
    archive_link = html.select_one(".agenda-archive-link a")
    assert archive_link["href"] == eigen_agenda.url + "?archief=1"

    html = get(client, eigen_agenda.url, archief="1")
    assert titles(html) == [old.title, older.title], "most recent first"
    assert badge(html, old.title) == "Voorbij"
    assert html.select_one("h1").get_text(strip=True) == "Activiteiten: archief"
    assert html.select_one("form.filter-form input[name=archief]")["value"] == "1", "filters stay in the archive"


def test_filters_audience_theme_and_place(client, eigen_agenda):
    ouders = meeting(eigen_agenda, days=2, title="Voor ouders", audiences=["ouders"], themes=["Passend onderwijs"])
    jongeren = meeting(eigen_agenda, days=3, title="Voor jongeren", audiences=["jongeren"], themes=["Pesten"])
    online = meeting(
        eigen_agenda, days=4, title="Online", online=True, audiences=["ouders", "jongeren"], themes=["Pesten"]
    )

    assert titles(get(client, eigen_agenda.url, voor="ouders")) == [ouders.title, online.title]
    assert titles(get(client, eigen_agenda.url, voor="jongeren", thema="pesten")) == [jongeren.title, online.title]
    assert titles(get(client, eigen_agenda.url, plaats="online")) == [online.title]
    assert titles(get(client, eigen_agenda.url, plaats="op-locatie")) == [ouders.title, jongeren.title]
    html = get(client, eigen_agenda.url, thema="passend-onderwijs", plaats="")
    assert titles(html) == [ouders.title]
    assert "1 bijeenkomst gevonden" in html.select_one(".results-count").get_text()
    assert html.select_one(".filter-form__clear")["href"] == eigen_agenda.url

    # The theme list comes from the meetings (by slug, with the name as label); a plain GET form with labels.
    form = html.select_one("form.filter-form")
    assert form["method"] == "get"
    assert [o["value"] for o in form.select("select[name=thema] option")] == ["", "passend-onderwijs", "pesten"]
    assert [o.get_text() for o in form.select("select[name=thema] option")][1:] == ["Passend onderwijs", "Pesten"]
    for select in form.select("select"):
        assert form.select_one(f"label[for={select['id']}]") is not None

    empty = get(client, eigen_agenda.url, voor="kinderen")
    assert titles(empty) == []
    assert "geen bijeenkomsten gevonden" in empty.select_one(".empty-state").get_text()
    # An unknown choice is ignored, not an error page.
    assert len(titles(get(client, eigen_agenda.url, voor="<script>"))) == 3


def test_badges_for_each_state_with_text(client, eigen_agenda):
    plaatsen = meeting(eigen_agenda, days=2, title="Plaatsen", capacity=10, confirmed=6)
    een = meeting(eigen_agenda, days=2, title="Een plaats", capacity=10, confirmed=9)
    wachtlijst = meeting(
        eigen_agenda, days=3, title="Wachtlijst", capacity=10, confirmed=10, waiting=2, waiting_list=True
    )
    vol = meeting(eigen_agenda, days=4, title="Vol", capacity=10, confirmed=10, waiting_list=False)
    onbeperkt = meeting(eigen_agenda, days=5, title="Onbeperkt", capacity=None)
    afgelast = meeting(eigen_agenda, days=6, title="Afgelast", cancelled=True, cancel_reason="De spreker is ziek.")
    later_open = meeting(eigen_agenda, days=40, title="Later open", signup_opens=timezone.now() + timedelta(days=20))
    gesloten = meeting(eigen_agenda, days=8, title="Gesloten", signup_closes=timezone.now() - timedelta(hours=1))

    html = get(client, eigen_agenda.url)
    assert badge(html, plaatsen.title) == "Nog 4 plaatsen"
    assert badge(html, een.title) == "Nog 1 plaats"
    assert badge(html, wachtlijst.title) == "Vol - wachtlijst"
    assert badge(html, vol.title) == "Vol"
    assert badge(html, onbeperkt.title) == "Aanmelden kan"
    assert badge(html, afgelast.title) == "Gaat niet door"
    assert badge(html, later_open.title).startswith("Aanmelden kan vanaf ")
    assert badge(html, gesloten.title) == "Aanmelden is gesloten"
    # Cancelled meetings stay in the list, with the reason, marked once (the badge).
    assert "De spreker is ziek." in card(html, afgelast.title).get_text()
    assert card(html, afgelast.title).get_text().count("Gaat niet door") == 1
    assert "Afgelast:" not in card(html, afgelast.title).get_text()
    assert "agenda-card--afgelast" in card(html, afgelast.title)["class"]


def test_listing_queries_do_not_grow_with_the_number_of_meetings(client, eigen_agenda):
    for _ in range(3):
        meeting(eigen_agenda, capacity=10, confirmed=2, audiences=["ouders"], themes=["Pesten"])
    client.get(eigen_agenda.url)  # warm caches (site root paths, settings)
    with CaptureQueriesContext(connection) as few:
        client.get(eigen_agenda.url)
    for _ in range(12):
        meeting(eigen_agenda, capacity=None, sessies=None)
    meeting(
        eigen_agenda,
        sessies=[
            (timezone.now() + timedelta(days=d), timezone.now() + timedelta(days=d, hours=2)) for d in (3, 10, 17)
        ],
    )
    with CaptureQueriesContext(connection) as many:
        html = get(client, eigen_agenda.url)
    assert len(titles(html)) == 16
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert len(many) <= 25


def test_arabic_agenda_shows_untranslated_meetings_marked_dutch(client, site):
    html = get(client, "/ar/agenda/")
    assert html.select_one("html")["dir"] == "rtl"
    links = html.select("main .agenda-card .card__title a")
    assert links, "the demo meetings are Dutch only and still listed"
    assert all(a["lang"] == "nl" for a in links)
    assert all(not a["href"].startswith("/ar/") for a in links)


# --- Detail page -------------------------------------------------------------------


def jsonld(html):
    scripts = html.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_detail_page_of_a_course(client, eigen_agenda):
    start = (timezone.now() + timedelta(days=14)).astimezone(AMS).replace(hour=19, minute=30, second=0, microsecond=0)
    course = meeting(
        eigen_agenda,
        title="Cursus samen sterk",
        sessies=[(start + timedelta(weeks=w), start + timedelta(weeks=w, hours=2)) for w in range(3)],
        organiser="Wijkteam Noord",
        accessibility="Rolstoeltoegankelijk, met ringleiding.",
        capacity=12,
        confirmed=8,
        audiences=["ouders"],
        themes=["Samenwerken met school"],
        summary="Drie avonden over praten met school.",
    )
    html = get(client, course.url)
    dates = [li.get_text(strip=True) for li in html.select(".agenda-facts .agenda-dates li")]
    with translation.override("nl"):
        assert dates == [listing.format_sessie(s.start, s.end) for s in course.sessies.order_by("start")]
    assert len(dates) == 3
    text = html.select_one("main").get_text(" ", strip=True)
    for expected in [
        "Buurthuis De Linde",
        "Lindelaan 1",
        "1234 AB Testdorp",
        "Rolstoeltoegankelijk, met ringleiding.",
        "Wijkteam Noord",
        "Nog 4 plaatsen",
        "Ouders",
        "Samenwerken met school",
        "alle 3 bijeenkomsten",
    ]:
        assert expected in text, expected
    ics = html.find("a", string="Zet in uw agenda")
    assert ics["href"] == f"/agenda/{course.pk}.ics"

    data = jsonld(html)
    assert data["@type"] == "Event"
    assert data["name"] == "Cursus samen sterk"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert "1234 AB Testdorp" in data["location"]["address"]
    assert data["startDate"] == start.isoformat()
    assert data["endDate"] == (start + timedelta(weeks=2, hours=2)).isoformat()
    assert len(data["subEvent"]) == 3
    assert data["organizer"] == {"@type": "Organization", "name": "Wijkteam Noord"}
    assert data["offers"]["availability"] == "https://schema.org/LimitedAvailability"
    assert data["offers"]["price"] == "0"
    assert data["remainingAttendeeCapacity"] == 4
    assert data["url"].endswith(course.url)


def test_online_meeting_never_shows_its_link(client, eigen_agenda):
    online = meeting(
        eigen_agenda, title="Online uitleg", online=True, meeting_link=SECRET_LINK, location_name="", address=""
    )
    response = client.get(online.url)
    content = response.content.decode()
    assert SECRET_LINK not in content and "geheim-123" not in content
    html = BeautifulSoup(content, "html.parser")
    assert "Online (de link krijgt u na het aanmelden)" in html.select_one(".agenda-facts").get_text()
    data = jsonld(html)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["location"]["url"].endswith(online.url)
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    # Nor in the listing or the home page.
    assert SECRET_LINK not in client.get(eigen_agenda.url).content.decode()
    assert SECRET_LINK not in client.get("/").content.decode()


def test_mixed_meeting_and_full_meeting_json_ld(client, eigen_agenda):
    mixed = meeting(
        eigen_agenda,
        online=True,
        meeting_link=SECRET_LINK,
        location_name="Buurthuis",
        address="Lindelaan 1",
        capacity=5,
        confirmed=5,
        waiting_list=True,
    )
    data = jsonld(get(client, mixed.url))
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [loc["@type"] for loc in data["location"]] == ["Place", "VirtualLocation"]
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"
    assert SECRET_LINK not in json.dumps(data)


def test_cancelled_meeting_detail(client, eigen_agenda):
    cancelled = meeting(
        eigen_agenda, title="Afgelaste avond", cancelled=True, cancel_reason="De zaal is niet beschikbaar."
    )
    html = get(client, cancelled.url)
    notice = html.select_one(".notice--afgelast")
    assert "Deze bijeenkomst gaat niet door" in notice.get_text()
    assert "De zaal is niet beschikbaar." in notice.get_text()
    assert html.title.get_text().startswith("Afgelast:")
    # Marked once on the page: the notice, not a badge as well.
    assert html.select_one("main .agenda-badge") is None
    assert html.select_one("main").get_text().count("gaat niet door") == 1
    assert "U kunt zich niet meer aanmelden" in html.select_one("#aanmelden").get_text()
    data = jsonld(html)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["offers"]["availability"] == "https://schema.org/Discontinued"


def test_json_ld_cannot_be_broken_out_of(client, eigen_agenda):
    evil = meeting(eigen_agenda, title="</script><script>alert(1)</script>", summary="a & b <b>")
    content = client.get(evil.url).content.decode()
    assert "<script>alert(1)" not in content
    data = jsonld(BeautifulSoup(content, "html.parser"))
    assert data["name"] == "</script><script>alert(1)</script>"
    assert data["description"] == "a & b <b>"


def test_detail_page_queries_are_few(client, eigen_agenda):
    page = meeting(eigen_agenda, capacity=10, confirmed=3)
    client.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(page.url)
    assert len(queries) <= 25


# --- Home page panel ------------------------------------------------------------


def test_home_panel_shows_the_next_three_meetings(client, site, home):
    index = AgendaIndexPage.objects.child_of(home).get()
    first = meeting(
        index,
        days=0,
        hour=23,
        title="Vanavond laat",
        sessies=[(timezone.now() + timedelta(hours=1), timezone.now() + timedelta(hours=2))],
    )
    html = get(client, "/")
    panel = next(s for s in html.select("section.home-panel") if s.h2.get_text(strip=True) == "Binnenkort")
    shown = [h.get_text(strip=True) for h in panel.select(".card__title")]
    expected = [m.title for m in listing.upcoming_meetings(limit=3)]
    assert len(shown) == 3 and shown == expected
    assert shown[0] == first.title
    assert panel.select_one(".agenda-panel__all a")["href"] == index.url
    # A past meeting never shows.
    assert "Thema-avond: thuiszitten voorkomen" not in shown


def test_home_panel_disappears_when_the_agenda_is_off(client, site, settings):
    enabled = [name for name in settings.STEUNPUNT_ENABLED_PLUGINS if name != "agenda"]
    with override_settings(STEUNPUNT_ENABLED_PLUGINS=enabled):
        html = get(client, "/")
    assert "Binnenkort" not in [s.h2.get_text(strip=True) for s in html.select("section.home-panel")]


def test_home_panel_is_left_out_when_nothing_is_planned(site, home):
    from distro.extensions import home_page_panels
    from plugins.agenda.receivers import binnenkort_panel

    Bijeenkomst.objects.all().delete()
    assert binnenkort_panel(signal=home_page_panels, sender=type(home), request=None, page=home) is None


def test_demo_meetings_show_every_state(client, site, home):
    index = AgendaIndexPage.objects.child_of(home).get()
    html = get(client, index.url)
    assert badge(html, "Thema-avond: passend onderwijs, hoe werkt het?") == "Nog 4 plaatsen"
    assert badge(html, "Ouderbijeenkomst: naar het voortgezet onderwijs") == "Vol - wachtlijst"
    assert badge(html, "Online sessie: het ontwikkelingsperspectief (OPP)") == "Aanmelden kan"
    assert badge(html, "Spreekuur voor jongeren") == "Gaat niet door"
    assert len(card(html, "Cursus: samen sterk voor uw kind").select(".agenda-dates li")) == 3
    assert "Thema-avond: thuiszitten voorkomen" not in titles(html)
    assert "Thema-avond: thuiszitten voorkomen" in titles(get(client, index.url, archief="1"))
    assert "steunpunt-opp-demo" not in client.get(index.url).content.decode()
    assert create_demo_meetings(index) == [], "nothing is added twice"
