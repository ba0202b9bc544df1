"""The fast path makes the same pages as Wagtail's public API (issue 10).

The same feeds (three languages incl. Arabic, four levels deep, images; then a
revision that changes, renames, moves, reorders, adds and removes items; then
one that brings a removed item back) are synced once with the fast path and
once with ``STEUNPUNT_INFORMATIESET_SYNC_PUBLIC_API``, each inside a
transaction that is rolled back afterwards, so both start from the same site.
What is compared, and what is normalised, is in equivalence.py.
"""

import logging

import pytest
from django.db import transaction
from equivalence import differences, snapshot
from feedfactory import clone, key_for, make_feed, make_item, write_feed

from plugins.informatieset_sync import fastpath
from plugins.informatieset_sync.models import SyncRun
from plugins.informatieset_sync.sync import page_writer, run_sync, system_user

pytestmark = pytest.mark.django_db

LANGUAGES = ("nl", "en", "ar")
N_KEYS = 8


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class _Reset(Exception):
    pass


def feeds():
    first, assets = make_feed(n_keys=N_KEYS, languages=LANGUAGES, depth=4)
    asset_ids = [a["id"] for a in first["assets"]]
    second = clone(first)
    second["revision"] = 2
    by_key = {}
    for item in second["items"]:
        by_key.setdefault(item["key"], []).append(item)
    for item in by_key[key_for(2)]:  # changed content
        item["title"] += " (bijgewerkt)"
        item["body"][1]["value"] = item["body"][1]["value"].replace("Tekst voor", "Nieuwe tekst voor")
        item["updated_at"] = "2026-11-20T09:00:00Z"
    for item in by_key[key_for(5)]:  # renamed
        item["slug"] = "pagina-vijf"
    for item in by_key[key_for(6)]:  # moved: from under key 1 to under key 0
        item["parent"] = key_for(0)
    for item in by_key[key_for(3)]:  # reordered only
        item["position"] = 95
    removed = key_for(7)
    for item in second["items"]:
        for block in item["body"]:
            if block["type"] == "paragraph":
                block["value"] = block["value"].replace(f"informatieset:{removed}", f"informatieset:{key_for(0)}")
    second["items"] = [i for i in second["items"] if i["key"] != removed]
    second["items"] += [  # a new page, three levels down
        make_item(N_KEYS, language, 4, n_keys=N_KEYS, asset_ids=asset_ids) for language in LANGUAGES
    ]
    third = clone(second)
    third["revision"] = 3
    third["items"] += [i for i in first["items"] if i["key"] == removed]  # back in the feed
    return [(first, assets), (second, assets), (third, assets)]


def sync_and_snapshot(tmp_path, settings, *, public: bool, feed_list) -> dict:
    settings.STEUNPUNT_INFORMATIESET_SYNC_PUBLIC_API = public
    assert page_writer(system_user()).name == ("public" if public else "fast")
    result = None
    try:
        with transaction.atomic():
            for n, (feed, assets) in enumerate(feed_list):
                run = run_sync(str(write_feed(tmp_path / f"{public}-{n}", feed, assets)))
                assert run.status == SyncRun.Status.SUCCESS, run.error
            result = snapshot([feed for feed, _assets in feed_list])
            raise _Reset  # the other path starts from the same site
    except _Reset:
        pass
    return result


def test_fast_path_and_public_api_make_the_same_pages(site, tmp_path, settings):
    feed_list = feeds()
    fast = sync_and_snapshot(tmp_path, settings, public=False, feed_list=feed_list)
    public = sync_and_snapshot(tmp_path, settings, public=True, feed_list=feed_list)

    # The comparison is about something: the feeds did all of it.
    assert fast["runs"] == [
        ("success", 3 * N_KEYS, 0, 0, 0, 0, 0),
        ("success", 3, 9, 3 * (N_KEYS - 5), 3, 0, 6),
        ("success", 0, 0, 3 * N_KEYS, 0, 3, 0),
    ]
    assert fast["tree_problems"] == [0, 0, 0, 0, 0], "the fast path left treebeard problems"
    assert public["tree_problems"] == [0, 0, 0, 0, 0]
    assert any(ref[3] == "wagtailimages.image" for ref in fast["references"])
    assert len(fast["search"]) >= 3 * (N_KEYS + 1)
    assert any(code == "ar" for _key, code in fast["pages"] if _key)

    found = differences(fast, public)
    assert not found, f"{len(found)} differences:\n" + "\n".join(found[:60])


def test_the_comparison_catches_a_fast_path_that_goes_wrong(site, tmp_path, settings, monkeypatch):
    """Proof that the test above can fail: two deliberate faults in the fast path are reported."""
    feed_list = feeds()[:1]
    public = sync_and_snapshot(tmp_path, settings, public=True, feed_list=feed_list)

    # Fault 1: the end-of-sync reference index is forgotten for new pages.
    from wagtail.models import ReferenceIndex

    monkeypatch.setattr(ReferenceIndex, "create_or_update_for_object", classmethod(lambda cls, obj: None))
    fast = sync_and_snapshot(tmp_path, settings, public=False, feed_list=feed_list)
    monkeypatch.undo()
    found = differences(fast, public)
    assert found and all(line.startswith("/'references'") for line in found), found

    # Fault 2: a wrong url_path on every new page.
    original = fastpath.FastPageWriter.create

    def wrong_url_path(self, parent, page):
        original(self, parent, page)
        type(page).objects.filter(pk=page.pk).update(url_path=page.url_path + "fout/")

    monkeypatch.setattr(fastpath.FastPageWriter, "create", wrong_url_path)
    fast = sync_and_snapshot(tmp_path, settings, public=False, feed_list=feed_list)
    found = differences(fast, public)
    assert any("'url_path'" in line and "fout/" in line for line in found), found


def test_an_unverified_wagtail_version_takes_the_public_api(site, tmp_path, settings, monkeypatch, caplog):
    settings.STEUNPUNT_INFORMATIESET_SYNC_PUBLIC_API = False
    monkeypatch.setattr(fastpath, "VERIFIED", {"wagtail": "7.9", "treebeard": fastpath.VERIFIED["treebeard"]})
    monkeypatch.setattr(fastpath, "_warned", False)
    with caplog.at_level(logging.WARNING, logger="plugins.informatieset_sync.fastpath"):
        assert page_writer(system_user()).name == "public"
    assert "verified on wagtail 7.9" in caplog.text and "using Wagtail's public API" in caplog.text
    feed, assets = make_feed(n_keys=3, languages=("nl",), depth=2)
    run = run_sync(str(write_feed(tmp_path / "feed", feed, assets)))
    assert run.status == SyncRun.Status.SUCCESS and run.created == 3, run.error
