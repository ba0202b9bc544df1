"""Signing up for meetings and cancelling through the mail, in a real browser."""

import re
from datetime import timedelta
from itertools import count

import pytest
from django.core import mail
from django.utils import timezone

from plugins.agenda import services
from plugins.agenda.models import Aanmelding, AgendaIndexPage, Bijeenkomst, Sessie
from plugins.agenda.receivers import DEMO_EMAIL_PREFIX

pytestmark = pytest.mark.browser

_number = count(1)


@pytest.fixture
def maak_bijeenkomst(home):
    """A published meeting in two days, under the agenda page (made if the site has none)."""
    index = AgendaIndexPage.objects.child_of(home).first()
    if index is None:
        index = AgendaIndexPage(title="Agenda", slug="agenda")
        home.add_child(instance=index)

    def maak(**fields):
        n = next(_number)
        fields.setdefault("slug", f"e2e-bijeenkomst-{n}")
        fields.setdefault("location_name", "Buurthuis De Linde")
        fields.setdefault("address", "Lindelaan 1, Testdorp")
        bijeenkomst = Bijeenkomst(**fields)
        start = timezone.now() + timedelta(days=2)
        bijeenkomst.sessies.add(Sessie(start=start, end=start + timedelta(hours=2)))
        index.add_child(instance=bijeenkomst)
        bijeenkomst.save_revision().publish()
        return Bijeenkomst.objects.get(pk=bijeenkomst.pk)

    return maak


def cancel_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/[^\s]*agenda/afmelden/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def fill_in(page, name, email, persons=None):
    form = page.locator("form.agenda-aanmelden-form")
    form.get_by_label("Uw naam").fill(name)
    form.get_by_label("E-mailadres").fill(email)
    if persons:
        form.get_by_label("Met hoeveel personen komt u?").select_option(str(persons))
    form.get_by_label("Ouder of verzorger").check()
    form.get_by_label("Ik geef toestemming").check()
    form.locator("#id_captcha_1").fill("passed")
    return form


def test_sign_up_full_and_open_meeting_then_cancel_moves_the_waiting_list(visit, captcha_test_mode, maak_bijeenkomst):
    full = maak_bijeenkomst(title="Thema-avond Thuiszitten", capacity=1, waiting_list=True, max_persons=2)
    open_meeting = maak_bijeenkomst(title="Ouderavond Overstap", capacity=20, max_persons=3)
    # Someone already has the only place.
    services.aanmelden(full, name="Anna", email="anna@example.org", persons=1, role="ouder", answers=[], language="nl")
    anna_link = cancel_path(next(m for m in mail.outbox if m.to == ["anna@example.org"]))
    mail.outbox.clear()
    page = visit.page

    # 1. The full meeting: its page leads to the sign-up page, which offers the waiting list.
    visit.goto(full.url)
    assert visit.axe_violations() == []
    page.get_by_role("link", name="Aanmelden voor de wachtlijst").click()
    assert visit.axe_violations() == []
    fill_in(page, "Fatima", "fatima@example.org")
    page.get_by_role("button", name="Aanmelden voor de wachtlijst").click()
    page.wait_for_url(re.compile(r".*/agenda/aanmelden/\d+/bedankt/.*"))
    assert page.get_by_role("status").get_by_role("heading").inner_text() == "U staat op de wachtlijst"
    assert visit.axe_violations() == []
    fatima = Aanmelding.objects.get(email="fatima@example.org")
    assert fatima.status == Aanmelding.Status.WACHTLIJST
    [waiting_mail] = mail.outbox
    assert waiting_mail.subject == "U staat op de wachtlijst: Thema-avond Thuiszitten"

    # 2. The open meeting: confirmed, with the mail in the outbox.
    visit.goto(open_meeting.url)
    page.get_by_role("link", name="Aanmelden", exact=True).click()
    fill_in(page, "Fatima", "fatima@example.org", persons=2)
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.wait_for_url(re.compile(r".*/agenda/aanmelden/\d+/bedankt/.*"))
    assert page.get_by_role("status").get_by_role("heading").inner_text() == "U bent aangemeld"
    confirmation = mail.outbox[-1]
    assert confirmation.subject == "U bent aangemeld: Ouderavond Overstap"
    assert "U komt met 2 personen." in confirmation.body
    assert confirmation.attachments and confirmation.attachments[0][0].endswith(".ics")
    assert Aanmelding.objects.get(bijeenkomst=open_meeting).status == Aanmelding.Status.BEVESTIGD

    # 3. Anna cancels through the link in her mail: first a question, then done.
    mail.outbox.clear()
    visit.goto(anna_link)
    assert page.get_by_role("heading", level=1).inner_text() == "Afmelden: Thema-avond Thuiszitten"
    assert visit.axe_violations() == []
    assert Aanmelding.objects.get(email="anna@example.org").status == Aanmelding.Status.BEVESTIGD
    page.get_by_role("button", name="Ja, meld mij af").click()
    page.wait_for_url(visit.url(anna_link + "klaar/"))
    assert page.get_by_role("status").get_by_role("heading").inner_text() == "U bent afgemeld"
    assert visit.axe_violations() == []

    # 4. The waiting list moved: Fatima has the place and got the mail.
    fatima.refresh_from_db()
    assert fatima.status == Aanmelding.Status.BEVESTIGD and fatima.promoted_at is not None
    [promotion] = mail.outbox
    assert promotion.to == ["fatima@example.org"]
    assert promotion.subject == "Er is plek voor u: Thema-avond Thuiszitten"

    # 5. The same link again: nothing changes, and it says so.
    visit.goto(anna_link)
    assert "U bent al afgemeld" in page.get_by_role("status").inner_text()
    assert visit.axe_violations() == []
    assert len(mail.outbox) == 1


def test_errors_on_the_sign_up_form_are_accessible_and_lead_to_the_fields(visit, captcha_test_mode, maak_bijeenkomst):
    b = maak_bijeenkomst(
        title="Spreekuur",
        capacity=5,
        extra_questions=[
            (
                "question",
                {"label": "Wat wilt u bespreken?", "help_text": "Kort is goed.", "required": True, "long_answer": True},
            )
        ],
    )
    page = visit.page
    visit.goto(b.url)
    page.get_by_role("link", name="Aanmelden", exact=True).click()
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.wait_for_load_state()

    assert page.title().startswith("Fout:")
    summary = page.get_by_role("alert")
    assert "Niet alles is goed ingevuld" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "form-error"
    texts = summary.get_by_role("link").all_inner_texts()
    assert "Uw naam: Vul uw naam in." in texts
    assert "Wat wilt u bespreken?: Geef hier een antwoord op." in texts
    summary.get_by_role("link", name="Ik ben: Kies wie u bent.").click()
    assert page.evaluate("document.activeElement.id") == "id_role_0"
    assert page.get_by_label("Uw naam").get_attribute("aria-invalid") == "true"
    assert visit.axe_violations() == []

    # A typing mistake in the e-mail address only.
    fill_in(page, "Fatima", "fatima@")
    page.get_by_label("Wat wilt u bespreken?").fill("Pesten op school")
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").get_by_role("link").all_inner_texts() == [
        "E-mailadres: Dit is geen geldig e-mailadres. Controleer het nog eens."
    ]
    # What was typed is still there.
    assert page.get_by_label("Uw naam").input_value() == "Fatima"
    assert visit.axe_violations() == []
    # The demo site's made-up registrations (receivers.demo_registrations) aside, nothing was stored.
    assert not Aanmelding.objects.exclude(email__startswith=DEMO_EMAIL_PREFIX).exists() and mail.outbox == []


def test_broken_cancel_link_and_closed_meeting_pages_are_accessible(visit, maak_bijeenkomst):
    page = visit.page
    visit.goto("/agenda/afmelden/kapot:link/", status=400)
    assert "Deze link werkt niet" in page.get_by_role("alert").inner_text()
    assert visit.axe_violations() == []

    b = maak_bijeenkomst(title="Vol zonder wachtlijst", capacity=1, waiting_list=False)
    services.aanmelden(b, name="Anna", email="anna@example.org", persons=1, role="ouder", answers=[], language="nl")
    visit.goto(f"/agenda/aanmelden/{b.pk}/")
    assert "Deze bijeenkomst is vol" in page.get_by_role("status").inner_text()
    assert page.locator("form.agenda-aanmelden-form").count() == 0
    assert visit.axe_violations() == []
