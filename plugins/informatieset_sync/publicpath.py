"""The sync's public path: the page writer that uses Wagtail's public API only.

Chosen with ``STEUNPUNT_INFORMATIESET_SYNC_PUBLIC_API = True``, and
automatically when the installed Wagtail is not a version the fast path was
verified on (:func:`.fastpath.usable`). Slower (each new page costs three
saves with validation, and a search-index and reference-index update per
save), but it keeps working across Wagtail upgrades. It is also the reference
the fast path is tested against (test_sync_equivalence.py).
"""

from __future__ import annotations

import contextlib


class PublicPageWriter:
    name = "public"
    #: Wagtail's own signals keep the search index and the reference index up to date on every save.
    reindex_at_end = False
    pending = False

    def __init__(self, user, page_model):
        self.user = user
        self.page_model = page_model

    def deferred_indexing(self, models):
        return contextlib.nullcontext()

    def create(self, parent, page) -> None:
        page.owner = self.user
        parent.add_child(instance=page)
        revision = page.save_revision(user=self.user, clean=False)
        revision.publish(user=self.user, skip_permission_checks=True)

    def flush(self, cached_pages) -> None:
        """Nothing is pending: every page is written when it is created."""

    def set_position(self, page_pk: int, **fields) -> None:
        page = self.page_model.objects.get(pk=page_pk)
        for name, value in fields.items():
            setattr(page, name, value)
        page.save(clean=False, update_fields=list(fields))
