"""The example plugin, tested the way a plugin author tests theirs: with distro.testing's fixtures."""

import pytest
from django.urls import reverse

from distro.extensions import HealthResult, health_checks

GROET = "Welkom bij het ouder- en jeugdsteunpunt!"


def test_the_home_page_shows_the_welcome_panel(client, home):
    response = client.get(home.url)

    assert response.status_code == 200
    assert GROET in response.content.decode()


def test_the_operator_sets_the_text(client, home, settings):
    settings.STEUNPUNT_VOORBEELD_GROET = "Goedemorgen, Testregio!"

    assert "Goedemorgen, Testregio!" in client.get(home.url).content.decode()


def test_an_empty_text_means_no_panel_and_a_warning(client, home, settings):
    settings.STEUNPUNT_VOORBEELD_GROET = "  "

    assert 'class="voorbeeld-groet"' not in client.get(home.url).content.decode()
    result = health_checks.get("voorbeeld.groet").check()
    assert result.status == HealthResult.WARNING
    assert "STEUNPUNT_VOORBEELD_GROET" in result.message


def test_the_health_check_is_happy_with_a_text():
    assert health_checks.get("voorbeeld.groet").check().status == HealthResult.OK


@pytest.mark.django_db
def test_the_text_as_json(client):
    assert client.get(reverse("voorbeeld:groet")).json() == {"groet": GROET}


def test_an_editor_sees_the_panel_too(client, home, redacteur):
    # The fixtures of distro.testing give a user per role (password distro.testing.PASSWORD).
    client.force_login(redacteur)

    assert GROET in client.get(home.url).content.decode()
