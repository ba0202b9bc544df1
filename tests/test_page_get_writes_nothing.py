"""A visitor reading any public page writes nothing and gets no cookie, so every page can be cached.

The forms (a question, a sign-up) have pages of their own: their captcha
row and CSRF cookie are made only for a visitor who starts one.
"""

import re
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from distro.contact.models import ContactPage
from distro.core.models import ContentPage, HomePage
from distro.socialekaart.models import SocialeKaartPage
from plugins.agenda.models import AgendaIndexPage, Bijeenkomst, Sessie
from plugins.informatieset_sync.models import InformatiesetIndexPage

sys.path.insert(0, str(Path(__file__).resolve().parent / "plugins" / "informatieset_sync"))
from national_helpers import index_page, national_page  # noqa: E402

pytestmark = pytest.mark.django_db

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def nl(model):
    return model.objects.live().filter(locale__language_code="nl").first()


def maak_bijeenkomst(home):
    start = timezone.now() + timedelta(days=3)
    meeting = Bijeenkomst(
        title="Thema-avond",
        slug=f"thema-avond-{start.timestamp():.0f}",
        capacity=10,
        location_name="Buurthuis De Linde",
        address="Lindelaan 1, Testdorp",
    )
    meeting.sessies.add(Sessie(start=start, end=start + timedelta(hours=2)))
    nl(AgendaIndexPage).add_child(instance=meeting)
    meeting.save_revision().publish()
    return Bijeenkomst.objects.get(pk=meeting.pk)


def public_page_urls(home) -> list[str]:
    """One URL of every public page type (and the feeds and sitemap)."""
    meeting = maak_bijeenkomst(home)
    national = national_page(index_page(home))
    pages = [nl(HomePage), nl(ContentPage), nl(ContactPage), nl(SocialeKaartPage), nl(AgendaIndexPage), meeting]
    pages += [nl(InformatiesetIndexPage), national]
    assert all(pages), pages
    return [page.url for page in pages] + ["/sitemap.xml", "/agenda.ics", f"/agenda/{meeting.pk}.ics"]


@pytest.fixture
def public_urls(site, home):
    return public_page_urls(home)


def test_no_public_page_writes_a_row_or_sets_a_cookie(client, public_urls):
    for url in public_urls + ["/zoeken/?q=school"]:
        # Wagtail makes an image's rendition (a resized copy) the first time a size is shown,
        # once for all visitors; from then on reading writes nothing.
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        writes = [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])]
        assert writes == [], f"GET {url} wrote: {writes}"
        assert not response.cookies, f"GET {url} set {list(response.cookies)}"


def test_every_public_page_comes_from_the_cache_the_second_time(client, page_cache, public_urls):
    for url in public_urls:
        assert client.get(url)["X-Steunpunt-Cache"] == "miss", url
        assert client.get(url)["X-Steunpunt-Cache"] == "hit", url


def test_the_forms_have_pages_of_their_own_that_no_cache_keeps(client, page_cache, home):
    contact = nl(ContactPage)
    meeting = maak_bijeenkomst(home)
    for page, link_text in ((contact, "Stel uw vraag"), (meeting, "Aanmelden")):
        html = client.get(page.url).content.decode()
        form_url = re.search(rf'<a class="button button--large" href="([^"]+)">{link_text}</a>', html).group(1)
        response = client.get(form_url)
        assert "csrftoken" in response.cookies and "captcha_0" in response.content.decode()
        assert "no-store" in response["Cache-Control"] and response.get("X-Steunpunt-Cache") is None
