"""The generation token in Redis, kept in each worker's memory: never stale across workers.

Two RedisTokens objects on one key stand for two worker processes (on one
server or two). Skipped, with the reason printed, without Redis.
"""

import os
import threading
import time

import pytest
import redis

from distro.pagecache import redis_tokens
from distro.pagecache.redis_tokens import LEASE, MARGIN, RedisTokens

URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def workers(request):
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        from distro.testing.site import skip_with_printed_reason

        skip_with_printed_reason(request, f"Redis token tests skipped: no Redis at {URL}")
    key = "t" + os.urandom(4).hex() + ":generation"
    first, second = RedisTokens(URL, key), RedisTokens(URL, key)
    first.set("one")
    for worker in (first, second):
        holds_a_copy(worker)
    time.sleep(LEASE + MARGIN)  # a registry younger than a lease is not trusted yet
    yield first, second
    redis.Redis.from_url(URL).delete(key, f"{key}:listeners")


def holds_a_copy(worker, within=3.0):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        worker.get()
        if worker._copy is not None:
            return
        time.sleep(0.02)
    raise AssertionError("the worker never kept a copy of the token")


def count_fetches(worker, monkeypatch):
    calls = []
    original = worker._fetch
    monkeypatch.setattr(worker, "_fetch", lambda: calls.append(1) or original())
    return calls


def test_a_hit_asks_redis_nothing_and_a_change_reaches_the_other_worker_at_once(workers, monkeypatch):
    first, second = workers
    fetches = count_fetches(second, monkeypatch)
    assert [second.get() for _ in range(200)] == ["one"] * 200
    assert fetches == []  # no round trip per request

    started = time.monotonic()
    first.set("two")
    # Both workers answered at once: the change did not wait for a lease to run out.
    assert time.monotonic() - started < LEASE / 2
    assert second.get() == "two"
    holds_a_copy(second)
    assert second.get() == "two"


def test_a_frozen_worker_has_stopped_using_its_copy_when_the_change_returns(workers, monkeypatch):
    first, second = workers
    gate = threading.Event()
    real_drop = second._drop_copy

    def frozen_drop():  # the listener thread hangs before it can drop the copy (a paused process)
        gate.wait(10)
        real_drop()

    monkeypatch.setattr(second, "_drop_copy", frozen_drop)
    started = time.monotonic()
    first.set("two")
    assert time.monotonic() - started >= LEASE  # it waited for the frozen worker's lease
    assert second.get() == "two"  # not its old copy: the lease has run out
    gate.set()


def test_a_worker_that_lost_its_subscription_is_not_stale(workers):
    first, second = workers
    admin = redis.Redis.from_url(URL)
    name = f"steunpunt-pagecache-listener-{second._name}"
    ids = [c["id"] for c in admin.client_list() if c["name"] == name]
    assert ids, "the listener's connection is named"
    for client_id in ids:
        admin.client_kill_filter(_id=client_id)
    first.set("two")  # Redis no longer knows the listener; the registry still does
    assert second.get() == "two"


def test_just_after_a_restart_of_redis_a_change_waits_out_every_lease(workers, monkeypatch):
    first, second = workers
    redis.Redis.from_url(URL).delete(first.registry)  # a new Redis knows no listeners ...
    script = first._change_script

    def young_redis(keys, args):
        changed, known, _uptime, holders = script(keys=keys, args=args)
        return changed, known, 0, holders  # ... and has been up for under a second

    monkeypatch.setattr(first, "_change_script", young_redis)
    started = time.monotonic()
    first.set("two")
    assert time.monotonic() - started >= LEASE  # whoever had a lease from the old Redis: it ran out
    assert second.get() == "two"


def test_an_emptied_registry_makes_a_change_wait_out_every_lease(workers):
    first, second = workers
    redis.Redis.from_url(URL).delete(first.registry)  # FLUSHDB, or the key evicted
    started = time.monotonic()
    first.set("two")
    assert time.monotonic() - started >= LEASE  # who held a lease is unknown until the registry is old enough
    assert second.get() == "two"


def test_a_reconnect_does_not_slow_the_next_change(workers):
    first, second = workers
    admin = redis.Redis.from_url(URL)
    for client in admin.client_list():
        if client["name"] == f"steunpunt-pagecache-listener-{second._name}":
            admin.client_kill_filter(_id=client["id"])
    time.sleep(3 * redis_tokens.PING_EVERY)  # the listener notices and connects again
    holds_a_copy(second)  # vouched for again, under the same name
    started = time.monotonic()
    first.set("two")
    assert time.monotonic() - started < LEASE / 2
    assert second.get() == "two"


def test_a_change_inside_a_transaction_does_not_wait(workers, monkeypatch):
    first, second = workers
    monkeypatch.setattr(second, "_drop_copy", lambda: time.sleep(5))  # a worker that never answers
    started = time.monotonic()
    first.set("two", wait=False)  # its data is invisible to others until the commit, which waits
    assert time.monotonic() - started < LEASE / 2


def test_a_copy_read_while_a_change_was_announced_is_not_kept(workers, monkeypatch):
    first, second = workers
    second._drop_copy()
    original = second._fetch

    def fetch_during_a_change():
        value = original()  # the old token, read just before another worker changes it
        first.set("two")
        return value

    monkeypatch.setattr(second, "_fetch", fetch_during_a_change)
    assert second.get() == "one"  # that request started before the change finished
    monkeypatch.setattr(second, "_fetch", original)
    assert second.get() == "two"
