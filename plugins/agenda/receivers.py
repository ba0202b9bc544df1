"""What the agenda adds through the core's extension points.

* ``home_page_panels``: "Binnenkort", the next three meetings on the home page.
* ``site_setup``: an "Agenda" page under the home page with a menu item at
  the end of the main menu, and with ``--demo`` a few example meetings.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from distro.core.models import MainMenuItem, Navigatie
from distro.extensions import HomePanel, home_page_panels, site_setup
from distro.pagecache.store import cached_fragment

from . import listing
from .formatting import AMSTERDAM
from .models import Aanmelding, AgendaIndexPage, Bezetting, Bijeenkomst, Doelgroep, Sessie, Thema
from .taxonomy import ensure_default_lists

PANEL_SIZE = 3


def binnenkort_panel(signal, sender, request, page, **kwargs):
    """The next meetings, in the home page's language where translated; no panel when none are planned.

    Rendered once per change of the content and per home page (distro.pagecache's
    render cache; the agenda's clock ends it when a meeting starts or ends).
    """
    if page is None:
        return None
    html = cached_fragment(
        "agenda-binnenkort",
        page.pk,
        get_language(),
        request.get_host() if request else "",
        build=lambda: _panel_html(request, page),
    )
    if html is None:
        return None
    return HomePanel(
        title=str(_("Binnenkort")),
        template="agenda/includes/home_panel_cached.html",
        # Our own template's output, kept as text in the render cache.
        context={"html": mark_safe(html)},  # noqa: S308
        # Before other plugins' panels: meetings are what most visitors come back for.
        order=50,
    )


def _panel_html(request, page):
    locale = page.locale
    # Cancelled meetings come last (listing.UPCOMING_ORDER); the panel never opens with one:
    # when nothing planned goes ahead, there is no panel (the agenda page still lists it).
    meetings = listing.upcoming_meetings(locale=locale, limit=PANEL_SIZE, root=page)
    if not meetings or meetings[0].cancelled:
        return None
    listing.decorate(meetings, locale_id=locale.pk)
    index = (
        AgendaIndexPage.objects.live().filter(locale=locale).first()
        or AgendaIndexPage.objects.live().filter(locale=Locale.get_default()).first()
    )
    context = {"panel_context": {"meetings": meetings, "agenda_url": index.get_url(request) if index else ""}}
    return render_to_string("agenda/includes/home_panel.html", context, request=request)


def connect():
    """Called by AgendaConfig.ready()."""
    home_page_panels.connect(binnenkort_panel, dispatch_uid="agenda_binnenkort_panel")
    site_setup.connect(setup_agenda, dispatch_uid="agenda_setup")


# --- Installation ---------------------------------------------------------------

AGENDA_INTRO = (
    "<p>Thema-avonden, ouderbijeenkomsten, spreekuren en cursussen van het steunpunt. "
    "Meedoen is gratis. Meld u aan, dan weten we hoeveel mensen er komen.</p>"
)


def setup_agenda(signal, sender, home_page, site, demo=False, **kwargs):
    """Make the "Agenda" page once, with a menu item at the end; with demo, add example meetings.

    Idempotent: a second run finds the page and the meetings by slug and
    changes nothing that an editor may have edited.
    """
    ensure_default_lists()
    index = AgendaIndexPage.objects.child_of(home_page).first()
    if index is None:
        index = home_page.add_child(
            instance=AgendaIndexPage(title="Agenda", slug="agenda", locale=home_page.locale, intro=AGENDA_INTRO)
        )
        index.save_revision().publish()
        index = AgendaIndexPage.objects.get(pk=index.pk)
        # Menus belong to the editors after the first run: only a new page joins the menu, at the end.
        navigatie = Navigatie.for_site(site)
        last = navigatie.main_menu_items.aggregate(last=Max("sort_order"))["last"]
        MainMenuItem.objects.create(navigatie=navigatie, page=index, sort_order=0 if last is None else last + 1)
    if demo:
        create_demo_meetings(index)


def _at(day_offset: int, hour: int, minute: int = 0, today=None):
    """A moment ``day_offset`` days from today at hh:mm Amsterdam time (DST-safe)."""
    today = today or timezone.now().astimezone(AMSTERDAM).date()
    return datetime.combine(today + timedelta(days=day_offset), time(hour, minute), tzinfo=AMSTERDAM)


def _p(*paragraphs):
    return [("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))]


BIBLIOTHEEK = {
    "location_name": "Bibliotheek Centrum, zaal 2",
    "address": "Stationsplein 1\n1234 AB Voorbeeldstad",
    "accessibility": "De zaal is op de eerste verdieping. Er is een lift en een invalidentoilet. In de zaal is een ringleiding.",
}


def demo_meetings():
    """Example meetings relative to today.

    Form of address per audience, as on the rest of the site: "u" for meetings
    for parents (and professionals), "je" for a meeting only for young people
    ("Spreekuur voor jongeren"); never both in one text.

    ``confirmed`` and ``waiting`` are persons; create_demo_meetings makes that many
    made-up registrations (demo_registrations), so "20 aangemeld" in the overview
    is 20 persons in *Deelnemers* too.
    """
    return [
        {
            "slug": "passend-onderwijs-hoe-werkt-het",
            "title": "Thema-avond: passend onderwijs, hoe werkt het?",
            "soort": "thema-avond",
            "summary": "Wat is passend onderwijs? Wat mag u van de school verwachten? Een avond met uitleg en tijd voor uw vragen.",
            "body": _p(
                "Op deze avond legt een onderwijsconsulent uit hoe passend onderwijs werkt in onze regio.",
                "Daarna is er tijd voor uw vragen. Neem gerust iemand mee.",
            ),
            "audiences": ["ouders"],
            "themes": ["Passend onderwijs", "Ondersteuning op school"],
            "organiser": "Ouder- en jeugdsteunpunt",
            **BIBLIOTHEEK,
            "capacity": 30,
            "sessies": [(14, 19, 30, 21, 30)],
            "confirmed": 26,
        },
        {
            "slug": "naar-het-voortgezet-onderwijs",
            "title": "Ouderbijeenkomst: naar het voortgezet onderwijs",
            "soort": "ouderbijeenkomst",
            "summary": "Uw kind gaat bijna naar de middelbare school. Ouders vertellen elkaar hoe het ging en wat hielp.",
            "body": _p("Een avond voor ouders van kinderen in groep 7 en 8. We praten in kleine groepen."),
            "audiences": ["ouders"],
            "themes": ["Overstap naar het voortgezet onderwijs"],
            "organiser": "Ouder- en jeugdsteunpunt",
            **BIBLIOTHEEK,
            "capacity": 20,
            "waiting_list": True,
            "sessies": [(21, 19, 30, 21, 0)],
            "confirmed": 20,
            "waiting": 3,
        },
        {
            "slug": "online-het-opp",
            "title": "Online sessie: het ontwikkelingsperspectief (OPP)",
            "soort": "online-sessie",
            "summary": "Wat staat er in een OPP en wat mag u ervan vinden? Een uur online uitleg, vanaf uw eigen bank.",
            "body": _p("U heeft een computer, tablet of telefoon nodig. U hoeft niets te installeren."),
            "audiences": ["ouders", "professionals"],
            "themes": ["Passend onderwijs"],
            "organiser": "Ouder- en jeugdsteunpunt",
            "online": True,
            # Sent to registered people only; the site never shows it.
            "meeting_link": "https://meet.example.org/steunpunt-opp-demo",
            "capacity": None,
            "sessies": [(10, 20, 0, 21, 0)],
        },
        {
            "slug": "cursus-samen-sterk-voor-je-kind",
            "title": "Cursus: samen sterk voor uw kind",
            "soort": "cursus",
            "summary": "Drie avonden over praten met school, opkomen voor uw kind en goed voor uzelf zorgen. U meldt zich aan voor alle drie.",
            "body": _p("De cursus is in een kleine groep. Elke avond begint met koffie en thee."),
            "audiences": ["ouders"],
            "themes": ["Samenwerken met school"],
            "organiser": "Ouder- en jeugdsteunpunt, samen met het wijkteam",
            **BIBLIOTHEEK,
            "capacity": 12,
            "max_persons": 2,
            "sessies": [(28, 19, 30, 21, 30), (35, 19, 30, 21, 30), (42, 19, 30, 21, 30)],
            "confirmed": 5,
        },
        {
            "slug": "spreekuur-voor-jongeren",
            "title": "Spreekuur voor jongeren",
            "soort": "spreekuur",
            "summary": "Loop binnen met je vraag over school. Je mag alleen komen of met iemand anders.",
            "audiences": ["jongeren"],
            "themes": ["Ondersteuning op school"],
            "organiser": "Jongerenwerk",
            "location_name": "Jongerencentrum De Plek",
            "address": "Marktstraat 10\n1234 CD Voorbeeldstad",
            "accessibility": "Alles is op de begane grond.",
            "capacity": 10,
            "sessies": [(7, 15, 30, 17, 0)],
            "cancelled": True,
            "cancel_reason": "De begeleider is ziek. We zoeken een nieuwe datum.",
        },
        {
            "slug": "thuiszitten-voorkomen",
            "title": "Thema-avond: thuiszitten voorkomen",
            "soort": "thema-avond",
            "summary": "Wat kunt u doen als uw kind niet meer naar school gaat? Ouders en een leerplichtambtenaar vertellen.",
            "audiences": ["ouders", "professionals"],
            "themes": ["Thuiszitten"],
            "organiser": "Ouder- en jeugdsteunpunt",
            **BIBLIOTHEEK,
            "capacity": 40,
            "sessies": [(-30, 19, 30, 21, 30)],
            "confirmed": 31,
        },
    ]


def create_demo_meetings(index, today=None):
    """Add the example meetings that are not there yet (by slug); never touch existing ones."""
    existing = set(Bijeenkomst.objects.child_of(index).values_list("slug", flat=True))
    created = []
    for spec in demo_meetings():
        spec = dict(spec)
        if spec["slug"] in existing:
            continue
        dates = spec.pop("sessies")
        confirmed, waiting = spec.pop("confirmed", 0), spec.pop("waiting", 0)
        audiences = Doelgroep.named(spec.pop("audiences", []))
        themes = Thema.named(spec.pop("themes", []))
        sessies = [
            Sessie(start=_at(day, h1, m1, today), end=_at(day, h2, m2, today), sort_order=n)
            for n, (day, h1, m1, h2, m2) in enumerate(dates)
        ]
        first = sessies[0].start
        meeting = index.add_child(
            instance=Bijeenkomst(
                locale=index.locale,
                sessies=sessies,
                # Open from a month before until the evening before, as staff usually do.
                signup_opens=first - timedelta(days=45),
                signup_closes=first - timedelta(hours=12),
                audiences=audiences,
                themes=themes,
                **spec,
            )
        )
        meeting.save_revision().publish()
        demo_registrations(meeting, confirmed=confirmed, waiting=waiting, signed_up_from=first - timedelta(days=30))
        created.append(meeting)
    return created


# Made-up people for the demo registrations. Addresses at example.org (reserved, never
# delivered) and "(voorbeeld)" after the name, so nobody mistakes them for real people.
DEMO_EMAIL_PREFIX = "voorbeeld-"
DEMO_PEOPLE = [
    "Anna de Vries",
    "Mohamed El Amrani",
    "Sanne Jansen",
    "Kees Bakker",
    "Fatma Yilmaz",
    "Joost van Dijk",
    "Olena Kovalenko",
    "Priya Ramdin",
    "Tom Visser",
    "Agnieszka Nowak",
    "Lisa Smit",
    "Daan Mulder",
]


def demo_registrations(meeting, *, confirmed: int, waiting: int = 0, signed_up_from=None) -> list:
    """Made-up registrations behind the demo counts: ``confirmed`` persons with a place, ``waiting`` waiting.

    Written straight to the database (no mails: nobody signed up), with the
    place counts in ``Bezetting`` from the same rows. They are ordinary
    registrations: staff see them in *Deelnemers* and the retention job purges
    them 30 days after the meeting, like any other.
    """
    youth = set(meeting.audiences.values_list("slug", flat=True)) == {"jongeren"}
    role = Aanmelding.Rol.JONGERE if youth else Aanmelding.Rol.OUDER
    start = signed_up_from or timezone.now() - timedelta(days=20)
    past = meeting.ends_at is not None and meeting.ends_at < timezone.now()
    rows, number = [], 0
    for status, persons_total in ((Aanmelding.Status.BEVESTIGD, confirmed), (Aanmelding.Status.WACHTLIJST, waiting)):
        left = persons_total
        while left > 0:
            # Mostly one person, every third registration two (a parent with a partner).
            persons = 2 if (number % 3 == 2 and left >= 2 and meeting.max_persons >= 2) else 1
            name = DEMO_PEOPLE[number % len(DEMO_PEOPLE)]
            rows.append(
                Aanmelding(
                    bijeenkomst=meeting,
                    created_at=min(start + timedelta(hours=7 * number), timezone.now()),
                    status=status,
                    persons=persons,
                    role=Aanmelding.Rol.PROFESSIONAL if (not youth and number % 5 == 4) else role,
                    name=f"{name} (voorbeeld)",
                    email=f"{DEMO_EMAIL_PREFIX}{meeting.slug[:30]}-{number + 1}@example.org",
                    language="nl",
                    # Past meeting: the door list was kept, one in six did not come.
                    attended=(number % 6 != 5) if past and status == Aanmelding.Status.BEVESTIGD else None,
                )
            )
            left -= persons
            number += 1
    Aanmelding.objects.bulk_create(rows)
    Bezetting.objects.update_or_create(
        bijeenkomst_id=meeting.pk,
        # A demo meeting that is already over does not ask made-up people for their opinion.
        defaults={"confirmed": confirmed, "waiting": waiting, "ended_signal_sent": past},
    )
    return rows
