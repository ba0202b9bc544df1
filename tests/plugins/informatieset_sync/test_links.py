"""``informatieset:<key>`` links: to this site's page for the key, in the visitor's language or else Dutch."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from national_helpers import index_page, national_page
from wagtail.rich_text import expand_db_html

from plugins.informatieset_sync.locking import allow_national_changes

pytestmark = pytest.mark.django_db


def link(key, label="lees meer"):
    return f'<a linktype="informatieset" key="{key}">{label}</a>'


def render(html, language):
    with translation.override(language):
        return expand_db_html(html)


@pytest.fixture
def pages(home):
    """One subject in Dutch, English and Arabic, and one only in Dutch."""
    key, dutch_only = uuid.uuid4(), uuid.uuid4()
    return {
        "key": key,
        "dutch_only": dutch_only,
        "nl": national_page(index_page(home, "nl"), title="Zorgplicht", key=key),
        "en": national_page(index_page(home, "en"), title="Duty of care", key=key),
        "ar": national_page(index_page(home, "ar"), title="واجب الرعاية", slug="zorgplicht", key=key),
        "only_nl": national_page(index_page(home, "nl"), title="Leerplicht", key=dutch_only),
    }


@pytest.mark.parametrize("language", ["nl", "en", "ar"])
def test_link_goes_to_the_page_in_the_active_language(pages, language):
    url = pages[language].url
    assert url.startswith("/informatie/" if language == "nl" else f"/{language}/informatie/")
    assert render(link(pages["key"]), language) == f'<a href="{url}">lees meer</a>'


@pytest.mark.parametrize("language", ["en", "ar", "uk"])
def test_link_falls_back_to_dutch_when_the_language_has_no_such_page(pages, language):
    assert render(link(pages["dutch_only"]), language) == f'<a href="{pages["only_nl"].url}">lees meer</a>'


def test_link_falls_back_to_dutch_when_the_translation_is_unpublished(pages):
    with allow_national_changes():
        pages["en"].unpublish()
    assert render(link(pages["key"]), "en") == f'<a href="{pages["nl"].url}">lees meer</a>'


@pytest.mark.parametrize("key", [uuid.uuid4(), "niet-een-uuid", ""])
def test_unknown_key_renders_as_text_without_href(pages, key):
    assert render(f"<p>Zie {link(key)}.</p>", "nl") == "<p>Zie <a>lees meer</a>.</p>"


def test_link_to_an_unpublished_page_renders_as_text(pages):
    with allow_national_changes():
        pages["only_nl"].unpublish()
    assert render(link(pages["dutch_only"]), "en") == "<a>lees meer</a>"


def test_many_links_in_one_expansion_cost_one_query(pages):
    html = "".join(link(k, f"link {n}") for n, k in enumerate([pages["key"], pages["dutch_only"], uuid.uuid4()] * 20))
    render(link(pages["key"]), "en")  # warm Wagtail's cached site root paths
    with CaptureQueriesContext(connection) as captured:
        result = render(html, "en")
    assert len(captured) == 1
    assert result.count(f'<a href="{pages["en"].url}">') == 20
    assert result.count(f'<a href="{pages["only_nl"].url}">') == 20
    assert result.count("<a>") == 20


def test_links_on_a_page_are_resolved_in_the_pages_language(client, pages, home):
    body = [
        {
            "type": "paragraph",
            "value": f"<p>Zie {link(pages['key'], 'zorgplicht')} en {link(pages['dutch_only'], 'leerplicht')}.</p>",
        }
    ]
    page = national_page(index_page(home, "en"), title="Overview", body=body)
    html = client.get(page.url).content.decode()
    assert f'<a href="{pages["en"].url}">zorgplicht</a>' in html
    assert f'<a href="{pages["only_nl"].url}">leerplicht</a>' in html
