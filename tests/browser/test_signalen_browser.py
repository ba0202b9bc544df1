"""Signalen in a real Chromium: registering contacts, reports for the board, "Deel je ervaring", page views.

* A Steunpunt worker registers a contact from the menu with the keyboard
  alone, in at most 50 keystrokes and 30 seconds; gets Dutch errors for a
  date in the future, negative minutes and closing without a handling; is
  told when personal data was taken out of a note; and turns a contact-form
  question into a registration that copies nothing of the sender.
* The Steunpunt makes a quarterly report (tables, SVG charts, PDF); the
  Bestuur reads it; a Beheerder and a Redacteur see neither menu item.
* A visitor shares an experience from the home page with the keyboard; every
  screen of it passes axe in every theme, in Dutch and in Arabic (right to left).
* A page view is counted by its hidden image, also when the page comes from the page cache.

axe-core (WCAG 2.1 A and AA) finds nothing on any screen checked (problems_on).
Screenshots go to /tmp/signalen-shots/.
"""

import datetime
import re
import time
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Site

from distro.contact.vraag import Vraag
from distro.core.models import ContentPage, SteunpuntSettings
from distro.socialekaart.models import Gemeente
from distro.testing.browser import FOCUS, login, messages_text, problems_on, tab_until
from plugins.signalen import report
from plugins.signalen.registraties import Bron, PaginaWeergave, Rapport, Registratie, Status, Thema

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/signalen-shots")
THEMES = ["standaard", "groot-en-duidelijk", "fris"]
QUESTION = "Mijn zoon Daan (9) mag niet meer mee op schoolreis. Wie helpt ons?"
PERSONAL_NOTE = "Bel 06-12345678 of mail jan@example.nl"


def shoot(page, name):
    """A full-length picture for a person to look at (the admin scrolls inside its own container)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


class CountingKeyboard:
    """page.keyboard, counting every key sent: a press is one, typed text one per character."""

    def __init__(self, keyboard):
        self.keyboard = keyboard
        self.count = 0

    def press(self, key):
        self.count += 1
        self.keyboard.press(key)

    def type(self, text):
        self.count += len(text)
        self.keyboard.type(text)


class CountingPage:
    """The page with a counting keyboard, so tab_until's Tabs are counted too."""

    def __init__(self, page):
        self._page = page
        self.keyboard = CountingKeyboard(page.keyboard)

    def __getattr__(self, name):
        return getattr(self._page, name)


class NewRows:
    """What a test made, apart from what the demo site holds already (it may come with registrations and a report)."""

    def __init__(self):
        self.before = {model: set(model.objects.values_list("pk", flat=True)) for model in (Registratie, Rapport)}

    def of(self, model):
        return model.objects.exclude(pk__in=self.before[model])


@pytest.fixture
def new(site):
    return NewRows()


def open_new_registration(visit, user):
    """Log in and go Signalen > Registraties > Nieuwe registratie, as a person finds it."""
    page = visit.page
    login(visit, user, "/admin/")
    page.get_by_role("button", name="Signalen").click()
    page.get_by_role("link", name="Registraties").click()
    page.wait_for_url("**/admin/snippets/signalen/registratie/")
    page.get_by_role("link", name="Nieuwe registratie").first.click()
    page.wait_for_url("**/admin/snippets/signalen/registratie/add/")


def use_theme(theme):
    settings = SteunpuntSettings.for_site(Site.objects.get(is_default_site=True))
    settings.theme = theme
    settings.save()


def fill_with_the_mouse(page, **values):
    """The registration form filled by clicking and typing (the journeys that are not about the keyboard)."""
    main = page.locator("main")
    for name in ("kanaal", "vraagsteller", "aard", "afhandeling", "status"):
        if name in values:
            main.locator(f"input[name={name}][value='{values[name]}']").check()
    if "datum" in values:
        main.get_by_label("Datum").fill(values["datum"])
    if "minuten" in values:
        main.get_by_label("Tijd in minuten").fill(values["minuten"])
    if "notitie" in values:
        main.get_by_label("Korte notitie").fill(values["notitie"])


# 1. -------------------------------------------------------------------------------------------


def test_a_steunpunt_worker_registers_a_contact_with_the_keyboard_alone(visit, steunpunt_medewerker, new):
    beekdal = Gemeente.objects.get(name="Beekdal")
    thema = Thema.objects.get(naam="Thuiszitten en verzuim")
    page = visit.page

    login(visit, steunpunt_medewerker, "/admin/")
    page.get_by_role("button", name="Signalen").click()
    page.get_by_role("link", name="Registraties").click()
    page.wait_for_url("**/admin/snippets/signalen/registratie/")
    started = time.monotonic()
    page.get_by_role("link", name="Nieuwe registratie").first.click()
    page.wait_for_url("**/admin/snippets/signalen/registratie/add/")
    page.wait_for_load_state("networkidle")
    thema_id = page.get_by_label(thema.naam).get_attribute("id")

    counting = CountingPage(page)
    keys = counting.keyboard

    def tab_to(element_id):
        return tab_until(counting, lambda f: f["id"] == element_id)

    # The skip link past the menu, then the date stays today.
    keys.press("Tab")
    assert page.evaluate(FOCUS)["text"].strip() == "Ga naar de inhoud"
    keys.press("Enter")
    # Wagtail moves the focus a moment later; a person sees it land before pressing on.
    page.wait_for_function("() => document.activeElement.tagName === 'MAIN'")
    tab_to("id_kanaal_0")
    keys.press("Space")  # Telefoon
    tab_to("id_vraagsteller_0")
    keys.press("ArrowDown")  # Jongere
    tab_to("id_schoolsoort_0")  # "Onbekend" is checked, so the group is entered there
    keys.press("ArrowDown")
    keys.press("ArrowDown")  # Voortgezet onderwijs (vo)
    tab_to("id_gemeente")
    keys.type("B")  # Beekdal
    tab_to(thema_id)
    keys.press("Space")
    tab_to("id_aard_0")
    keys.press("ArrowDown")  # Zorg
    tab_to("id_afhandeling_0")
    keys.press("ArrowDown")
    keys.press("ArrowDown")  # Advies
    tab_to("id_status_0")
    keys.press("ArrowDown")
    keys.press("ArrowDown")  # Afgerond
    tab_to("id_minuten")
    keys.type("15")
    keys.press("Enter")
    text = messages_text(page)
    elapsed = time.monotonic() - started

    print(f"keystrokes={keys.count} elapsed={elapsed:.1f}")
    registratie = new.of(Registratie).get()
    assert f"{registratie} is opgeslagen." in text
    assert (registratie.kanaal, registratie.vraagsteller, registratie.schoolsoort, registratie.aard) == (
        "telefoon",
        "jongere",
        "vo",
        "zorg",
    )
    assert (registratie.afhandeling, registratie.status, registratie.minuten) == ("advies", Status.AFGEROND, 15)
    assert registratie.gemeente == beekdal and list(registratie.themas.all()) == [thema]
    assert registratie.datum == timezone.localdate() and registratie.bron == Bron.MEDEWERKER
    assert list(registratie.geschiedenis.values_list("van", "naar", "door")) == [
        ("", Status.AFGEROND, steunpunt_medewerker.pk)
    ]
    # Straight back to a fresh form for the next contact.
    page.wait_for_url("**/admin/snippets/signalen/registratie/add/")
    assert page.locator("input[name=kanaal]:checked").count() == 0
    assert keys.count <= 50
    assert elapsed <= 30


# 2. -------------------------------------------------------------------------------------------


def test_bad_input_gets_dutch_errors_and_saves_nothing(visit, steunpunt_medewerker, new):
    page = visit.page
    open_new_registration(visit, steunpunt_medewerker)
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    fill_with_the_mouse(
        page,
        datum=next_week.isoformat(),
        kanaal="email",
        vraagsteller="ouder",
        aard="vraag",
        status="afgerond",
        minuten="-5",
    )
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    main = page.locator("main")
    main.get_by_text("De datum ligt in de toekomst. Kies vandaag of een dag ervoor.").wait_for()
    assert main.get_by_text("De tijd kan niet negatief zijn.").is_visible()
    assert main.get_by_text("Kies eerst hoe het is afgehandeld.", exact=False).is_visible()
    assert new.of(Registratie).count() == 0
    assert problems_on(visit, "registratie met fouten", reflow=False) == []

    # Nothing of what was typed is lost: corrected, it saves.
    fill_with_the_mouse(page, datum=timezone.localdate().isoformat(), minuten="5", afhandeling="informatie")
    page.get_by_role("button", name="Opslaan").click()
    assert "is opgeslagen" in messages_text(page)
    registratie = new.of(Registratie).get()
    assert (registratie.kanaal, registratie.status, registratie.minuten) == ("email", Status.AFGEROND, 5)


# 3. -------------------------------------------------------------------------------------------


def test_personal_data_is_taken_out_of_a_note_and_the_worker_is_told(visit, steunpunt_medewerker, new):
    page = visit.page
    open_new_registration(visit, steunpunt_medewerker)
    assert problems_on(visit, "nieuwe registratie", reflow=False) == []
    fill_with_the_mouse(
        page, kanaal="telefoon", vraagsteller="ouder", aard="klacht", status="open", notitie=PERSONAL_NOTE, minuten="10"
    )
    shoot(page, "registratie-formulier")
    page.get_by_role("button", name="Opslaan").click()
    text = messages_text(page)
    assert "Uit de notitie is weggehaald" in text
    assert "Uit de notitie is weggehaald" in page.locator(".messages li.warning").inner_text()
    registratie = new.of(Registratie).get()
    assert "06-12345678" not in registratie.notitie and "jan@example.nl" not in registratie.notitie
    assert registratie.notitie.startswith("Bel ")

    # The registration read back from the list: the detail view, with its history.
    page.get_by_role("button", name="Signalen").click()
    page.get_by_role("link", name="Registraties").click()
    page.get_by_role("link", name=str(registratie), exact=True).click()
    page.wait_for_url(re.compile(rf"/inspect/{registratie.pk}/$"))
    main = page.locator("main")
    assert "06-12345678" not in main.inner_text() and "jan@example.nl" not in main.inner_text()
    assert main.get_by_role("heading", name="Geschiedenis van de status").is_visible()
    text = main.inner_text()
    assert "None" not in text and text.count("Thema's") == 1
    assert "Soort school\nOnbekend" in text and "Gemeente\nOnbekend" in text
    # The time of registering is the local time, as in the history below it.
    registered = date_format(timezone.localtime(registratie.aangemaakt), "j F Y H:i")
    assert text.count(registered) == 2, text
    shoot(page, "registratie-detail")
    assert problems_on(visit, "registratie bekijken", reflow=False) == []


# 4. -------------------------------------------------------------------------------------------


def test_a_contact_form_question_becomes_a_registration_without_the_sender(visit, steunpunt_medewerker, site):
    vraag = Vraag.objects.create(
        site=site,
        role="ouder",
        name="Fatima de Vries",
        email="fatima@example.org",
        phone="0612345678",
        question=QUESTION,
    )
    page = visit.page
    login(visit, steunpunt_medewerker, "/admin/")
    page.get_by_role("link", name="Vragen", exact=True).first.click()
    page.get_by_role("link", name=f"Vraag {vraag.pk}", exact=True).click()
    page.wait_for_url(re.compile(rf"/inspect/{vraag.pk}/$"))
    assert QUESTION in page.locator("main").inner_text()
    page.get_by_role("button", name="Registreer als contact").click()
    page.wait_for_url(re.compile(r"/admin/snippets/signalen/registratie/edit/\d+/$"))
    assert "De vraag is geregistreerd." in messages_text(page)

    registratie = Registratie.objects.get(vraag_nummer=vraag.pk)
    assert (registratie.bron, registratie.vraag_nummer, registratie.vraagsteller) == (Bron.VRAAG, vraag.pk, "ouder")
    assert (registratie.kanaal, registratie.aard, registratie.notitie) == ("website", "vraag", "")
    text = page.locator("body").inner_text()
    html = page.content()
    for trace in (QUESTION, "Daan", "Fatima", "fatima@example.org", "0612345678"):
        assert trace not in text and trace not in html, trace
    assert page.locator("input[name=kanaal][value=website]").is_checked()
    assert problems_on(visit, "registratie uit een vraag", reflow=False) == []


# 5. and 6. --------------------------------------------------------------------------------------


def pdf_missing_reason():
    try:
        import weasyprint  # noqa: F401  (only probing whether it and Pango load)
    except (ImportError, OSError) as error:
        return f"PDF download skipped: WeasyPrint or Pango is missing ({error})."
    return None


def test_the_steunpunt_makes_a_quarterly_report_and_downloads_the_pdf(
    visit, steunpunt_medewerker, registraties_q3, new, capsys
):
    page = visit.page
    login(visit, steunpunt_medewerker, "/admin/")
    page.get_by_role("link", name="Verslagen", exact=True).click()
    page.wait_for_url("**/admin/verslagen/")
    assert problems_on(visit, "verslagen", reflow=False) == []
    page.get_by_role("radio", name="Kwartaal", exact=True).check()
    page.get_by_role("spinbutton", name="Jaar", exact=True).fill("2026")
    page.get_by_role("spinbutton", name=re.compile(r"^Kwartaal \(1 tot 4\)")).fill("3")
    page.get_by_role("button", name="Verslag maken").click()
    page.wait_for_url(re.compile(r"/admin/verslagen/\d+/$"), timeout=60_000)
    rapport = new.of(Rapport).get()
    assert f"{rapport.titel} is gemaakt en bewaard." in messages_text(page)
    assert (rapport.soort, rapport.start, rapport.eind) == (
        "kwartaal",
        datetime.date(2026, 7, 1),
        datetime.date(2026, 9, 30),
    )
    main = page.locator("main")
    assert main.get_by_role("heading", level=1).inner_text().strip() == rapport.titel
    assert main.locator("svg[role=img]").count() >= 1
    assert main.locator("table.verslag-cijfers").count() >= 1
    assert main.locator("table.verslag-cijfers tbody tr").count() >= 2
    shoot(page, "verslag")
    assert problems_on(visit, "verslag", reflow=False) == []

    reason = pdf_missing_reason()
    if reason:
        with capsys.disabled():
            print(f"\n{reason}")
        return
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("link", name="Download als PDF").click()
    assert download.value.suggested_filename == "verslag-2026-07-01-2026-09-30.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")


def sidebar(page):
    """The menu as Wagtail sends it (also the items inside closed groups) and as it shows."""
    return page.locator("#wagtail-sidebar-props").text_content(), page.locator("#wagtail-sidebar").inner_text()


def test_the_bestuur_reads_reports_and_others_see_neither_menu(
    visit, bestuurder, beheerder, redacteur, registraties_q3
):
    rapport = report.make("kwartaal", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    page = visit.page
    login(visit, bestuurder, "/admin/")
    props, shown = sidebar(page)
    assert "Verslagen" in shown
    assert "Signalen" not in props and "Registraties" not in props and "Signalen" not in shown
    page.get_by_role("link", name="Verslagen", exact=True).click()
    page.wait_for_url("**/admin/verslagen/")
    main = page.locator("main")
    assert main.get_by_role("button", name="Verslag maken").count() == 0, "the Bestuur reads, the Steunpunt makes"
    # Its own row: the demo may hold a report of the same quarter, under the same title.
    main.locator(f"a[href$='/admin/verslagen/{rapport.pk}/']").click()
    page.wait_for_url(f"**/admin/verslagen/{rapport.pk}/")
    assert main.locator("svg[role=img]").count() >= 1 and main.locator("table").count() >= 1
    assert problems_on(visit, "verslag voor het bestuur", reflow=False) == []

    for user in (beheerder, redacteur):
        page.context.clear_cookies()
        login(visit, user, "/admin/")
        props, shown = sidebar(page)
        for item in ("Verslagen", "Signalen", "Registraties"):
            assert item not in props and item not in shown, (user.username, item)


# 7. -------------------------------------------------------------------------------------------


def test_a_visitor_shares_an_experience_with_the_keyboard(visit, captcha_test_mode, new):
    page = visit.page
    visit.goto("/")
    panel = page.get_by_role("region", name="Deel je ervaring")
    panel.get_by_role("link", name="Deel je ervaring").click()
    page.wait_for_url(visit.url("/deel-je-ervaring/"))
    page.get_by_role("link", name="Schrijf je ervaring op").click()
    page.wait_for_url(visit.url("/deel-je-ervaring/formulier/"))
    shoot(page, "ervaring-formulier")

    tab_until(page, lambda f: f["id"] == "id_wie_0")
    page.keyboard.press("ArrowDown")  # Jongere
    tab_until(page, lambda f: f["id"] == "id_schoolsoort_0")
    page.keyboard.press("ArrowDown")  # Basisonderwijs (po)
    tab_until(page, lambda f: f["id"] == "id_ervaring")
    page.keyboard.type("Ik mocht niet mee op kamp. Bel me op 06-12345678.")
    tab_until(page, lambda f: f["id"] == "id_captcha_1")
    page.keyboard.type("passed")
    page.keyboard.press("Enter")
    page.wait_for_url(visit.url("/deel-je-ervaring/bedankt/"))
    assert page.get_by_role("status").get_by_role("heading").inner_text() == "Bedankt voor je ervaring"

    registratie = new.of(Registratie).get()
    assert (registratie.bron, registratie.status, registratie.kanaal) == (Bron.ERVARING, Status.OPEN, "website")
    assert (registratie.vraagsteller, registratie.schoolsoort) == ("jongere", "po")
    assert registratie.notitie.startswith("Ik mocht niet mee op kamp.") and "06-12345678" not in registratie.notitie
    assert visit.foreign_requests == []


# 8. -------------------------------------------------------------------------------------------


def ervaring_states(visit, prefix):
    """The page, its form (empty and with errors) and the thank-you page."""
    page = visit.page
    visit.goto(f"{prefix}/deel-je-ervaring/")
    yield "de pagina"
    page.locator("main a.button").click()
    page.wait_for_url(visit.url(f"{prefix}/deel-je-ervaring/formulier/"))
    yield "het formulier"
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("main .errorlist, main [id$=-error], main .form-errors").first.wait_for()
    yield "het formulier met fouten"
    page.locator("#id_wie_0").check()
    page.locator("#id_ervaring").fill("Ik voelde me niet gehoord op school.")
    page.locator("#id_captcha_1").fill("passed")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(visit.url(f"{prefix}/deel-je-ervaring/bedankt/"))
    yield "bedankt"


@pytest.mark.parametrize("theme", THEMES)
def test_every_screen_of_deel_je_ervaring_passes_axe_in_every_theme_and_in_arabic(visit, captcha_test_mode, new, theme):
    use_theme(theme)
    problems = []
    for prefix, language, direction in (("", "nl", "ltr"), ("/ar", "ar", "rtl")):
        for what in ervaring_states(visit, prefix):
            html = visit.page.locator("html")
            assert (html.get_attribute("lang"), html.get_attribute("dir")) == (language, direction), what
            problems += problems_on(visit, f"{theme}, {language}, {what}")
            if what == "het formulier met fouten" and theme == "fris":
                shoot(visit.page, f"ervaring-{language}-fouten")
    assert problems == []
    assert new.of(Registratie).filter(bron=Bron.ERVARING).count() == 2
    assert visit.foreign_requests == []


# 9. -------------------------------------------------------------------------------------------


def test_page_views_are_counted_also_from_the_page_cache(visit, home, page_cache):
    artikel = home.add_child(instance=ContentPage(title="Leerlingenvervoer", slug="vervoer", intro="Tot 1 juni."))
    artikel.save_revision().publish()
    page = visit.page
    counted = re.compile(rf"/signalen/bekeken/{artikel.pk}\.css$")
    caches = []
    for _visit in range(2):
        with page.expect_response(counted) as pixel:
            caches.append(visit.goto("/vervoer/").headers.get("x-steunpunt-cache"))
        assert pixel.value.status == 200
    assert caches == ["miss", "hit"]
    assert PaginaWeergave.objects.get(pagina=artikel).aantal == 2
