"""Where cached pages live, and the one token that makes them valid.

The strategy is a site-wide *generation*: every cached response and fragment
is stored with the generation token that was current when its render
started. A write that can change a public page replaces the token
(``invalidate``), so everything stored before it stops matching at once, on
every worker and every server that shares the cache. docs/caching.md says
why this beats exact dependency tracking here (every page repeats the menus,
the language links and the upcoming meetings, so most publishes change most
pages anyway) and bench/pages.py measures both.

The token is read *before* a render starts and stored with its result. A
write that commits while a render is busy therefore makes that render's
result invalid the moment it is stored: it is never served stale.

The clock: ``next_change()`` of every app (distro.extensions.PageCacheRules)
says when pages change by themselves (a meeting starts); nothing is kept past
the earliest of those moments.

Each worker keeps the last few hundred responses in memory too, so a hit
costs one small read of the token from the shared store instead of the
whole page.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import os
import pickle
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction

from distro.extensions import page_cache_rules

from .redis_tokens import RedisTokens
from .signals import pages_changed

logger = logging.getLogger(__name__)

GENERATION_KEY = "generation"
CLOCK_KEY = "clock"
#: Responses are kept at most this long even if nothing changes (memory, not freshness).
MAX_AGE = 24 * 3600
#: Query parameters the core's own pages read (paging, the missing-translation
#: notice, the social map's filters; not its free-text search).
CORE_QUERY_PARAMETERS = frozenset({"pagina", "vertaling", "thema", "gemeente"})


def enabled() -> bool:
    return settings.STEUNPUNT_PAGE_CACHE


def backend():
    return caches["pagecache"]


@dataclass
class Entry:
    token: str  # the generation when the render started
    until: float  # epoch seconds; the clock's next change or MAX_AGE
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    gzipped: bytes | None
    etag: str


class _Memory:
    """A small per-worker LRU in front of the shared store."""

    def __init__(self, size: int = 300):
        self.size = size
        self._items: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value):
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def drop(self, key):
        with self._lock:
            self._items.pop(key, None)

    def clear(self):
        with self._lock:
            self._items.clear()


memory = _Memory()


# --- The generation --------------------------------------------------------


def _new_token() -> str:
    return secrets.token_hex(8)


class _CacheTokens:
    """The generation token in the page cache's Django cache (the file cache, locmem in tests)."""

    def __init__(self, cache):
        self.cache = cache

    def get(self):
        return self.cache.get(GENERATION_KEY)

    def add(self, token) -> bool:
        return self.cache.add(GENERATION_KEY, token, timeout=None)

    def set(self, token, wait: bool = True) -> None:
        self.cache.set(GENERATION_KEY, token, timeout=None)


class _FileTokens:
    """The token in a file beside the file cache, shared by the workers of one server.

    Read on every request: reading 16 bytes costs a few microseconds, where
    the file cache would unpickle. Replaced atomically (``os.replace``).
    """

    def __init__(self, directory: str):
        self.path = Path(directory) / "generation"

    def get(self):
        try:
            with open(self.path, "rb") as file:
                return file.read().decode() or None
        except FileNotFoundError:
            return None

    def add(self, token) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        except FileExistsError:
            return False
        with os.fdopen(descriptor, "w") as file:
            file.write(token)
        return True

    def set(self, token, wait: bool = True) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".generation-{os.getpid()}-{secrets.token_hex(4)}")
        temporary.write_text(token)
        os.replace(temporary, self.path)


@functools.lru_cache(maxsize=4)
def _tokens_for(conf: tuple):
    conf = dict(conf)
    if conf["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        location = conf["LOCATION"]
        url = location[0] if isinstance(location, (list, tuple)) else location.split(",")[0].split(";")[0]
        return RedisTokens(url, f"{conf.get('KEY_PREFIX', '')}:{GENERATION_KEY}")
    if conf["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
        return _FileTokens(conf["LOCATION"])
    return _CacheTokens(backend())


def tokens():
    # One per configured store (tests swap CACHES with override_settings).
    conf = settings.CACHES["pagecache"]
    return _tokens_for(tuple(sorted((k, v) for k, v in conf.items() if k in ("BACKEND", "LOCATION", "KEY_PREFIX"))))


#: The token of the request being served, read once: a render asks for it for every fragment
#: (a file read or a Redis round trip each). ``one_token_per_request`` sets the holder; a bump in
#: this process empties it, so code after a write in the same request reads the new token.
_request_token: ContextVar[list | None] = ContextVar("steunpunt_request_token", default=None)


@contextmanager
def one_token_per_request():
    reset = _request_token.set([None])
    try:
        yield
    finally:
        _request_token.reset(reset)


def _forget_request_token() -> None:
    holder = _request_token.get()
    if holder is not None:
        holder[0] = None


def generation() -> str:
    """The current token; a missing one (a flushed Redis) is replaced, so nothing old matches."""
    holder = _request_token.get()
    if holder is not None and holder[0] is not None:
        return holder[0]
    token = _token_from(tokens().get())
    if holder is not None:
        holder[0] = token
    return token


def _token_from(value) -> str:
    if value is not None:
        return value
    token = _new_token()
    if not tokens().add(token):
        token = tokens().get() or token
    return token


def _bump(wait: bool = True) -> None:
    # A fresh random token, not a counter: two servers bumping at once both
    # end up with a token no stored entry has, whatever order they write in.
    # ``wait`` False inside a transaction: other processes cannot see its data yet, so they need
    # not confirm the change (Redis: distro/pagecache/redis_tokens.py); the commit's bump waits.
    _forget_request_token()
    try:
        tokens().set(_new_token(), wait=wait)
    except Exception:
        # The store is down (Redis gone): nothing is served from it either, and
        # an editor's publish must not fail on it. The health check reports it.
        memory.clear()
        logger.exception("The page cache could not be invalidated")


def _after_commit() -> None:
    _bump()
    pages_changed.send(sender=None, reason="commit")


def invalidate(reason: str = "") -> None:
    """Everything cached so far is stale: call after a write that sends no model signal.

    Bumped at once (so code later in the same transaction sees it) and again
    when the transaction commits: a render that read the data before the
    commit may have stored its result with an earlier new token.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump()
        pages_changed.send(sender=None, reason=reason)
        return
    _bump(wait=False)
    # One more bump (and one signal) per transaction, however many pages a sync saves in it.
    if not any(func is _after_commit for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(_after_commit, robust=True)


def clear() -> None:
    """Forget everything (tests, ``steunpunt clear_page_cache``)."""
    memory.clear()
    _forget_request_token()
    if isinstance(backend(), RedisCache):
        # clear() would FLUSHDB: the other caches (rate limits) may share the database.
        _bump()
    else:
        backend().clear()


# --- The clock -------------------------------------------------------------


def _next_change() -> float | None:
    moments = []
    for rules in page_cache_rules.all():
        if rules.next_change:
            moment = rules.next_change()
            if moment is not None:
                moments.append(moment.timestamp())
    return min(moments) if moments else None


def valid_until(token: str) -> float:
    """Until when something rendered under ``token`` may be served (the clock's next change)."""
    now = time.time()
    cached = backend().get(CLOCK_KEY)
    if cached and cached[0] == token and cached[1] > now:
        return cached[1]
    moment = _next_change()
    until = now + MAX_AGE if moment is None else min(now + MAX_AGE, moment)
    backend().set(CLOCK_KEY, (token, until), timeout=MAX_AGE)
    return until


# --- Responses -------------------------------------------------------------


def _query_parameters() -> frozenset[str]:
    names = set(CORE_QUERY_PARAMETERS)
    for rules in page_cache_rules.all():
        names.update(rules.query_parameters)
    return frozenset(names)


def key_for(request) -> str | None:
    """The cache key of an anonymous GET, or None when the request must not use the cache."""
    query = ""
    if request.META.get("QUERY_STRING"):
        if not set(request.GET).issubset(_query_parameters()):
            return None
        query = sorted(request.GET.lists())
    # The Host header as sent, unchecked: a host Django refuses is answered 400 and never
    # stored, so an entry can only exist for an allowed host (checking cost a tenth of a hit).
    host = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    raw = f"{request.scheme}|{host}|{request.path}|{query}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def lookup(key: str) -> tuple[Entry | None, str]:
    """(the valid entry or None, the current generation token)."""
    now = time.time()
    local = memory.get(key)
    if local is not None:
        token = generation()
        if local.token == token and local.until > now:
            return local, token
        memory.drop(key)
    token = generation()
    entry = backend().get(key)
    if entry is not None and entry.token == token and entry.until > now:
        memory.put(key, entry)
        return entry, token
    return None, token


def save(key: str, token: str, response, headers: list[tuple[str, str]]) -> Entry | None:
    body = response.content
    until = valid_until(token)
    ttl = int(until - time.time())
    if ttl < 1:
        return None
    entry = Entry(
        token=token,
        until=until,
        status=response.status_code,
        headers=headers,
        body=body,
        gzipped=gzip.compress(body, 6) if len(body) > 200 else None,
        etag='"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:24] + '"',
    )
    backend().set(key, entry, timeout=ttl)
    memory.put(key, entry)
    return entry


# --- Fragments -------------------------------------------------------------


def cached_fragment(name: str, *parts, build: Callable[[], object], keep: Callable[[object], bool] | None = None):
    """What every page repeats (a menu's links, a footer), built once per change of the content.

    ``parts`` are what it depends on besides the content (site id, language).
    Never stale: it carries the generation and the clock. Any picklable value;
    ``keep`` may refuse to store one (a 404 route, say). Works with the page
    cache off too (``STEUNPUNT_RENDER_CACHE``): it makes the renders that do
    happen cheaper.
    """
    if not settings.STEUNPUNT_RENDER_CACHE:
        return build()
    key = "fragment:" + hashlib.sha256(repr((name, parts)).encode()).hexdigest()[:40]
    now = time.time()
    try:
        token = generation()
        stored = memory.get(key) or backend().get(key)
    except Exception:
        # The store is down: build it every time rather than fail the page.
        logger.exception("Render cache unavailable")
        return build()
    if stored is not None and stored[0] == token and stored[1] > now:
        memory.put(key, stored)
        return stored[2]
    value = build()
    if keep is not None and not keep(value):
        return value
    try:
        until = valid_until(token)
        if until - now >= 1:
            stored = (token, until, value)
            backend().set(key, stored, timeout=int(until - now))
            memory.put(key, stored)
    except Exception:
        logger.exception("Render cache unavailable")
    return value


def cached_object(name: str, *parts, build: Callable[[], object], keep: Callable[[object], bool] | None = None):
    """:func:`cached_fragment` for mutable values (model instances): every caller gets its own copy.

    The worker's memory holds the pickled bytes, so a request that changes
    what it got (Wagtail notes the request on a settings object) changes
    nobody else's.
    """
    made = []

    def pickled():
        made.append(build())
        return pickle.dumps(made[0], pickle.HIGHEST_PROTOCOL)

    data = cached_fragment(name, *parts, build=pickled, keep=lambda _data: keep is None or keep(made[0]))
    return made[0] if made else pickle.loads(data)


def mark_cacheable(request) -> None:
    """This response may be stored for anonymous visitors (the middleware still checks it)."""
    request._steunpunt_page_cacheable = True


def is_marked(request) -> bool:
    return getattr(request, "_steunpunt_page_cacheable", False)
