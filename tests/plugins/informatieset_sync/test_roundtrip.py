"""Publisher install -> feed -> consumer install gives the same pages.

Both sides live in one test database: the publisher's BronPagina tree and the
consumer's InformatiesetPage tree are different page types, so the consumer
sync cannot mistake one for the other.
"""

import hashlib
import json
import re
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils.html import strip_tags
from publisher_helpers import full_tree
from wagtail.models import Page

from plugins.informatieset_sync.export import feed_key
from plugins.informatieset_sync.models import BronPagina, InformatiesetIndexPage, InformatiesetPage, SyncRun
from plugins.informatieset_sync.sync import run_sync

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def keygen(tmp_path):
    out = StringIO()
    call_command("informatieset_keygen", "--out", str(tmp_path / "uitgever.key"), stdout=out)
    public = [line for line in out.getvalue().splitlines() if len(line) == 44 and line.endswith("=")][0]
    return tmp_path / "uitgever.key", public


def export(out_dir, key):
    call_command("export_informatieset", "--out", str(out_dir), "--sign-key", str(key), stdout=StringIO())
    return out_dir / "feed.json"


def synced(source, public):
    run = run_sync(str(source), public_key=public)
    assert run.status == SyncRun.Status.SUCCESS, (run.error, run.error_item, run.error_field)
    return run


def source_pages():
    return list(BronPagina.objects.live().select_related("locale").order_by("path"))


def consumer_page(source):
    return InformatiesetPage.objects.select_related("locale").get(
        translation_key=feed_key(source.translation_key), locale__language_code=source.locale.language_code
    )


def text_of(stream) -> list:
    """The blocks of a national body as (type, plain text / values), links and markup left out."""
    blocks = []
    for block in stream:
        value = block.value
        if block.block_type == "heading":
            blocks.append(("heading", value["text"], str(value["level"])))
        elif block.block_type == "paragraph":
            blocks.append(("paragraph", strip_tags(value.source)))
        elif block.block_type == "faq":
            blocks.append(("faq", [(e["question"], strip_tags(e["answer"].source)) for e in value]))
        elif block.block_type == "callout":
            blocks.append(("callout", value["kind"], strip_tags(value["text"].source)))
        elif block.block_type == "steps":
            blocks.append(("steps", [(e["title"], strip_tags(e["text"].source)) for e in value]))
        elif block.block_type == "image":
            with value["image"].open_file() as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
            blocks.append(("image", digest, value["alt"], bool(value["decorative"]), value["caption"]))
        else:
            blocks.append((block.block_type,))
    return blocks


def assert_same_pages():
    sources = source_pages()
    keys = {feed_key(source.translation_key) for source in sources}
    assert InformatiesetPage.objects.live().filter(translation_key__in=keys).count() == len(sources) == 6
    for source in sources:
        page = consumer_page(source)
        assert page.live
        assert (page.title, page.slug, page.summary) == (source.title, source.slug, source.summary)
        assert (page.audiences, page.themes) == (source.audiences, source.themes)
        assert (page.validated_on, page.validated_by) == (source.validated_on, source.validated_by)
        assert page.national_updated_at.replace(microsecond=0) == source.updated_at.replace(microsecond=0)
        assert page.feed_item_id == source.feed_item_id()
        assert text_of(page.national_body) == text_of(source.national_body)
        # Hierarchy: the parent is the consumer's version of the source's parent.
        source_parent, parent = source.get_parent().specific, page.get_parent().specific
        if isinstance(source_parent, BronPagina):
            assert str(parent.translation_key) == feed_key(source_parent.translation_key)
            assert parent.locale_id == page.locale_id
        else:
            assert isinstance(parent, InformatiesetIndexPage) and parent.locale_id == page.locale_id
        # Order among siblings.
        # child_of filters on the path; get_children() would trust the numchild counter.
        source_order = [
            feed_key(p.translation_key) for p in Page.objects.child_of(source_parent).live().order_by("path")
        ]
        order = [str(p.translation_key) for p in Page.objects.child_of(parent).live().order_by("path")]
        assert order == source_order


def test_publisher_feed_gives_the_same_pages_on_a_consumer(home, tmp_path):
    tree = full_tree(home)
    key, public = keygen(tmp_path)
    run = synced(export(tmp_path / "feed", key), public)
    assert (run.revision, run.created) == (1, 6)
    assert_same_pages()

    # Translations are linked: the English page is a translation of the Dutch one.
    dutch = consumer_page(tree["parent"])
    english = consumer_page(tree["en_parent"])
    assert english.get_translation(dutch.locale).pk == dutch.pk

    # The internal link points to the consumer's own page for that key, in the same language.
    zorgplicht, en_zorgplicht = consumer_page(tree["zorgplicht"]), consumer_page(tree["en_zorgplicht"])
    assert (
        f'linktype="informatieset" key="{feed_key(tree["zorgplicht"].translation_key)}"'
        in dutch.national_body[1].value.source
    )
    client = Client()
    html = client.get(dutch.url).content.decode()
    assert re.search(rf'<a href="{re.escape(zorgplicht.url)}">zorgplicht</a>', html)
    en_html = client.get(english.url).content.decode()
    assert re.search(rf'<a href="{re.escape(en_zorgplicht.url)}">zorgplicht</a>', en_html)
    assert "Kinderen op het schoolplein" in html  # the image's alt text on the page

    # Themes and their labels arrive too.
    from plugins.informatieset_sync.models import InformatiesetThema

    assert InformatiesetThema.objects.get(code="zorgplicht").labels == {"nl": "Zorgplicht", "en": "Duty of care"}


def test_a_change_at_the_publisher_reaches_the_consumer(home, tmp_path):
    tree = full_tree(home)
    key, public = keygen(tmp_path)
    synced(export(tmp_path / "feed", key), public)
    unchanged = synced(export(tmp_path / "feed", key), public)  # the same content again
    assert (unchanged.revision, unchanged.updated, unchanged.created) == (1, 0, 0)

    source = tree["klachten"]
    source.title = "Klachten en geschillen"
    source.national_body = [{"type": "paragraph", "value": "<p>Eerst praten, dan pas een klacht.</p>"}]
    source.save_revision().publish()
    feed = export(tmp_path / "feed", key)
    assert json.loads(feed.read_bytes())["revision"] == 2
    run = synced(feed, public)
    assert (run.revision, run.updated) == (2, 1)
    assert consumer_page(source).title == "Klachten en geschillen"
    assert_same_pages()

    # A page the publisher unpublishes is unpublished on the consumer, not deleted.
    tree["en_klachten"].unpublish()
    run = synced(export(tmp_path / "feed", key), public)
    assert (run.revision, run.unpublished) == (3, 1)
    assert not InformatiesetPage.objects.get(
        translation_key=feed_key(source.translation_key), locale__language_code="en"
    ).live


def test_the_served_feed_syncs_like_the_exported_one(home, tmp_path, settings):
    """Fetch the publisher's URLs with the test client, as a consumer would, and sync what came back."""
    full_tree(home)
    key, public = keygen(tmp_path)
    settings.STEUNPUNT_INFORMATIESET_SIGN_KEY = str(key)
    client = Client()
    response = client.get("/informatieset/feed.json")
    assert response.status_code == 200 and response["ETag"]
    assert client.get("/informatieset/feed.json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    mirror = tmp_path / "mirror"
    (mirror / "assets").mkdir(parents=True)
    (mirror / "feed.json").write_bytes(response.content)
    (mirror / "feed.json.sig").write_bytes(client.get("/informatieset/feed.json.sig").content)
    for asset in json.loads(response.content)["assets"]:
        (mirror / asset["url"]).write_bytes(client.get("/informatieset/" + asset["url"]).content)
    synced(mirror / "feed.json", public)
    assert_same_pages()


def test_a_wrong_key_on_the_consumer_refuses_the_publishers_feed(home, tmp_path):
    full_tree(home)
    before = InformatiesetPage.objects.count()
    key, _public = keygen(tmp_path)
    (tmp_path / "ander").mkdir()
    _other_key, other_public = keygen(tmp_path / "ander")
    run = run_sync(str(export(tmp_path / "feed", key)), public_key=other_public)
    assert run.status == SyncRun.Status.FAILED and "does not verify" in run.error
    assert InformatiesetPage.objects.count() == before
