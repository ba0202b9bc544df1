"""A visitor asks a question through the "stel je vraag" form, in a real browser."""

import pytest
from django.core import mail

from distro.contact.models import Vraag

pytestmark = pytest.mark.browser

QUESTION = "Mijn zoon zit al drie weken thuis. Wat kan ik doen?"


def test_visitor_asks_a_question_with_the_keyboard(visit, captcha_test_mode):
    page = visit.page
    visit.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Stel je vraag").click()
    page.wait_for_url(visit.url("/stel-je-vraag/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Stel je vraag"
    # The form has a page of its own: the contact page links to it.
    page.get_by_role("link", name="Stel uw vraag").click()
    page.wait_for_url(visit.url("/stel-je-vraag/vraag/"))

    # From the name field on, only the keyboard.
    page.get_by_label("Uw naam").focus()
    page.keyboard.type("Fatima")
    page.keyboard.press("Tab")
    page.keyboard.type("fatima@example.org")
    page.keyboard.press("Tab")  # phone number: optional, left empty
    page.keyboard.press("Tab")  # first choice of "Ik ben"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type(QUESTION)
    page.keyboard.press("Tab")  # "send me a confirmation": left off
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # consent
    page.keyboard.press("Tab")  # the link that reads the letters aloud, if there is one
    if page.evaluate("document.activeElement.tagName") == "A":
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_captcha_1"
    page.keyboard.type("passed")
    page.keyboard.press("Enter")

    page.wait_for_url(visit.url("/stel-je-vraag/bedankt/"))
    assert page.get_by_role("status").get_by_role("heading").inner_text() == "Bedankt, uw vraag is verstuurd"

    vraag = Vraag.objects.get()
    assert (vraag.name, vraag.email, vraag.role, vraag.question) == ("Fatima", "fatima@example.org", "ouder", QUESTION)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mailbox@steunpunt.test"]
    # A link to the question, not the question: personal data stays on the site.
    assert f"/admin/snippets/contact/vraag/inspect/{vraag.pk}/" in mail.outbox[0].body
    assert QUESTION not in mail.outbox[0].body and "fatima" not in mail.outbox[0].body


def test_empty_form_shows_dutch_errors_that_lead_to_the_fields(visit, captcha_test_mode):
    page = visit.page
    visit.goto("/stel-je-vraag/")
    page.get_by_role("link", name="Stel uw vraag").click()
    page.get_by_role("button", name="Verstuur uw vraag").click()
    page.wait_for_load_state()

    assert page.title().startswith("Fout:")
    summary = page.get_by_role("alert")
    assert "Niet alles is goed ingevuld" in summary.inner_text()
    # Focus starts on the summary, so a screen reader reads it first.
    assert page.evaluate("document.activeElement.id") == "form-error"
    links = summary.get_by_role("link")
    texts = links.all_inner_texts()
    assert "Ik ben: Kies wie u bent." in texts
    assert "Uw vraag: Schrijf uw vraag op." in texts
    assert any(text.startswith("Ik geef toestemming:") for text in texts)

    # Each link takes the visitor to the field it is about.
    summary.get_by_role("link", name="Uw vraag: Schrijf uw vraag op.").click()
    assert page.evaluate("document.activeElement.id") == "id_question"
    summary.get_by_role("link", name="Ik ben: Kies wie u bent.").click()
    assert page.evaluate("document.activeElement.id") == "id_role_0"
    assert page.get_by_label("Uw vraag").get_attribute("aria-invalid") == "true"
    assert (
        "Schrijf uw vraag op."
        in page.locator("#" + page.get_by_label("Uw vraag").get_attribute("aria-describedby").split()[-1]).inner_text()
    )

    assert visit.axe_violations() == []
    assert not Vraag.objects.exists()
    assert mail.outbox == []
