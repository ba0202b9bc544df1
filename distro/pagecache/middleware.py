"""Serves anonymous visitors from the page cache, and stores what may be stored.

First in MIDDLEWARE (only GZipMiddleware is outside it, for the responses
that are not cached): a hit is answered before any other middleware runs.
The stored headers are the final ones, so the security headers the inner
middleware set are part of every cached response.

Every HTML response leaves with ``Cache-Control``: cached pages are public
(browsers revalidate with the ETag; a front cache may keep them for
``STEUNPUNT_FRONT_CACHE_SECONDS``, as it is purged on the same events); all
other HTML is ``private, no-cache``.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.http.response import ResponseHeaders
from django.middleware.gzip import GZipMiddleware

from . import store

#: Paths that are never pages: answered without looking in the cache.
SKIPPED_PREFIXES = ("/static/", "/media/", "/documenten/", "/captcha/", "/gezond", "/thema.css", "/robots.txt")
#: Headers that belong to one response only.
NOT_STORED = {"set-cookie", "content-length", "date", "x-steunpunt-cache"}
NO_STORE_WORDS = ("private", "no-store", "no-cache")

logger = logging.getLogger(__name__)


def _candidate(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path_info
    if path.startswith(SKIPPED_PREFIXES) or path.startswith(settings.STEUNPUNT_ADMIN_URL_PREFIXES):
        return False
    cookies = request.COOKIES
    # A session (logged in, a preview, a half-filled form) or a message waiting: their own page.
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _storable(request, response) -> bool:
    if not store.is_marked(request) or request.method != "GET" or response.status_code != 200:
        return False
    if response.streaming or response.cookies or getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in NO_STORE_WORDS)


def _public_cache_control(entry) -> str:
    value = "public, max-age=0, must-revalidate"
    front = settings.STEUNPUNT_FRONT_CACHE_SECONDS
    if front > 0:
        # Never longer than the clock allows: a front cache is not told about a meeting starting.
        value += f", s-maxage={max(0, min(front, int(entry.until - time.time())))}"
    return value


def _prepared(entry):
    """The final headers of both representations, built once per worker and entry.

    In the form of ``ResponseHeaders._store`` (lower-case name -> (name,
    value)): a hit copies them in one go instead of validating every header
    again, which was a third of the time of a hit.
    """
    prepared = getattr(entry, "prepared", None)
    if prepared is not None:
        return prepared
    variants = {}
    for packed in (False, True):
        if packed and entry.gzipped is None:
            continue
        headers = ResponseHeaders(dict(entry.headers))
        body = entry.gzipped if packed else entry.body
        headers["Content-Length"] = str(len(body))
        headers["ETag"] = entry.etag[:-1] + '-gz"' if packed else entry.etag
        if packed:
            headers["Content-Encoding"] = "gzip"
        if entry.gzipped is not None:
            vary = headers.get("Vary")
            headers["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
        variants[packed] = (body, headers._store)
    entry.prepared = variants
    return variants


def _serve(request, entry, state: str) -> HttpResponse:
    packed = entry.gzipped is not None and "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    body, headers = _prepared(entry)[packed]
    if headers["etag"][1] in request.META.get("HTTP_IF_NONE_MATCH", ""):
        response = HttpResponseNotModified()
        for name in ("etag", "vary"):
            if name in headers:
                response.headers._store[name] = headers[name]
    else:
        response = HttpResponse(b"" if request.method == "HEAD" else body, status=entry.status)
        response.headers._store.update(headers)
    response.headers._store["cache-control"] = ("Cache-Control", _public_cache_control(entry))
    response.headers._store["x-steunpunt-cache"] = ("X-Steunpunt-Cache", state)
    return response


def _private(response) -> None:
    if "Cache-Control" not in response and response.get("Content-Type", "").startswith("text/html"):
        response["Cache-Control"] = "private, no-cache"


class CompressionMiddleware(GZipMiddleware):
    """Django's gzip for the responses that do not come from the page cache.

    Those are stored compressed already; looking at them again (Django's
    version adds a Vary header to every response first) cost a fifth of a hit.
    """

    def process_response(self, request, response):
        if "x-steunpunt-cache" in response.headers:
            return response
        return super().process_response(request, response)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with store.one_token_per_request():
            return self._respond(request)

    def _respond(self, request):
        if not (store.enabled() and _candidate(request)):
            response = self.get_response(request)
            _private(response)
            return response
        key = store.key_for(request)
        if key is None:
            response = self.get_response(request)
            _private(response)
            return response
        try:
            entry, token = store.lookup(key)
        except Exception:
            # The shared store is down: serve the page uncached rather than fail.
            logger.exception("Page cache lookup failed")
            entry = token = None
        if entry is not None:
            return _serve(request, entry, "hit")
        response = self.get_response(request)
        if token is not None and _storable(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
            try:
                entry = store.save(key, token, response, headers)
            except Exception:
                logger.exception("Page cache store failed")
                entry = None
            if entry is not None:
                return _serve(request, entry, "miss")
        _private(response)
        return response
