"""Staff sessions end after 30 idle minutes and after 10 hours; logout only by POST."""

from datetime import timedelta

import pytest
from accounts_helpers import logged_in, login_post
from django.utils import timezone

DASHBOARD = "/admin/"


@pytest.fixture
def clock(monkeypatch):
    """Moves django.utils.timezone.now, which the session rules read."""
    real_now = timezone.now
    offset = {"delta": timedelta()}

    def fake_now():
        return real_now() + offset["delta"]

    monkeypatch.setattr(timezone, "now", fake_now)

    def advance(**kwargs):
        offset["delta"] += timedelta(**kwargs)

    return advance


def test_an_idle_session_ends_after_30_minutes_with_a_dutch_message(client, redacteur, clock):
    assert login_post(client, "redacteur").status_code == 302
    clock(minutes=29)
    assert client.get(DASHBOARD).status_code == 200
    clock(minutes=31)
    response = client.get(DASHBOARD, follow=True)
    assert response.redirect_chain[0][0].startswith("/admin/login/?next=")
    assert "30 minuten niets hebt gedaan" in response.content.decode()
    assert not logged_in(client)


def test_activity_keeps_the_session_until_the_ten_hour_maximum(client, redacteur, clock):
    login_post(client, "redacteur")
    for _ in range(19):  # every 25 minutes, for 7 hours 55 minutes
        clock(minutes=25)
        assert client.get(DASHBOARD).status_code == 200
    for _ in range(5):
        clock(minutes=25)
        client.get(DASHBOARD)
    response = client.get(DASHBOARD, follow=True)
    assert "al 10 uur bent ingelogd" in response.content.decode()
    assert not logged_in(client)


def test_the_editors_presence_ping_does_not_count_as_activity(client, redacteur, clock, settings):
    login_post(client, "redacteur")
    for _ in range(4):
        clock(minutes=10)
        client.post("/admin/editing-sessions/ping/", {})
    assert client.get(DASHBOARD).status_code == 302
    assert not logged_in(client)


def test_limits_are_settings(client, redacteur, clock, settings):
    settings.STEUNPUNT_SESSIE_INACTIEF_MINUTEN = 5
    login_post(client, "redacteur")
    clock(minutes=6)
    assert client.get(DASHBOARD).status_code == 302


def test_the_session_cookie_lives_no_longer_than_the_maximum(settings):
    assert settings.SESSION_COOKIE_AGE == 10 * 3600


def test_anonymous_pages_still_set_no_cookie(client, home, clock):
    response = client.get(home.url)
    assert response.status_code == 200
    assert not response.cookies


def test_an_expired_session_on_a_public_page_is_just_ended(client, redacteur, home, clock):
    login_post(client, "redacteur")
    clock(hours=11)
    response = client.get(home.url)
    assert response.status_code == 200
    assert not logged_in(client)


# --- Logout ---------------------------------------------------------------------------


def test_get_logout_keeps_the_session_and_asks_to_confirm(client, redacteur):
    login_post(client, "redacteur")
    response = client.get("/admin/logout/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'method="post"' in body and "Uitloggen" in body
    assert "sessionid" not in response.cookies  # Wagtail's view would delete the cookie here
    assert logged_in(client)
    assert client.get(DASHBOARD).status_code == 200


def test_post_logout_ends_the_session(client, redacteur):
    login_post(client, "redacteur")
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert not logged_in(client)
    assert client.get(DASHBOARD).status_code == 302


def test_the_admin_menu_logs_out_with_a_form_post(client, redacteur):
    client.force_login(redacteur)
    body = client.get(DASHBOARD).content.decode()
    # Wagtail's sidebar renders "logout" as an action item, which it submits as POST.
    assert '"logout"' in body and "ActionMenuItem" in body
