"""The agenda and the page cache: places left and the clock are never stale for visitors."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from plugins.agenda import caching, services

pytestmark = pytest.mark.django_db


def shown(client, page):
    return client.get(page.url).content.decode()


def test_a_sign_up_changes_the_places_left_at_once(client, page_cache, maak_bijeenkomst, gegevens):
    bijeenkomst = maak_bijeenkomst(capacity=3, max_persons=2)
    assert "Nog 3 plaatsen" in shown(client, bijeenkomst)
    assert client.get(bijeenkomst.url)["X-Steunpunt-Cache"] == "hit"
    services.aanmelden(bijeenkomst, **gegevens(persons=2))
    assert "Nog 1 plaats" in shown(client, bijeenkomst)


def test_a_cancellation_frees_the_place_on_the_page(client, page_cache, maak_bijeenkomst, gegevens):
    bijeenkomst = maak_bijeenkomst(capacity=1, waiting_list=False)
    aanmelding, _created = services.aanmelden(bijeenkomst, **gegevens())
    assert "Vol" in shown(client, bijeenkomst)
    services.afmelden(aanmelding)
    assert "Nog 1 plaats" in shown(client, bijeenkomst)


def test_the_clock_is_the_next_moment_a_meeting_page_changes(maak_bijeenkomst):
    closes = timezone.now() + timedelta(seconds=60)
    maak_bijeenkomst(begint_over=timedelta(hours=5), signup_closes=closes)
    assert caching.next_change() == closes
    started = maak_bijeenkomst(begint_over=timedelta(seconds=-30), duur=timedelta(seconds=40))
    assert caching.next_change() == started.ends_at


def test_a_meeting_that_starts_closes_its_sign_up_without_any_write(client, page_cache, maak_bijeenkomst):
    bijeenkomst = maak_bijeenkomst(capacity=5, begint_over=timedelta(seconds=2))
    assert "Nog 5 plaatsen" in shown(client, bijeenkomst)
    assert client.get(bijeenkomst.url)["X-Steunpunt-Cache"] == "hit"
    time.sleep(max(0, (bijeenkomst.starts_at - timezone.now()).total_seconds()) + 0.2)
    page = shown(client, bijeenkomst)
    assert "Aanmelden is gesloten" in page and "Nog 5 plaatsen" not in page


def test_a_new_meeting_appears_in_the_home_pages_panel_at_once(client, page_cache, maak_bijeenkomst):
    client.get("/")
    assert "Avond over pesten" not in client.get("/").content.decode()
    maak_bijeenkomst(title="Avond over pesten", begint_over=timedelta(hours=2))
    home = client.get("/").content.decode()
    assert "Avond over pesten" in home.split("Binnenkort", 1)[1]
