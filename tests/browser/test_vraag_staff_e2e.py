"""A question from the contact form to "afgehandeld", in a real browser, as the visitor and the steunpunt see it.

A visitor asks a question through the real form and asks for a confirmation.
A Steunpunt employee logs in, sees the count of new questions on the
dashboard, clicks through to the list, filters it, opens the question with
the keyboard, reads it, changes the status, adds a note and reads the
history. Every admin screen on the way passes axe (WCAG 2.1 A/AA).

With STEUNPUNT_SHOTS=<dir> the screens are saved as PNG files there.
"""

import os
import re
from pathlib import Path

import pytest
from django.core import mail

from distro.contact.models import Vraag
from distro.testing.browser import login, problems_on, tab_until

pytestmark = pytest.mark.browser

QUESTION = "Mijn dochter (12) wil niet meer naar school.\nWie kan ons helpen een oplossing te vinden?"
NOTE = "Moeder teruggebeld. Afspraak op dinsdag met de ouder- en kindadviseur."


def shoot(page, name):
    """Save the screen for a person to look at (STEUNPUNT_SHOTS), full length."""
    if folder := os.environ.get("STEUNPUNT_SHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        # The admin scrolls inside its own container: a tall window shows the whole screen.
        page.set_viewport_size({"width": 1280, "height": 1800})
        page.screenshot(path=str(Path(folder) / f"{name}.png"))
        page.set_viewport_size({"width": 1280, "height": 900})


def ask_a_question(visit):
    page = visit.page
    visit.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Stel je vraag").click()
    page.get_by_role("link", name="Stel uw vraag").click()
    page.get_by_label("Uw naam").fill("Fatima de Vries")
    page.get_by_label("E-mailadres").fill("fatima@example.org")
    page.get_by_label("Ouder of verzorger").check()
    page.get_by_label("Uw vraag").fill(QUESTION)
    page.get_by_label("Stuur mij een e-mail dat mijn vraag is aangekomen").check()
    page.get_by_label("Ik geef toestemming").check()
    page.locator("#id_captcha_1").fill("passed")
    shoot(page, "0-formulier")
    page.get_by_role("button", name="Verstuur uw vraag").click()
    page.wait_for_url(visit.url("/stel-je-vraag/bedankt/"))


def test_a_question_is_asked_read_and_handled(visit, captcha_test_mode, steunpunt_medewerker, site):
    page = visit.page
    # An older question, already handled, that the filters must leave out.
    Vraag.objects.create(site=site, role="professional", phone="0612345678", question="Oud", status="afgehandeld")

    ask_a_question(visit)
    vraag = Vraag.objects.get(status="nieuw")
    staff_mail = next(m for m in mail.outbox if m.to == ["mailbox@steunpunt.test"])
    assert "Lees en behandel de vraag" in staff_mail.body and QUESTION not in staff_mail.body
    confirmation = next(m for m in mail.outbox if m.to == ["fatima@example.org"])
    assert "Wij hebben uw vraag goed ontvangen" in confirmation.body and "dochter" not in confirmation.body

    # The dashboard says there is something to do.
    login(visit, steunpunt_medewerker, "/admin/")
    panel = page.get_by_role("region", name="Vragen aan het steunpunt")
    assert "Er is 1 nieuwe vraag." in panel.inner_text()
    shoot(page, "1-dashboard")
    assert problems_on(visit, "dashboard") == []
    panel.get_by_role("link", name=re.compile("Er is 1 nieuwe vraag")).click()

    # The list, already filtered on "Nieuw".
    page.wait_for_url(re.compile(r"/admin/snippets/contact/vraag/\?status=nieuw$"))
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == 1 and f"Vraag {vraag.pk}" in rows.first.inner_text()
    shoot(page, "2-lijst-nieuw")
    # Admin tables need two dimensions to make sense (WCAG 1.4.10 allows it): no reflow check.
    assert problems_on(visit, "vragenlijst", reflow=False) == []

    # Filter on who asked: a professional's question is not a parent's.
    page.get_by_role("button", name="Toon filters").click()
    page.get_by_role("button", name="Ik ben").click()
    page.get_by_role("radio", name="Professional").check()
    page.wait_for_url(re.compile(r"role=professional"))
    page.get_by_role("link", name=f"Vraag {vraag.pk}", exact=True).wait_for(state="detached")
    shoot(page, "3a-lijst-professional")
    page.get_by_role("radio", name="Ouder of verzorger").check()
    page.wait_for_url(re.compile(r"role=ouder"))
    page.get_by_role("link", name=f"Vraag {vraag.pk}", exact=True).wait_for()
    shoot(page, "3-lijst-gefilterd")
    assert problems_on(visit, "vragenlijst gefilterd", reflow=False) == []

    # The row's link is reached with the keyboard and opens the question.
    page.keyboard.press("Escape")
    page.locator("body").click(position={"x": 5, "y": 5})
    tab_until(page, lambda f: f["tag"] == "A" and f["text"].strip() == f"Vraag {vraag.pk}", limit=80)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/inspect/{vraag.pk}/$"))

    # The whole question, who asked and how to reach them.
    main = page.locator("main")
    text = main.inner_text()
    assert "Wie kan ons helpen een oplossing te vinden?" in text and "Mijn dochter (12)" in text
    assert "Fatima de Vries" in text and "Ouder of verzorger" in text
    assert main.get_by_role("link", name="fatima@example.org").get_attribute("href") == "mailto:fatima@example.org"
    assert re.search(r"Ontvangen op \d+ \w+ \d{4}, \d{2}\.\d{2} uur", text)
    shoot(page, "4-vraag")
    assert problems_on(visit, "vraag") == []

    # Status and a note, from the same screen.
    main.get_by_role("combobox", name="Status").select_option(label="In behandeling")
    main.get_by_label("Notitie toevoegen").fill(NOTE)
    main.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert f"Vraag {vraag.pk} is bijgewerkt." in page.locator(".messages").inner_text()
    text = page.locator("main").inner_text()
    assert "Status nu: In behandeling" in text and NOTE in text
    history = page.get_by_role("region", name="Geschiedenis").inner_text()
    assert "Status veranderd van Nieuw naar In behandeling" in history and "Notitie toegevoegd" in history
    assert steunpunt_medewerker.get_username() in history or steunpunt_medewerker.get_full_name() in history
    shoot(page, "5-vraag-bijgewerkt")
    assert problems_on(visit, "vraag bijgewerkt") == []
    vraag.refresh_from_db()
    assert vraag.status == Vraag.Status.IN_BEHANDELING and NOTE in vraag.notes

    # The edit view, for correcting a note, from the menu in the header; saving returns here.
    page.locator("#w-slim-header-buttons").get_by_role("button").first.click()
    page.get_by_role("link", name="Status en notities bewerken").click()
    page.wait_for_url(re.compile(rf"/edit/{vraag.pk}/$"))
    notes = page.get_by_role("textbox", name=re.compile("Notities van het steunpunt", re.I))
    assert NOTE in notes.input_value()
    shoot(page, "5c-bewerken")
    assert problems_on(visit, "status en notities bewerken") == []
    notes.fill(notes.input_value() + "\nDinsdag 10.00 uur bevestigd.")
    page.get_by_role("button", name="Opslaan").first.click()
    page.wait_for_url(re.compile(rf"/inspect/{vraag.pk}/$"))
    assert "Notities bewerkt" in page.get_by_role("region", name="Geschiedenis").inner_text()

    # The full history, one click away.
    page.get_by_role("link", name="Naar de geschiedenis").click()
    page.wait_for_url(re.compile(rf"/history/{vraag.pk}/$"))
    assert "Status veranderd van Nieuw naar In behandeling" in page.locator("main").inner_text()
    shoot(page, "6-geschiedenis")
    assert problems_on(visit, "geschiedenis", reflow=False) == []

    # The dashboard no longer counts it.
    page.get_by_role("link", name="Dashboard").first.click()
    assert "Er zijn geen nieuwe vragen." in page.get_by_role("region", name="Vragen aan het steunpunt").inner_text()
