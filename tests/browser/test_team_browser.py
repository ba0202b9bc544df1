"""The steunpunt manages its own team, in a real browser.

A Steunpunt employee opens Instellingen > Team steunpunt from the menu, adds a
colleague whose account a Beheerder made (checking the address the password
link goes to), and the colleague's old password stops working. A Beheerder
finds the steunpunt's addresses locked in the site settings and no Steunpunt
role on the user form. Every screen passes axe, and the journey works with the
keyboard alone.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from distro.core.models import SteunpuntSettings
from distro.roles import STEUNPUNT
from distro.testing.browser import login, problems_on, settle_messages, tab_until

pytestmark = pytest.mark.browser


@pytest.fixture
def immediate_on_commit(monkeypatch):
    """The live server's requests run in this test's transaction, which never commits: run the mail callbacks now."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def test_a_steunpunt_employee_adds_a_colleague_with_the_keyboard(
    visit, steunpunt_medewerker, redacteur, immediate_on_commit
):
    from django.core import mail

    page = visit.page
    login(visit, steunpunt_medewerker, "/admin/")
    problems = []

    # Through the menu, as a person finds it: Instellingen > Team steunpunt.
    page.get_by_role("button", name="Instellingen").click()
    page.get_by_role("link", name="Team steunpunt").click()
    page.wait_for_url("**/admin/steunpunt-team/")
    problems += problems_on(visit, "team")

    page.get_by_role("link", name="Collega toevoegen").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/steunpunt-team/toevoegen/")
    problems += problems_on(visit, "collega toevoegen")

    # Without a choice: a Dutch field error.
    page.get_by_role("button", name="Verder").click()
    page.get_by_text("Kies een account.").wait_for()
    problems += problems_on(visit, "collega toevoegen, met een fout")

    page.get_by_label("Account van uw collega").focus()
    page.get_by_label("Account van uw collega").select_option(label="redacteur (redacteur)")
    tab_until(page, lambda f: f["text"].strip() == "Verder")
    page.keyboard.press("Enter")
    page.get_by_text(f"De link om een wachtwoord te kiezen gaat naar: {redacteur.email}").wait_for()
    problems += problems_on(visit, "bevestigen")

    tab_until(page, lambda f: f["text"].strip() == "Ja, voeg toe aan het team")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/steunpunt-team/")
    page.get_by_text("zit nu in het team").wait_for()
    settle_messages(page)
    assert page.get_by_role("cell", name="redacteur").first.is_visible()
    problems += problems_on(visit, "team met de nieuwe collega")

    page.get_by_role("link", name="Uit het team halen redacteur").click()
    problems += problems_on(visit, "uit het team halen")
    page.get_by_role("link", name="Nee, terug").click()
    page.get_by_role("link", name="Wachtwoordlink sturen redacteur").click()
    problems += problems_on(visit, "wachtwoordlink")

    assert problems == []
    redacteur.refresh_from_db()
    assert redacteur.groups.filter(name=STEUNPUNT).exists()
    assert not redacteur.check_password("wachtwoord-123")
    assert any(m.to == [redacteur.email] and "/admin/password_reset/" in m.body for m in mail.outbox)


def test_a_beheerder_finds_the_steunpunt_addresses_locked(visit, beheerder, site, steunpunt_medewerker):
    page = visit.page
    settings_path = reverse("wagtailsettings:edit", args=["core", "steunpuntsettings", site.pk])
    login(visit, beheerder, "/admin/")

    page.get_by_role("button", name="Instellingen").click()
    page.get_by_role("link", name="Steunpunt", exact=True).click()
    page.wait_for_url(f"**{settings_path}")
    assert page.get_by_role("textbox", name="Mailbox van het steunpunt").is_disabled()
    assert page.get_by_role("textbox", name="E-mailadres voor bezoekers").is_disabled()
    assert not page.get_by_role("textbox", name="Naam samenwerkingsverband").is_disabled()
    problems = problems_on(visit, "instellingen voor een beheerder", reflow=False)

    # No Team steunpunt in the menu, and no Steunpunt role on the user form.
    page.get_by_role("button", name="Instellingen").click()
    assert page.get_by_role("link", name="Team steunpunt").count() == 0
    page.get_by_role("link", name="Gebruikers").click()
    page.get_by_role("link", name=re.compile("gebruiker toe")).first.click()
    page.locator("#tab-label-roles").click()
    page.get_by_text("De rol Steunpunt geeft u niet hier").wait_for()
    labels = page.locator("input[name=groups]").evaluate_all("els => els.map(e => e.labels[0].innerText.trim())")
    assert STEUNPUNT not in labels and "Beheerder" in labels
    assert problems == []
    assert SteunpuntSettings.for_site(site).mailbox == "mailbox@steunpunt.test"
    assert not Group.objects.get(name=STEUNPUNT).user_set.filter(pk=beheerder.pk).exists()
