"""Logging in safely, in a real browser: a staff member sets up a code, logs in with it, and a lockout.

Every screen distro/accounts adds passes axe-core WCAG 2.1 A/AA: the code
setup, the code step of the login, the logout confirmation, the lockout page
and the Beheerder's list of locked logins.
"""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp

from distro.testing import PASSWORD
from distro.testing.browser import login, problems_on, settle_messages

pytestmark = pytest.mark.browser


def app_code(secret_text, ahead=0):
    """What an authenticator app shows for the secret typed into it (``ahead`` steps of 30 s later)."""
    key = b32decode(secret_text.replace(" ", ""))
    return f"{totp(key, drift=ahead):06d}"


def test_staff_member_sets_up_a_code_and_logs_in_with_it(visit, redacteur, settings):
    page = visit.page
    problems = []
    login(visit, redacteur, "/admin/account/")

    page.get_by_role("tab", name="Meer acties").click()
    page.get_by_role("link", name="Inloggen met een code").click()
    page.wait_for_url(re.compile(re.escape(reverse("accounts_2fa")) + "$"))
    page.get_by_role("img", name="QR-code om de app te koppelen").wait_for()
    problems += problems_on(visit, "code instellen")

    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code uit uw app").fill(app_code(secret))
    page.get_by_role("button", name="Aanzetten").click()
    page.get_by_text("Inloggen met een code staat aan.").first.wait_for()
    settle_messages(page)
    problems += problems_on(visit, "code staat aan")

    # Out through the confirmation page (a link can no longer log anyone out).
    visit.goto("/admin/logout/")
    problems += problems_on(visit, "uitloggen bevestigen")
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile(r"/admin/login/"))

    page.fill("#id_username", redacteur.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/login/code/$"))
    problems += problems_on(visit, "code invullen")
    # The code of the next 30 seconds: the one used for the setup cannot be used twice.
    page.get_by_label("Code uit uw app").fill(app_code(secret, ahead=1))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert not visit.foreign_requests
    assert problems == []


def test_too_many_wrong_passwords_show_the_lockout_and_a_beheerder_unlocks(visit, redacteur, beheerder):
    page = visit.page
    problems = []
    visit.goto("/admin/login/")
    for _ in range(5):
        page.fill("#id_username", redacteur.username)
        page.fill("#id_password", "helemaal-fout-123")
        page.locator("form button[type=submit]").first.click()
        page.wait_for_load_state()
    page.get_by_text("Er is te vaak een verkeerd wachtwoord").wait_for()
    problems += problems_on(visit, "geblokkeerd")

    page.fill("#id_username", redacteur.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.get_by_text("Er is te vaak een verkeerd wachtwoord").wait_for()

    page.context.clear_cookies()
    login(visit, beheerder, "/admin/")
    page.get_by_role("button", name="Instellingen").click()
    page.get_by_role("link", name="Geblokkeerde logins").click()
    page.wait_for_url(re.compile(re.escape(reverse("accounts_lockouts")) + "$"))
    problems += problems_on(visit, "geblokkeerde logins")
    page.get_by_role("button", name="redacteur ontgrendelen").click()
    page.get_by_text("redacteur kan weer inloggen.").wait_for()
    page.get_by_text("Er zijn nu geen geblokkeerde logins.").wait_for()
    assert problems == []
