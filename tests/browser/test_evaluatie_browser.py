"""Evaluatie in a real Chromium: every state of the public form in every theme and in Arabic,
answering with the keyboard alone, a Redacteur making and translating a form from a template,
and a Steunpunt worker reading the comments of "Was deze informatie nuttig?".

axe-core (WCAG 2.1 A and AA) finds nothing on any screen visited (problems_on).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Locale, Site

from distro.core.models import ContentPage, SteunpuntSettings
from distro.testing.browser import FOCUS, login, problems_on, tab_until
from plugins.evaluatie import services
from plugins.evaluatie.models import Evaluatieformulier, Kanaal, PaginaOordeel, PaginaOpmerking, Reactie

pytestmark = pytest.mark.browser

SHOTS = "var/screenshots"
THEMES = ["standaard", "groot-en-duidelijk", "fris"]


@pytest.fixture
def formulier(home):
    page = home.add_child(
        instance=Evaluatieformulier(
            title="Hoe was het gesprek?",
            slug="hoe-was-het-gesprek",
            intro="<p>Twee korte vragen.</p>",
            vragen=[
                ("smiley", {"vraag": "Hoe vond je het gesprek?", "uitleg": "", "verplicht": True}),
                ("ja_nee", {"vraag": "Zou je het aanraden?", "uitleg": "", "verplicht": False}),
                ("open", {"vraag": "Wat kan beter?", "uitleg": "Schrijf geen namen op.", "verplicht": False}),
            ],
            open_vanaf=timezone.now() - timedelta(days=1),
        )
    )
    page.save_revision().publish()
    arabic = page.copy_for_translation(Locale.objects.get(language_code="ar"))
    arabic.save_revision().publish()
    return page


def states(visit, prefix, formulier):
    """Visit the code field (empty and with a wrong code), the questions (also with errors), and the thanks."""
    page = visit.page
    url = f"{prefix}/{formulier.slug}/"
    yield "de code", visit.goto(url)
    page.locator("#id_code").fill("ZZZZ-ZZZZ")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    yield "een onbekende code", None
    page.locator("#id_code").fill(services.invite(formulier, Kanaal.GESPREK))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda u: "?t=" in u)
    yield "de vragen", None
    page.locator("#id_captcha_1").fill("passed")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    yield "de vragen met fouten", None
    page.locator("input[data-schaal=smiley][value='4']").check()
    page.locator("#id_captcha_1").fill("passed")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda u: u.endswith("?bedankt=1"))
    yield "bedankt", None


@pytest.mark.parametrize("theme", THEMES)
def test_every_state_of_the_form_passes_axe_in_every_theme_and_in_arabic(visit, formulier, captcha_test_mode, theme):
    settings = SteunpuntSettings.for_site(Site.objects.get(is_default_site=True))
    settings.theme = theme
    settings.save()
    problems = []
    for prefix, language, direction in (("", "nl", "ltr"), ("/ar", "ar", "rtl")):
        for what, _response in states(visit, prefix, formulier):
            html = visit.page.locator("html")
            assert (html.get_attribute("lang"), html.get_attribute("dir")) == (language, direction), what
            problems += problems_on(visit, f"{theme}, {language}, {what}")
            if what == "de vragen met fouten" and theme == "fris":
                visit.page.screenshot(path=f"{SHOTS}/evaluatie-{language}-fouten.png", full_page=True)
    assert problems == []
    assert Reactie.objects.count() == 2
    assert visit.foreign_requests == []


def test_a_young_person_answers_with_the_keyboard_alone(visit, formulier, captcha_test_mode):
    page = visit.page
    code = services.invite(formulier, Kanaal.GESPREK)
    visit.goto(f"/evaluatie/c/{code}/")
    tab_until(page, lambda f: f["text"].strip() == "Begin met de vragen")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda u: "?t=" in u)
    # To the first face, then the arrow keys move along the scale, as in any radio group.
    tab_until(page, lambda f: f["tag"] == "INPUT" and f["id"].endswith("_0") and "vraag_" in f["id"])
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.locator("input[data-schaal=smiley]:checked").get_attribute("value") == "4"
    tab_until(page, lambda f: f["id"] == "id_captcha_1")
    page.keyboard.type("passed")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda u: u.endswith("?bedankt=1"))
    assert page.get_by_role("status").get_by_role("heading").inner_text() == "Dank u wel!"
    assert Reactie.objects.get().antwoorden.get().waarde == 4
    assert page.evaluate(FOCUS)["tag"] in ("BODY", "A", "DIV", "H1", "H2")


@pytest.mark.django_db(transaction=True)
def test_redacteur_makes_a_form_from_a_template_and_translates_it(visit, translators, redacteur, home):
    mening = home.add_child(instance=ContentPage(title="Uw mening", slug="uw-mening"))
    mening.save_revision().publish()
    page = visit.page
    login(visit, redacteur, f"/admin/pages/{home.pk}/")
    page.wait_for_load_state("networkidle")
    toggle = page.locator("tr", has_text="Uw mening").locator(".w-dropdown__toggle").first
    item = page.get_by_text("Evaluatieformulier uit sjabloon", exact=True)
    for _attempt in range(10):
        if toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        page.wait_for_timeout(700)
        if item.is_visible():
            break
    item.click()
    page.get_by_role("heading", name="Evaluatieformulier uit een sjabloon").wait_for()
    problems = problems_on(visit, "sjabloon kiezen", reflow=False)
    page.get_by_role("button", name="Maak het formulier").click()
    page.get_by_text("Kies een sjabloon.", exact=True).wait_for()
    problems += problems_on(visit, "sjabloon kiezen, met een fout", reflow=False)
    page.get_by_label(re.compile("Jongeren .* Na een gesprek")).check()
    page.get_by_role("button", name="Maak het formulier").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    page.get_by_text("Het formulier is gemaakt als concept").wait_for()
    page.screenshot(path=f"{SHOTS}/evaluatie-sjabloon-editor.png")
    form = Evaluatieformulier.objects.get()
    assert not form.live and form.title == "Hoe was je gesprek met het steunpunt?"

    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator("footer button[name=action-publish]").click()
    page.wait_for_function("() => document.body.innerText.includes('gepubliceerd')")
    form.refresh_from_db()
    assert form.live

    visit.goto(f"/admin/pages/{form.pk}/edit/")
    page.locator("header .w-dropdown__toggle, [data-w-dropdown-target=toggle]").first.click()
    page.get_by_text("Vertaal deze pagina", exact=True).click()
    page.get_by_label("العربية").check()
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    page.get_by_role("button", name=re.compile("^Publiceer in")).first.click()
    page.wait_for_function("() => document.body.innerText.includes('gepubliceerd')", timeout=15_000)
    arabic = form.get_translation(Locale.objects.get(language_code="ar"))
    assert arabic.live and [b.id for b in arabic.specific.vragen] == [b.id for b in form.vragen]
    assert problems == []


def test_steunpunt_reads_what_visitors_wrote_with_nuttig(visit, home, steunpunt_medewerker):
    artikel = home.add_child(instance=ContentPage(title="Thuiszitten", slug="thuiszitten", intro="Wat nu?"))
    artikel.save_revision().publish()
    PaginaOordeel.objects.create(pagina=artikel, taal="nl", ja=6, nee=3)
    page = visit.page
    visit.goto("/thuiszitten/")
    widget = page.locator("form[action='/evaluatie/nuttig/']")
    widget.get_by_role("textbox").fill("Mijn zoon Daan zit al 3 maanden thuis, wat nu?")
    widget.get_by_role("button", name="Nee").click()
    page.get_by_text("Bedankt voor uw reactie").wait_for()
    assert PaginaOpmerking.objects.count() == 1

    login(visit, steunpunt_medewerker, "/admin/")
    page.get_by_role("link", name="Evaluaties").first.click()
    page.get_by_role("link", name="Lees de opmerkingen over Thuiszitten").click()
    page.get_by_role("heading", name=re.compile("Opmerkingen over")).wait_for()
    mark = page.locator("mark.personal-data")
    assert mark.first.inner_text().startswith("Daan")
    assert problems_on(visit, "opmerkingen", reflow=False) == []
    page.screenshot(path=f"{SHOTS}/evaluatie-opmerkingen.png")
