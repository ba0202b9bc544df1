"""Bad input, end to end: every feed that must be refused leaves the site exactly as it was.

For each bad input of issue 3 the sync command exits non-zero (CommandError),
``run_sync`` records a failed ``SyncRun`` whose error names the item and the
field, no page, revision, image, theme or sync state changes, and the next
valid feed syncs normally. feed.py's own tests (test_feed.py) cover the
validator in detail; these cover what an operator sees.

Every bad feed is built on the *next* revision of a valid feed, whose titles
changed: a sync that applied part of it before noticing the problem would show
up in the snapshot.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from dataclasses import field as dc_field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection
from feedfactory import (
    SVG_BYTES,
    asset_entry,
    clone,
    feed_bytes,
    jpeg_bytes,
    key_for,
    make_feed,
    new_signing_key,
    png_bytes,
    write_feed,
)
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision

from plugins.informatieset_sync import feed as feedmod
from plugins.informatieset_sync.models import (
    ChangeNotice,
    FeedAsset,
    InformatiesetPage,
    InformatiesetThema,
    SyncRun,
    SyncState,
)

N_KEYS = 7  # 14 items in nl and en: enough for a chain of depth 7
CHANGED_KEYS = (0, 2, 4, 6)  # titles that change in the next revision

PAGE_FIELDS = (
    "pk",
    "path",
    "depth",
    "numchild",
    "url_path",
    "title",
    "draft_title",
    "slug",
    "live",
    "has_unpublished_changes",
    "latest_revision_id",
    "live_revision_id",
    "first_published_at",
    "last_published_at",
    "locale_id",
    "translation_key",
    "content_type_id",
    "locked",
)
NATIONAL_FIELDS = (
    "summary",
    "audiences",
    "themes",
    "validated_on",
    "validated_by",
    "feed_item_id",
    "feed_position",
    "feed_hash",
    "feed_revision",
    "national_updated_at",
    "removed_from_feed",
)
STREAM_FIELDS = ("national_body", "regional_body", "experiences")


# --- the site's state ---------------------------------------------------------------


def snapshot() -> dict:
    """Everything a sync could change, as plain data."""
    pages = list(Page.objects.order_by("pk").values(*PAGE_FIELDS))
    national = []
    for page in InformatiesetPage.objects.order_by("pk"):
        row = {name: getattr(page, name) for name in NATIONAL_FIELDS}
        for name in STREAM_FIELDS:
            row[name] = json.dumps(page._meta.get_field(name).get_prep_value(getattr(page, name)), sort_keys=True)
        national.append((page.pk, row))
    revisions = list(Revision.objects.order_by("pk").values_list("pk", "object_id", "content_type_id"))
    return {
        "pages": pages,
        "national": national,
        "revisions": revisions,
        "revision_count": Revision.objects.count(),
        "feed_assets": list(FeedAsset.objects.order_by("pk").values("pk", "sha256", "image_id", "media_type", "size")),
        "images": list(get_image_model().objects.order_by("pk").values_list("pk", "file")),
        "themes": list(InformatiesetThema.objects.order_by("pk").values("pk", "code", "labels", "sort_order")),
        "sync_state": list(SyncState.objects.order_by("pk").values()),
        "change_notices": list(ChangeNotice.objects.order_by("pk").values_list("pk", "page_id", "reviewed_at")),
        "locales": list(Locale.objects.order_by("pk").values_list("pk", "language_code")),
    }


def assert_unchanged(before: dict, after: dict):
    for part in before:
        assert after[part] == before[part], f"{part} changed by a refused feed"


# --- feeds ----------------------------------------------------------------------------


def item_of(feed, n, language="nl"):
    key = key_for(n)
    return next(item for item in feed["items"] if item["key"] == key and item["language"] == language)


def block_index(item, kind):
    return next(i for i, block in enumerate(item["body"]) if block["type"] == kind)


def next_revision(feed, revision):
    """The same feed at ``revision`` with the titles of CHANGED_KEYS changed."""
    nxt = clone(feed)
    nxt["revision"] = revision
    for n in CHANGED_KEYS:
        for language in nxt["languages"]:
            item = item_of(nxt, n, language)
            item["title"] = f"Nieuwe titel {n} ({language})"
            item["updated_at"] = "2026-11-01T09:00:00Z"
    return nxt


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        pass


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server API
        route = self.server.routes.get(self.path)
        try:
            if route is None:
                self.send_error(404)
                return
            time.sleep(route.get("delay", 0))
            self.send_response(200)
            self.send_header("Content-Length", str(len(route["body"])))
            self.end_headers()
            self.wfile.write(route["body"])
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@dataclass
class Context:
    tmp_path: object
    feed: dict  # the valid feed that was applied
    assets: dict
    revision: int  # its revision
    nxt: dict  # the valid next revision
    sign_key: object = None  # the private key matching a configured public key
    servers: list = dc_field(default_factory=list)
    _dirs: int = 0

    def write(self, data, assets=None, sign_key=None) -> str:
        self._dirs += 1
        directory = self.tmp_path / f"feed-{self._dirs}"
        return str(write_feed(directory, data, self.assets if assets is None else assets, sign_key=sign_key))

    def serve(self, routes) -> str:
        server = Server(("127.0.0.1", 0), Handler)
        server.routes = routes
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    def close(self):
        for server in self.servers:
            server.shutdown()
            server.server_close()


@dataclass
class Bad:
    source: str
    fragment: str  # part of the error message (feed.py's English text)
    item: str | None = None  # expected SyncRun.error_item (a feed item id)
    field: str | None = None  # expected SyncRun.error_field
    items: tuple = ()  # alternatively: any of these item ids
    limits: feedmod.Limits | None = None  # passed to run_sync; the command gets them as its defaults
    settings: dict = dc_field(default_factory=dict)
    max_seconds: float | None = None


# --- the bad inputs -----------------------------------------------------------------------

CASES = {}


def case(name):
    def register(build):
        CASES[name] = build
        return build

    return register


def _mutated(ctx, mutate, **expected):
    feed = clone(ctx.nxt)
    found = mutate(feed)
    expected.update(found or {})
    return Bad(source=ctx.write(feed), **expected)


@case("invalid JSON")
def _(ctx):
    raw = feed_bytes(ctx.nxt).replace(b'"format_version": 1,', b'"format_version": 1,,', 1)
    return Bad(source=ctx.write(raw), fragment="not valid JSON")


@case("truncated file")
def _(ctx):
    raw = feed_bytes(ctx.nxt)
    return Bad(source=ctx.write(raw[: len(raw) // 2]), fragment="truncated")


@case("wrong format_version")
def _(ctx):
    def mutate(feed):
        feed["format_version"] = 2

    return _mutated(ctx, mutate, fragment="unsupported format_version", field="format_version")


@case("schema: missing title")
def _(ctx):
    def mutate(feed):
        item = item_of(feed, 3, "en")
        del item["title"]
        return {"item": item["id"]}

    return _mutated(ctx, mutate, fragment="required", field="title")


@case("schema: bad slug pattern")
def _(ctx):
    def mutate(feed):
        item = item_of(feed, 5)
        item["slug"] = "Pagina Vijf"
        return {"item": item["id"]}

    return _mutated(ctx, mutate, fragment="does not match", field="slug")


@case("duplicate ids")
def _(ctx):
    def mutate(feed):
        feed["items"][3]["id"] = feed["items"][2]["id"]
        return {"item": feed["items"][2]["id"]}

    return _mutated(ctx, mutate, fragment="duplicate id", field="id")


@case("duplicate (key, language)")
def _(ctx):
    def mutate(feed):
        item = item_of(feed, 1, "en")
        item["key"] = key_for(0)
        return {"item": item["id"]}

    return _mutated(ctx, mutate, fragment="duplicate (key, language)", field="key")


@case("parent missing")
def _(ctx):
    def mutate(feed):
        item = item_of(feed, 2)
        item["parent"] = str(uuid.uuid4())
        return {"item": item["id"]}

    return _mutated(ctx, mutate, fragment="is not an item of this feed", field="parent")


@case("parent in another language")
def _(ctx):
    def mutate(feed):
        feed["items"].remove(item_of(feed, 1, "en"))
        return {"item": item_of(feed, 4, "en")["id"]}

    return _mutated(ctx, mutate, fragment="but not in language 'en'", field="parent")


@case("cycle")
def _(ctx):
    def mutate(feed):
        item_of(feed, 0)["parent"] = key_for(4)  # key0 -> key4 -> key1 -> key0
        return {"items": tuple(item_of(feed, n)["id"] for n in (0, 1, 4))}

    return _mutated(ctx, mutate, fragment="cycle in parents", field="parent")


@case("depth over 6")
def _(ctx):
    def mutate(feed):
        for n in range(1, N_KEYS):  # nl: key0 <- key1 <- ... <- key6
            item_of(feed, n)["parent"] = key_for(n - 1)
        return {"item": item_of(feed, 6)["id"]}

    return _mutated(ctx, mutate, fragment="depth 7 exceeds the maximum of 6", field="parent")


@case("sibling slug clash")
def _(ctx):
    def mutate(feed):
        item = item_of(feed, 2)
        item["slug"] = item_of(feed, 1)["slug"]
        return {"item": item["id"]}

    return _mutated(ctx, mutate, fragment="is also used by sibling item", field="slug")


@case("unknown theme")
def _(ctx):
    def mutate(feed):
        item = item_of(feed, 3, "en")
        item["themes"] = [item["themes"][0], "onbekend"]
        return {"item": item["id"]}

    return _mutated(ctx, mutate, fragment="unknown theme 'onbekend'", field="themes[1]")


@case("unknown asset")
def _(ctx):
    def mutate(feed):
        item = item_of(feed, 2)
        b = block_index(item, "image")
        item["body"][b]["value"]["asset"] = "sha256:" + "0" * 64
        return {"item": item["id"], "field": f"body[{b}].value.asset"}

    return _mutated(ctx, mutate, fragment="unknown asset sha256:" + "0" * 64)


def _replace_asset(feed, **declared):
    old = feed["assets"][0]["id"]
    feed["assets"][0].update(declared)
    for item in feed["items"]:
        for block in item["body"]:
            if block["type"] == "image" and block["value"]["asset"] == old:
                block["value"]["asset"] = feed["assets"][0]["id"]


def _asset_case(ctx, content, field_name, fragment, **declared):
    feed = clone(ctx.nxt)
    _replace_asset(feed, **declared)
    assets = dict(ctx.assets, **{"img-0.png": content})
    source = ctx.write(feed, assets)
    return Bad(source=source, fragment=fragment, field=f"assets[0].{field_name}")


@case("asset with wrong hash")
def _(ctx):
    other = png_bytes(99)
    assert len(other) == len(ctx.assets["img-0.png"])
    return _asset_case(ctx, other, "id", "different SHA-256")


@case("asset with wrong size")
def _(ctx):
    return _asset_case(ctx, ctx.assets["img-0.png"] + b"extra", "size", "declared")


@case("asset with wrong type")
def _(ctx):
    data = jpeg_bytes()
    return _asset_case(
        ctx,
        data,
        "media_type",
        "declared image/png but its content is image/jpeg",
        **asset_entry(data, "assets/img-0.png"),
    )


@case("SVG asset declared as PNG")
def _(ctx):
    return _asset_case(ctx, SVG_BYTES, "media_type", "SVG", **asset_entry(SVG_BYTES, "assets/img-0.png"))


@case("SVG asset with SVG media type")
def _(ctx):
    feed = clone(ctx.nxt)
    _replace_asset(feed, **asset_entry(SVG_BYTES, "assets/img-0.svg", "image/svg+xml"))
    source = ctx.write(feed, dict(ctx.assets, **{"img-0.svg": SVG_BYTES}))
    return Bad(source=source, fragment="image/svg+xml", field="assets[0].media_type")


@case("link to an unknown key")
def _(ctx):
    unknown = str(uuid.uuid4())

    def mutate(feed):
        item = item_of(feed, 5, "en")
        item["body"][4]["value"][1]["text"] = f'<p>Zie <a href="informatieset:{unknown}">hier</a>.</p>'
        return {"item": item["id"]}

    return _mutated(
        ctx, mutate, fragment=f"link informatieset:{unknown} points to an unknown key", field="body[4].value[1].text"
    )


BAD_HTML = {
    "script": ("<p>Hoi</p><script>alert(1)</script>", "disallowed HTML <script>"),
    "style": ("<style>p{color:red}</style><p>Hoi</p>", "disallowed HTML <style>"),
    "on* attribute": ('<p onclick="alert(1)">Hoi</p>', "disallowed HTML attribute 'onclick'"),
    "javascript: URL": ('<p><a href="javascript:alert(1)">x</a></p>', "disallowed URL 'javascript:alert(1)'"),
}

for _name, (_html, _fragment) in BAD_HTML.items():

    def _html_case(ctx, html=_html, fragment=_fragment):
        def mutate(feed):
            item = item_of(feed, 4, "en")
            item["body"][1]["value"] = html
            return {"item": item["id"]}

        return _mutated(ctx, mutate, fragment=fragment, field="body[1].value")

    CASES[f"disallowed HTML: {_name}"] = _html_case


@case("feed over the size limit")
def _(ctx):
    return Bad(
        source=ctx.write(ctx.nxt),
        fragment="more than the limit of 1000 bytes",
        settings={"STEUNPUNT_INFORMATIESET_MAX_FEED_BYTES": 1000},
    )


@case("unreachable source")
def _(ctx):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # the port is closed again: nothing listens there
    return Bad(
        source=f"http://127.0.0.1:{port}/feed.json",
        fragment="could not be fetched",
        settings={"STEUNPUNT_INFORMATIESET_TIMEOUT": 2},
    )


@case("time-out")
def _(ctx):
    base = ctx.serve({"/feed.json": {"body": feed_bytes(ctx.nxt), "delay": 2.0}})
    return Bad(
        source=f"{base}/feed.json",
        fragment="timed out",
        settings={"STEUNPUNT_INFORMATIESET_TIMEOUT": 0.2},
        max_seconds=1.8,
    )


@case("missing signature")
def _(ctx):
    private, public = new_signing_key()
    ctx.sign_key = private
    return Bad(
        source=ctx.write(ctx.nxt),
        fragment="signature missing",
        settings={"STEUNPUNT_INFORMATIESET_PUBLIC_KEY": public},
    )


@case("wrong signature")
def _(ctx):
    private, public = new_signing_key()
    other, _ = new_signing_key()
    ctx.sign_key = private
    return Bad(
        source=ctx.write(ctx.nxt, sign_key=other),
        fragment="does not verify",
        settings={"STEUNPUNT_INFORMATIESET_PUBLIC_KEY": public},
    )


@case("older revision than last applied")
def _(ctx):
    older = clone(ctx.nxt)
    older["revision"] = ctx.revision - 1
    return Bad(source=ctx.write(older), fragment=str(ctx.revision - 1), field="revision")


# --- fixtures and checks ------------------------------------------------------------------------


def run(source, **kwargs):
    from plugins.informatieset_sync.sync import run_sync

    return run_sync(source, **kwargs)


@pytest.fixture
def synced(site, tmp_path):
    """A site that applied a valid 14-item feed (nl and en, three images)."""
    revision = SyncState.current().revision + 10
    feed, assets = make_feed(n_keys=N_KEYS, languages=("nl", "en"), depth=3, n_assets=3, revision=revision)
    ctx = Context(tmp_path=tmp_path, feed=feed, assets=assets, revision=revision, nxt=next_revision(feed, revision + 1))
    first = run(ctx.write(feed))
    assert first.status == SyncRun.Status.SUCCESS, first.error
    assert first.created == len(feed["items"])
    pages = InformatiesetPage.objects.filter(feed_item_id__in=[item["id"] for item in feed["items"]], live=True)
    assert pages.count() == len(feed["items"])
    yield ctx
    ctx.close()


def check_refused(run_obj: SyncRun, bad: Bad):
    assert run_obj.status == SyncRun.Status.FAILED
    assert run_obj.finished_at is not None
    assert bad.fragment in run_obj.error, run_obj.error
    if bad.items:
        assert run_obj.error_item in bad.items
        assert run_obj.error_item in run_obj.error
    else:
        assert run_obj.error_item == (bad.item or ""), run_obj.error
        if bad.item:
            assert bad.item in run_obj.error
    assert run_obj.error_field == (bad.field or ""), run_obj.error
    if bad.field:
        assert bad.field in run_obj.error


def check_next_revision_applies(ctx: Context):
    source = ctx.write(ctx.nxt, sign_key=ctx.sign_key)
    good = run(source)
    assert good.status == SyncRun.Status.SUCCESS, good.error
    assert good.revision == ctx.nxt["revision"]
    changed = len(CHANGED_KEYS) * len(ctx.nxt["languages"])
    assert (good.created, good.updated, good.unchanged) == (0, changed, len(ctx.nxt["items"]) - changed)
    page = InformatiesetPage.objects.get(feed_item_id=item_of(ctx.nxt, 4, "en")["id"])
    assert page.title == "Nieuwe titel 4 (en)" and page.live
    assert SyncState.current().revision == ctx.nxt["revision"]


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_changes_nothing(name, synced, settings):

    ctx = synced
    bad = CASES[name](ctx)
    for setting, value in bad.settings.items():
        setattr(settings, setting, value)
    before = snapshot()
    runs = SyncRun.objects.count()

    # the command: non-zero exit, naming the item and the field
    start = time.monotonic()
    with pytest.raises(CommandError) as info:
        call_command("sync_informatieset", "--source", bad.source, stdout=StringIO(), stderr=StringIO())
    elapsed = time.monotonic() - start
    message = str(info.value)
    assert SyncRun.objects.count() == runs + 1
    command_run = SyncRun.objects.order_by("-pk").first()
    assert command_run.trigger == SyncRun.Trigger.COMMAND
    for part in (bad.item, bad.field, command_run.error_item):
        if part:
            assert part in message, f"{part!r} not in the command's error {message!r}"
    check_refused(command_run, bad)
    if bad.max_seconds:
        assert elapsed < bad.max_seconds
    assert_unchanged(before, snapshot())

    # the API, as the periodic job and the admin button call it
    start = time.monotonic()
    failed = run(bad.source, limits=bad.limits)
    elapsed = time.monotonic() - start
    assert SyncRun.objects.count() == runs + 2
    assert failed.pk == SyncRun.objects.order_by("-pk").first().pk
    check_refused(failed, bad)
    if bad.max_seconds:
        assert elapsed < bad.max_seconds
    assert_unchanged(before, snapshot())

    # a dry run and a forced run of the same bad feed change nothing either
    # (an older revision is the one thing --force lets through)
    if name != "older revision than last applied":
        forced = run(bad.source, force=True, limits=bad.limits)
        assert forced.status == SyncRun.Status.FAILED
    dry = run(bad.source, dry_run=True, limits=bad.limits)
    assert dry.status == SyncRun.Status.FAILED
    assert_unchanged(before, snapshot())

    if "STEUNPUNT_INFORMATIESET_MAX_FEED_BYTES" in bad.settings:
        settings.STEUNPUNT_INFORMATIESET_MAX_FEED_BYTES = None  # the normal limit again (a configured key stays)
    check_next_revision_applies(ctx)


# --- a database error in the middle of an apply ---------------------------------------------------

WRITE_TABLES = ("wagtailcore_revision",)


class FailOnNthRevisionWrite:
    """Let the first N-1 writes to the revision table through, then fail the Nth.

    ``real=True`` runs a statement the database itself refuses (a duplicate
    primary key): on PostgreSQL that aborts the transaction, as a real
    failure would. ``real=False`` raises IntegrityError without touching the
    database.
    """

    def __init__(self, n, real):
        self.n, self.real, self.seen, self.fired = n, real, 0, False

    def __call__(self, execute, sql, params, many, context):
        if (
            not self.fired
            and sql.lstrip().upper().startswith(("INSERT", "UPDATE"))
            and any(t in sql for t in WRITE_TABLES)
        ):
            self.seen += 1
            if self.seen == self.n:
                self.fired = True
                if self.real:
                    return execute(
                        "INSERT INTO django_content_type (id, app_label, model) "
                        "SELECT id, app_label, model FROM django_content_type WHERE id = (SELECT MIN(id) FROM django_content_type)",
                        (),
                        False,
                        context,
                    )
                raise IntegrityError("simulated failure in the middle of the apply")
        return execute(sql, params, many, context)


def _fail_midway(source, n, real):
    trigger = FailOnNthRevisionWrite(n, real)
    with connection.execute_wrapper(trigger):
        result = run(source)
    assert trigger.fired, f"the sync wrote only {trigger.seen} revision rows; the failure was never triggered"
    return result


@pytest.mark.parametrize("real", [False, True], ids=["raised", "refused-by-database"])
def test_database_error_while_updating(synced, real):
    ctx = synced
    before = snapshot()
    # 8 of 14 pages change; the third revision write fails
    failed = _fail_midway(ctx.write(ctx.nxt), 3, real)
    assert failed.status == SyncRun.Status.FAILED
    assert failed.error and failed.finished_at is not None
    assert_unchanged(before, snapshot())
    check_next_revision_applies(ctx)


@pytest.mark.parametrize("real", [False, True], ids=["raised", "refused-by-database"])
def test_database_error_in_a_first_sync(site, tmp_path, real):
    revision = SyncState.current().revision + 10
    feed, assets = make_feed(n_keys=N_KEYS, languages=("nl", "en"), depth=3, n_assets=3, revision=revision)
    before = snapshot()
    failed = _fail_midway(str(write_feed(tmp_path / "a", feed, assets)), 7, real)
    assert failed.status == SyncRun.Status.FAILED and failed.error
    assert_unchanged(before, snapshot())
    assert not InformatiesetPage.objects.filter(feed_item_id=feed["items"][0]["id"]).exists()
    good = run(str(write_feed(tmp_path / "b", feed, assets)))
    assert good.status == SyncRun.Status.SUCCESS, good.error
    assert good.created == len(feed["items"])


@pytest.mark.django_db(transaction=True)
def test_database_error_outside_a_test_transaction(site, tmp_path):
    """The same with real commits and rollbacks (no test transaction around the sync)."""
    revision = SyncState.current().revision + 10
    feed, assets = make_feed(n_keys=N_KEYS, languages=("nl", "en"), depth=3, n_assets=3, revision=revision)
    ctx = Context(tmp_path=tmp_path, feed=feed, assets=assets, revision=revision, nxt=next_revision(feed, revision + 1))
    assert run(ctx.write(feed)).status == SyncRun.Status.SUCCESS
    before = snapshot()
    failed = _fail_midway(ctx.write(ctx.nxt), 3, real=True)
    assert failed.status == SyncRun.Status.FAILED
    # the failed run is recorded even though its transaction rolled back
    assert SyncRun.objects.get(pk=failed.pk).status == SyncRun.Status.FAILED
    assert_unchanged(before, snapshot())
    check_next_revision_applies(ctx)
