"""The publisher serves its feed at a stable URL with an ETag; consumer sites serve nothing there."""

import base64
import hashlib
import json
import re

import pytest
from django.core.cache import cache
from django.test import Client
from publisher_helpers import bron_index, bron_page, full_tree, themes
from wagtail.admin.panels import ObjectList

from plugins.informatieset_sync.export import build_feed
from plugins.informatieset_sync.feed import validate_feed
from plugins.informatieset_sync.forms import BronPaginaForm
from plugins.informatieset_sync.models import BronPagina

pytestmark = pytest.mark.django_db

FEED = "/informatieset/feed.json"


@pytest.fixture(autouse=True)
def empty_cache():
    # The feed cache outlives a test's rolled-back transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    return Client()


def test_a_site_without_a_publisher_tree_serves_no_feed(site, client):
    assert client.get(FEED).status_code == 404
    assert client.get(FEED + ".sig").status_code == 404
    assert client.get("/informatieset/assets/" + "a" * 64 + ".png").status_code == 404


def test_an_unpublished_publisher_tree_serves_no_feed(home, client):
    themes()
    index = bron_index(home)
    bron_page(index, title="Aanmelden")
    index.unpublish()
    assert client.get(FEED).status_code == 404


def test_feed_is_served_with_an_etag_and_304_when_unchanged(home, client):
    tree = full_tree(home)
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    raw = response.content
    assert response["ETag"] == f'"{hashlib.sha256(raw).hexdigest()}"'
    feed = json.loads(raw)
    assert validate_feed(feed) and len(feed["items"]) == 6 and feed["revision"] == 1

    again = client.get(FEED, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert client.get(FEED, HTTP_IF_NONE_MATCH='W/"other", ' + response["ETag"]).status_code == 304
    # Rebuilt from scratch (another worker, an expired cache): the same bytes, the same ETag.
    cache.clear()
    rebuilt = client.get(FEED)
    assert rebuilt.content == raw and rebuilt["ETag"] == response["ETag"]

    # An editor publishes a change: a new ETag, a new revision, the new text.
    page = tree["klachten"]
    page.title = "Klachten en geschillen"
    page.save_revision().publish()
    changed = client.get(FEED, HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != response["ETag"]
    feed = json.loads(changed.content)
    assert feed["revision"] == 2
    assert "Klachten en geschillen" in [item["title"] for item in feed["items"]]


def test_unpublishing_a_page_changes_the_served_feed(home, client):
    tree = full_tree(home)
    first = client.get(FEED)
    tree["en_klachten"].unpublish()
    second = client.get(FEED)
    assert second["ETag"] != first["ETag"]
    assert len(json.loads(second.content)["items"]) == 5


def test_assets_are_served_by_their_hash(home, client):
    tree = full_tree(home)
    feed = json.loads(client.get(FEED).content)
    [asset] = feed["assets"]
    response = client.get("/informatieset/" + asset["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "immutable" in response["Cache-Control"]
    with tree["image"].open_file() as handle:
        assert response.content == handle.read()
    assert client.get("/informatieset/" + asset["url"], HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    digest = asset["id"].removeprefix("sha256:")
    assert client.get(f"/informatieset/assets/{digest}.jpg").status_code == 404
    assert client.get("/informatieset/assets/" + "0" * 64 + ".png").status_code == 404
    # Served even when the asset cache was emptied.
    cache.delete("informatieset:publisher:asset:" + digest)
    assert client.get("/informatieset/" + asset["url"]).content == response.content


def test_signature_is_served_when_a_sign_key_is_configured(home, client, tmp_path, settings):
    from io import StringIO

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from django.core.management import call_command

    full_tree(home)
    assert client.get(FEED + ".sig").status_code == 404  # not signing

    out = StringIO()
    call_command("informatieset_keygen", "--out", str(tmp_path / "key.pem"), stdout=out)
    public = [line for line in out.getvalue().splitlines() if len(line) == 44][0]
    settings.STEUNPUNT_INFORMATIESET_SIGN_KEY = str(tmp_path / "key.pem")
    raw = client.get(FEED).content
    signature = client.get(FEED + ".sig")
    assert signature.status_code == 200
    Ed25519PublicKey.from_public_bytes(base64.b64decode(public)).verify(base64.b64decode(signature.content), raw)


def test_head_is_answered_and_post_is_not_allowed(home, client):
    full_tree(home)
    assert client.head(FEED).status_code == 200
    assert client.post(FEED).status_code == 405


def test_a_broken_tree_keeps_serving_the_last_good_feed(home, client):
    themes()
    index = bron_index(home)
    bron_page(index, title="Goed")
    good = client.get(FEED)
    bron_page(index, title="Nog niet gevalideerd", validated_on=None)
    still = client.get(FEED)
    assert still.status_code == 200 and still.content == good.content


def test_a_broken_tree_without_an_earlier_feed_serves_nothing(home, client):
    themes()
    index = bron_index(home)
    bron_page(index, title="Nog niet gevalideerd", validated_on=None)
    response = client.get(FEED)
    assert response.status_code == 503
    assert b"Nog niet gevalideerd" not in response.content  # the reason is for the log, not for the world


# --- the admin form -----------------------------------------------------------------


def bron_form_class():
    return (
        ObjectList(BronPagina.content_panels, base_form_class=BronPaginaForm).bind_to_model(BronPagina).get_form_class()
    )


def test_editors_choose_audiences_and_themes_with_checkboxes(home, beheerder):
    themes()
    page = bron_page(bron_index(home), title="Aanmelden", audiences=["ouders"], themes=["zorgplicht"])
    form = bron_form_class()(instance=page, for_user=beheerder)
    html = str(form["audiences"]) + str(form["themes"])
    assert html.count('type="checkbox"') == 6
    assert 'value="jongeren"' in html and 'value="zorgplicht"' in html and "Zorgplicht" in html
    checked = set(re.findall(r'value="([a-z-]+)"[^>]*\bchecked', html))
    assert checked == {"ouders", "zorgplicht"}


def test_the_form_stores_the_choices_as_lists_and_dates_content_changes(home, beheerder):
    themes()
    page = bron_page(bron_index(home), title="Aanmelden", audiences=["ouders"], themes=[])
    before = page.updated_at
    form_class = bron_form_class()
    data = {
        "title": "Aanmelden",
        "slug": page.slug,
        "summary": page.summary,
        "audiences": ["ouders", "jongeren"],
        "themes": ["passend-onderwijs", "zorgplicht"],
        "validated_on": "2026-09-01",
        "validated_by": "Redactie informatieset",
    }
    data.update(stream_post(page))
    form = form_class(data=data, instance=page, for_user=beheerder, parent_page=page.get_parent())
    assert form.is_valid(), form.errors
    saved = form.save()
    saved.refresh_from_db()
    assert saved.audiences == ["ouders", "jongeren"]
    assert saved.themes == ["passend-onderwijs", "zorgplicht"]
    assert saved.updated_at > before

    data["audiences"] = []
    form = form_class(data=data, instance=saved, for_user=beheerder, parent_page=page.get_parent())
    assert not form.is_valid() and "audiences" in form.errors
    data["audiences"], data["themes"] = ["ouders"], ["bestaat-niet"]
    form = form_class(data=data, instance=saved, for_user=beheerder, parent_page=page.get_parent())
    assert not form.is_valid() and "themes" in form.errors


def stream_post(page):
    """The POST fields of the national_body StreamField as the admin sends them: one paragraph."""
    return {
        "national_body-count": "1",
        "national_body-0-type": "paragraph",
        "national_body-0-deleted": "",
        "national_body-0-order": "0",
        "national_body-0-id": "p1",
        "national_body-0-value": json.dumps(
            {
                "blocks": [
                    {
                        "key": "a",
                        "text": "Tekst",
                        "type": "unstyled",
                        "depth": 0,
                        "inlineStyleRanges": [],
                        "entityRanges": [],
                    }
                ],
                "entityMap": {},
            }
        ),
    }


def test_build_feed_is_what_the_url_serves(home, client):
    tree = full_tree(home)
    served = json.loads(client.get(FEED).content)
    built, _ = build_feed(tree["index"])
    assert served["items"] == built["items"] and served["revision"] == built["revision"]
