"""The sync's fast path: every use of Wagtail, treebeard and modelsearch internals, fenced in here.

The sync (``sync.py``) writes pages through a *page writer*: this module's
:class:`FastPageWriter`, or :class:`~.publicpath.PublicPageWriter`, which does
the same with Wagtail's public API only. The fast path is about five times
faster on a first sync (docs/benchmarks.md) because it skips work Wagtail
repeats on each of the three saves it makes per new page (add_child,
save_revision, publish): validation queries, permission checks, comment and
alias handling that a brand-new page cannot need, and a search-index and
reference-index update per save.

Nothing here is covered by Wagtail's deprecation policy, so the fast path is
only used on the Wagtail (and treebeard) versions it was verified on:
:data:`VERIFIED` below. On any other major.minor version :func:`usable` says
no, logs a warning once, and the sync takes the public path. The proof that
both paths make the same pages is
``tests/plugins/informatieset_sync/test_sync_equivalence.py``: run it before
adding a version to :data:`VERIFIED`.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

logger = logging.getLogger(__name__)

#: (package, major.minor) the fast path was verified on with the equivalence test.
VERIFIED = {"wagtail": "8.0", "treebeard": "5.3"}


def installed_versions() -> dict[str, str]:
    import treebeard
    import wagtail

    return {
        "wagtail": ".".join(wagtail.__version__.split(".")[:2]),
        "treebeard": ".".join(treebeard.__version__.split(".")[:2]),
    }


_warned = False


def usable() -> bool:
    """True when the installed Wagtail and treebeard are the versions the fast path was verified on."""
    global _warned
    installed = installed_versions()
    if installed == VERIFIED:
        return True
    if not _warned:
        _warned = True
        logger.warning(
            "Informatieset sync: the fast path was verified on %s, this site runs %s; "
            "using Wagtail's public API instead (slower, same pages).",
            ", ".join(f"{k} {v}" for k, v in VERIFIED.items()),
            ", ".join(f"{k} {v}" for k, v in installed.items()),
        )
    return False


def parent_path(path: str) -> str:
    """The treebeard path of a page's parent.

    Replaces ``page.get_parent()`` (a query per page) when the sync compares
    the whole synced tree with the feed in one query; it reads, never writes,
    and relies on treebeard's materialised path: ``steplen`` characters per level.
    Both writers use it.
    """
    return path[: -Page.steplen]


# --- search index: one update per page at the end, not one per save -----------------

_deferring_var = contextvars.ContextVar("informatieset_fastpath_deferring", default=False)
_guard_lock = threading.Lock()
_guard_installed = False


def _deferring() -> bool:
    return _deferring_var.get()


def _index_unless_deferred(sender, instance, **kwargs):
    if _deferring():
        return  # the fast path indexes each page it touched once, at the end
    from modelsearch.signal_handlers import post_save_signal_handler

    post_save_signal_handler(instance, **kwargs)


def install_search_guard(models) -> None:
    """Route modelsearch's save handler for ``models`` through :func:`_index_unless_deferred`.

    Internal: swaps modelsearch's own ``post_save_signal_handler`` (connected by
    ``modelsearch.signal_handlers.register_signal_handlers``), which has no
    public switch. Outside :meth:`FastPageWriter.deferred_indexing` the guard
    calls that handler unchanged, so every other save indexes as Wagtail does.
    Must mirror: the handler's signature and that it is connected per model
    without a dispatch_uid (so ``disconnect`` by function finds it).
    """
    global _guard_installed
    if _guard_installed:
        return
    from modelsearch.signal_handlers import post_save_signal_handler

    with _guard_lock:
        if _guard_installed:
            return
        for model in models:
            # Connect first: for a moment a save is indexed twice rather than not at all.
            post_save.connect(
                _index_unless_deferred, sender=model, dispatch_uid=f"informatieset-search-{model.__name__}"
            )
            post_save.disconnect(post_save_signal_handler, sender=model)
        _guard_installed = True


# --- the writer ---------------------------------------------------------------------------


class FastPageWriter:
    """Creates published pages as add_child + save_revision + publish would, in bulk.

    ``reindex_at_end`` tells the sync that this writer skipped the search and
    reference index on save: the sync then runs its ``index_pages`` task once
    for every page it touched.
    """

    name = "fast"
    reindex_at_end = True

    def __init__(self, user, page_model):
        self.user = user
        self.page_model = page_model
        self.content_type = ContentType.objects.get_for_model(page_model)
        self.base_content_type = ContentType.objects.get_for_model(Page)
        self.next_step: dict[int, int] = {}
        self.pending_pages: list = []
        self.pending_logs: list[PageLogEntry] = []
        self.pending_numchild: Counter = Counter()

    @contextlib.contextmanager
    def deferred_indexing(self, models):
        """No search-index or reference-index update on save while the sync runs.

        ``disable_reference_index_auto_update`` is a helper in ``wagtail.signal_handlers``,
        outside the page API; the search guard is :func:`install_search_guard`.
        New images are reference-indexed by the sync itself (``_asset_images``).
        Replaces: Wagtail's per-save index updates (three per new page).
        Must mirror: the end state, which ``sync.index_pages`` gives with the
        public ``backend.add_bulk`` and ``ReferenceIndex.create_or_update_for_object``.
        """
        from wagtail.signal_handlers import disable_reference_index_auto_update

        install_search_guard(models)
        token = _deferring_var.set(True)
        try:
            with disable_reference_index_auto_update():
                yield
        finally:
            _deferring_var.reset(token)

    @property
    def pending(self) -> bool:
        return bool(self.pending_pages)

    def _next_path(self, parent) -> str:
        """The path add_child would give the next child of ``parent``.

        Internal: ``Page._get_path`` and ``Page._str2int`` are treebeard's
        private path arithmetic (MP_Node). Replaces: ``MP_AddChildHandler``,
        which reads the parent's last child with a query per new page. Must
        mirror: treebeard's ``last-child`` position (the last child's step + 1,
        base-36 ``alphabet``, ``steplen`` characters). Counted per parent until
        :meth:`flush`, so a run of siblings costs one query.
        """
        step = self.next_step.get(parent.pk)
        if step is None:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        self.next_step[parent.pk] = step + 1
        return Page._get_path(parent.path, parent.depth + 1, step)

    def create(self, parent, page) -> None:
        """Save ``page`` (fields set, not yet saved) as a published child of ``parent``.

        Replaces ``parent.add_child(instance=page)``, ``page.save_revision(user=…)``
        and ``revision.publish(user=…)``. Must mirror what they leave behind:
        tree fields (path, depth, numchild of the parent, url_path), live,
        first/last_published_at, latest_revision_created_at, one Revision with
        the page's serialised content, live_revision = latest_revision, the
        ``wagtail.create`` and ``wagtail.publish`` log entries (user, revision,
        content_changed) and the ``page_published`` signal.
        """
        now = timezone.now()
        page.owner = self.user
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = page.latest_revision_created_at = now
        page.depth = parent.depth + 1
        page.path = self._next_path(parent)
        page.numchild = 0
        # Internal: ``_cached_parent_obj`` is treebeard's cache behind get_parent(),
        # which Page.save reads for url_path; ``_is_site_root`` is Wagtail's cache
        # for is_site_root() (a new page is never one). Saves two queries per page.
        page._cached_parent_obj = parent
        page._is_site_root = False
        # log_action=None: the create entry is written in bulk by flush().
        page.save(clean=False, log_action=None)
        # Internal: a Revision row written by hand instead of save_revision();
        # same fields as save_revision() writes for a new page.
        revision = Revision.objects.create(
            content_object=page,
            base_content_type=self.base_content_type,
            user=self.user,
            content=page.serializable_data(),
            object_str=str(page),
            created_at=now,
        )
        page.latest_revision = page.live_revision = revision
        self.pending_pages.append(page)
        self.pending_numchild[parent.pk] += 1
        # Internal: log rows built by hand (bulk_create in flush) instead of
        # wagtail.log_actions.log(); same action names, user, revision and content_changed.
        for action, rev in (("wagtail.create", None), ("wagtail.publish", revision)):
            self.pending_logs.append(
                PageLogEntry(
                    content_type=self.content_type,
                    label=page.get_admin_display_title(),
                    action=action,
                    timestamp=now,
                    data={},
                    user=self.user,
                    page=page,
                    revision=rev,
                    content_changed=True,
                )
            )

    def flush(self, cached_pages) -> None:
        """Write what :meth:`create` collected; needed before Wagtail's tree operations read the tree.

        ``cached_pages``: page instances the sync keeps in memory; their
        numchild is brought in line with the database.
        Internal: bulk_update / bulk_create / QuerySet.update bypass save() and
        its signals; ``page_published`` is sent by hand, as publish() sends it.
        """
        from wagtail.signals import page_published

        if self.pending_pages:
            Page.objects.bulk_update(self.pending_pages, ["latest_revision", "live_revision"], batch_size=250)
        for parent_pk, added in self.pending_numchild.items():
            # Replaces the numchild + 1 that add_child does per child.
            Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + added)
        for page in cached_pages:
            if page.pk in self.pending_numchild:
                page.numchild += self.pending_numchild[page.pk]
        if self.pending_logs:
            PageLogEntry.objects.bulk_create(self.pending_logs, batch_size=250)
        for page in self.pending_pages:
            page_published.send(sender=self.page_model, instance=page, revision=page.live_revision)
        self.pending_pages, self.pending_logs = [], []
        self.pending_numchild = Counter()
        self.next_step.clear()

    def set_position(self, page_pk: int, **fields) -> None:
        """Feed position or item id changed, nothing else: no revision (it is not content).

        QuerySet.update bypasses save() and its signals; the sync re-indexes
        the page at the end. Replaces ``page.save(update_fields=…)``.
        """
        self.page_model.objects.filter(pk=page_pk).update(**fields)
