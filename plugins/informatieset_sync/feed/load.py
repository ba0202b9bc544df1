"""Fetch, verify, parse and validate a feed: the steps of the package in their order.

Nothing here touches the database, so a feed that fails here has changed
nothing (docs/informatieset/feed-v1.md: "A consumer accepts every feed that is
valid against this contract, and rejects every feed that is not, before it
changes anything").
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import FeedError
from .limits import Limits
from .richtext import sanitised_copy
from .rules import check_rules, check_strings
from .schema import check_schema
from .transport import Location, download_asset, publisher_key, verify_signature

FORMAT = "informatieset-feed"
FORMAT_VERSION = 1


@dataclass
class LoadedFeed:
    data: dict
    raw: bytes
    etag: str
    source: str
    assets: dict[str, bytes] = field(default_factory=dict)

    @property
    def revision(self) -> int:
        return self.data["revision"]

    def items_by_key_language(self) -> dict[tuple[str, str], dict]:
        return {(item["key"], item["language"]): item for item in self.data["items"]}


def load_feed(
    source: str,
    *,
    public_key: str | None = None,
    etag: str | None = None,
    limits: Limits | None = None,
    download_assets: bool = True,
    progress: Callable[[str], None] | None = None,
) -> LoadedFeed:
    """Fetch, verify, parse and validate a feed and (optionally) its assets.

    Raises ``NotModified`` when ``etag`` is given and the server answers 304,
    ``FeedError`` for everything that makes the feed unusable.
    """
    limits = limits or Limits()
    say = progress or (lambda message: None)
    source = str(source)
    if not source.strip():
        raise FeedError("no feed source configured")
    verify_key = publisher_key(public_key) if public_key else None

    location = Location.parse(source)
    say(f"fetching {source}")
    raw, new_etag = location.fetch(
        "feed", max_bytes=limits.max_feed_bytes, timeout=limits.timeout, etag=etag, conditional=True
    )
    if verify_key is not None:
        say("verifying signature")
        verify_signature(location, raw, verify_key, limits)

    data = parse_feed(raw)
    items = data.get("items")
    say(f"validating {len(items) if isinstance(items, list) else 0} items")
    data = validate_feed(data, limits=limits)

    assets: dict[str, bytes] = {}
    if download_assets:
        total = len(data["assets"])
        for number, asset in enumerate(data["assets"], start=1):
            say(f"asset {number}/{total}")
            if asset["id"] in assets:
                continue
            assets[asset["id"]] = download_asset(location, asset, number - 1, limits)
    return LoadedFeed(data=data, raw=raw, etag=new_etag or "", source=source, assets=assets)


def parse_feed(raw: bytes) -> dict:
    """Bytes -> JSON object, with the position of any error in the message ("Transport": UTF-8 JSON)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FeedError(f"feed is not valid UTF-8: invalid byte at offset {exc.start}") from None

    def no_constants(name):
        raise ValueError(f"{name} is not valid JSON")

    try:
        data = json.loads(text, parse_constant=no_constants)
    except json.JSONDecodeError as exc:
        # "Unterminated string" means the data ended inside a string.
        truncated = not text[exc.pos :].strip() or exc.msg.startswith("Unterminated string")
        what = "feed is truncated (unexpected end of data)" if truncated else "feed is not valid JSON"
        raise FeedError(f"{what}: {exc.msg} (line {exc.lineno} column {exc.colno}, char {exc.pos})") from None
    except ValueError as exc:
        raise FeedError(f"feed is not valid JSON: {exc}") from None
    except RecursionError:
        raise FeedError("feed is not valid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise FeedError(f"feed must be a JSON object, not {type(data).__name__}")
    return data


def validate_feed(data: dict, *, limits: Limits | None = None) -> dict:
    """Check ``data`` against the v1 contract; return a sanitised copy.

    Raises ``FeedError`` for the first problem found (in feed order).
    """
    limits = limits or Limits()
    if not isinstance(data, dict):
        raise FeedError(f"feed must be a JSON object, not {type(data).__name__}")
    if data.get("format") != FORMAT:
        raise FeedError(f"must be {FORMAT!r}, not {data.get('format')!r}", field="format")
    # "Top level": a consumer refuses any other major version, with a message
    # that says so rather than the schema's "must be 1".
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, (int, float)) or version != FORMAT_VERSION:
        raise FeedError(
            f"unsupported format_version {version!r}: this consumer reads format version {FORMAT_VERSION} only",
            field="format_version",
        )
    # Cheap limits first: no point in schema-checking 100,000 items.
    for name, limit in (("items", limits.max_items), ("assets", limits.max_assets)):
        if isinstance(data.get(name), list) and len(data[name]) > limit:
            raise FeedError(f"{len(data[name])} {name}, more than the limit of {limit}", field=name)

    check_schema(data)
    check_strings(data)
    check_rules(data, limits)
    return sanitised_copy(data)
