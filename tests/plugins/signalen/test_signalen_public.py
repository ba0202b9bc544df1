"""The public side: "Deel je ervaring" and the page-view counter that works with every cache."""

import datetime
import re

import pytest
from django.urls import reverse

from distro.core.models import ContentPage
from plugins.signalen.models import ErvaringPage, PaginaWeergave, Registratie

VALID = {"wie": "jongere", "schoolsoort": "vo", "ervaring": "", "website": "", "captcha_0": "x", "captcha_1": "PASSED"}


@pytest.fixture
def ervaring(site):
    return ErvaringPage.objects.live().get(locale__language_code="nl")


@pytest.mark.django_db
def test_the_home_page_promises_anonymity_and_leads_to_the_form(client, site, ervaring):
    home = client.get(site.root_page.url).content.decode()
    assert "anoniem" in home and ervaring.url in home
    page = client.get(ervaring.url)
    assert page.status_code == 200 and "csrftoken" not in page.cookies  # the page itself stays cacheable
    assert 'name="ervaring"' not in page.content.decode()
    form = client.get(ervaring.url + "formulier/")
    assert 'name="ervaring"' in form.content.decode() and "no-cache" in form["Cache-Control"]
    assert 'name="email"' not in form.content.decode() and 'name="naam"' not in form.content.decode()


@pytest.mark.django_db
def test_an_experience_arrives_as_an_open_registration_without_personal_data(client, ervaring, captcha_passes):
    text = "Op school van mijn zoon Daan (bel 0612345678) luisteren ze niet naar ons."
    response = client.post(ervaring.url + "formulier/", VALID | {"ervaring": text})
    assert response.status_code == 302 and response["Location"].endswith("/bedankt/")
    registratie = Registratie.objects.get()
    assert (registratie.status, registratie.bron, registratie.vraagsteller, registratie.schoolsoort) == (
        "open",
        "ervaring",
        "jongere",
        "vo",
    )
    assert "0612345678" not in registratie.notitie and "Daan" not in registratie.notitie
    assert "luisteren ze niet" in registratie.notitie
    assert "Bedankt voor je ervaring" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"ervaring": ""}, "Schrijf iets over je ervaring."),
        ({"ervaring": "x" * 2001}, "Je tekst is te lang"),
        ({"ervaring": "Goed", "wie": ""}, "Kies wie je bent."),
        ({"ervaring": "Goed", "captcha_1": "fout"}, ""),
    ],
)
def test_bad_input_saves_nothing(client, ervaring, captcha_passes, changes, message):
    response = client.post(ervaring.url + "formulier/", VALID | changes)
    assert response.status_code == 400 and message in response.content.decode()
    assert Registratie.objects.count() == 0


@pytest.mark.django_db
def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_kept(client, ervaring, captcha_passes):
    response = client.post(ervaring.url + "formulier/", VALID | {"ervaring": "Koop nu", "website": "http://spam"})
    assert response.status_code == 302 and Registratie.objects.count() == 0


def _counter_url(html):
    found = re.search(r'<link rel="stylesheet" href="([^"]+bekeken/\d+\.css)"', html)
    assert found, "no counter on the page"
    return found.group(1)


@pytest.mark.django_db
def test_views_are_counted_per_page_and_month_also_from_the_page_cache(client, site, page_cache):
    page = ContentPage.objects.live().filter(locale__language_code="nl").first()
    first = client.get(page.url)
    second = client.get(page.url)
    assert second["X-Steunpunt-Cache"] == "hit"
    for response in (first, second):
        image = client.get(_counter_url(response.content.decode()))
        assert image["Content-Type"] == "text/css" and image["Cache-Control"] == "no-store"
        assert not image.cookies
    assert PaginaWeergave.objects.get(pagina=page).aantal == 2
    # Writing a count empties no cache: the page is still a hit.
    assert client.get(page.url)["X-Steunpunt-Cache"] == "hit"


@pytest.mark.django_db
def test_prefetches_other_page_types_and_unknown_pages_are_not_counted(client, site, ervaring):
    page = ContentPage.objects.live().filter(locale__language_code="nl").first()
    url = reverse("signalen:bekeken", args=[page.pk])
    client.get(url, headers={"Sec-Purpose": "prefetch"})
    client.get(reverse("signalen:bekeken", args=[ervaring.pk]))
    client.get(reverse("signalen:bekeken", args=[999999]))
    assert client.post(url).status_code == 405
    assert PaginaWeergave.objects.count() == 0


@pytest.mark.django_db
def test_wat_we_horen_shows_only_published_highlights_of_the_newest_report(client, home, rapport, page_cache):
    from plugins.signalen import report
    from plugins.signalen.models import Rapport, WatWeHorenPage

    # Only the system's quarterly reports go public; the fixture's report stands for one.
    Rapport.objects.filter(pk=rapport.pk).update(automatisch=True)
    report.make("anders", datetime.date(2026, 2, 1), datetime.date(2026, 2, 1))  # someone's one-day report

    from distro.core.models import ContentPage

    parent = ContentPage.objects.child_of(home).live().first()
    page = parent.add_child(instance=WatWeHorenPage(title="Wat we horen", slug="wat-we-horen"))
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert client.get(page.url)["X-Steunpunt-Cache"] == "hit"
    assert rapport.titel in html and f"{rapport.inhoud['cellen']['r']} contacten" in html
    assert '<svg class="grafiek"' in html
    hidden = [k for k, v in rapport.inhoud["cellen"].items() if v is None]
    assert hidden and "&lt; 5" not in html  # hidden figures are left out, never guessed
    # A new report shows at once: making one empties the page cache.
    newer = report.make("kwartaal", datetime.date(2026, 4, 1), datetime.date(2026, 6, 30), automatisch=True)
    assert newer.titel in client.get(page.url).content.decode()


@pytest.mark.django_db
def test_an_experience_keeps_only_the_day_it_arrived(client, ervaring, captcha_passes):
    from wagtail.models import ModelLogEntry

    client.post(ervaring.url + "formulier/", VALID | {"ervaring": "Het ging goed"})
    registratie = Registratie.objects.get()
    arrived = registratie.aangemaakt.astimezone(datetime.UTC).astimezone()
    from django.utils import timezone

    local = timezone.localtime(registratie.aangemaakt)
    assert (local.hour, local.minute, local.second) == (0, 0, 0) and arrived
    assert timezone.localtime(registratie.geschiedenis.get().wanneer).hour == 0
    assert not ModelLogEntry.objects.for_instance(registratie).exists()
