"""A per-IP limit on form submissions, counted across all workers.

Where the count lives:

* ``database`` (the default): one row per visitor, scope and hour in the
  site's own database, raised with a single atomic
  ``INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 RETURNING count``
  (SQLite 3.35+ and PostgreSQL). Every gunicorn worker and every server that
  shares the database sees the same count. Chosen over Django's
  DatabaseCache because that needs ``createcachetable`` on every install,
  restore and test database, and its ``incr`` is a read followed by a write,
  so two workers can both count 5 -> 6. The table here comes with
  ``migrate``, like every other table.
* ``cache``: the default cache, used when ``REDIS_URL`` is set (Redis
  counts atomically and is shared by all workers).

The address is hashed with the secret key before it is used as a key, so
neither store ever holds visitors' IP addresses, and rows of past hours are
deleted as new hours begin.

Which address: ``client_ip`` believes a forwarded-for header only when the
request comes from one of ``STEUNPUNT_TRUSTED_PROXIES``; anyone else could
write any address in that header and so escape the limit, or use up
somebody else's.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection

WINDOW_SECONDS = 3600


# --- Which address -----------------------------------------------------------------------------


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def trusted_networks() -> list:
    """STEUNPUNT_TRUSTED_PROXIES as networks (the settings have already refused bad entries)."""
    networks = []
    for entry in getattr(settings, "STEUNPUNT_TRUSTED_PROXIES", []) or []:
        try:
            networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
        except ValueError:
            continue
    return networks


def _trusted(address, networks) -> bool:
    if address is None:
        return False
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request) -> str:
    """The visitor's address: REMOTE_ADDR, or what a trusted proxy says it forwarded.

    When the request comes from a trusted proxy, the forwarded-for header is
    read from the right (each proxy appends the address it got the request
    from) and the first address that is not a trusted proxy itself is the
    visitor. Whatever the visitor wrote in the header themselves is further
    left and never reached. A value that is not an IP address ("unknown",
    garbage) is not used, and ends the walk: what is left of it came from
    somewhere we cannot vouch for, so the nearest proxy's address counts.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = trusted_networks()
    if not networks or not _trusted(_parse(remote), networks):
        return remote
    header = getattr(settings, "STEUNPUNT_CLIENT_IP_HEADER", "") or "HTTP_X_FORWARDED_FOR"
    hops = [_parse(part) for part in request.META.get(header, "").split(",")]
    for address in reversed(hops):
        if address is None:
            break
        if not _trusted(address, networks):
            return str(address)
    # Only proxies in the chain (or no usable header): the nearest one is all we know.
    return remote


# --- Counting ----------------------------------------------------------------------------------


def _key(request, scope: str, window: int) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{window}"


def _count_in_cache(key: str) -> int:
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def _count_in_database(key: str, window: int) -> int:
    # Django: this package is an installed app, imported before the app registry is ready.
    from .models import Teller

    quote = connection.ops.quote_name
    table, key_column, count_column = quote(Teller._meta.db_table), quote("key"), quote("count")
    expires = datetime.fromtimestamp((window + 1) * WINDOW_SECONDS, tz=UTC)
    expires = connection.ops.adapt_datetimefield_value(expires)
    # One statement: atomic on both databases, whichever worker runs it, and no
    # transaction is opened around it.
    sql = (
        f"INSERT INTO {table} ({key_column}, {count_column}, {quote('expires_at')}) VALUES (%s, 1, %s) "
        f"ON CONFLICT ({key_column}) DO UPDATE SET {count_column} = {table}.{count_column} + 1 "
        f"RETURNING {count_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, expires])
        count = cursor.fetchone()[0]
        if count == 1:
            # This visitor's first post this hour: tidy up the hours that are over.
            # At most once per visitor per hour, and it keeps the table small.
            now = connection.ops.adapt_datetimefield_value(datetime.fromtimestamp(time.time(), tz=UTC))
            cursor.execute(f"DELETE FROM {table} WHERE {quote('expires_at')} <= %s", [now])
    return count


def count_attempt(request, scope: str) -> int:
    """Count one attempt for this visitor in this hour; returns the count so far."""
    window = int(time.time() // WINDOW_SECONDS)
    key = _key(request, scope, window)
    if getattr(settings, "STEUNPUNT_RATELIMIT_STORE", "database") == "cache":
        return _count_in_cache(key)
    return _count_in_database(key, window)


def limit_exceeded(request, scope: str, limit: int | None = None) -> bool:
    """Count one attempt for this visitor; True if it is over the hourly limit."""
    limit = settings.STEUNPUNT_FORM_LIMIT_PER_HOUR if limit is None else limit
    return count_attempt(request, scope) > limit
