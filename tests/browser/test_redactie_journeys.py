"""An editor's daily work in the real admin, clicked through in Chromium as the role that does it.

* A Redacteur sends a new page for approval; the Beheerder finds it on the dashboard and approves
  it; the page is live.
* A Redacteur adds "In onze regio" to a national page; the editor shows it first, the national text
  as it reads on the site below; the public page shows the regional text above the national text.
* A Redacteur translates a page into Arabic: the translation stays a draft until it is published.
  The language copies made at install open in the same translation editor.
* A Redacteur puts a page in the main menu (Instellingen > Menu's) and sees it on the site; "Toon
  in menu's" on a page puts it there too.

axe finds nothing on the admin screens these journeys use (problems_on). Screenshots go to
/tmp/shots-redactie/ when that directory exists.
"""

import re
import sys
from pathlib import Path

import pytest
from wagtail.models import Locale, Page

from distro.core.models import ContentPage
from distro.testing.browser import approve_from_the_dashboard, login, problems_on, wait_until_live

# The helpers that build locked pages without a sync live with the plugin's tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins" / "informatieset_sync"))
from national_helpers import index_page, national_page  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-redactie")


def shot(page, name):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def open_explorer(visit, user, home):
    login(visit, user, f"/admin/pages/{home.pk}/")
    # The row menus work once the admin's scripts have started.
    visit.page.wait_for_load_state("networkidle")


def log_out(visit):
    visit.page.context.clear_cookies()


def footer_action(page, name):
    """Click a publishing action: the first one is a button, the others live in the footer's dropdown."""
    button = page.locator(f"footer button[name={name}]")
    if not button.is_visible():
        page.locator("footer .w-dropdown__toggle").first.click()
    button.click()


# --- Approval -------------------------------------------------------------------------------


def test_redacteur_sends_a_page_for_approval_and_the_beheerder_approves_it(visit, redacteur, beheerder, home):
    page = visit.page
    problems = []
    open_explorer(visit, redacteur, home)
    page.locator(f"a[href$='/pages/{home.pk}/add_subpage/']").first.click()
    page.fill("#id_title", "Nieuwe regels voor leerlingenvervoer")
    page.locator("#id_title").press("Tab")  # leaving the title fills in the slug
    problems += problems_on(visit, "nieuwe pagina")
    page.locator("footer .w-dropdown__toggle").first.click()
    submit = page.locator("footer button[name=action-submit]")
    assert submit.inner_text().strip() == "Stuur door naar Beheerder"
    submit.click()
    page.wait_for_url(re.compile(rf"/admin/pages/{home.pk}/$"))
    new = ContentPage.objects.get(title="Nieuwe regels voor leerlingenvervoer")
    assert not new.live
    assert new.workflow_in_progress

    log_out(visit)
    login(visit, beheerder, "/admin/")
    panel = page.locator("section, div.w-panel", has_text="In afwachting van jouw beoordeling").last
    row = panel.locator("tr", has_text="Nieuwe regels voor leerlingenvervoer")
    assert row.is_visible()
    problems += problems_on(visit, "dashboard van de Beheerder")
    shot(page, "approval-dashboard")
    approve_from_the_dashboard(page, "Nieuwe regels voor leerlingenvervoer")
    wait_until_live(page, new)
    shot(page, "approval-done")
    assert new.live and not new.workflow_in_progress
    visit.goto(new.url)
    assert page.locator("h1").inner_text() == "Nieuwe regels voor leerlingenvervoer"
    assert problems == []


# --- "In onze regio" on a national page -------------------------------------------------------


def national_page_with_long_text(home):
    """A national page as long as the real ones: headings, paragraphs and the contact box at the end."""
    body = [{"type": "paragraph", "value": "<p>Elk kind krijgt een plek op een school die past.</p>"}]
    for number in range(1, 6):
        body += [
            {"type": "heading", "value": {"text": f"Onderdeel {number}", "level": "2"}},
            {"type": "paragraph", "value": "<p>Eerste alinea met uitleg.</p><p>Tweede alinea met meer uitleg.</p>"},
        ]
    body.append({"type": "regional_contact", "value": None})
    return national_page(index_page(home), title="Extra ondersteuning aanvragen", body=body, audiences=["ouders"])


def test_redacteur_adds_in_onze_regio_and_readers_see_it_near_the_top(visit, redacteur, home):
    national = national_page_with_long_text(home)
    index = national.get_parent()
    page = visit.page
    open_explorer(visit, redacteur, home)
    page.locator(f"a[href$='/admin/pages/{index.pk}/']").first.click()
    page.get_by_role("link", name=national.title, exact=True).first.click()
    page.wait_for_url(re.compile(rf"/admin/pages/{national.pk}/edit/$"))

    # "In onze regio" comes first; the national text follows, as it reads on the site.
    regional = page.locator("[data-contentpath=regional_body]")
    preview = page.locator(".informatieset-national-preview")
    assert regional.bounding_box()["y"] < preview.bounding_box()["y"]
    assert regional.bounding_box()["y"] < 900, "the regional field needs no scrolling"
    assert preview.locator("p").count() > 1, "the national text keeps its paragraphs"
    facts = preview.locator(".informatieset-national-preview__facts").inner_text()
    assert "Ouders" in facts and "[" not in facts
    assert preview.locator("[contenteditable=true], input, textarea").count() == 0
    problems = problems_on(visit, "landelijke pagina bewerken")
    shot(page, "national-editor")

    text = "In onze regio helpt de consulent van het samenwerkingsverband u bij de aanvraag."
    regional.get_by_role("button", name=re.compile("Blok invoegen|Insert a block")).first.click()
    page.get_by_role("option", name="Tekst").first.click()
    editor = regional.locator(".public-DraftEditor-content").first
    editor.click()
    page.keyboard.type(text, delay=5)
    page.wait_for_timeout(500)  # Draftail writes its hidden input a moment after the last key
    footer_action(page, "action-publish")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    visit.goto(national.url)
    article = page.locator("main article")
    box = article.locator(".informatieset-regional")
    assert text in box.inner_text()
    # Above the national text (which ends with the contact box), right under the summary.
    national_text = article.locator(".informatieset-national")
    assert box.bounding_box()["y"] < national_text.bounding_box()["y"]
    shot(page, "national-public")
    problems += problems_on(visit, "landelijke pagina op de site")
    assert problems == []


# --- Translation -------------------------------------------------------------------------------


def test_redacteur_translates_a_page_and_it_stays_a_draft_until_published(visit, translators, redacteur, home):
    dutch = home.add_child(instance=ContentPage(title="Vervoer naar school", slug="vervoer-naar-school"))
    dutch.save_revision().publish()
    page = visit.page
    open_explorer(visit, redacteur, home)
    toggle = page.locator("tr", has_text="Vervoer naar school").locator(".w-dropdown__toggle").first
    translate = page.get_by_text("Vertaal deze pagina", exact=True)
    for _attempt in range(10):
        # A click before the admin's dropdown script has started opens nothing: click again,
        # but never on a menu that is open already (that would close it).
        if toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        page.wait_for_timeout(700)
        if translate.is_visible():
            break
    translate.click()
    problems = problems_on(visit, "vertaling aanvragen")
    page.get_by_label("العربية").check()
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))

    arabic = dutch.get_translation(Page.objects.get(depth=2, locale__language_code="ar").locale).specific
    assert not arabic.live, "a new translation is a draft"
    visit.goto("/ar/vervoer-naar-school/", status=404)  # not on the site yet

    page.go_back()
    page.wait_for_load_state()
    shot(page, "translation-editor")
    page.get_by_role("button", name=re.compile("^Publiceer in")).first.click()
    page.wait_for_function("() => document.body.innerText.includes('gepubliceerd')", timeout=10_000)
    arabic.refresh_from_db()
    assert arabic.live
    assert problems == []


def test_a_language_copy_made_at_install_opens_in_the_translation_editor(visit, redacteur, home):
    page = visit.page
    open_explorer(visit, redacteur, home)
    # The page's information panel (the "i" in the header) switches the explorer to another language.
    page.locator("[data-side-panel-toggle]").first.click()
    page.locator("button:visible", has_text="Taal wijzigen").first.click()
    shot(page, "explorer-locales")
    page.locator("a:visible", has_text="العربية").first.click()
    # The demo gives the Arabic copy an Arabic title (distro/core/demo_translations); its body is still Dutch.
    privacy = Page.objects.get(locale__language_code="nl", title="Privacyverklaring")
    arabic_title = privacy.get_translation(Locale.objects.get(language_code="ar")).title
    page.get_by_role("link", name=arabic_title).first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    assert page.get_by_role("button", name=re.compile("^Publiceer in")).count() == 1
    assert page.get_by_text("Download PO-bestand").first.is_visible()
    # wagtail-localize's own English, in Dutch (distro/roles/static/roles/localize_nl.js).
    page.get_by_text("Vertaling van Nederlands naar العربية").first.wait_for()
    assert "More actions" not in page.locator("main, footer").first.inner_text()
    assert page.locator(".w-sr-only", has_text="More actions").count() == 0
    shot(page, "install-copy-translation-editor")


# --- Menus -------------------------------------------------------------------------------------


def test_redacteur_puts_a_page_in_the_main_menu(visit, redacteur, home):
    new = home.add_child(instance=ContentPage(title="Thuiszitters", slug="thuiszitters"))
    new.save_revision().publish()
    page = visit.page
    login(visit, redacteur, "/admin/")
    page.get_by_role("button", name="Instellingen").click()
    page.get_by_role("link", name="Menu's").click()
    page.wait_for_url(re.compile(r"/admin/settings/"))
    problems = problems_on(visit, "menu's")
    shot(page, "menus")
    page.get_by_role("button", name="Voeg Menu-item toe").last.click()
    # The new item is the only one without a page yet.
    page.locator("button:visible", has_text="Kies een pagina").first.click()
    modal = page.locator(".modal-dialog")
    modal.wait_for()
    modal.get_by_placeholder("Zoeken").fill("Thuiszitters")
    modal.get_by_role("link", name="Thuiszitters").first.click()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    shot(page, "menus-saved")

    visit.goto("/")
    assert page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Thuiszitters").is_visible()
    assert problems == []


def test_toon_in_menus_puts_a_page_in_the_main_menu(visit, redacteur, home):
    new = home.add_child(instance=ContentPage(title="Leerplicht", slug="leerplicht"))
    new.save_revision().publish()
    page = visit.page
    open_explorer(visit, redacteur, home)
    page.get_by_role("link", name="Leerplicht", exact=True).first.click()
    page.get_by_role("tab", name="Eigenschappen").click()
    page.get_by_label("Toon in menu's").check()
    footer_action(page, "action-publish")
    page.wait_for_url(re.compile(rf"/admin/pages/{home.pk}/$"))

    visit.goto("/")
    assert page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Leerplicht").is_visible()
