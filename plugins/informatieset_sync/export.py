"""Publisher side: a ``BronIndexPage`` tree as an informatieset feed (format version 1).

    feed, assets = build_feed(index)          # ExportError names the page
    raw = feed_bytes(feed)                     # the exact bytes to sign and serve

Every live ``BronPagina`` under the index (in every locale of the index's
translation group) becomes one item; Wagtail translations share their
``translation_key``, from which the item ``key`` is derived (``feed_key``). The result is checked
with the consumer's own ``validate_feed`` before it is returned, so a publisher
can never hand out a feed that a consumer would refuse.

The feed ``revision`` is kept on the Dutch ``BronIndexPage``: it goes up only
when the content (everything except ``generated_at``) differs from the last
export, so exporting or serving an unchanged set never looks like news.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser

from django.db import transaction
from django.utils.translation import gettext as _

from .audiences import AUDIENCE_CODES
from .feed import FORMAT, FORMAT_VERSION, MEDIA_SIGNATURES, FeedError, Limits, validate_feed
from .models import BronIndexPage, BronPagina, InformatiesetThema
from .sanitize import sanitize_html

__all__ = [
    "ExportError",
    "build_feed",
    "feed_bytes",
    "feed_key",
    "content_hash",
    "sign",
    "load_private_key",
    "EXTENSIONS",
]

#: Item keys are derived from, not equal to, the publisher's translation keys: a
#: consumer stores an item's key as its page's translation_key, which Wagtail
#: keeps unique per locale, so a site that publishes the set and also shows it
#: (consumes its own feed) would otherwise collide with its own source pages.
KEY_NAMESPACE = uuid.UUID("5b0f3c1e-8d7a-4f0e-9c55-2a9e61d4b7f3")

EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
PARAGRAPH_TAGS = {"p", "ul", "ol", "li", "br"}
RENAMED_TAGS = {"b": "strong", "i": "em", "strong": "strong", "em": "em"}
#: Elements whose content is not text for a reader.
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "noscript"}


def feed_key(translation_key) -> str:
    """The feed ``key`` of a BronPagina and all its translations; stable across revisions."""
    return str(uuid.uuid5(KEY_NAMESPACE, str(translation_key)))


class ExportError(Exception):
    """The tree cannot be published as it is; the message names the page and what to fix."""


@dataclass
class _Entry:
    page: object  # BronPagina
    language: str
    parent_key: str | None
    position: int


def page_label(page) -> str:
    return _("pagina '%(title)s' (%(language)s, id %(id)s)") % {
        "title": page.title,
        "language": page.locale.language_code,
        "id": page.pk,
    }


def build_feed(index, *, generated_at: datetime | None = None, bump_revision: bool = True) -> tuple[dict, dict]:
    """The feed of ``index`` and its assets ``{sha256 hex: (bytes, media_type, filename)}``.

    Raises ``ExportError`` for anything the editors have to fix first.
    """
    canonical = _dutch_index(index)
    roots = list(
        BronIndexPage.objects.live().filter(translation_key=canonical.translation_key).select_related("locale")
    )

    entries: list[_Entry] = []
    for root in sorted(roots, key=lambda p: (p.locale.language_code != "nl", p.locale.language_code)):
        entries.extend(_tree(root, BronPagina))

    dutch_keys = {e.page.translation_key for e in entries if e.language == "nl"}
    for entry in entries:
        if entry.page.translation_key not in dutch_keys:
            raise ExportError(
                _(
                    "De %(page)s heeft geen gepubliceerde Nederlandse versie. Elke pagina moet ook in het Nederlands bestaan."
                )
                % {"page": page_label(entry.page)}
            )
    languages = ["nl"] + sorted({e.language for e in entries} - {"nl"})

    themes = list(InformatiesetThema.objects.all())
    theme_codes = {t.code for t in themes}
    by_id = {e.page.pk: e.page for e in entries}
    keys = {feed_key(e.page.translation_key) for e in entries}
    converter = _RichTextConverter(by_id, keys)

    assets: dict[str, tuple[bytes, str, str]] = {}
    items = []
    for entry in entries:
        items.append(_item(entry, converter, assets, theme_codes))

    feed = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "revision": max(canonical.feed_revision, 1),
        "generated_at": _timestamp(generated_at or datetime.now(UTC)),
        "publisher": {"name": canonical.publisher_name, "url": canonical.publisher_url},
        "languages": languages,
        "themes": [{"code": t.code, "label": _theme_labels(t)} for t in themes],
        "assets": [
            {"id": f"sha256:{digest}", "url": f"assets/{filename}", "media_type": media_type, "size": len(data)}
            for digest, (data, media_type, filename) in assets.items()
        ],
        "items": items,
    }
    _validate(feed, entries)
    if bump_revision:
        feed["revision"] = _revision_for(canonical, content_hash(feed))
    return feed, assets


def feed_bytes(feed: dict) -> bytes:
    """The exact bytes of the feed as published (and signed)."""
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def content_hash(feed: dict) -> str:
    """SHA-256 of everything that makes the content: not the time of the build, not the revision."""
    content = {k: v for k, v in feed.items() if k not in ("generated_at", "revision")}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


# --- keys and signatures ---------------------------------------------------------


def load_private_key(data: bytes):
    """An Ed25519 private key from a PEM file, 32 raw bytes, or their base64 text."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    stripped = data.strip()
    if stripped.startswith(b"-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(stripped, password=None)
        except (ValueError, TypeError) as exc:
            raise ExportError(
                _("Het sleutelbestand is geen leesbare PEM-sleutel zonder wachtwoord: %(error)s") % {"error": exc}
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise ExportError(_("Het sleutelbestand bevat geen Ed25519-sleutel."))
        return key
    raw = data if len(data) == 32 else None
    if raw is None:
        try:
            raw = base64.b64decode(b"".join(stripped.split()), validate=True)
        except ValueError:
            raw = b""
    if len(raw) != 32:
        raise ExportError(
            _("Het sleutelbestand is geen Ed25519-sleutel: verwacht een PEM-bestand of 32 bytes (ruw of base64).")
        )
    return Ed25519PrivateKey.from_private_bytes(raw)


def sign(raw: bytes, private_key) -> bytes:
    """The base64 Ed25519 signature of ``raw``, as served at ``<feed URL>.sig``."""
    return base64.b64encode(private_key.sign(raw)) + b"\n"


def public_key_base64(private_key) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


# --- the tree -------------------------------------------------------------------------


def _dutch_index(index):
    index = index.specific if not isinstance(index, BronIndexPage) else index
    if index.locale.language_code == "nl":
        return index
    dutch = BronIndexPage.objects.filter(translation_key=index.translation_key, locale__language_code="nl").first()
    if dutch is None:
        raise ExportError(
            _("De bron '%(title)s' heeft geen Nederlandse versie. De Nederlandse versie is de basis van de feed.")
            % {"title": index.title}
        )
    return dutch


def _tree(root, model) -> list[_Entry]:
    """Live pages under ``root`` whose ancestors up to ``root`` are all live, in tree order."""
    pages = list(model.objects.live().descendant_of(root).select_related("locale").order_by("path"))
    keys_by_path = {root.path: None}
    aliases: dict[str, object] = {}
    positions: dict[str, int] = {}
    entries = []
    for page in pages:
        parent_path = page.path[: -page.steplen]
        if parent_path in aliases:
            raise ExportError(
                _(
                    "De %(page)s staat onder '%(parent)s', die nog niet vertaald is (een kopie van de Nederlandse pagina). Vertaal eerst die pagina."
                )
                % {"page": page_label(page), "parent": aliases[parent_path].title}
            )
        if parent_path not in keys_by_path:
            continue  # under a page that is not published: not on the site, not in the feed
        if page.alias_of_id:
            # wagtail-localize keeps untranslated copies of Dutch pages in the
            # other locales: Dutch text, not a translation, so not an item.
            aliases[page.path] = page
            continue
        keys_by_path[page.path] = feed_key(page.translation_key)
        positions[parent_path] = positions.get(parent_path, 0) + 1
        entries.append(_Entry(page, page.locale.language_code, keys_by_path[parent_path], positions[parent_path] * 10))
    return entries


def _theme_labels(theme) -> dict:
    labels = {lang: text for lang, text in (theme.labels or {}).items() if isinstance(text, str) and text.strip()}
    labels.setdefault("nl", theme.code)
    return labels


def _timestamp(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _item(entry: _Entry, converter, assets: dict, theme_codes: set) -> dict:
    page = entry.page
    label = page_label(page)
    if not page.validated_on or not (page.validated_by or "").strip():
        raise ExportError(
            _("De %(page)s is niet gevalideerd: vul 'gevalideerd op' en 'gevalideerd door' in.") % {"page": label}
        )
    audiences = [code for code in (page.audiences or []) if code in AUDIENCE_CODES]
    audiences = list(dict.fromkeys(audiences))
    if not audiences:
        raise ExportError(_("Bij de %(page)s is niet gekozen voor wie de pagina is.") % {"page": label})
    themes = list(dict.fromkeys(code for code in (page.themes or []) if code in theme_codes))
    return {
        "id": str(page.feed_item_id()),
        "key": feed_key(page.translation_key),
        "language": entry.language,
        "parent": entry.parent_key,
        "position": entry.position,
        "slug": page.slug,
        "title": page.title,
        "summary": page.summary or "",
        "audiences": audiences,
        "themes": themes,
        "body": [_block(block, page, converter, assets) for block in page.national_body],
        "validated": {"on": page.validated_on.isoformat(), "by": page.validated_by.strip()},
        "updated_at": _timestamp(page.updated_at),
    }


def _block(block, page, converter, assets) -> dict:
    kind, value = block.block_type, block.value
    rich = converter.convert
    if kind == "heading":
        return {"type": "heading", "value": {"text": value["text"], "level": int(value["level"] or 2)}}
    if kind == "paragraph":
        return {"type": "paragraph", "value": rich(value)}
    if kind == "faq":
        return {"type": "faq", "value": [{"question": e["question"], "answer": rich(e["answer"])} for e in value]}
    if kind == "callout":
        return {"type": "callout", "value": {"kind": value["kind"], "text": rich(value["text"])}}
    if kind == "steps":
        return {"type": "steps", "value": [{"title": e["title"], "text": rich(e["text"])} for e in value]}
    if kind == "image":
        return {
            "type": "image",
            "value": {
                "asset": _asset(value["image"], page, assets),
                "alt": value["alt"] or "",
                "decorative": bool(value["decorative"]),
                "caption": value["caption"] or "",
            },
        }
    if kind == "regional_contact":
        return {"type": "regional_contact", "value": {}}
    raise ExportError(_("De %(page)s heeft een onbekend blok '%(kind)s'.") % {"page": page_label(page), "kind": kind})


def _asset(image, page, assets) -> str:
    label = page_label(page)
    if image is None:
        raise ExportError(
            _("Een afbeelding op de %(page)s bestaat niet meer. Kies een andere afbeelding.") % {"page": label}
        )
    try:
        with image.open_file() as handle:
            data = handle.read()
    except OSError as exc:
        raise ExportError(
            _("Het bestand van afbeelding '%(image)s' op de %(page)s kan niet gelezen worden: %(error)s")
            % {"image": image.title, "page": label, "error": exc}
        ) from None
    media_type = next((mt for mt, matches in MEDIA_SIGNATURES.items() if matches(data)), None)
    if media_type is None:
        raise ExportError(
            _(
                "Afbeelding '%(image)s' op de %(page)s is geen PNG, JPEG of WebP. Andere soorten (zoals SVG of GIF) kunnen niet in de feed."
            )
            % {"image": image.title, "page": label}
        )
    limit = Limits().max_asset_bytes
    if len(data) > limit:
        raise ExportError(
            _("Afbeelding '%(image)s' op de %(page)s is groter dan %(mib)s MiB.")
            % {"image": image.title, "page": label, "mib": limit // (1024 * 1024)}
        )
    digest = hashlib.sha256(data).hexdigest()
    assets.setdefault(digest, (data, media_type, f"{digest}.{EXTENSIONS[media_type]}"))
    return f"sha256:{digest}"


def _validate(feed: dict, entries: list[_Entry]) -> None:
    try:
        validate_feed(feed)
    except FeedError as exc:
        pages = {str(e.page.feed_item_id()): e.page for e in entries}
        page = pages.get(exc.item or "")
        where = page_label(page) if page is not None else _("de feed")
        raise ExportError(
            _("De feed zou ongeldig zijn bij de %(where)s: %(detail)s") % {"where": where, "detail": exc}
        ) from None


def _revision_for(canonical, digest: str) -> int:
    with transaction.atomic():
        current = BronIndexPage.objects.select_for_update().only("feed_revision", "feed_hash").get(pk=canonical.pk)
        revision = current.feed_revision
        if current.feed_hash != digest or revision < 1:
            revision += 1
            # update(), not save(): the revision counter is bookkeeping, not an edit of the page.
            BronIndexPage.objects.filter(pk=canonical.pk).update(feed_revision=revision, feed_hash=digest)
    canonical.feed_revision, canonical.feed_hash = revision, digest
    return revision


# --- rich text ------------------------------------------------------------------------


class _RichTextConverter:
    """Wagtail's stored rich text -> the feed's HTML subset."""

    def __init__(self, pages_by_id: dict, keys: set[str]):
        self.pages_by_id = pages_by_id
        self.keys = keys
        self._urls: dict[int, str | None] = {}

    def convert(self, value) -> str:
        source = getattr(value, "source", value) or ""
        rewriter = _Rewriter(self)
        rewriter.feed(str(source))
        rewriter.close()
        return sanitize_html("".join(rewriter.out)).strip()

    def href(self, attrs: dict) -> str | None:
        linktype = attrs.get("linktype")
        if linktype == "page":
            return self._page_href(attrs.get("id"))
        if linktype == "informatieset":
            key = attrs.get("key") or ""
            return f"informatieset:{key}" if key in self.keys else None
        if linktype:
            return None  # documents and other link types have no place in the feed
        href = (attrs.get("href") or "").strip()
        if href.lower().startswith(("https://", "mailto:")):
            return href
        return None

    def _page_href(self, page_id) -> str | None:
        try:
            page_id = int(page_id)
        except (TypeError, ValueError):
            return None
        if page_id in self.pages_by_id:
            return f"informatieset:{feed_key(self.pages_by_id[page_id].translation_key)}"
        if page_id not in self._urls:
            from wagtail.models import Page

            page = Page.objects.filter(pk=page_id).live().first()
            url = page.get_full_url() if page is not None else None
            self._urls[page_id] = url if url and url.startswith("https://") else None
        return self._urls[page_id]


class _Rewriter(HTMLParser):
    def __init__(self, converter: _RichTextConverter):
        super().__init__(convert_charrefs=True)
        self.converter = converter
        self.out: list[str] = []
        self.anchors: list[bool] = []  # per open <a>: was it kept?
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in DROPPED_WITH_CONTENT:
            self.skipping += 1
        if self.skipping:
            return
        if tag == "a":
            href = self.converter.href(attrs)
            self.anchors.append(href is not None)
            if href is not None:
                self.out.append(f'<a href="{html.escape(href, quote=True)}">')
        elif tag in RENAMED_TAGS:
            self.out.append(f"<{RENAMED_TAGS[tag]}>")
        elif tag == "br":
            self.out.append("<br>")
        elif tag in PARAGRAPH_TAGS:
            self.out.append(f"<{tag}>")
        # Anything else (embeds, headings that slipped in) is left out; its text stays.

    def handle_startendtag(self, tag, attrs):
        if tag == "br" and not self.skipping:
            self.out.append("<br>")

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag == "a":
            if self.anchors and self.anchors.pop():
                self.out.append("</a>")
        elif tag in RENAMED_TAGS:
            self.out.append(f"</{RENAMED_TAGS[tag]}>")
        elif tag in PARAGRAPH_TAGS and tag != "br":
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))
