"""The consumer sync: what a feed does to the site's pages (feed-v1.md, "Meaning of a sync")."""

import http.server
import threading
import uuid

import pytest
from django.contrib.auth import get_user_model
from feedfactory import clone, key_for, make_feed, new_signing_key, write_feed
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageLogEntry, Revision

from plugins.informatieset_sync.locking import allow_national_changes
from plugins.informatieset_sync.models import (
    ChangeNotice,
    FeedAsset,
    InformatiesetIndexPage,
    InformatiesetPage,
    InformatiesetThema,
    SyncRun,
    SyncState,
)
from plugins.informatieset_sync.sync import SYSTEM_USERNAME, run_sync

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def feed_dir(tmp_path):
    return tmp_path / "feed"


def sync(feed_dir, feed, assets=None, **kwargs):
    path = write_feed(feed_dir, feed, assets or {})
    run = run_sync(str(path), **kwargs)
    return run


def page_for(key, language="nl"):
    return InformatiesetPage.objects.get(translation_key=key, locale__language_code=language)


def item_of(feed, n, language="nl"):
    key = key_for(n)
    return next(i for i in feed["items"] if i["key"] == key and i["language"] == language)


def without(feed, n):
    """The feed without key ``n``; links to it (from key n-1) point to key 0 instead."""
    smaller = clone(feed)
    smaller["revision"] = feed["revision"] + 1
    smaller["items"] = [i for i in smaller["items"] if i["key"] != key_for(n)]
    for item in smaller["items"]:
        for block in item["body"]:
            if block["type"] == "paragraph":
                block["value"] = block["value"].replace(f"informatieset:{key_for(n)}", f"informatieset:{key_for(0)}")
    return smaller


def snapshot():
    """Every synced page's row and every revision: what 'changes nothing' is checked against."""
    pages = list(InformatiesetPage.objects.order_by("pk").values())
    return pages, Revision.objects.count(), PageLogEntry.objects.count()


def test_first_sync_creates_published_locked_pages_in_each_language(site, feed_dir):
    feed, assets = make_feed(n_keys=5, languages=("nl", "en"), depth=3)
    run = sync(feed_dir, feed, assets)

    assert run.status == SyncRun.Status.SUCCESS, run.error
    assert (run.created, run.updated, run.unchanged) == (10, 0, 0)
    assert run.revision == 1 and run.finished_at is not None
    pages = InformatiesetPage.objects.live()
    assert pages.count() == 10
    system = get_user_model().objects.get(username=SYSTEM_USERNAME)
    assert not system.has_usable_password() and not system.is_staff
    for page in pages:
        assert page.live_revision_id == page.latest_revision_id
        assert page.live_revision.user == system
        assert not page.has_unpublished_changes
    # Tree: item 0 under "Informatie", items 1..3 under item 0, item 4 under item 1.
    nl_index = InformatiesetIndexPage.objects.get(locale__language_code="nl")
    first = page_for(key_for(0))
    assert first.get_parent().pk == nl_index.pk
    assert page_for(key_for(1)).get_parent().pk == first.pk
    assert page_for(key_for(4)).url == "/informatie/pagina-0/pagina-1/pagina-4/"
    assert page_for(key_for(4), "en").url == "/en/informatie/pagina-0/pagina-1/pagina-4/"
    assert nl_index.get_children().count() == 1 and first.get_children().count() == 3
    # Every field of the item is on the page.
    item = item_of(feed, 2)
    page = page_for(key_for(2))
    assert page.title == item["title"] and page.slug == item["slug"] and page.summary == item["summary"]
    assert page.audiences == item["audiences"] and page.themes == item["themes"]
    assert str(page.validated_on) == "2026-09-01" and page.validated_by == "Redactie informatieset"
    assert str(page.feed_item_id) == item["id"] and page.feed_position == item["position"]
    assert page.feed_revision == 1 and page.national_updated_at.year == 2026
    assert [b.block_type for b in page.national_body] == [b["type"] for b in item["body"]]
    # Pages are created by the sync, so their creation and publication are in the history.
    assert set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True)) == {
        "wagtail.create",
        "wagtail.publish",
    }
    state = SyncState.current()
    assert (state.revision, state.source) == (1, run.source)


def test_created_pages_are_a_sound_wagtail_tree(site, feed_dir):
    feed, assets = make_feed(n_keys=14, languages=("nl", "en"), depth=4)
    sync(feed_dir, feed, assets)
    # numchild, depth and paths as treebeard would have made them.
    for page in Page.objects.filter(
        path__startswith=InformatiesetIndexPage.objects.get(locale__language_code="nl").path
    ):
        assert page.numchild == page.get_children().count(), page.title
        assert page.depth == len(page.path) // Page.steplen
    problems = Page.find_problems()
    assert all(not group for group in problems), problems
    # The search index knows the new pages.
    from wagtail.search.backends import get_search_backend

    results = get_search_backend().search("Samenvatting van pagina 7", InformatiesetPage)
    assert key_for(7) in {str(p.translation_key) for p in results}


def test_translations_share_a_key_and_the_language_switcher_finds_them(site, feed_dir, client):
    feed, assets = make_feed(n_keys=3, languages=("nl", "en", "ar"), depth=2)
    sync(feed_dir, feed, assets)
    page = page_for(key_for(1))
    translations = {p.locale.language_code: p for p in page.get_translations(inclusive=True)}
    assert set(translations) == {"nl", "en", "ar"}
    assert translations["ar"].title == "Pagina 1 (ar)"
    html = client.get(translations["en"].url).content.decode()
    assert 'href="/ar/informatie/pagina-0/pagina-1/"' in html
    assert 'href="/informatie/pagina-0/pagina-1/"' in html


def test_unchanged_feed_changes_nothing_not_even_a_revision(site, feed_dir):
    feed, assets = make_feed(n_keys=6, languages=("nl", "en"))
    sync(feed_dir, feed, assets)
    before = snapshot()
    run = sync(feed_dir, feed, assets)
    assert run.status == SyncRun.Status.SUCCESS
    assert (run.created, run.updated, run.unchanged, run.moved, run.unpublished) == (0, 0, 12, 0, 0)
    assert snapshot() == before


def test_unchanged_sync_needs_a_fixed_number_of_queries(site, feed_dir, django_assert_max_num_queries):
    feed, assets = make_feed(n_keys=20, languages=("nl", "en"))
    sync(feed_dir, feed, assets)
    with django_assert_max_num_queries(40):
        run = sync(feed_dir, feed, assets)
    assert run.unchanged == 40


def test_changed_item_gets_a_new_published_revision_by_the_system_user(site, feed_dir):
    feed, assets = make_feed(n_keys=4, languages=("nl", "en"))
    sync(feed_dir, feed, assets)
    other_revisions = Revision.objects.exclude(object_id=str(page_for(key_for(2)).pk)).count()
    changed = clone(feed)
    changed["revision"] = 2
    item = item_of(changed, 2)
    item["title"] = "Nieuwe titel"
    item["body"][1]["value"] = "<p>Nieuwe uitleg.</p>"
    run = sync(feed_dir, changed, assets)

    assert (run.created, run.updated, run.unchanged) == (0, 1, 7)
    page = page_for(key_for(2))
    assert page.title == "Nieuwe titel" and page.live and not page.has_unpublished_changes
    assert page.national_body[1].value.source == "<p>Nieuwe uitleg.</p>"
    assert page.revisions.count() == 2
    assert page.live_revision.user.username == SYSTEM_USERNAME
    assert page.feed_revision == 2
    # Nothing else got a revision; the English page of the same key did not change either.
    assert Revision.objects.exclude(object_id=str(page.pk)).count() == other_revisions
    assert page_for(key_for(2), "en").revisions.count() == 1


def test_removed_item_is_unpublished_not_deleted_and_comes_back(site, feed_dir):
    feed, assets = make_feed(n_keys=5, languages=("nl",), depth=2)
    sync(feed_dir, feed, assets)
    leaf = page_for(key_for(4))
    with allow_national_changes():
        leaf.regional_body = [("paragraph", "<p>In onze regio helpt Anna.</p>")]
        leaf.save_revision().publish()

    run = sync(feed_dir, without(feed, 4), assets)
    assert run.status == SyncRun.Status.SUCCESS, run.error
    assert (run.unpublished, run.updated, run.unchanged) == (1, 1, 3)  # item 3 linked to item 4
    leaf = page_for(key_for(4))
    assert not leaf.live and leaf.removed_from_feed
    assert "Anna" in str(leaf.regional_body)

    again = clone(feed)
    again["revision"] = 3
    run = sync(feed_dir, again, assets)
    assert (run.republished, run.updated, run.unchanged) == (1, 1, 3)
    leaf = page_for(key_for(4))
    assert leaf.live and not leaf.removed_from_feed
    assert "Anna" in str(leaf.regional_body)
    assert InformatiesetPage.objects.filter(translation_key=key_for(4)).count() == 1


def test_new_page_with_the_slug_of_a_removed_page_is_the_one_visitors_get(site, feed_dir, client):
    feed, assets = make_feed(n_keys=2, languages=("nl",), depth=2)
    sync(feed_dir, feed, assets)
    old = page_for(key_for(1))
    replaced = clone(feed)
    replaced["revision"] = 2
    item = item_of(replaced, 1)
    item["key"], item["id"], item["title"] = str(uuid.uuid4()), str(uuid.uuid4()), "Opnieuw geschreven"
    paragraph = item_of(replaced, 0)["body"][1]
    paragraph["value"] = paragraph["value"].replace(key_for(1), item["key"])
    run = sync(feed_dir, replaced, assets)
    assert run.status == SyncRun.Status.SUCCESS, run.error
    assert (run.created, run.unpublished) == (1, 1)
    response = client.get("/informatie/pagina-0/pagina-1/")
    assert response.status_code == 200 and "Opnieuw geschreven" in response.content.decode()
    assert InformatiesetPage.objects.get(pk=old.pk).slug != "pagina-1"


def test_moves_renames_and_positions_follow_the_feed(site, feed_dir):
    feed, assets = make_feed(n_keys=5, languages=("nl", "en"), depth=3)
    sync(feed_dir, feed, assets)
    moved = clone(feed)
    moved["revision"] = 2
    for language in ("nl", "en"):
        item_of(moved, 1, language)["parent"] = None  # item 1 (with child 4) to the top
        item_of(moved, 1, language)["slug"] = "nieuwe-plek"  # and renamed
        item_of(moved, 2, language)["position"] = 999
    revisions = {p.pk: p.revisions.count() for p in InformatiesetPage.objects.all()}
    run = sync(feed_dir, moved, assets)

    assert run.status == SyncRun.Status.SUCCESS, run.error
    assert run.moved == 4  # item 1 (nl, en) moved, item 2 (nl, en) reordered
    assert run.updated == 2  # the rename
    one = page_for(key_for(1))
    assert one.get_parent().specific_class is InformatiesetIndexPage
    assert one.url == "/informatie/nieuwe-plek/"
    assert page_for(key_for(4)).url == "/informatie/nieuwe-plek/pagina-4/"
    assert page_for(key_for(4), "en").url == "/en/informatie/nieuwe-plek/pagina-4/"
    assert page_for(key_for(2)).feed_position == 999
    # Reordering is not a content change.
    assert page_for(key_for(2)).revisions.count() == revisions[page_for(key_for(2)).pk]
    listing = list(
        InformatiesetPage.objects.child_of(page_for(key_for(0)))
        .order_by("feed_position")
        .values_list("slug", flat=True)
    )
    assert listing[-1] == "pagina-2"
    assert all(not group for group in Page.find_problems())


def test_items_in_languages_the_site_does_not_offer_are_skipped(site, feed_dir, settings):
    settings.LANGUAGES = [code for code in settings.LANGUAGES if code[0] != "ar"]
    feed, assets = make_feed(n_keys=3, languages=("nl", "en", "ar"))
    run = sync(feed_dir, feed, assets)
    assert run.status == SyncRun.Status.SUCCESS
    assert run.created == 6
    assert sorted((s["language"], s["key"]) for s in run.skipped) == sorted(("ar", key_for(n)) for n in range(3))
    assert not InformatiesetPage.objects.filter(locale__language_code="ar").exists()


def test_assets_become_wagtail_images_once(site, feed_dir):
    feed, assets = make_feed(n_keys=3, languages=("nl",), n_assets=2)
    sync(feed_dir, feed, assets)
    assert FeedAsset.objects.count() == 2
    image_block = next(b for b in page_for(key_for(1)).national_body if b.block_type == "image")
    asset_id = next(b["value"]["asset"] for b in item_of(feed, 1)["body"] if b["type"] == "image")
    feed_asset = FeedAsset.objects.get(sha256=asset_id.split(":")[1])
    assert image_block.value["image"].pk == feed_asset.image_id
    assert image_block.value["alt"] == "Afbeelding bij pagina 1"
    assert feed_asset.image.collection.name == "Informatieset"
    images = get_image_model().objects.count()
    sync(feed_dir, feed, assets, force=True)
    assert get_image_model().objects.count() == images


def test_informatieset_links_are_stored_as_link_type_and_html_is_sanitised(site, feed_dir):
    feed, assets = make_feed(n_keys=3, languages=("nl",))
    sync(feed_dir, feed, assets)
    paragraph = page_for(key_for(0)).national_body[1].value.source
    assert f'<a linktype="informatieset" key="{key_for(1)}">' in paragraph
    assert '<a href="https://www.example.org/passend-onderwijs">' in paragraph
    assert "informatieset:" not in paragraph


def test_editor_draft_and_regional_fields_survive_a_national_update(site, feed_dir, redacteur):
    feed, assets = make_feed(n_keys=3, languages=("nl",))
    sync(feed_dir, feed, assets)
    page = page_for(key_for(2))
    # The editor published a regional supplement, then started a newer draft.
    page.regional_body = [("paragraph", "<p>Gepubliceerd regionaal.</p>")]
    page.save_revision(user=redacteur).publish(user=redacteur)
    page = page_for(key_for(2))
    page.regional_body = [("paragraph", "<p>Concept regionaal.</p>")]
    draft = page.save_revision(user=redacteur)
    live_before = page_for(key_for(2)).live_revision

    changed = clone(feed)
    changed["revision"] = 2
    item_of(changed, 2)["title"] = "Landelijk aangepast"
    run = sync(feed_dir, changed, assets)
    assert run.updated == 1

    page = page_for(key_for(2))
    assert page.title == "Landelijk aangepast"
    assert "Gepubliceerd regionaal" in str(page.regional_body)  # the live page kept its published supplement
    assert page.live_revision.user.username == SYSTEM_USERNAME
    # The editor's draft is still the latest revision, with the new national text.
    latest = page.latest_revision
    assert latest.pk not in (draft.pk, page.live_revision_id) and page.has_unpublished_changes
    latest_page = latest.as_object()
    assert "Concept regionaal" in str(latest_page.regional_body)
    assert latest_page.title == "Landelijk aangepast"
    # Editors are told: a change notice with both revisions.
    notice = ChangeNotice.objects.get(page=page)
    assert notice.sync_run_id == run.pk
    assert notice.old_revision_id == live_before.pk and notice.new_revision_id == page.live_revision_id
    assert notice.reviewed_at is None


def test_no_change_notice_without_regional_additions(site, feed_dir):
    feed, assets = make_feed(n_keys=2, languages=("nl",))
    sync(feed_dir, feed, assets)
    changed = clone(feed)
    changed["revision"] = 2
    item_of(changed, 1)["title"] = "Anders"
    sync(feed_dir, changed, assets)
    assert not ChangeNotice.objects.exists()


def test_an_older_revision_is_refused_unless_forced(site, feed_dir):
    feed, assets = make_feed(n_keys=2, languages=("nl",), revision=5)
    sync(feed_dir, feed, assets)
    older = clone(feed)
    older["revision"] = 4
    item_of(older, 1)["title"] = "Oude versie"
    before = snapshot()
    run = sync(feed_dir, older, assets)
    assert run.status == SyncRun.Status.FAILED
    assert "4" in run.error and "5" in run.error and run.error_field == "revision"
    assert snapshot() == before
    run = sync(feed_dir, older, assets, force=True)
    assert run.status == SyncRun.Status.SUCCESS and run.forced
    assert page_for(key_for(1)).title == "Oude versie"
    assert SyncState.current().revision == 4


def test_dry_run_counts_but_changes_nothing(site, feed_dir):
    feed, assets = make_feed(n_keys=4, languages=("nl", "en"))
    before = snapshot()
    images = get_image_model().objects.count()
    run = sync(feed_dir, feed, assets, dry_run=True)
    assert run.status == SyncRun.Status.DRY_RUN
    assert run.created == 8
    assert snapshot() == before
    assert get_image_model().objects.count() == images
    assert not SyncState.objects.exists()

    sync(feed_dir, feed, assets)
    changed = clone(feed)
    changed["revision"] = 2
    item_of(changed, 3)["title"] = "Proef"
    before = snapshot()
    run = sync(feed_dir, changed, assets, dry_run=True)
    assert (run.status, run.updated, run.unchanged) == (SyncRun.Status.DRY_RUN, 1, 7)
    assert snapshot() == before


def test_themes_mirror_the_feed(site, feed_dir):
    feed, assets = make_feed(n_keys=4, languages=("nl", "en"))
    sync(feed_dir, feed, assets)
    assert list(InformatiesetThema.objects.values_list("code", flat=True)) == [t["code"] for t in feed["themes"]]
    changed = clone(feed)
    changed["revision"] = 2
    changed["themes"] = [
        {"code": "zorgplicht", "label": {"nl": "Zorgplicht", "en": "Duty of care"}},
        changed["themes"][0],
    ]
    for item in changed["items"]:
        item["themes"] = [t for t in item["themes"] if t in ("zorgplicht", changed["themes"][1]["code"])]
    sync(feed_dir, changed, assets)
    themes = list(InformatiesetThema.objects.all())
    assert [t.code for t in themes] == ["zorgplicht", "passend-onderwijs"]
    assert themes[0].label("en") == "Duty of care"


def test_a_signed_feed_is_accepted_with_the_key(site, feed_dir):
    private, public = new_signing_key()
    feed, assets = make_feed(n_keys=2, languages=("nl",))
    path = write_feed(feed_dir, feed, assets, sign_key=private)
    run = run_sync(str(path), public_key=public)
    assert run.status == SyncRun.Status.SUCCESS, run.error
    other, other_public = new_signing_key()
    run = run_sync(str(path), public_key=other_public, force=True)
    assert run.status == SyncRun.Status.FAILED and "signature" in run.error


def test_alias_made_by_wagtail_localize_becomes_the_synced_translation(site, feed_dir):
    feed, assets = make_feed(n_keys=2, languages=("nl",), depth=2)
    sync(feed_dir, feed, assets)
    tr = Locale.objects.get(language_code="tr")
    with allow_national_changes():
        alias = page_for(key_for(1)).copy_for_translation(tr, copy_parents=True, alias=True)
    assert alias.alias_of_id
    with_tr, assets = make_feed(n_keys=2, languages=("nl", "tr"), depth=2, revision=2)
    run = sync(feed_dir, with_tr, assets)
    assert run.status == SyncRun.Status.SUCCESS, run.error
    pages = InformatiesetPage.objects.filter(translation_key=key_for(1), locale=tr)
    assert pages.count() == 1
    page = pages.get()
    assert page.pk == alias.pk and page.alias_of_id is None
    assert page.title == "Pagina 1 (tr)" and page.live and page.live_revision is not None


def test_bundled_feed_gives_pages_in_dutch_english_arabic_and_ukrainian(site, client):
    run = run_sync()
    assert run.status == SyncRun.Status.SUCCESS, run.error
    assert run.skipped == []
    counts = {
        code: InformatiesetPage.objects.live().filter(locale__language_code=code).count()
        for code in ("nl", "en", "ar", "uk")
    }
    assert counts["nl"] >= 35 and counts["en"] == counts["nl"] and counts["ar"] >= 5 and counts["uk"] >= 5
    for code in ("nl", "en", "ar", "uk"):
        page = InformatiesetPage.objects.live().filter(locale__language_code=code).order_by("path").last()
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    # Images of the set are shown with their alt text.
    assert FeedAsset.objects.count() == 4


class _ETagHandler(http.server.BaseHTTPRequestHandler):
    body = b""
    requests = []

    def do_GET(self):
        type(self).requests.append((self.path, self.headers.get("If-None-Match")))
        if self.path.startswith("/assets/"):
            data = self.server.assets[self.path.rsplit("/", 1)[1]]
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, *args):
        pass


def test_etag_not_modified_changes_nothing_and_force_fetches_again(site):
    from feedfactory import feed_bytes

    feed, assets = make_feed(n_keys=2, languages=("nl",))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ETagHandler)
    server.body, server.assets = feed_bytes(feed), assets
    _ETagHandler.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/feed.json"
        run = run_sync(url)
        assert run.status == SyncRun.Status.SUCCESS, run.error
        assert SyncState.current().etag == '"v1"'
        before = snapshot()
        run = run_sync(url)
        assert run.status == SyncRun.Status.NOT_MODIFIED
        assert snapshot() == before
        assert _ETagHandler.requests[-1] == ("/feed.json", '"v1"')
        run = run_sync(url, force=True)
        assert run.status == SyncRun.Status.SUCCESS and run.unchanged == 2
        assert _ETagHandler.requests[-1][1] is None or _ETagHandler.requests[-2] == ("/feed.json", None)
    finally:
        server.shutdown()
        server.server_close()


def test_unreachable_source_fails_without_raising(site):
    run = run_sync("http://127.0.0.1:9/feed.json")
    assert run.status == SyncRun.Status.FAILED and run.error
    assert run.finished_at is not None


def test_periodic_job_is_registered_and_runs_a_sync(site, settings, feed_dir):
    from distro.extensions import periodic_jobs

    job = periodic_jobs.get("informatieset-sync")
    assert job.every.total_seconds() == 60 * 60
    feed, assets = make_feed(n_keys=2, languages=("nl",))
    settings.STEUNPUNT_INFORMATIESET_SOURCE = str(write_feed(feed_dir, feed, assets))
    message = job.func()
    run = SyncRun.objects.first()
    assert run.trigger == SyncRun.Trigger.JOB and run.status == SyncRun.Status.SUCCESS
    assert "2 new" in message
    settings.STEUNPUNT_INFORMATIESET_SOURCE = str(feed_dir / "missing.json")
    with pytest.raises(RuntimeError):
        job.func()
