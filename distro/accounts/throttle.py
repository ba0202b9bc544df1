"""Hourly limits on password-reset mails, per address and per client IP.

Keys are hashed with the secret key, so the cache holds neither addresses
nor IPs. The per-IP count shares the site's one client-IP rule.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from distro.core import ratelimit


def _count(key: str) -> int:
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        return 1


def reset_mail_allowed(request, email: str) -> bool:
    """Count one reset request; False once this address or this IP asked too often this hour."""
    limit = settings.STEUNPUNT_WACHTWOORD_RESET_PER_UUR
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{email.strip().lower()}".encode()).hexdigest()[:32]
    window = int(time.time() // 3600)
    over_for_address = _count(f"password_reset:email:{digest}:{window}") > limit
    over_for_ip = ratelimit.limit_exceeded(request, "password_reset", limit)
    return not (over_for_address or over_for_ip)
