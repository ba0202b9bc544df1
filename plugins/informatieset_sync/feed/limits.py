"""The limits a consumer enforces (docs/informatieset/feed-v1.md, "Limits a consumer enforces").

The defaults are the contract's maxima; operators may lower them (conf.limits()).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Limits:
    max_feed_bytes: int = 20 * 1024 * 1024
    max_items: int = 5000
    max_assets: int = 500
    max_asset_bytes: int = 5 * 1024 * 1024
    max_depth: int = 6
    timeout: float = 30.0  # seconds, every network request
