"""Login throttling (django-axes) through the real Wagtail login form, and the Beheerder's unlock screen."""

from datetime import timedelta

import pytest
from accounts_helpers import LOGIN, PASSWORD, logged_in, login_post
from axes.models import AccessAttempt
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

LOCKED_TEXT = "Er is te vaak een verkeerd wachtwoord"


def fail_times(client, username, times, **extra):
    responses = [login_post(client, username, "helemaal-fout-123", **extra) for _ in range(times)]
    return responses


def test_five_wrong_passwords_lock_the_login_and_the_right_one_then_fails(client, redacteur):
    responses = fail_times(client, "redacteur", 5)
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert LOCKED_TEXT not in responses[3].content.decode()
    assert responses[4].status_code == 429
    assert LOCKED_TEXT in responses[4].content.decode()

    right = login_post(client, "redacteur", PASSWORD)
    assert right.status_code == 429
    body = right.content.decode()
    assert LOCKED_TEXT in body and 'id="id_username"' in body  # the login page, not a bare 403
    assert not logged_in(client)


def test_after_the_cool_off_the_right_password_works_again(client, redacteur):
    fail_times(client, "redacteur", 5)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    response = login_post(client, "redacteur", PASSWORD)
    assert response.status_code == 302 and logged_in(client)
    # A success clears the count: one new mistake does not lock again.
    assert not AccessAttempt.objects.exists()


def test_lockout_is_per_user_name_and_address(client, redacteur):
    fail_times(client, "redacteur", 5)
    # Someone elsewhere cannot lock a colleague out: from another address it works.
    assert login_post(client, "redacteur", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_unknown_user_names_are_locked_the_same_way(client, site):
    responses = fail_times(client, "bestaat-niet", 5)
    assert responses[-1].status_code == 429 and LOCKED_TEXT in responses[-1].content.decode()


@override_settings(STEUNPUNT_TRUSTED_PROXIES=["127.0.0.1"], STEUNPUNT_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_lockout_uses_the_sites_client_address_behind_the_proxy(client, redacteur):
    fail_times(client, "redacteur", 5, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"
    # Another visitor behind the same proxy is not locked out.
    assert login_post(client, "redacteur", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_limit_is_configurable(client, redacteur):
    assert fail_times(client, "redacteur", 2)[-1].status_code == 429


# --- The unlock screen --------------------------------------------------------------


def test_beheerder_sees_the_locked_login_and_unlocks_it(client, beheerder, redacteur):
    fail_times(client, "redacteur", 5)
    client.force_login(beheerder)
    page = client.get(reverse("accounts_lockouts"))
    assert page.status_code == 200
    assert "redacteur" in page.content.decode() and "127.0.0.1" in page.content.decode()
    attempt = AccessAttempt.objects.get()

    response = client.post(reverse("accounts_unlock", args=[attempt.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert ModelLogEntry.objects.filter(action="steunpunt.login_unlocked", user=beheerder).exists()

    client.logout()
    assert login_post(client, "redacteur", PASSWORD).status_code == 302


def test_the_unlock_screen_is_in_the_settings_menu_of_a_beheerder_only(client, beheerder, redacteur):
    client.force_login(beheerder)
    assert reverse("accounts_lockouts") in client.get("/admin/").content.decode()
    client.force_login(redacteur)
    assert reverse("accounts_lockouts") not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("role", ["redacteur", "steunpunt_medewerker", "bestuurder"])
def test_other_roles_cannot_see_or_unlock(client, request, role, beheerder):
    fail_times(client, "beheerder", 5)
    attempt = AccessAttempt.objects.get()
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("accounts_lockouts")).status_code == 403
    assert client.post(reverse("accounts_unlock", args=[attempt.pk])).status_code == 403
    assert AccessAttempt.objects.exists()


def test_unlocking_a_missing_or_huge_id_is_a_404(client, beheerder):
    client.force_login(beheerder)
    assert client.post(reverse("accounts_unlock", args=[999999])).status_code == 404
    assert client.post("/admin/inlogblokkades/99999999999999999999999/ontgrendel/").status_code == 404


def test_anonymous_visitors_cannot_reach_the_unlock_screen(client, site):
    response = client.get(reverse("accounts_lockouts"))
    assert response.status_code == 302 and LOGIN in response["Location"]


# --- Password-reset mails -------------------------------------------------------------


def reset(client, email, **extra):
    return client.post("/admin/password_reset/", {"email": email}, **extra)


def test_reset_mails_stop_after_three_an_hour_per_address_with_the_same_answer(client, redacteur):
    answers = [reset(client, "redacteur@example.org", REMOTE_ADDR=f"192.0.2.{i}") for i in range(6)]
    assert len(mail.outbox) == 3
    assert {a.status_code for a in answers} == {302}
    assert {a["Location"] for a in answers} == {reverse("wagtailadmin_password_reset_done")}


def test_reset_mails_stop_after_three_an_hour_per_address_of_the_sender(client, site, django_user_model):
    for i in range(5):
        django_user_model.objects.create_user(f"persoon{i}", f"persoon{i}@example.org", PASSWORD)
    answers = [reset(client, f"persoon{i}@example.org") for i in range(5)]
    assert len(mail.outbox) == 3
    assert {a.status_code for a in answers} == {302}


def test_reset_for_an_unknown_address_answers_the_same(client, site):
    response = reset(client, "niemand@example.org")
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_password_reset_done")
    assert mail.outbox == []


def test_failed_attempts_are_removed_after_a_day(client, redacteur):
    from django.utils import timezone

    from distro.accounts.retention import purge_login_attempts

    fail_times(client, "redacteur", 2)
    assert purge_login_attempts(timezone.now() - timedelta(days=1)) == 0
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(days=2))
    assert purge_login_attempts(timezone.now() - timedelta(days=1)) == 1
    assert not AccessAttempt.objects.exists()
