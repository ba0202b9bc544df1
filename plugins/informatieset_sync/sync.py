"""Applying an informatieset feed to the site: the consumer sync.

    run = run_sync()                       # the configured source
    run = run_sync("https://…/feed.json", force=True, progress=print_progress)

A sync follows "Meaning of a sync" in feed-v1.md. Everything that can fail
because of the feed or the network (download, signature, validation, asset
checks, replayed revisions) happens before the database transaction starts;
then one transaction applies the whole feed inside
:func:`~.locking.allow_national_changes`, or nothing at all.

``run_sync`` never raises for a bad feed, a network problem or a database
error: it returns the :class:`~.models.SyncRun` with status ``failed`` and the
error (naming the item and field where there is one).

Speed: unchanged items are found from one query over all synced pages and
cost no further query. New pages are written by a *page writer*: the fast
path (:mod:`.fastpath`, Wagtail internals fenced in one module, verified per
Wagtail version) or the public path (:mod:`.publicpath`, Wagtail's public API
only), chosen by :func:`page_writer`. Updates, moves and unpublishing use
Wagtail's API (``save_revision``, ``publish``, the move and unpublish actions)
on both paths. The fast path updates the search index and Wagtail's reference
index once per page at the end instead of on each of the three saves Wagtail
makes per page.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.actions.move_page import MovePageAction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Collection, Locale, Page, ReferenceIndex, Revision, Site

from distro.pagecache.store import invalidate as pages_changed

from . import conf, fastpath
from .feed import FeedError, Limits, LoadedFeed, NotModified, load_feed
from .locking import allow_national_changes
from .models import (
    ChangeNotice,
    FeedAsset,
    InformatiesetIndexPage,
    InformatiesetPage,
    InformatiesetThema,
    SyncRun,
    SyncState,
)
from .notices import schedule_change_notice_mail
from .publicpath import PublicPageWriter
from .sanitize import sanitize_html

__all__ = ["run_sync", "ensure_index_pages", "system_user", "SYSTEM_USERNAME", "content_hash"]

logger = logging.getLogger(__name__)

SYSTEM_USERNAME = "informatieset"
COLLECTION_NAME = "Informatieset"
#: Part of every content hash: bump it when the way items become pages changes,
#: so the next sync rewrites every page once.
HASH_VERSION = "1"

INDEX_TITLE = "Informatie"
INDEX_SLUG = "informatie"
INDEX_INTRO = (
    "<p>Hier vindt u betrouwbare informatie over passend onderwijs. Voor ouders, voor jongeren en voor kinderen. "
    "De teksten komen uit de landelijke informatieset en worden vanzelf bijgewerkt. Bij veel onderwerpen leest u "
    "ook wat het steunpunt in onze regio voor u kan doen.</p>"
)

INTERNAL_HREF_RE = re.compile(r'<a href="informatieset:([0-9a-f-]{36})"')

Progress = Callable[[int, int, str], None]


class SyncError(Exception):
    """The site cannot take a sync (for example: setup_site never ran)."""


class _RollBack(Exception):
    """Leaves the apply transaction of a dry run."""


# --- public interface --------------------------------------------------------


def run_sync(
    source: str | None = None,
    *,
    force: bool = False,
    dry_run: bool = False,
    trigger: str = SyncRun.Trigger.COMMAND,
    user=None,
    progress: Progress | None = None,
    public_key: str | None = None,
    limits: Limits | None = None,
) -> SyncRun:
    """Fetch the feed and apply it; the returned SyncRun tells what happened."""
    source = str(source) if source else conf.source()
    key = conf.public_key() if public_key is None else public_key
    limits = limits or conf.limits()
    report = progress or (lambda done, total, phase: None)
    run = SyncRun.objects.create(
        source=source[:1000],
        trigger=trigger,
        started_by=user if user is not None and getattr(user, "pk", None) else None,
        forced=force,
        status=SyncRun.Status.RUNNING,
    )
    try:
        _sync(run, source, key, limits, force=force, dry_run=dry_run, report=report)
    except FeedError as exc:
        _failed(run, str(exc), item=exc.item, field=exc.field)
    except SyncError as exc:
        _failed(run, str(exc))
    except Exception as exc:  # a database or programming error: nothing was applied (rolled back)
        logger.exception("Informatieset sync from %s failed", source)
        _failed(run, f"{type(exc).__name__}: {exc}")
    run.finished_at = timezone.now()
    run.save()
    # The fast path writes with bulk statements that send no signals.
    if not dry_run and any(
        getattr(run, name) for name in ("created", "updated", "unpublished", "republished", "moved")
    ):
        pages_changed("informatieset sync")
    return run


def content_hash(item: dict, images: dict[str, int | None] | None = None) -> str:
    """What decides whether an item's page needs a new revision.

    Leaves out what is not content (id, parent, position, slug: those move or
    rename a page) and adds the Wagtail image of every asset the item shows.
    """
    content = {k: v for k, v in item.items() if k not in ("id", "parent", "position", "slug")}
    used = sorted(_asset_ids(item))
    payload = {"v": HASH_VERSION, "item": content, "images": {a: (images or {}).get(a) for a in used}}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def system_user():
    """The account every synced revision is written by: no password, no admin access."""
    User = get_user_model()
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is None:
        user = User(username=SYSTEM_USERNAME, first_name="Landelijke", last_name="informatieset", is_active=False)
        user.set_unusable_password()
        user.save()
    return user


def ensure_index_pages(languages, *, home=None, user=None) -> dict[str, InformatiesetIndexPage]:
    """The "Informatie" page in Dutch and a translation of it in each of ``languages``.

    Made where missing (as published pages), never changed when present. Call
    inside :func:`allow_national_changes`.
    """
    nl = Locale.objects.get_or_create(language_code="nl")[0]
    dutch = InformatiesetIndexPage.objects.filter(locale=nl, alias_of__isnull=True).order_by("path").first()
    if dutch is None:
        if home is None:
            site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
            home = site.root_page.specific if site else None
        if home is None or home.locale_id != nl.pk:
            raise SyncError(
                _("Er is nog geen website om de informatieset in te zetten. Draai eerst 'steunpunt setup_site'.")
            )
        dutch = home.add_child(
            instance=InformatiesetIndexPage(
                title=INDEX_TITLE, slug=INDEX_SLUG, locale=nl, intro=INDEX_INTRO, owner=user
            )
        )
        dutch.save_revision(user=user, clean=False).publish(user=user, skip_permission_checks=True)
        dutch = InformatiesetIndexPage.objects.get(pk=dutch.pk)
    pages = {"nl": dutch}
    wanted = [code for code in dict.fromkeys(languages) if code != "nl"]
    existing = {
        p.locale.language_code: p
        for p in InformatiesetIndexPage.objects.filter(
            translation_key=dutch.translation_key, locale__language_code__in=wanted
        ).select_related("locale")
    }
    home_page = None
    for code in wanted:
        page = existing.get(code)
        if page is not None and page.alias_of_id:
            # wagtail-localize's locale synchronisation made it; make it a page of its own.
            Page.objects.filter(pk=page.pk).update(alias_of=None)
            page.alias_of = None
            page.save_revision(user=user, clean=False).publish(user=user, skip_permission_checks=True)
            page = InformatiesetIndexPage.objects.get(pk=page.pk)
        if page is None:
            locale = Locale.objects.get_or_create(language_code=code)[0]
            home_page = home_page or dutch.get_parent().specific
            if not home_page.has_translation(locale):
                # As setup_site does it: a published copy, so the page under it has a published parent.
                copy = home_page.copy_for_translation(locale)
                copy.save_revision(user=user, clean=False).publish(user=user, skip_permission_checks=True)
            page = dutch.copy_for_translation(locale, copy_parents=True)
            page.owner = user
            page.save_revision(user=user, clean=False).publish(user=user, skip_permission_checks=True)
            page = InformatiesetIndexPage.objects.get(pk=page.pk)
        pages[code] = page
    return pages


# --- the run -----------------------------------------------------------------


def _failed(run: SyncRun, message: str, *, item=None, field=None) -> None:
    run.status = SyncRun.Status.FAILED
    run.error = message
    run.error_item = (item or "")[:255]
    run.error_field = (field or "")[:255]
    for name in ("created", "updated", "unchanged", "unpublished", "republished", "moved"):
        setattr(run, name, 0)


def _sync(run: SyncRun, source: str, key: str, limits: Limits, *, force: bool, dry_run: bool, report: Progress):
    state = SyncState.current()
    etag = state.etag if (state.pk and state.source == source and not force) else None
    report(0, 0, "ophalen")
    try:
        loaded = load_feed(
            source,
            public_key=key or None,
            etag=etag,
            limits=limits,
            download_assets=True,
            progress=lambda message: report(0, 0, message),
        )
    except NotModified:
        run.status = SyncRun.Status.NOT_MODIFIED
        run.revision = state.revision or None
        return
    run.revision = loaded.revision
    _refuse_replay(loaded, state, force)

    offered = {code for code, _name in settings.LANGUAGES}
    items, skipped = [], []
    for item in loaded.data["items"]:
        if item["language"] in offered:
            items.append(item)
        else:
            skipped.append({"id": item["id"], "key": item["key"], "language": item["language"], "title": item["title"]})
    run.skipped = skipped

    user = system_user()
    writer = page_writer(user)
    stored_files: list = []
    try:
        with (
            transaction.atomic(),
            allow_national_changes(),
            writer.deferred_indexing((InformatiesetPage, InformatiesetIndexPage)),
        ):
            # One sync at a time (the job, the admin button and the command may
            # start together); the later one then sees what the first applied.
            state = _locked_state()
            _refuse_replay(loaded, state, force)
            images = _asset_images(
                loaded, user, create=not dry_run, stored_files=stored_files, reindex=writer.reindex_at_end
            )
            applier = _Applier(run, loaded, items, images, user, report, writer=writer, dry_run=dry_run)
            applier.apply()
            if dry_run:
                raise _RollBack
            state.source = source[:1000]
            state.revision = loaded.revision
            state.etag = (loaded.etag or "")[:500]
            state.applied_at = timezone.now()
            state.save()
    except _RollBack:
        pass
    except BaseException:
        # The image rows rolled back; their files are outside the transaction.
        for file in stored_files:
            file.storage.delete(file.name)
        raise
    for name, value in applier.counts.items():
        setattr(run, name, value)
    run.status = SyncRun.Status.DRY_RUN if dry_run else SyncRun.Status.SUCCESS
    report(applier.total, applier.total, "klaar")


def _locked_state() -> SyncState:
    state = SyncState.current()
    if state.pk is None:
        state.save()
    return SyncState.objects.select_for_update().get(pk=state.pk)


def _refuse_replay(loaded: LoadedFeed, state: SyncState, force: bool) -> None:
    if state.pk and loaded.revision < state.revision and not force:
        raise FeedError(
            f"feed revision {loaded.revision} is older than revision {state.revision}, which this site "
            "applied already (a replayed or rolled-back feed); use --force to apply it anyway",
            field="revision",
        )


# --- assets --------------------------------------------------------------------


def _asset_ids(item: dict) -> set[str]:
    return {b["value"]["asset"] for b in item["body"] if b["type"] == "image"}


def _asset_images(
    loaded: LoadedFeed, user, *, create: bool, stored_files: list, reindex: bool = False
) -> dict[str, int | None]:
    """Feed asset id -> Wagtail image id, storing new images (their files are added to ``stored_files``).

    Images were downloaded and checked before the transaction; an image is
    found again by its SHA-256. ``reindex``: the page writer switched off
    Wagtail's reference index on save, so each new image's references (its
    collection) are indexed here, as its save would have done.
    """
    hashes = {a["id"]: a["id"].split(":", 1)[1] for a in loaded.data["assets"]}
    known = dict(FeedAsset.objects.filter(sha256__in=hashes.values()).values_list("sha256", "image_id"))
    result = {asset_id: known.get(sha) for asset_id, sha in hashes.items()}
    missing = [a for a in loaded.data["assets"] if result[a["id"]] is None]
    if not missing or not create:
        return result
    from wagtail.images import get_image_model

    Image = get_image_model()
    collection = _collection()
    titles = _image_titles(loaded.data["items"])
    extension = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
    for asset in missing:
        sha = hashes[asset["id"]]
        data = loaded.assets[asset["id"]]
        name = f"informatieset-{sha[:16]}.{extension[asset['media_type']]}"
        with transaction.atomic():
            image = Image(
                title=titles.get(asset["id"]) or f"Informatieset {sha[:12]}",
                file=ImageFile(ContentFile(data), name=name),
                collection=collection,
                uploaded_by_user=None,
            )
            image._set_image_file_metadata()
            image.save()
            stored_files.append(image.file)
            FeedAsset.objects.create(sha256=sha, media_type=asset["media_type"], size=asset["size"], image=image)
            if reindex:
                ReferenceIndex.create_or_update_for_object(image)
        result[asset["id"]] = image.pk
    return result


def _collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def _image_titles(items) -> dict[str, str]:
    titles = {}
    for item in items:
        if item["language"] != "nl":
            continue
        for block in item["body"]:
            if block["type"] == "image" and block["value"].get("alt"):
                titles.setdefault(block["value"]["asset"], block["value"]["alt"][:255])
    return titles


# --- feed blocks -> stream data ------------------------------------------------


def rich_text(html: str) -> str:
    """Feed rich text as Wagtail stores it: sanitised again, item links as informatieset link type."""
    clean = sanitize_html(html)
    return INTERNAL_HREF_RE.sub(r'<a linktype="informatieset" key="\1"', clean)


def stream_data(body: list[dict], images: dict[str, int | None]) -> list[dict]:
    blocks = []
    for block in body:
        kind, value = block["type"], block["value"]
        if kind == "heading":
            value = {"text": value["text"], "level": str(value["level"])}
        elif kind == "paragraph":
            value = rich_text(value)
        elif kind == "faq":
            value = [{"question": q["question"], "answer": rich_text(q["answer"])} for q in value]
        elif kind == "callout":
            value = {"kind": value["kind"], "text": rich_text(value["text"])}
        elif kind == "steps":
            value = [{"title": s["title"], "text": rich_text(s["text"])} for s in value]
        elif kind == "image":
            value = {
                "image": images.get(value["asset"]),
                "alt": value.get("alt", ""),
                "decorative": bool(value.get("decorative", False)),
                "caption": value.get("caption", ""),
            }
        elif kind == "regional_contact":
            value = None
        else:  # validate_feed refuses unknown block types; never store one silently
            raise FeedError(f"unknown block type {kind!r}", field="body")
        blocks.append({"type": kind, "value": value})
    return blocks


# --- page writers and the search index ------------------------------------------------


def page_writer(user):
    """The fast path, unless the setting asks for the public API or the fast path is not verified here."""
    if getattr(settings, "STEUNPUNT_INFORMATIESET_SYNC_PUBLIC_API", False) or not fastpath.usable():
        return PublicPageWriter(user, InformatiesetPage)
    return fastpath.FastPageWriter(user, InformatiesetPage)


@task()
def index_pages(page_ids: list[int]) -> int:
    """Search index and Wagtail's reference index for pages the sync changed, once per page."""
    from modelsearch.index import get_search_backends_with_name

    pages = list(InformatiesetPage.objects.filter(pk__in=page_ids))
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        backend.add_bulk(InformatiesetPage, pages)
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)
    return len(pages)


# --- applying ---------------------------------------------------------------------


@dataclass
class _Row:
    """What the unchanged check needs of an existing synced page."""

    pk: int
    path: str
    slug: str
    feed_hash: str
    feed_position: int
    feed_item_id: object
    live: bool
    removed: bool
    alias: bool
    parent_key: object = None  # translation_key of the parent page; None under the index


def _parse_date(value: str) -> date:
    return date.fromisoformat(value)


def _parse_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class _Applier:
    def __init__(self, run, loaded, items, images, user, report, *, writer, dry_run):
        self.run = run
        self.loaded = loaded
        self.items = items
        self.images = images
        self.user = user
        self.report = report
        self.dry_run = dry_run
        self.writer = writer
        self.revision = loaded.revision
        self.total = len(items)
        self.counts = dict.fromkeys(("created", "updated", "unchanged", "unpublished", "republished", "moved"), 0)
        self.touched: set[int] = set()
        self.notices: list[int] = []
        self.cache: dict[tuple, Page] = {}
        self.pks: dict[tuple, int] = {}

    # -- the steps

    def apply(self):
        self.sync_themes()
        languages = sorted({item["language"] for item in self.items})
        self.indexes = ensure_index_pages(languages, user=self.user)
        self.locales = {p.locale.language_code: p.locale for p in self.indexes.values()}
        self.locale_codes = {locale.pk: code for code, locale in self.locales.items()}
        rows = self.existing_rows()
        done = 0
        structural = False
        for item in self.ordered(self.items):
            key = (item["key"], item["language"])
            row = rows.get(key)
            if row is None:
                self.create(item)
                structural = True
            else:
                structural |= self.sync_existing(item, row)
            done += 1
            if done % 25 == 0 or done == self.total:
                self.report(done, self.total, "toepassen")
        self.flush()
        in_feed = {(item["key"], item["language"]) for item in self.loaded.data["items"]}
        for key, row in rows.items():
            if key not in in_feed and not row.alias and key[1] in self.locales:
                structural |= self.remove(row)
        if structural:
            self.free_slugs_of_removed_pages()
        if self.notices and not self.dry_run:
            schedule_change_notice_mail(list(self.notices))
        if not self.dry_run and self.touched and self.writer.reindex_at_end:
            self.report(0, 0, "zoekindex")
            # A task, as Wagtail does it on every save: the worker does it in
            # production, right away with the immediate backend (demo, tests).
            index_pages.enqueue(sorted(self.touched))

    def sync_themes(self):
        wanted = {t["code"]: (t["label"], order) for order, t in enumerate(self.loaded.data["themes"])}
        existing = {t.code: t for t in InformatiesetThema.objects.all()}
        for code, (labels, order) in wanted.items():
            theme = existing.get(code)
            if theme is None:
                InformatiesetThema.objects.create(code=code, labels=labels, sort_order=order)
            elif theme.labels != labels or theme.sort_order != order:
                theme.labels, theme.sort_order = labels, order
                theme.save(update_fields=["labels", "sort_order"])
        gone = [code for code in existing if code not in wanted]
        if gone:
            InformatiesetThema.objects.filter(code__in=gone).delete()

    def existing_rows(self) -> dict[tuple, _Row]:
        """Every synced page in one query, keyed by (feed key, language)."""
        fields = (
            "pk",
            "path",
            "slug",
            "feed_hash",
            "feed_position",
            "feed_item_id",
            "live",
            "removed_from_feed",
            "alias_of_id",
            "translation_key",
            "locale_id",
        )
        key_by_path = {}
        rows = {}
        all_locales = dict(Locale.objects.values_list("pk", "language_code"))
        for values in InformatiesetPage.objects.values_list(*fields).iterator(chunk_size=2000):
            pk, path, slug, fhash, position, item_id, live, removed, alias_of, tkey, locale_id = values
            key_by_path[path] = tkey
            row = _Row(pk, path, slug, fhash, position, item_id, live, removed, alias_of is not None)
            row_key = (str(tkey), all_locales.get(locale_id))
            existing = rows.get(row_key)
            if existing is None or (existing.alias and not row.alias):
                rows[row_key] = row
        for row_key, row in rows.items():
            parent = key_by_path.get(fastpath.parent_path(row.path))
            row.parent_key = str(parent) if parent is not None else None
            self.pks[row_key] = row.pk
        return rows

    def ordered(self, items):
        """Parents before children, so a page's parent exists (and is in place) when it is handled."""
        parents = {(i["key"], i["language"]): i["parent"] for i in items}
        depths = {}

        def depth(key, language):
            found = depths.get((key, language))
            if found is None:
                parent = parents.get((key, language))
                found = 1 if parent is None else depth(parent, language) + 1
                depths[(key, language)] = found
            return found

        return sorted(items, key=lambda i: (depth(i["key"], i["language"]), i["language"], i["position"], i["slug"]))

    # -- helpers

    def parent_of(self, item) -> Page:
        if item["parent"] is None:
            return self.indexes[item["language"]]
        return self.page((item["parent"], item["language"]))

    def page(self, key) -> InformatiesetPage:
        page = self.cache.get(key)
        if page is None:
            page = InformatiesetPage.objects.get(pk=self.pks[key])
            self.cache[key] = page
        return page

    def set_national(self, page, item, fhash):
        page.title = item["title"]
        page.draft_title = item["title"]
        page.slug = item["slug"]
        page.search_description = item["summary"]
        page.summary = item["summary"]
        page.audiences = list(item["audiences"])
        page.themes = list(item["themes"])
        page.national_body = stream_data(item["body"], self.images)
        page.validated_on = _parse_date(item["validated"]["on"])
        page.validated_by = item["validated"]["by"]
        page.feed_item_id = item["id"]
        page.feed_position = item["position"]
        page.feed_hash = fhash
        page.feed_revision = self.revision
        page.national_updated_at = _parse_datetime(item["updated_at"])
        page.removed_from_feed = False

    def publish(self, page) -> Revision:
        revision = page.save_revision(user=self.user, clean=False)
        revision.publish(user=self.user, skip_permission_checks=True)
        return revision

    # -- create, update, move, remove

    def create(self, item):
        """A new published page under its parent, with its creation and publication in the history."""
        key = (item["key"], item["language"])
        parent = self.parent_of(item)
        page = InformatiesetPage(locale=self.locales[item["language"]], translation_key=item["key"])
        self.set_national(page, item, content_hash(item, self.images))
        self.writer.create(parent, page)
        self.cache[key] = page
        self.pks[key] = page.pk
        self.touched.add(page.pk)
        self.counts["created"] += 1

    def flush(self):
        """Write what the page writer still holds; needed before Wagtail's tree operations read the tree."""
        self.writer.flush([*self.cache.values(), *self.indexes.values()])

    def sync_existing(self, item, row: _Row) -> bool:
        """Bring one existing page in line with its item; True when the tree changed."""
        key = (item["key"], item["language"])
        fhash = content_hash(item, self.images)
        content_changed = row.feed_hash != fhash
        returning = row.removed or not row.live
        parent_changed = row.parent_key != item["parent"]
        renamed = row.slug != item["slug"]
        reordered = row.feed_position != item["position"]
        new_id = str(row.feed_item_id) != item["id"]
        if not (content_changed or returning or row.alias or parent_changed or renamed or reordered or new_id):
            self.counts["unchanged"] += 1
            return False
        if parent_changed:
            self.flush()
            MovePageAction(self.page(key), self.parent_of(item), pos="last-child", user=self.user).execute(
                skip_permission_checks=True
            )
            # Paths of the moved subtree and numchild of both parents changed.
            self.cache.clear()
        if content_changed or returning or row.alias or renamed:
            self.update(item, row, fhash, notify=content_changed and not row.alias)
            if returning:
                self.counts["republished"] += 1
            else:
                self.counts["updated"] += 1
        elif reordered or new_id:
            self.writer.set_position(row.pk, feed_position=item["position"], feed_item_id=item["id"])
            self.cache.pop(key, None)
        if parent_changed or reordered:
            self.counts["moved"] += 1
            self.touched.add(row.pk)
        return parent_changed or renamed or returning

    def update(self, item, row: _Row, fhash: str, *, notify: bool):
        key = (item["key"], item["language"])
        if self.writer.pending:
            self.flush()
        # The row holds the live version: national fields change, regional fields stay as published.
        page = InformatiesetPage.objects.get(pk=row.pk)
        if page.alias_of_id:
            # wagtail-localize's locale synchronisation made it: it becomes the synced translation.
            Page.objects.filter(pk=page.pk).update(alias_of=None)
            page.alias_of = None
        old_live = page.live_revision_id
        draft_id = (
            page.latest_revision_id if page.has_unpublished_changes and page.latest_revision_id != old_live else None
        )
        regional = page.has_regional_additions
        self.set_national(page, item, fhash)
        revision = self.publish(page)
        if draft_id is not None:
            # An editor's unpublished draft stays the latest revision, now with the new national text.
            draft = Revision.objects.get(pk=draft_id).as_object()
            regional = regional or draft.has_regional_additions
            self.set_national(draft, item, fhash)
            draft.save_revision(user=self.user, clean=False, log_action=True)
        if notify and regional:
            notice = ChangeNotice.objects.create(
                page_id=page.pk, sync_run=self.run, old_revision_id=old_live, new_revision=revision
            )
            self.notices.append(notice.pk)
        self.cache.pop(key, None)
        self.touched.add(page.pk)

    def remove(self, row: _Row) -> bool:
        if row.removed and not row.live:
            return False
        page = InformatiesetPage.objects.get(pk=row.pk)
        page.removed_from_feed = True
        if page.live:
            UnpublishPageAction(page, user=self.user, log_action=True).execute(skip_permission_checks=True)
            self.counts["unpublished"] += 1
        else:
            InformatiesetPage.objects.filter(pk=page.pk).update(removed_from_feed=True)
        self.touched.add(page.pk)
        return True

    def free_slugs_of_removed_pages(self):
        """A removed page keeps its place; if a page in the feed now has its slug, it gets another one.

        Two siblings with one slug would make the live page unreachable.
        """
        pages = InformatiesetPage.objects.values_list("pk", "path", "slug", "removed_from_feed")
        taken = {(fastpath.parent_path(path), slug) for pk, path, slug, removed in pages if not removed}
        for pk, path, slug, removed in pages:
            if removed and (fastpath.parent_path(path), slug) in taken:
                page = InformatiesetPage.objects.get(pk=pk)
                page.slug = f"{slug}-{pk}"[:255]
                page.save(clean=False, update_fields=["slug", "url_path"])
