"""The generation token in Redis, kept in each worker's memory while Redis vouches for it.

A cached page may be served only under the current token. Asking Redis on
every hit costs a network round trip, the largest part of a hit. So each
worker process keeps a copy of the token and uses it only while both hold:

- its listener thread is subscribed to ``CHANNEL`` and has been the whole
  time since the copy was read (every change of the token is published
  there, in the same transaction as the change);
- it has the answer (PONG) to a PING it sent less than ``LEASE`` seconds
  ago. Redis answers a PING on the same connection after every message
  published before it, so a recent PONG proves the listener has seen every
  change made before it was sent.

Each listener that holds a lease is registered in Redis (a sorted set, each
entry expiring after the longest lease it can hold). A change waits until
every registered listener has dropped its copy and said so (usually within a
millisecond), and at most ``LEASE`` + ``MARGIN`` seconds: a listener that is
cut off, frozen or lost its subscription has then stopped using its copy,
because its lease has run out. A listener registers *before* each PING, so a
lease never starts without a registration that a later change sees. When who
holds a lease is unknown (Redis restarted less than a few seconds ago, or the
registry is younger than a lease: new, flushed or evicted) a change always
waits that long.
Either way, a request that starts after the change has returned sees the new
token, on every worker of every server: never stale, not "fresh within the
network delay" as Redis's own client-side caching would be.
"""

from __future__ import annotations

import atexit
import logging
import os
import secrets
import threading
import time

import redis
from redis.client import PubSub

logger = logging.getLogger(__name__)

#: How long a PONG vouches for the copy; a listener pings several times within it.
LEASE = 1.0
PING_EVERY = 0.2
#: For the clocks of two processes and the time the PUBLISH took to reach Redis.
MARGIN = 0.1
#: How long a registration outlives the PING sent after it (longer than any lease it covers).
REGISTRATION = 3.0

#: Change the token, announce it, and say which listeners hold a lease (all in Redis's clock).
_CHANGE = """
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
-- The registry is trusted once it has existed for longer than a lease (its '#' member, created
-- with a negative score, says since when): a new or emptied registry may miss holders.
local since = redis.call('ZSCORE', KEYS[2], '#')
local trusted = since and (now + tonumber(since) >= tonumber(ARGV[5])) and 1 or 0
redis.call('ZREMRANGEBYSCORE', KEYS[2], 0, now)
local changed
if ARGV[2] == '1' then
    changed = redis.call('SET', KEYS[1], ARGV[1], 'NX')
else
    changed = redis.call('SET', KEYS[1], ARGV[1])
end
redis.call('PUBLISH', ARGV[3], ARGV[4])
local uptime = string.match(redis.call('INFO', 'server'), 'uptime_in_seconds:(%d+)')
return {changed and 1 or 0, trusted, tonumber(uptime), redis.call('ZRANGEBYSCORE', KEYS[2], 0, '+inf')}
"""
#: A listener about to send a PING (whose answer starts or renews a lease): registered first, until
#: well after that lease can end. Also reads the token, so LRU eviction never takes it first.
_REGISTER = """
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZADD', KEYS[1], 'NX', -now, '#')
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('GET', KEYS[2])
return 1
"""


class _Listener(PubSub):
    """A pub/sub connection that tells its owner whenever it (re)connects.

    redis-py reconnects and subscribes again by itself; a change published
    while it was away is lost, so the copy must go.
    """

    def __init__(self, *args, owner, **kwargs):
        self.owner = owner
        super().__init__(*args, **kwargs)

    def on_connect(self, connection):
        self.owner._lost()
        super().on_connect(connection)


class RedisTokens:
    def __init__(self, url: str, key: str):
        self.url = url
        self.client = redis.Redis.from_url(url)
        self.key = key
        self.channel = f"{key}:changed"
        self.registry = f"{key}:listeners"
        self._change_script = self.client.register_script(_CHANGE)
        self._register_script = self.client.register_script(_REGISTER)
        self._name = ""  # this process's entry in the registry
        self._local = threading.local()
        self._lock = threading.Lock()
        self._copy: str | None = None
        self._epoch = 0  # +1 whenever a copy may have gone stale
        self._subscribed = False
        self._confirmed = float("-inf")  # monotonic time a PING was sent whose PONG came back
        self._thread: threading.Thread | None = None
        # A worker forked from a process that used this (gunicorn --preload) starts afresh: the
        # parent's listener does not run in the child, and its lock may have been held.
        os.register_at_fork(after_in_child=self._after_fork)

    def _after_fork(self) -> None:
        self._lock = threading.Lock()
        self._local = threading.local()
        self._copy, self._subscribed, self._confirmed, self._thread = None, False, float("-inf"), None

    # --- reading -----------------------------------------------------------

    def get(self):
        copy = self._copy
        if copy is not None and time.monotonic() - self._confirmed < LEASE:
            return copy
        self._listen()
        with self._lock:
            epoch, subscribed = self._epoch, self._subscribed
        value = self._fetch()
        with self._lock:
            # Kept only if the listener was subscribed throughout: then any later change reaches it.
            if subscribed and self._epoch == epoch and value is not None:
                self._copy = value
        return value

    def _fetch(self):
        """One GET on a connection held per thread and process (redis-py's pool and retries cost
        a fifth of a hit); after a Redis restart one new connection, then the error goes through."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self.client.connection_pool.make_connection()
        try:
            connection.send_command("GET", self.key)
            value = connection.read_response()
        except (redis.ConnectionError, redis.TimeoutError):
            connection.disconnect()
            connection.send_command("GET", self.key)
            value = connection.read_response()
        return value.decode() if value is not None else None

    # --- changing ----------------------------------------------------------

    def add(self, token) -> bool:
        # Announced too: a token that vanished (a restart, FLUSHDB) may still be someone's copy.
        return self._change(token, only_if_missing=True, wait=True)

    def set(self, token, wait: bool = True) -> None:
        """``wait`` False: inside a transaction, whose data no other process can see yet."""
        self._change(token, only_if_missing=False, wait=wait)

    def _change(self, token, only_if_missing: bool, wait: bool) -> bool:
        acknowledgements = f"{self.channel}:{secrets.token_hex(8)}"
        changed, trusted, uptime, holders = self._change_script(
            keys=[self.key, self.registry],
            args=[
                token,
                "1" if only_if_missing else "0",
                self.channel,
                acknowledgements,
                int((LEASE + MARGIN) * 1000),
            ],
        )
        # Counted from after the change reached Redis (retries may have delayed it).
        deadline = time.monotonic() + LEASE + MARGIN
        self._drop_copy()
        if not wait:
            return bool(changed)
        waiting = {name.decode() for name in holders if name != b"#"}
        # A young Redis (restarted: leases from before may run) or registry: who holds a lease is unknown.
        unknown = not trusted or uptime <= LEASE + MARGIN + 1
        try:
            while waiting and not unknown:
                left = deadline - time.monotonic()
                if left < 0.01:  # BLPOP takes a tiny timeout as 0, "forever", before Redis 7.0.8
                    break
                answer = self.client.blpop([acknowledgements], timeout=left)
                if answer is None:
                    break
                waiting.discard(answer[1].decode())
            self.client.delete(acknowledgements)
        finally:
            # Someone may hold a lease and did not answer (or Redis failed us): wait it out.
            if waiting or unknown:
                time.sleep(max(0.0, deadline - time.monotonic()))
        if waiting:
            logger.warning("%d page cache listener(s) did not confirm a change of the token", len(waiting))
        return bool(changed)

    # --- the listener ------------------------------------------------------

    def _drop_copy(self) -> None:
        with self._lock:
            self._epoch += 1
            self._copy = None

    def _lost(self) -> None:
        with self._lock:
            self._epoch += 1
            self._copy = None
            self._subscribed = False
            self._confirmed = float("-inf")

    def _unregister(self) -> None:
        """At exit (a worker restarting): a change need not wait for this listener's lease."""
        if self._name and self._thread is not None and self._thread.is_alive():
            try:
                self.client.zrem(self.registry, self._name)
            except redis.RedisError:
                pass

    def _listen(self) -> None:
        """Start this process's listener, once."""
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._name = secrets.token_hex(8)
            self._thread = threading.Thread(target=self._run, name="pagecache-token-listener", daemon=True)
            self._thread.start()
            atexit.register(self._unregister)

    def _run(self) -> None:
        while True:
            # Named, so that an operator sees the listeners in CLIENT LIST.
            pool = redis.ConnectionPool.from_url(self.url, client_name=f"steunpunt-pagecache-listener-{self._name}")
            listener = _Listener(pool, owner=self)
            try:
                listener.subscribe(self.channel)
                self._serve(listener)
            except Exception:  # noqa: BLE001 - Redis away: no copy until it is back
                self._lost()  # before the pause: the old lease must not outlive the connection
                logger.debug("Page cache listener lost Redis", exc_info=True)
                time.sleep(PING_EVERY)
            finally:
                self._lost()
                try:
                    listener.close()
                    pool.disconnect()
                except Exception:  # noqa: BLE001, S110 - closing a broken connection
                    pass

    def _serve(self, listener: _Listener) -> None:
        next_ping = 0.0
        while True:
            now = time.monotonic()
            if now >= next_ping:
                # Registered before the PING: a change made after this registration waits for this
                # process, and a change made before it reaches the listener ahead of the PONG.
                self._register_script(keys=[self.registry, self.key], args=[self._name, int(REGISTRATION * 1000)])
                now = time.monotonic()
                listener.ping(message=repr(now))
                next_ping = now + PING_EVERY
            message = listener.get_message(timeout=max(0.0, next_ping - time.monotonic()))
            if message is None:
                continue
            kind = message["type"]
            if kind == "message":
                self._drop_copy()
                with self.client.pipeline(transaction=False) as pipe:
                    pipe.lpush(message["data"], self._name).expire(message["data"], 10).execute()
            elif kind == "pong":
                with self._lock:
                    self._confirmed = max(self._confirmed, float(message["data"]))
            elif kind == "subscribe":
                with self._lock:
                    self._subscribed = True
