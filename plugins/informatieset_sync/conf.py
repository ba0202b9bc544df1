"""Settings of the informatieset sync, with their defaults.

The values come from environment variables declared in ``settings_declared.py``
(see docs/configuration.md); reading them through these functions keeps the
plugin working when a settings module leaves them out, and lets tests change
them with pytest-django's ``settings`` fixture.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

BUNDLED_FEED = Path(__file__).resolve().parent / "bundled" / "feed.json"


def source() -> str:
    """Where the feed comes from: a URL or a path; the bundled sample set by default."""
    return getattr(settings, "STEUNPUNT_INFORMATIESET_SOURCE", "") or str(BUNDLED_FEED)


def public_key() -> str:
    """The publisher's Ed25519 public key (base64 of 32 raw bytes), or "" to accept unsigned feeds."""
    return getattr(settings, "STEUNPUNT_INFORMATIESET_PUBLIC_KEY", "") or ""


def interval_minutes() -> int:
    return max(1, int(getattr(settings, "STEUNPUNT_INFORMATIESET_INTERVAL_MINUTES", 60) or 60))


def timeout() -> float:
    """Seconds every network request of a sync may take."""
    return float(getattr(settings, "STEUNPUNT_INFORMATIESET_TIMEOUT", 30) or 30)


def limits():
    """The contract's limits, lowered where the operator configured a lower value (never raised)."""
    from .feed import Limits

    contract = Limits()
    lowered = {}
    for name in ("max_feed_bytes", "max_items", "max_assets", "max_asset_bytes"):
        configured = getattr(settings, f"STEUNPUNT_INFORMATIESET_{name.upper()}", None)
        lowered[name] = min(int(configured), getattr(contract, name)) if configured else getattr(contract, name)
    return Limits(timeout=timeout(), **lowered)


def sync_on_setup() -> bool:
    return bool(getattr(settings, "STEUNPUNT_INFORMATIESET_SYNC_ON_SETUP", True))


def notify_email() -> bool:
    return bool(getattr(settings, "STEUNPUNT_INFORMATIESET_NOTIFY_EMAIL", True))
