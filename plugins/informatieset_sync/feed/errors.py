"""How a refused feed is reported: the item (id, key, language) and the JSON path of the field.

Every check in this package raises ``FeedError``; the sync stores ``item`` and
``field`` with the failed run so an operator can find the bad spot in the feed.
"""

from __future__ import annotations

from collections.abc import Iterable


class FeedError(Exception):
    """A feed that must not be applied. ``str()`` names the item and the field.

    ``item`` is the item's id (or ``items[n]`` when the id itself is unusable),
    ``field`` a JSON path inside the item (``body[1].value.text``) or, for
    top-level problems, inside the feed (``assets[0].size``).
    """

    def __init__(
        self,
        message: str,
        *,
        item: str | None = None,
        field: str | None = None,
        key: str | None = None,
        language: str | None = None,
    ):
        self.message = message
        self.item = item
        self.field = field
        self.key = key
        self.language = language
        super().__init__(self.__str__())

    def __str__(self) -> str:
        parts = []
        if self.item is not None:
            label = f"item {self.item}"
            extra = ", ".join(p for p in (f"key {self.key}" if self.key else "", self.language or "") if p)
            if extra:
                label += f" ({extra})"
            parts.append(label)
        if self.field:
            parts.append(f"field {self.field}")
        if parts:
            return f"{' '.join(parts)}: {self.message}"
        return self.message


class NotModified(Exception):
    """The source answered 304 Not Modified to our If-None-Match (feed-v1.md, "Transport")."""

    def __init__(self, source: str = "", etag: str = ""):
        self.source = source
        self.etag = etag
        super().__init__(f"{source or 'the feed'} is not modified (ETag {etag})")


def json_path(parts: Iterable) -> str:
    """``["body", 1, "value"]`` -> ``body[1].value``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def item_label(data: dict, index: int) -> dict:
    """FeedError kwargs naming items[index]: id, key and language when usable."""
    try:
        item = data["items"][index]
    except (KeyError, IndexError, TypeError):
        return {"item": f"items[{index}]"}
    if not isinstance(item, dict):
        return {"item": f"items[{index}]"}

    def text(name):
        value = item.get(name)
        return value if isinstance(value, str) and value else None

    return {"item": text("id") or f"items[{index}]", "key": text("key"), "language": text("language")}


def error_at(data: dict, path: list, message: str) -> FeedError:
    """A FeedError for the value at ``path`` in the feed: inside an item, it names the item."""
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
        return FeedError(message, field=json_path(path[2:]) or None, **item_label(data, path[1]))
    return FeedError(message, field=json_path(path) or None)
