"""The spoken captcha: promised and linked only where flite works, and never a 500.

flite is found once at start-up (``CAPTCHA_FLITE_PATH``); the tests without it
hide it the same way a machine without flite has it: the setting is None.
"""

import os

import pytest
from bs4 import BeautifulSoup
from captcha.conf import settings as captcha_settings

from distro.core.captcha import audio_available

pytestmark = pytest.mark.django_db

CONTACT = "/stel-je-vraag/vraag/"  # the question form's own page
PROMISE = "U kunt ze ook laten voorlezen."
NOT_AVAILABLE = "Voorlezen is hier niet beschikbaar. Typ de letters over die u in de afbeelding ziet."


@pytest.fixture
def flite_path(monkeypatch):
    """Set the flite that start-up would have found (None: not found)."""

    def set_path(path):
        monkeypatch.setattr(captcha_settings, "CAPTCHA_FLITE_PATH", path)

    return set_path


def captcha_block(client):
    response = client.get(CONTACT)
    assert response.status_code == 200
    form = BeautifulSoup(response.content, "html.parser").find("form", method="post")
    key = form.find("input", attrs={"name": "captcha_0"})["value"]
    return form, key


def audio_links(form):
    return form.find_all("a", href=lambda h: h and h.startswith("/captcha/audio/"))


def test_with_flite_the_form_promises_the_spoken_letters_and_the_link_plays_them(client, site, flite):
    form, key = captcha_block(client)
    assert PROMISE in form.get_text(" ", strip=True)
    [link] = audio_links(form)
    assert link.get_text(strip=True) == "Laat de letters voorlezen (geluidsbestand)"
    response = client.get(link["href"])
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


@pytest.mark.parametrize("path", [None, "/bestaat/niet/flite"], ids=["not-found", "removed"])
def test_without_flite_there_is_no_promise_and_no_link(client, site, flite_path, path):
    flite_path(path)
    form, key = captcha_block(client)
    text = form.get_text(" ", strip=True)
    assert "Typ de letters die u ziet." in text
    assert "voorlezen" not in text.lower()
    assert audio_links(form) == []


@pytest.mark.parametrize("path", [None, "/bestaat/niet/flite", "/bin/false"], ids=["not-found", "removed", "broken"])
def test_the_audio_address_says_in_dutch_that_it_cannot_read_aloud(client, site, flite_path, path):
    _form, key = captcha_block(client)  # a real challenge
    flite_path(path)
    response = client.get(f"/captcha/audio/{key}.wav")
    assert response.status_code == 404
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == NOT_AVAILABLE


def test_availability_is_looked_up_once_per_path(flite_path, monkeypatch):
    calls = []
    real_isfile = os.path.isfile

    def counting_isfile(path):
        calls.append(path)
        return real_isfile(path)

    monkeypatch.setattr("distro.core.captcha.os.path.isfile", counting_isfile)
    flite_path("/nog/nooit/gezien/flite")
    assert [audio_available() for _ in range(3)] == [False, False, False]
    assert calls == ["/nog/nooit/gezien/flite"]
