"""What signalen adds through the core's extension points.

* ``page_panels``: an invisible counter image on content and informatieset
  pages (views.count_view). It is a request of its own, so it counts pages
  that come from the page cache or a front cache too.
* ``home_page_panels``: "Deel je ervaring", the promise that experiences help, anonymously.
* ``question_actions``: "Registreer als contact" on a contact-form question.
* ``site_setup``: the "Deel je ervaring" page and the themes of registrations.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from distro.extensions import (
    HomePanel,
    PagePanel,
    QuestionAction,
    home_page_panels,
    page_panels,
    question_actions,
    site_setup,
    theme_suggestions,
)
from distro.pagecache.store import cached_fragment

from . import access, periods, report
from .models import ErvaringPage, Registratie, Thema
from .views import COUNTED_PAGE_TYPES

#: Used when no plugin suggests themes: the subjects of the national informatieset.
DEFAULT_THEMES = (
    "Passend onderwijs",
    "Zorgplicht en toelating",
    "Ondersteuning op school",
    "Ontwikkelingsperspectief (OPP)",
    "Thuiszitten en verzuim",
    "Leerlingenvervoer",
    "Overstap naar een andere school",
    "Jeugdhulp en zorg",
    "Klachten en geschillen",
    "Anders",
)


def counter_panel(signal, sender, request, page, **kwargs):
    if page is not None and page._meta.label_lower in COUNTED_PAGE_TYPES:
        return PagePanel(
            "signalen/includes/teller.html", {"count_url": reverse("signalen:bekeken", args=[page.pk])}, order=900
        )
    return None


def ervaring_panel(signal, sender, request, page, **kwargs):
    if page is None:
        return None
    url = cached_fragment(
        "signalen-ervaring",
        page.pk,
        request.get_host() if request else "",
        build=lambda: _ervaring_url(request, page),
    )
    if not url:
        return None
    return HomePanel(
        title=str(_("Deel je ervaring")),
        template="signalen/includes/home_panel.html",
        context={"url": url},
        order=80,
    )


def _ervaring_url(request, page) -> str:
    """The page in the home page's language, else the Dutch one; one query."""
    target = (
        ErvaringPage.objects.live()
        .filter(Q(locale_id=page.locale_id) | Q(locale__language_code=settings.LANGUAGE_CODE))
        .order_by(Case(When(locale_id=page.locale_id, then=Value(0)), default=Value(1)))
        .first()
    )
    return target.get_url(request) if target else ""


def register_question(signal, sender, request, vraag, **kwargs):
    if not access.REGISTRATIONS.user_has_permission(request.user, "add"):
        return None
    return QuestionAction(
        str(_("Registreer als contact")), reverse("signalen_admin:uit_vraag", args=[vraag.pk]), order=10
    )


def ensure_themes() -> int:
    """Themes of registrations from the plugins that know some (the informatieset), else the defaults.

    Only adds: staff may rename or switch off themes after the first run.
    """
    suggested = []
    for _receiver, response in theme_suggestions.send_robust(sender=Thema):
        if isinstance(response, list):
            suggested += response
    if not suggested and Thema.objects.exists():
        return 0
    wanted = [(s.code, s.label) for s in suggested] or [("", name) for name in DEFAULT_THEMES]
    made = 0
    for position, (code, label) in enumerate(wanted):
        if code and Thema.objects.filter(code=code).exists():
            continue
        _thema, created = Thema.objects.get_or_create(naam=label[:100], defaults={"code": code, "volgorde": position})
        made += created
    return made


def setup_signalen(signal, sender, home_page, site, demo=False, demo_steunpunt=False, **kwargs):
    ensure_themes()
    if not ErvaringPage.objects.child_of(home_page).exists():
        page = home_page.add_child(
            instance=ErvaringPage(title="Deel je ervaring", slug="deel-je-ervaring", locale=home_page.locale)
        )
        page.save_revision().publish()
    # The steunpunt's own demo data only with the demo's steunpunt account, which can see it.
    if demo and demo_steunpunt and not Registratie.objects.exists():
        create_demo_registrations()


def create_demo_registrations(count: int = 240, seed: int = 7) -> None:
    """Made-up contacts over the last two quarters and the report of the last one, for the demo."""
    rng = random.Random(seed)
    year, number = periods.previous_quarter(timezone.localdate())
    last_start, end = periods.quarter(year, number)
    start, _end = periods.quarter(*periods.previous_quarter(last_start))
    themas = list(Thema.objects.filter(actief=True))
    made = Registratie.objects.bulk_create(
        Registratie(
            datum=start + datetime.timedelta(days=rng.randrange((end - start).days + 1)),
            kanaal=rng.choice(["telefoon"] * 4 + ["email"] * 3 + ["whatsapp", "spreekuur", "website"]),
            vraagsteller=rng.choice(["ouder"] * 6 + ["jongere"] * 2 + ["professional", "anders"]),
            schoolsoort=rng.choice(["po"] * 4 + ["vo"] * 3 + ["so", "vso", "mbo", ""]),
            aard=rng.choice(["vraag"] * 6 + ["zorg"] * 2 + ["klacht", "signaal", "compliment"]),
            afhandeling=rng.choice(["informatie"] * 4 + ["advies"] * 3 + ["doorverwezen", "bemiddeling"]),
            status="afgerond",
            minuten=rng.choice([5, 10, 15, 20, 30, 45, 60]),
        )
        for _ in range(count)
    )
    through = Registratie.themas.through
    through.objects.bulk_create(
        through(registratie_id=r.pk, thema_id=t.pk) for r in made for t in rng.sample(themas, rng.choice([1, 1, 2]))
    )
    report.make("kwartaal", last_start, end, automatisch=True)


def connect():
    """Called by SignalenConfig.ready()."""
    page_panels.connect(counter_panel, dispatch_uid="signalen_counter_panel")
    home_page_panels.connect(ervaring_panel, dispatch_uid="signalen_ervaring_panel")
    question_actions.connect(register_question, dispatch_uid="signalen_question_action")
    site_setup.connect(setup_signalen, dispatch_uid="signalen_setup")
