"""Publisher side: the feed served at a stable URL, with ETags.

    /informatieset/feed.json             the feed (ETag, 304 on If-None-Match)
    /informatieset/feed.json.sig         its Ed25519 signature, when
                                         STEUNPUNT_INFORMATIESET_SIGN_KEY names a key file
    /informatieset/assets/<sha256>.<ext> the images, addressed by their hash

Only a site with a live Dutch ``BronIndexPage`` answers; on a consumer site
these URLs are 404. The built feed is cached under a fingerprint of the
publisher tree (which pages, where, which published revision), so a request
costs one small query until an editor publishes, moves or unpublishes a page.
``generated_at`` is the time of the last publication rather than the time of
the request, so every worker builds the same bytes and the ETag stays stable.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags, quote_etag
from django.views.decorators.http import require_safe
from wagtail.models import Page

from .export import EXTENSIONS, ExportError, build_feed, feed_bytes, load_private_key, sign
from .models import BronIndexPage, BronPagina, InformatiesetThema

logger = logging.getLogger(__name__)

CACHE_PREFIX = "informatieset:publisher:"
#: A safety net for what the fingerprint cannot see (an image file replaced in place).
FEED_CACHE_SECONDS = 600
ASSET_CACHE_SECONDS = 24 * 3600
LAST_GOOD_KEY = CACHE_PREFIX + "last-good"


def sign_key_path() -> str:
    return getattr(settings, "STEUNPUNT_INFORMATIESET_SIGN_KEY", "") or ""


def live_index():
    return BronIndexPage.objects.live().filter(locale__language_code="nl").order_by("path").first()


def _fingerprint(index) -> tuple[str, object]:
    """A hash of what the feed is built from, and the time of the last publication."""
    roots = BronIndexPage.objects.filter(translation_key=index.translation_key).values_list("path", flat=True)
    rows = []
    latest = index.last_published_at
    tree = Q()
    for path in roots:
        tree |= Q(path__startswith=path)
    for row in (
        Page.objects.type(BronIndexPage, BronPagina)
        .filter(tree)
        .order_by("path")
        .values_list(
            "pk", "path", "live", "live_revision_id", "last_published_at", "latest_revision_created_at", "locale_id"
        )
    ):
        rows.append(row)
        if row[2] and row[4] and (latest is None or row[4] > latest):
            latest = row[4]
    rows.append(tuple(InformatiesetThema.objects.values_list("code", "labels", "sort_order")))
    rows.append(sign_key_path())
    digest = hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()
    return digest, latest


def _build(index) -> dict:
    fingerprint, latest = _fingerprint(index)
    key = CACHE_PREFIX + "feed:" + fingerprint
    built = cache.get(key)
    if built is not None:
        return built
    try:
        feed, assets = build_feed(index, generated_at=latest)
    except ExportError as exc:
        # Consumers keep getting the last good feed rather than an error; the
        # editors' problem is in the log (and in `export_informatieset`).
        logger.warning("informatieset feed not rebuilt: %s", exc)
        last_good = cache.get(LAST_GOOD_KEY)
        if last_good is None:
            raise
        return last_good
    raw = feed_bytes(feed)
    signature = None
    if sign_key_path():
        try:
            signature = sign(raw, load_private_key(Path(sign_key_path()).read_bytes()))
        except (OSError, ExportError) as exc:
            logger.error("informatieset feed not signed: key %s: %s", sign_key_path(), exc)
    built = {
        "raw": raw,
        "etag": quote_etag(hashlib.sha256(raw).hexdigest()),
        "signature": signature,
        "assets": {filename: (digest, media_type) for digest, (_data, media_type, filename) in assets.items()},
    }
    for digest, (data, media_type, _filename) in assets.items():
        cache.set(CACHE_PREFIX + "asset:" + digest, (data, media_type), ASSET_CACHE_SECONDS)
    cache.set(key, built, FEED_CACHE_SECONDS)
    cache.set(LAST_GOOD_KEY, built, None)
    return built


class _Unavailable(Exception):
    pass


def _published() -> dict:
    index = live_index()
    if index is None:
        raise Http404("no informatieset is published on this site")
    try:
        return _build(index)
    except ExportError as exc:
        raise _Unavailable(str(exc)) from None


def _unavailable() -> HttpResponse:
    # 503, not 404: there is a publisher here, its set just cannot be exported
    # yet. The reason (which page to fix) is in the log and in the export
    # command, not on a public URL.
    response = HttpResponse(
        "The informatieset cannot be published at the moment.\n", status=503, content_type="text/plain"
    )
    response["Retry-After"] = "600"
    return response


def _available(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Unavailable:
            return _unavailable()

    return wrapper


def _respond(request, body: bytes, content_type: str, etag: str, cache_control: str) -> HttpResponse:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        tags = parse_etags(if_none_match)
        # Weak comparison, as RFC 9110 asks for If-None-Match.
        if "*" in tags or etag.removeprefix("W/") in {t.removeprefix("W/") for t in tags}:
            response = HttpResponseNotModified()
            response["ETag"] = etag
            response["Cache-Control"] = cache_control
            return response
    response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"  # public data; lets a browser-based checker read it
    return response


@require_safe
@_available
def feed_view(request):
    built = _published()
    # no-cache: caches may keep it but must ask again; with the ETag that costs a 304.
    return _respond(request, built["raw"], "application/json; charset=utf-8", built["etag"], "public, no-cache")


@require_safe
@_available
def signature_view(request):
    built = _published()
    if not built["signature"]:
        raise Http404("this publisher does not sign its feed")
    etag = quote_etag(hashlib.sha256(built["signature"]).hexdigest())
    return _respond(request, built["signature"], "text/plain; charset=us-ascii", etag, "public, no-cache")


@require_safe
@_available
def asset_view(request, digest: str, ext: str):
    built = _published()
    filename = f"{digest}.{ext}"
    if filename not in built["assets"]:
        raise Http404("no such asset in the informatieset")
    _digest, media_type = built["assets"][filename]
    cached = cache.get(CACHE_PREFIX + "asset:" + digest)
    if cached is None:
        cache.delete(CACHE_PREFIX + "feed:" + _fingerprint(live_index())[0])
        built = _published()
        cached = cache.get(CACHE_PREFIX + "asset:" + digest)
        if cached is None:
            raise Http404("no such asset in the informatieset")
    data, media_type = cached
    # Addressed by their hash, so the bytes behind a URL never change.
    return _respond(request, data, media_type, quote_etag(digest), "public, max-age=31536000, immutable")


ASSET_EXTENSIONS = "|".join(sorted(set(EXTENSIONS.values())))
