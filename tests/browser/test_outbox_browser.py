"""The staff screen "E-mail" in a real browser: reached from the menu, axe-core WCAG 2.1 A/AA, retried with the keyboard."""

import pytest
from django.core import mail

from distro.contact.models import Vraag
from distro.outbox.models import Verzending
from distro.testing.browser import FOCUS, login, problems_on, settle_messages, tab_until

pytestmark = pytest.mark.browser


@pytest.fixture
def mislukt(site):
    """A question whose mail the provider refused twice."""
    vraag = Vraag.objects.create(
        email="ouder@example.org", role=Vraag.Rol.OUDER, question="Hoe vraag ik een gesprek aan?", site=site
    )
    return Verzending.objects.create(
        kind="contact.vraag",
        object_id=vraag.pk,
        status=Verzending.Status.MISLUKT,
        attempts=2,
        error="451 4.3.0 Tijdelijk niet beschikbaar",
    )


def test_steunpunt_finds_failed_mail_in_the_menu_and_retries_it_with_the_keyboard(visit, steunpunt_medewerker, mislukt):
    page = visit.page
    login(visit, steunpunt_medewerker, "/admin/")
    page.get_by_role("link", name="E-mail", exact=True).click()
    page.wait_for_url("**/admin/e-mail/")
    assert page.get_by_role("heading", level=1).inner_text().strip() == "E-mail"
    row = page.locator(f"#e-mail-{mislukt.pk}")
    text = row.inner_text()
    assert "Vraag aan het steunpunt" in text and f"Vraag {mislukt.object_id}" in text and "451 4.3.0" in text
    # Admin tables need two dimensions to make sense, which WCAG 1.4.10 allows: no reflow check here.
    assert problems_on(visit, "e-mail", reflow=False) == []

    # Into the main content with the skip link, then Tab to the button that names the question.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS)["tag"] == "A", "the first Tab stop is the skip link"
    page.keyboard.press("Enter")
    tab_until(
        page,
        lambda f: (
            f["tag"] == "BUTTON"
            and f["text"].startswith("Opnieuw proberen")
            and f"Vraag {mislukt.object_id}" in f["text"]
        ),
        limit=80,
    )
    with page.expect_navigation(timeout=30_000):  # a POST on a busy machine (CI runs two suites)
        page.keyboard.press("Enter")
    assert "De e-mail wordt opnieuw verstuurd." in page.locator("body").inner_text()
    mislukt.refresh_from_db()
    assert (mislukt.status, mislukt.attempts) == (Verzending.Status.VERSTUURD, 3)
    # The question's notice reached the steunpunt mailbox, once (other mail, e.g. notices to the team, aside).
    # By default it only links to the question: the asker's address is not in it (STEUNPUNT_VRAAG_MAIL_MET_INHOUD).
    notices = [m for m in mail.outbox if m.subject == f"Nieuwe vraag via de website ({mislukt.object_id})"]
    assert [m.to for m in notices] == [["mailbox@steunpunt.test"]]
    assert "ouder@example.org" not in notices[0].body and not notices[0].reply_to
    assert page.locator(f"#e-mail-{mislukt.pk}").count() == 0
    settle_messages(page)  # the "sent again" message fades in: axe would measure it halfway
    assert problems_on(visit, "e-mail, alles verstuurd", reflow=False) == []
