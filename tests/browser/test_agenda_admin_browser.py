"""The agenda's staff screens in the admin, in a real browser: axe-core WCAG 2.1 A/AA and the keyboard.

A Steunpunt employee logs in and visits every screen of ours: the overview
(upcoming and past), the attendee list with a message that partly failed, the
message itself, the move and cancel confirmations and the message form, also
with its error messages. Then check-in and cancelling with the keyboard only.
"""

import re

import pytest
from django.urls import reverse

from distro.outbox.models import Verzending
from distro.testing.browser import FOCUS, login, problems_on, tab_until
from plugins.agenda import services
from plugins.agenda.models import Aanmelding, Bericht, BerichtVerzending, Bezetting, Bijeenkomst
from plugins.agenda.receivers import DEMO_EMAIL_PREFIX

pytestmark = pytest.mark.browser

#: A demo meeting with places left, and another one to move people to.
MEETING = "passend-onderwijs-hoe-werkt-het"


def url(name, *args):
    return reverse(f"agenda_admin:{name}", args=args)


@pytest.fixture
def gevuld(site):
    """Fatima (2 persons, with an answer) and Jan have a place; a message reached Fatima but not Jan."""
    meeting = Bijeenkomst.objects.get(slug=MEETING)
    # Only these two: without the demo's made-up registrations (receivers.demo_registrations),
    # the keyboard reaches their rows in a few dozen Tabs.
    Aanmelding.objects.filter(bijeenkomst=meeting, email__startswith=DEMO_EMAIL_PREFIX).delete()
    Bezetting.objects.filter(bijeenkomst=meeting).update(confirmed=0, waiting=0)

    def meld_aan(name, email, **extra):
        data = {"name": name, "email": email, "persons": 1, "role": "ouder", "answers": [], "language": "nl"} | extra
        aanmelding, _created = services.aanmelden(meeting, **data)
        return aanmelding

    fatima = meld_aan(
        "Fatima de Vries",
        "fatima@example.org",
        persons=2,
        answers=[{"question": "Wat wilt u bespreken?", "answer": "Thuiszitten"}],
    )
    jan = meld_aan("Jan Jansen", "jan@example.org", role="professional")
    bericht = Bericht.objects.create(
        bijeenkomst=meeting, onderwerp="Andere zaal", tekst="We zitten in zaal 2.\n\nTot dan!"
    )
    # The delivery state lives in the core outbox (kind "agenda.bericht", the BerichtVerzending's id).
    naar_fatima = BerichtVerzending.objects.create(bericht=bericht, aanmelding=fatima)
    naar_jan = BerichtVerzending.objects.create(bericht=bericht, aanmelding=jan)
    Verzending.objects.create(
        kind="agenda.bericht", object_id=naar_fatima.pk, status=Verzending.Status.VERSTUURD, attempts=1
    )
    Verzending.objects.create(
        kind="agenda.bericht",
        object_id=naar_jan.pk,
        status=Verzending.Status.MISLUKT,
        attempts=2,
        error="451 4.3.0 Tijdelijk niet beschikbaar",
    )
    return {"meeting": meeting, "fatima": fatima, "jan": jan, "bericht": bericht}


def test_staff_screens_pass_axe(visit, steunpunt_medewerker, gevuld):
    meeting, jan = gevuld["meeting"], gevuld["jan"]
    page = visit.page
    login(visit, steunpunt_medewerker, url("overview"))
    problems = []
    screens = [
        ("overzicht komend", url("overview"), "Bijeenkomsten"),
        ("overzicht voorbij", url("overview") + "?wanneer=voorbij", "Bijeenkomsten"),
        ("deelnemers", url("attendees", meeting.pk), "Deelnemers"),
        ("bericht met een mislukte e-mail", url("message_detail", gevuld["bericht"].pk), "Bericht"),
        ("verplaatsen", url("move", jan.pk), "Aanmelding verplaatsen"),
        ("afmelden", url("cancel", jan.pk), "Aanmelding afmelden"),
        ("bericht schrijven", url("message", meeting.pk), "Bericht aan alle aanmeldingen"),
    ]
    for what, path, heading in screens:
        visit.goto(path)
        assert page.get_by_role("heading", level=1).inner_text().strip() == heading, what
        # Admin tables need two dimensions to make sense, which WCAG 1.4.10 allows: no reflow check here.
        problems += problems_on(visit, what, reflow=False)

    # What the screens are for is on them.
    visit.goto(url("attendees", meeting.pk))
    assert (
        page.get_by_role("table", name="Aanmeldingen")
        .get_by_role("cell", name="Fatima de Vries", exact=True)
        .is_visible()
    )
    assert "Mislukt: 1" in page.locator("#bericht-%d" % gevuld["bericht"].pk).inner_text()

    # The message form with its error messages.
    visit.goto(url("message", meeting.pk))
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Vul een onderwerp in.").is_visible()
    assert page.get_by_text("Schrijf een bericht.").is_visible()
    problems += problems_on(visit, "bericht schrijven met foutmeldingen", reflow=False)

    # Moving without choosing a meeting.
    visit.goto(url("move", jan.pk))
    page.get_by_role("button", name="Verplaatsen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Kies een bijeenkomst.").is_visible()
    problems += problems_on(visit, "verplaatsen met foutmelding", reflow=False)

    assert problems == []
    assert visit.csp_violations == []
    # Nothing leaves the site, not even an avatar from gravatar.com (the settings turn it off).
    assert visit.foreign_requests == []
    assert Bericht.objects.count() == 1  # the invalid form sent nothing


def focus_in_main(page, visit, path):
    """Open ``path`` and move into the main content with the admin's skip link, as a keyboard user does."""
    visit.goto(path)
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS)["tag"] == "A", "the first Tab stop is the skip link"
    page.keyboard.press("Enter")


def test_check_in_and_cancel_with_the_keyboard_only(visit, steunpunt_medewerker, gevuld):
    fatima, jan = gevuld["fatima"], gevuld["jan"]
    page = visit.page
    login(visit, steunpunt_medewerker, url("attendees", gevuld["meeting"].pk))

    # Check Fatima in: Tab to her "Aanwezig" button (its hidden text names her), press Enter.
    focus_in_main(page, visit, url("attendees", gevuld["meeting"].pk))
    tab_until(
        page,
        lambda f: f["tag"] == "BUTTON" and f["text"].startswith("Aanwezig") and "Fatima de Vries" in f["text"],
        limit=80,
    )
    with page.expect_navigation(timeout=30_000):  # a POST on a busy machine (CI runs two suites)
        page.keyboard.press("Enter")
    assert page.url.endswith(f"#aanmelding-{fatima.pk}")
    fatima.refresh_from_db()
    assert fatima.attended is True
    row = page.locator(f"#aanmelding-{fatima.pk}")
    assert row.get_by_role("button", name=re.compile("^Aanwezig")).get_attribute("aria-pressed") == "true"

    # Cancel Jan: Tab to "Afmelden", Enter opens the question, Tab to "Ja, afmelden", Enter.
    focus_in_main(page, visit, url("attendees", gevuld["meeting"].pk))
    tab_until(
        page, lambda f: f["tag"] == "A" and f["text"].startswith("Afmelden") and "Jan Jansen" in f["text"], limit=80
    )
    with page.expect_navigation(timeout=30_000):  # a POST on a busy machine (CI runs two suites)
        page.keyboard.press("Enter")
    assert page.url.endswith(url("cancel", jan.pk))
    assert "Jan Jansen" in page.locator("main").inner_text()
    tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"].strip() == "Ja, afmelden", limit=80)
    with page.expect_navigation(timeout=30_000):  # a POST on a busy machine (CI runs two suites)
        page.keyboard.press("Enter")
    assert page.url.endswith(url("attendees", gevuld["meeting"].pk))
    assert "De aanmelding is afgemeld." in page.locator("body").inner_text()
    jan.refresh_from_db()
    assert jan.status == Aanmelding.Status.GEANNULEERD
    assert page.locator(f"#aanmelding-{jan.pk}").get_by_role("cell", name="Afgemeld", exact=True).is_visible()
