"""A per-IP limit on form submissions, counted in the cache.

The address is hashed with the secret key before it is used as a key, so
the cache never holds visitors' IP addresses.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    header = settings.STEUNPUNT_CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(request, scope: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()[:32]
    window = int(time.time() // 3600)
    return f"ratelimit:{scope}:{digest}:{window}"


def limit_exceeded(request, scope: str, limit: int | None = None) -> bool:
    """Count one attempt for this visitor; True if it is over the hourly limit."""
    limit = settings.STEUNPUNT_FORM_LIMIT_PER_HOUR if limit is None else limit
    key = _key(request, scope)
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit
