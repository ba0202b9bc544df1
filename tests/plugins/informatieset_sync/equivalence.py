"""What a sync left in the database, in a form two runs can be compared in.

:func:`snapshot` collects the pages (tree, fields, live state), their
revisions, history entries, Wagtail's reference index and the search index,
with every database id replaced by a natural key (a page by its translation
key and language, an image by its SHA-256, a revision by its number on its
page, a user by username). :func:`differences` lists where two snapshots
differ. Only what must differ between two runs is normalised; each place says
why.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from plugins.informatieset_sync.models import FeedAsset, InformatiesetPage, SyncRun
from plugins.informatieset_sync.sync import content_hash

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# Wall-clock times differ between two runs; what counts is whether they are set.
TIMESTAMPS = {"first_published_at", "last_published_at", "latest_revision_created_at", "locked_at", "created_at"}
# Revision content fields that Revision.as_object() (Page.with_content_json)
# takes from the page row, not from the revision, when the revision is shown or
# published; first_published_at only when the revision has none. Their value in
# the revision JSON therefore never reaches a page, and the fast path and
# Wagtail write them at different moments of the page's creation.
REVISION_FIELDS_FROM_PAGE = {
    "pk",
    "id",
    "path",
    "depth",
    "numchild",
    "url_path",
    "content_type",
    "draft_title",
    "live",
    "has_unpublished_changes",
    "owner",
    "locked",
    "locked_by",
    "locked_at",
    "latest_revision",
    "latest_revision_created_at",
    "first_published_at",
    "translation_key",
    "locale",
    "alias_of",
    "live_revision",
    "last_published_at",
}


class Names:
    """Database ids -> natural keys, for one run."""

    def __init__(self, feeds):
        self.pages = {
            pk: (str(key), code)
            for pk, key, code in Page.objects.values_list("pk", "translation_key", "locale__language_code")
        }
        self.images = {image_id: sha for sha, image_id in FeedAsset.objects.values_list("sha256", "image_id")}
        self.users = dict(get_user_model().objects.values_list("pk", "username"))
        self.models = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
        self.revisions = {}
        for page_pk in self.pages:
            ids = Revision.page_revisions.filter(object_id=str(page_pk)).order_by("created_at", "pk")
            for number, rev_pk in enumerate(ids.values_list("pk", flat=True), 1):
                self.revisions[rev_pk] = number
        # A content hash covers the Wagtail image ids, which differ between runs:
        # name it by the feed revision and item it was computed for.
        images_by_asset = {f"sha256:{sha}": image_id for image_id, sha in self.images.items()}
        self.hashes = {}
        for feed in feeds:
            for item in feed["items"]:
                self.hashes[content_hash(item, images_by_asset)] = (feed["revision"], item["id"])

    def image(self, image_id):
        return ("image", self.images.get(image_id, f"unknown image {image_id}")) if image_id else None

    def stream(self, value):
        """StreamField data with block ids (random UUIDs) and image ids replaced."""
        if isinstance(value, list):
            return [self.stream(v) for v in value]
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                if k == "id" and isinstance(v, str) and UUID_RE.fullmatch(v):
                    continue  # a block's own id, made up by uuid4 when the block is saved
                out[k] = self.image(v) if k == "image" and isinstance(v, int) else self.stream(v)
            return out
        return value


def _page_row(row: dict, names: Names) -> dict:
    out = {}
    for field, value in row.items():
        if field in ("id", "page_ptr_id"):
            continue
        if field in TIMESTAMPS:
            out[field] = value is not None
        elif field in ("latest_revision_id", "live_revision_id"):
            out[field] = names.revisions.get(value)
        elif field in ("owner_id", "locked_by_id"):
            out[field] = names.users.get(value)
        elif field == "content_type_id":
            out[field] = names.models[value]
        elif field == "locale_id":
            continue  # in the page's natural key
        elif field == "alias_of_id":
            out[field] = names.pages.get(value)
        elif hasattr(value, "get_prep_value"):  # a StreamField's StreamValue
            out[field] = names.stream(value.get_prep_value())
        elif field == "feed_hash":
            out[field] = names.hashes.get(value, "unknown hash")
        else:
            out[field] = value
    if row.get("first_published_at") and row.get("last_published_at"):
        out["first_published_before_last"] = row["first_published_at"] <= row["last_published_at"]
    return out


def _pages(names: Names) -> dict:
    pages = {}
    for row in Page.objects.order_by("path").values():
        pages[names.pages[row["id"]]] = {"page": _page_row(row, names)}
    for row in InformatiesetPage.objects.values():
        national = _page_row(row, names)
        pages[names.pages[row["page_ptr_id"]]].update(
            national={k: v for k, v in national.items() if k not in pages[names.pages[row["page_ptr_id"]]]["page"]}
        )
    for page in pages.values():
        parent = page["page"]["path"][: -Page.steplen]
        page["parent"] = next((k for k, p in pages.items() if p["page"]["path"] == parent), None)
    return pages


def _revision_content(content: dict, names: Names) -> dict:
    out = {}
    for field, value in content.items():
        if field in REVISION_FIELDS_FROM_PAGE:
            continue
        if field == "national_body":
            import json

            out[field] = names.stream(json.loads(value) if isinstance(value, str) else value)
        elif field == "feed_hash":
            out[field] = names.hashes.get(value, "unknown hash")
        else:
            out[field] = value
    return out


def _revisions(names: Names) -> dict:
    revisions = {}
    for rev in Revision.page_revisions.order_by("created_at", "pk").values():
        page = names.pages.get(int(rev["object_id"]))
        revisions.setdefault(page, []).append(
            {
                "number": names.revisions[rev["id"]],
                "content_type": names.models[rev["content_type_id"]],
                "base_content_type": names.models[rev["base_content_type_id"]],
                "user": names.users.get(rev["user_id"]),
                "approved_go_live_at": rev["approved_go_live_at"],
                "submitted_for_moderation": rev.get("submitted_for_moderation"),
                "object_str": rev["object_str"],
                "content": _revision_content(rev["content"], names),
            }
        )
    return revisions


def _log_data(value, names: Names):
    # Move entries name the source and destination page by id.
    if isinstance(value, dict):
        return {
            k: (names.pages.get(v) if k == "id" and isinstance(v, int) else _log_data(v, names))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_log_data(v, names) for v in value]
    return value


def _logs(names: Names) -> dict:
    logs = {}
    # uuid (random per entry) and timestamp differ between runs and are left out.
    for entry in PageLogEntry.objects.order_by("timestamp", "pk").values():
        logs.setdefault(names.pages.get(entry["page_id"]), []).append(
            {
                "action": entry["action"],
                "user": names.users.get(entry["user_id"]),
                "label": entry["label"],
                "content_type": names.models.get(entry["content_type_id"]),
                "revision": names.revisions.get(entry["revision_id"]),
                "content_changed": entry["content_changed"],
                "deleted": entry["deleted"],
                "data": _log_data(entry["data"], names),
            }
        )
    return logs


def _object_name(model: str, object_id, names: Names):
    if model.startswith("wagtailimages."):
        return names.image(int(object_id))
    if model == "wagtailcore.collection":
        from wagtail.models import Collection

        return ("collection", Collection.objects.get(pk=object_id).name)
    if model in _page_model_names():
        return names.pages.get(int(object_id), ("unknown page", object_id))
    return (model, object_id)


def _references(names: Names) -> list:
    rows = []
    for ref in ReferenceIndex.objects.values():
        model, to_model = names.models[ref["content_type_id"]], names.models[ref["to_content_type_id"]]
        rows.append(
            (
                model,
                names.models[ref["base_content_type_id"]],
                repr(_object_name(model, ref["object_id"], names)),
                to_model,
                repr(_object_name(to_model, ref["to_object_id"], names)),
                ref["model_path"],
                # A path through a StreamField names blocks by their random ids;
                # content_path_hash is a hash of it and is left out for the same reason.
                UUID_RE.sub("<block>", ref["content_path"]),
            )
        )
    return sorted(rows)


def _search_entries(names: Names) -> dict:
    from wagtail.search.models import IndexEntry

    entries = {}
    page_models = {pk for pk, name in names.models.items() if name in _page_model_names()}
    for row in IndexEntry.objects.filter(content_type_id__in=page_models).values():
        key = (names.models[row.pop("content_type_id")], names.pages.get(int(row.pop("object_id"))))
        row.pop("id")
        # A ranking factor: the average title length of the entries indexed so
        # far divided by this title's length, set when the entry is written and
        # refreshed in full only by update_index. It depends on the order the
        # index was filled in (at the end, or page by page), not on the page.
        row.pop("title_norm")
        entries[repr(key)] = {k: str(v) for k, v in row.items()}
    return entries


def _page_model_names():
    from wagtail.models import get_page_models

    return {f"{m._meta.app_label}.{m._meta.model_name}" for m in get_page_models()}


def snapshot(feeds) -> dict:
    names = Names(feeds)
    problems = Page.find_problems()
    return {
        "tree_problems": [len(p) for p in problems],
        "pages": _pages(names),
        "revisions": _revisions(names),
        "logs": _logs(names),
        "references": _references(names),
        "search": _search_entries(names),
        "runs": list(
            SyncRun.objects.order_by("pk").values_list(
                "status", "created", "updated", "unchanged", "unpublished", "republished", "moved"
            )
        ),
    }


def differences(a, b, where="") -> list[str]:
    """Every place where ``a`` and ``b`` differ, as readable lines."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in sorted(set(a) | set(b), key=repr):
            if key not in a or key not in b:
                found.append(f"{where}/{key!r}: only in {'second' if key not in a else 'first'}")
            else:
                found += differences(a[key], b[key], f"{where}/{key!r}")
        return found
    if isinstance(a, list) and isinstance(b, list) and len(a) != len(b) and all(isinstance(x, tuple) for x in a + b):
        return [f"{where}: only in first: {x!r}" for x in a if x not in b] + [
            f"{where}: only in second: {x!r}" for x in b if x not in a
        ]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        found = []
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            found += differences(x, y, f"{where}[{n}]")
        return found
    return [] if a == b else [f"{where}: {a!r} != {b!r}"]
