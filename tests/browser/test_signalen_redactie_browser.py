"""Signalen's other jobs in a real Chromium: the themes (Steunpunt) and the public "Wat we horen" page.

* A Steunpunt worker renames a theme and switches one off; the next registration offers the
  new name and no longer the old theme, and a registration made with it keeps its theme.
* A Redacteur adds "Wat we horen" under a content page and picks the quarterly report the
  system made (a report someone made by hand is not offered); the Beheerder approves it; a
  visitor finds it from the page above and reads the report's protected highlights, without
  a single count below k.
* The page passes axe in every theme, in Dutch and in Arabic (right to left).

axe-core (WCAG 2.1 A and AA) finds nothing on any screen checked (problems_on).
"""

import datetime
import re

import pytest
from wagtail.models import Locale, Site

from distro.core.models import ContentPage, SteunpuntSettings
from distro.testing.browser import approve_from_the_dashboard, login, messages_text, problems_on, wait_until_live
from plugins.signalen import report
from plugins.signalen.models import WatWeHorenPage
from plugins.signalen.registraties import Registratie, Thema

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_steunpunt_renames_a_theme_and_switches_one_off(visit, steunpunt_medewerker):
    in_use = Registratie.objects.create(
        datum=datetime.date(2026, 11, 2), kanaal="telefoon", vraagsteller="ouder", aard="klacht", minuten=5
    )
    in_use.themas.add(Thema.objects.get(naam="Klachten en geschillen"))
    page = visit.page
    problems = []
    login(visit, steunpunt_medewerker, "/admin/")
    page.get_by_role("button", name="Signalen").click()
    page.get_by_role("link", name="Thema's", exact=True).click()
    page.wait_for_url("**/admin/snippets/signalen/thema/")
    problems += problems_on(visit, "thema's", reflow=False)

    page.get_by_role("link", name="Leerlingenvervoer", exact=True).click()
    page.get_by_role("textbox", name=re.compile(r"^Naam")).fill("Vervoer naar school")
    problems += problems_on(visit, "thema bewerken", reflow=False)
    page.get_by_role("button", name="Opslaan").click()
    assert "Vervoer naar school" in messages_text(page)

    page.get_by_role("link", name="Klachten en geschillen", exact=True).click()
    page.get_by_role("checkbox", name="Kiezen bij registreren").uncheck()
    page.get_by_role("button", name="Opslaan").click()
    messages_text(page)
    assert not Thema.objects.get(naam="Klachten en geschillen").actief
    # The list says so in Dutch (not Python's "False").
    row = page.locator("main tbody tr", has_text="Klachten en geschillen").inner_text()
    assert "Nee" in row and "False" not in row
    assert "Ja" in page.locator("main tbody tr", has_text="Vervoer naar school").inner_text()

    page.get_by_role("button", name="Signalen").click()
    page.get_by_role("link", name="Registraties", exact=True).click()
    page.get_by_role("link", name="Nieuwe registratie").first.click()
    page.wait_for_url("**/admin/snippets/signalen/registratie/add/")
    themes = page.locator("main")
    assert themes.get_by_role("checkbox", name="Vervoer naar school").is_visible()
    assert themes.get_by_role("checkbox", name="Leerlingenvervoer").count() == 0
    assert themes.get_by_role("checkbox", name="Klachten en geschillen").count() == 0

    # A registration that already had the switched-off theme keeps it when it is edited.
    page.get_by_role("button", name="Signalen").click()
    page.get_by_role("link", name="Registraties", exact=True).click()
    page.locator(f"main a[href$='/admin/snippets/signalen/registratie/inspect/{in_use.pk}/']").first.click()
    page.wait_for_url(f"**/inspect/{in_use.pk}/")
    page.locator("main").get_by_role("link", name="Bewerken of status wijzigen").click()
    page.wait_for_url(f"**/admin/snippets/signalen/registratie/edit/{in_use.pk}/")
    assert themes.get_by_role("checkbox", name="Klachten en geschillen").is_checked()
    page.get_by_role("spinbutton", name=re.compile(r"^Tijd in minuten")).fill("10")
    page.get_by_role("button", name="Opslaan").click()
    assert f"'{in_use}' bijgewerkt" in messages_text(page)
    in_use.refresh_from_db()
    assert in_use.minuten == 10 and [t.naam for t in in_use.themas.all()] == ["Klachten en geschillen"]
    assert problems == []


def test_a_redacteur_adds_wat_we_horen_and_a_visitor_reads_the_protected_highlights(
    visit, redacteur, beheerder, home, registraties_q3
):
    vervoer, opp = Thema.objects.get(naam="Leerlingenvervoer"), Thema.objects.get(naam__startswith="Ontwikkelings")
    for number, registratie in enumerate(Registratie.objects.all()):
        registratie.themas.add(opp if number % 3 else vervoer)
    kwartaal = report.make("kwartaal", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), automatisch=True)
    by_hand = report.make("anders", datetime.date(2026, 8, 3), datetime.date(2026, 8, 9))
    parent = ContentPage.objects.child_of(home).get(slug="zo-werkt-het-in-onze-regio")
    page = visit.page
    problems = []

    login(visit, redacteur, f"/admin/pages/{parent.pk}/")
    page.wait_for_load_state("networkidle")
    page.locator(f"a[href$='/pages/{parent.pk}/add_subpage/']").first.click()
    page.get_by_role("link", name=re.compile(r"^Wat we horen", re.IGNORECASE)).click()
    page.fill("#id_title", "Wat we horen")
    page.locator("#id_title").press("Tab")  # leaving the title fills in the slug
    choices = page.locator("#id_rapport option").all_inner_texts()
    assert kwartaal.titel in choices and by_hand.titel not in choices
    page.locator("#id_rapport").select_option(label=kwartaal.titel)
    problems += problems_on(visit, "nieuwe pagina wat we horen")
    # The rich text box is named by its label (a workaround for a Wagtail bug, see richtext_label.js).
    assert page.get_by_role("textbox", name="Introductie").count() == 1
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator("footer button[name=action-submit]").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{parent.pk}/$"))
    nieuw = WatWeHorenPage.objects.get()
    assert nieuw.workflow_in_progress and not nieuw.live and nieuw.get_latest_revision_as_object().rapport == kwartaal

    page.context.clear_cookies()
    login(visit, beheerder, "/admin/")
    approve_from_the_dashboard(page, "Wat we horen")
    assert wait_until_live(page, nieuw)

    page.context.clear_cookies()
    visit.goto(parent.url)
    page.get_by_role("navigation", name="Zie ook").get_by_role("link", name="Wat we horen").click()
    page.wait_for_url(re.compile(r"/wat-we-horen/$"))
    main = page.locator("main")
    assert main.get_by_role("heading", name=kwartaal.titel).is_visible()
    text = main.inner_text()
    assert f"{kwartaal.inhoud['cellen']['r']} contacten" in text
    assert main.locator("svg").count() >= 1 and main.locator("table").count() == 1
    # No count from 1 to k-1 anywhere in the figures.
    k = kwartaal.k
    figures = [int(n) for n in re.findall(r"\b\d+\b", " ".join(main.locator("table, ul").all_inner_texts()))]
    assert figures and not [n for n in figures if 0 < n < k]
    assert by_hand.titel not in text
    problems += problems_on(visit, "wat we horen")
    assert problems == []
    assert visit.foreign_requests == []


@pytest.mark.parametrize("theme", ["standaard", "groot-en-duidelijk", "fris"])
def test_wat_we_horen_passes_axe_in_every_theme_and_in_arabic(visit, home, registraties_q3, theme):
    settings = SteunpuntSettings.for_site(Site.objects.get(is_default_site=True))
    settings.theme = theme
    settings.save()
    for number, registratie in enumerate(Registratie.objects.all()):
        registratie.themas.add(Thema.objects.order_by("pk")[number % 2])
    report.make("kwartaal", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), automatisch=True)
    parent = ContentPage.objects.child_of(home).get(slug="zo-werkt-het-in-onze-regio")
    nieuw = parent.add_child(instance=WatWeHorenPage(title="Wat we horen", slug="wat-we-horen"))
    nieuw.save_revision().publish()
    arabic = nieuw.copy_for_translation(Locale.objects.get(language_code="ar"), copy_parents=True)
    arabic.title = "ما نسمعه"
    arabic.save_revision().publish()

    problems = []
    for url, language, direction in ((nieuw.url, "nl", "ltr"), (arabic.url, "ar", "rtl")):
        visit.goto(url)
        html = visit.page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == (language, direction)
        assert visit.page.locator("main svg").count() >= 1 and visit.page.locator("main table").count() == 1
        # Every label of the chart stands left of the bars, inside the chart, also right to left.
        misplaced = visit.page.evaluate(
            """() => [...document.querySelectorAll('main svg.grafiek')].flatMap(svg => {
                const box = svg.getBoundingClientRect();
                const bars = [...svg.querySelectorAll('rect')].slice(1).map(r => r.getBoundingClientRect().left);
                return [...svg.querySelectorAll('text[text-anchor=end]')].filter(t => {
                    const r = t.getBoundingClientRect();
                    return r.left < box.left - 1 || r.right > Math.min(...bars) + 1;
                }).map(t => t.textContent);
            })"""
        )
        assert misplaced == [], (language, misplaced)
        problems += problems_on(visit, f"wat we horen, {theme}, {language}")
    assert problems == []
