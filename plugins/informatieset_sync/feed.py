"""Loading and validating an informatieset feed (format version 1).

This module implements the consumer side of ``shared/informatieset/feed-v1.md``
up to, but not including, the database: fetching (with time-outs, size limits
and conditional GET), the optional Ed25519 signature, JSON parsing, the JSON
Schema, every rule the schema cannot express, rich-text checks and asset
downloads with hash, size and type checks. Nothing here touches the database,
so a feed that fails here has changed nothing.

    loaded = load_feed(source, public_key=..., etag=...)   # FeedError / NotModified
    loaded.data, loaded.assets, loaded.revision, loaded.etag

``validate_feed`` is the pure part (no I/O) and returns a copy of the feed in
which rich text has also been sanitised with nh3 (defence in depth: the
validator already refuses anything outside the allowed HTML).
"""

from __future__ import annotations

import base64
import binascii
import copy
import functools
import hashlib
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

__all__ = [
    "FeedError",
    "Limits",
    "LoadedFeed",
    "NotModified",
    "load_feed",
    "validate_feed",
]

FORMAT = "informatieset-feed"
FORMAT_VERSION = 1
USER_AGENT = "steunpunt-in-a-box informatieset-sync (feed v1)"
CHUNK = 64 * 1024
MAX_SIGNATURE_BYTES = 4096
# The socket time-out applies to each connect/read; this caps a whole request
# (a server that drips one byte per second would otherwise never time out).
DEADLINE_FACTOR = 10

RICH_TEXT_TAGS = frozenset({"p", "ul", "ol", "li", "strong", "em", "a", "br"})
RICH_TEXT_ATTRIBUTES = {"a": frozenset({"href"})}
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
INTERNAL_LINK_RE = re.compile(r"informatieset:(.*)", re.DOTALL)
MEDIA_SIGNATURES = {
    "image/png": lambda b: b.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/jpeg": lambda b: b.startswith(b"\xff\xd8\xff"),
    "image/webp": lambda b: len(b) >= 12 and b[:4] == b"RIFF" and b[8:12] == b"WEBP",
}


# --- public interface --------------------------------------------------------


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
    """The source answered 304 Not Modified to our If-None-Match."""

    def __init__(self, source: str = "", etag: str = ""):
        self.source = source
        self.etag = etag
        super().__init__(f"{source or 'the feed'} is not modified (ETag {etag})")


@dataclass
class Limits:
    max_feed_bytes: int = 20 * 1024 * 1024
    max_items: int = 5000
    max_assets: int = 500
    max_asset_bytes: int = 5 * 1024 * 1024
    max_depth: int = 6
    timeout: float = 30.0  # seconds, every network request


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
    verify_key = _public_key(public_key) if public_key else None

    location = _Location.parse(source)
    say(f"fetching {source}")
    raw, new_etag = location.fetch(
        "feed", max_bytes=limits.max_feed_bytes, timeout=limits.timeout, etag=etag, conditional=True
    )
    if verify_key is not None:
        say("verifying signature")
        _verify_signature(location, raw, verify_key, limits)

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
            assets[asset["id"]] = _download_asset(location, asset, number - 1, limits)
    return LoadedFeed(data=data, raw=raw, etag=new_etag or "", source=source, assets=assets)


def parse_feed(raw: bytes) -> dict:
    """Bytes -> JSON object, with the position of any error in the message."""
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

    _check_schema(data)
    _check_strings(data)
    _check_rules(data, limits)
    return _sanitised_copy(data)


# --- schema ------------------------------------------------------------------


def load_schema() -> dict:
    text = resources.files(__package__).joinpath("schema", "feed-v1.schema.json").read_text("utf-8")
    return json.loads(text)


_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME_RE = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?([Zz]|[+-]([0-9]{2}):([0-9]{2}))"
)


def _is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_RE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_date_time(value) -> bool:
    """RFC 3339 ``date-time`` (leap second 60 allowed, offset required)."""
    if not isinstance(value, str):
        return True
    match = _DATE_TIME_RE.fullmatch(value)
    if not match:
        return False
    day, hour, minute, second = match.group(1), int(match.group(2)), int(match.group(3)), int(match.group(4))
    if not _is_date(day) or hour > 23 or minute > 59 or second > 60:
        return False
    if match.group(7) is not None and (int(match.group(7)) > 23 or int(match.group(8)) > 59):
        return False
    return True


@functools.cache
def _ecma_pattern(pattern: str) -> re.Pattern:
    # ECMA-262 "$" (no multiline) only matches at the very end; Python's "$"
    # also matches before a final newline, which would let "slug\n" through.
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


@functools.cache
def _validator():
    from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

    def pattern(validator, patrn, instance, schema):
        if validator.is_type(instance, "string") and not _ecma_pattern(patrn).search(instance):
            yield ValidationError(f"{instance!r} does not match {patrn!r}")

    checker = FormatChecker(formats=())
    checker.checks("date")(_is_date)
    checker.checks("date-time")(_is_date_time)
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    cls = validators.extend(Draft202012Validator, {"pattern": pattern})
    return cls(schema, format_checker=checker)


# jsonschema is the authority, but at ~3 s for a 1,000-item feed it is too slow
# to run on every sync. So the shipped schema is also compiled into plain
# closures for the keywords it uses; a feed the compiled check accepts is valid,
# and only a feed it rejects goes through jsonschema for the error message. A
# keyword the compiler does not know makes it step aside (jsonschema only).
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"})


class _Unsupported(Exception):
    pass


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "number": _is_number,
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


def _canonical(value):
    """A hashable form under JSON equality (1 == 1.0, True != 1)."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, str):
        return ("string", value)
    if value is None:
        return ("null",)
    if isinstance(value, list):
        return ("array", tuple(_canonical(v) for v in value))
    if isinstance(value, dict):
        return ("object", frozenset((k, _canonical(v)) for k, v in value.items()))
    return ("other", id(value))


def _compile(schema, root: dict, refs: dict):
    if schema is True:
        return lambda v: True
    if schema is False:
        return lambda v: False
    if not isinstance(schema, dict):
        raise _Unsupported(repr(schema))
    checks = []
    for keyword, arg in schema.items():
        if keyword in _ANNOTATIONS:
            continue
        checks.append(_compile_keyword(keyword, arg, schema, root, refs))
    checks = [c for c in checks if c is not None]
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]

    def all_checks(v):
        for check in checks:
            if not check(v):
                return False
        return True

    return all_checks


def _discriminator(subschemas: list):
    """A property whose ``const`` differs in every subschema (like a block's ``type``), or None."""
    first = subschemas[0].get("properties", {}) if subschemas and isinstance(subschemas[0], dict) else {}
    for name in first:
        values = []
        for sub in subschemas:
            prop = sub.get("properties", {}).get(name) if isinstance(sub, dict) else None
            if not isinstance(prop, dict) or "const" not in prop:
                break
            values.append(_canonical(prop["const"]))
        else:
            if len(set(values)) == len(values):
                return name, values
    return None


def _compile_keyword(keyword, arg, schema, root, refs):  # noqa: C901 - a flat dispatch on keywords
    if keyword == "type":
        names = [arg] if isinstance(arg, str) else list(arg)
        tests = [_TYPES[name] for name in names]
        return lambda v: any(t(v) for t in tests)
    if keyword in ("const", "enum"):
        allowed = {_canonical(x) for x in ([arg] if keyword == "const" else arg)}
        return lambda v: _canonical(v) in allowed
    if keyword == "required":
        names = list(arg)
        return lambda v: not isinstance(v, dict) or all(name in v for name in names)
    if keyword == "properties":
        compiled = [(name, _compile(sub, root, refs)) for name, sub in arg.items()]

        def properties(v):
            if isinstance(v, dict):
                for name, check in compiled:
                    if name in v and not check(v[name]):
                        return False
            return True

        return properties
    if keyword == "additionalProperties":
        if "patternProperties" in schema:
            raise _Unsupported(keyword)
        known = frozenset(schema.get("properties", {}))
        sub = _compile(arg, root, refs)
        return lambda v: not isinstance(v, dict) or all(sub(x) for k, x in v.items() if k not in known)
    if keyword == "maxProperties":
        return lambda v: not isinstance(v, dict) or len(v) <= arg
    if keyword == "minProperties":
        return lambda v: not isinstance(v, dict) or len(v) >= arg
    if keyword == "items":
        if "prefixItems" in schema:
            raise _Unsupported(keyword)
        sub = _compile(arg, root, refs)

        def items(v):
            if isinstance(v, list):
                for x in v:
                    if not sub(x):
                        return False
            return True

        return items
    if keyword == "contains":
        if "minContains" in schema or "maxContains" in schema:
            raise _Unsupported(keyword)
        sub = _compile(arg, root, refs)
        return lambda v: not isinstance(v, list) or any(sub(x) for x in v)
    if keyword == "minItems":
        return lambda v: not isinstance(v, list) or len(v) >= arg
    if keyword == "maxItems":
        return lambda v: not isinstance(v, list) or len(v) <= arg
    if keyword == "uniqueItems":
        if not arg:
            return None
        return lambda v: not isinstance(v, list) or len({_canonical(x) for x in v}) == len(v)
    if keyword == "minLength":
        return lambda v: not isinstance(v, str) or len(v) >= arg
    if keyword == "maxLength":
        return lambda v: not isinstance(v, str) or len(v) <= arg
    if keyword == "pattern":
        regex = _ecma_pattern(arg)
        return lambda v: not isinstance(v, str) or regex.search(v) is not None
    if keyword == "format":
        test = {"date": _is_date, "date-time": _is_date_time}.get(arg)
        return test  # None: an unchecked format is an annotation, as in _validator()
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        compare = {
            "minimum": lambda v: v >= arg,
            "maximum": lambda v: v <= arg,
            "exclusiveMinimum": lambda v: v > arg,
            "exclusiveMaximum": lambda v: v < arg,
        }[keyword]
        return lambda v: not _is_number(v) or compare(v)
    if keyword in ("oneOf", "anyOf", "allOf"):
        subs = [_compile(sub, root, refs) for sub in arg]
        if keyword == "allOf":
            return lambda v: all(s(v) for s in subs)
        if keyword == "anyOf":
            return lambda v: any(s(v) for s in subs)
        discriminator = _discriminator(arg)
        if discriminator is None:
            return lambda v: sum(1 for s in subs if s(v)) == 1
        # When the discriminating property is present, every other subschema
        # fails on its const, so only one can match.
        name, values = discriminator
        branches = dict(zip(values, subs, strict=False))

        def one_of(v):
            if isinstance(v, dict) and name in v:
                branch = branches.get(_canonical(v[name]))
                return branch is not None and branch(v)
            return sum(1 for s in subs if s(v)) == 1

        return one_of
    if keyword == "$ref":
        if not isinstance(arg, str) or not arg.startswith("#/$defs/") or "/" in arg[len("#/$defs/") :]:
            raise _Unsupported(arg)
        name = arg[len("#/$defs/") :]
        if name not in refs:
            refs[name] = None  # placeholder: recursion resolves late
            refs[name] = _compile(root["$defs"][name], root, refs)
        return lambda v: refs[name](v)
    raise _Unsupported(keyword)


@functools.cache
def _compiled():
    """(whole feed, one item) of the shipped schema as fast ``instance -> bool``; None if unsupported."""
    schema = load_schema()
    try:
        refs = {}
        return _compile(schema, schema, refs), _compile(schema["properties"]["items"]["items"], schema, refs)
    except (_Unsupported, KeyError, TypeError):
        return None


def _compiled_schema():
    compiled = _compiled()
    return compiled[0] if compiled else None


def _first_schema_error(data: dict):
    """jsonschema's best error; on a big feed, only the first bad item is run through jsonschema."""
    from jsonschema.exceptions import best_match

    compiled = _compiled()
    items = data.get("items")
    if compiled is not None and isinstance(items, list):
        is_item = compiled[1]
        bad = next((n for n, item in enumerate(items) if not is_item(item)), None)
        probe = dict(data, items=[] if bad is None else [items[bad]])
        error = best_match(_validator().iter_errors(probe))
        if error is not None:
            error = _refine_block_error(error)
            path = list(error.absolute_path)
            if len(path) >= 2 and path[0] == "items" and bad is not None:
                path[1] = bad  # back to the index in the real feed
            return error, path
    error = best_match(_validator().iter_errors(data))
    if error is None:
        return None, []
    error = _refine_block_error(error)
    return error, list(error.absolute_path)


def _check_schema(data: dict) -> None:
    fast = _compiled_schema()
    if fast is not None and fast(data):
        return
    error, path = _first_schema_error(data)
    if error is None:
        return
    message = _schema_message(error)
    if error.validator == "required":
        # Point at the missing property itself.
        missing = re.match(r"'([^']*)' is a required property", message)
        if missing:
            path.append(missing.group(1))
    elif error.validator == "contains" and path == ["languages"]:
        message = "must contain 'nl'"
    elif len(path) == 3 and path[0] == "items" and path[2] == "parent":
        message = f"{_short(error.instance)} is neither a key (UUID) nor null"
    elif error.validator == "oneOf" and len(path) >= 4 and path[2] == "body":
        block_type = error.instance.get("type") if isinstance(error.instance, dict) else None
        message = f"unknown block type {block_type!r}" if isinstance(block_type, str) else "not a valid block"
    raise _error_at(data, path, message)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _schema_message(error) -> str:
    """jsonschema's message, without quoting a whole (possibly huge) instance."""
    kind, arg, value = error.validator, error.validator_value, error.instance
    if kind == "maxLength":
        return f"is {len(value)} characters, more than the maximum of {arg}"
    if kind == "minLength":
        return "must not be empty" if arg == 1 else f"is {len(value)} characters, fewer than the minimum of {arg}"
    if kind == "pattern":
        return f"{_short(value)} does not match {arg}"
    if kind == "type":
        return f"{_short(value)} is not of type {arg if isinstance(arg, str) else ' or '.join(arg)}"
    if kind == "enum":
        return f"{_short(value)} is not one of {', '.join(map(repr, arg))}"
    if kind == "const":
        return f"{_short(value)} must be {arg!r}"
    if kind == "format":
        return f"{_short(value)} is not a valid {arg}"
    if kind in ("minimum", "maximum"):
        return f"{_short(value)} is {'less' if kind == 'minimum' else 'more'} than the {kind} of {arg}"
    if kind == "minItems":
        return "must not be empty" if arg == 1 else f"has {len(value)} entries, fewer than the minimum of {arg}"
    if kind == "maxItems":
        return f"has {len(value)} entries, more than the maximum of {arg}"
    if kind == "uniqueItems":
        return "has duplicate entries"
    if kind == "maxProperties":
        return "must be empty" if arg == 0 else f"has more than {arg} properties"
    message = error.message
    return message if len(message) <= 300 else message[:297] + "..."


def _refine_block_error(error):
    """For a body block, report the error of the branch that matches its type."""
    if error.validator != "oneOf" or not isinstance(error.instance, dict):
        return error
    block_type = error.instance.get("type")
    for index, subschema in enumerate(error.validator_value):
        if subschema.get("properties", {}).get("type", {}).get("const") == block_type:
            branch = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] == index]
            if branch:
                from jsonschema.exceptions import best_match

                return best_match(branch)
    return error


# --- rules the schema cannot express -----------------------------------------


def _path(parts: Iterable) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _item_label(data: dict, index: int) -> dict:
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


def _error_at(data: dict, path: list, message: str) -> FeedError:
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
        return FeedError(message, field=_path(path[2:]) or None, **_item_label(data, path[1]))
    return FeedError(message, field=_path(path) or None)


def _check_strings(data: dict) -> None:
    """No lone surrogates (not Unicode) and no NUL characters (not storable)."""
    try:
        dumped = json.dumps(data, ensure_ascii=False)
        dumped.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        if "\\u0000" not in dumped:
            return

    def walk(value, path):
        if isinstance(value, str):
            if "\x00" in value:
                raise _error_at(data, path, "contains a NUL character")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise _error_at(data, path, "contains invalid Unicode (a lone surrogate)") from None
        elif isinstance(value, dict):
            for key, inner in value.items():
                walk(key, path)
                walk(inner, path + [key])
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(inner, path + [index])

    walk(data, [])


def _rich_text_fields(body: list):
    """(path inside the item, html) for every rich text of a body."""
    for b, block in enumerate(body):
        kind, value = block["type"], block["value"]
        if kind == "paragraph":
            yield ["body", b, "value"], value
        elif kind == "callout":
            yield ["body", b, "value", "text"], value["text"]
        elif kind == "faq":
            for n, entry in enumerate(value):
                yield ["body", b, "value", n, "answer"], entry["answer"]
        elif kind == "steps":
            for n, entry in enumerate(value):
                yield ["body", b, "value", n, "text"], entry["text"]


def _check_rules(data: dict, limits: Limits) -> None:
    items = data["items"]
    languages = set(data["languages"])
    if "nl" not in languages:
        raise FeedError("must contain 'nl'", field="languages")
    theme_codes = {theme["code"] for theme in data["themes"]}
    asset_ids = set()
    for index, asset in enumerate(data["assets"]):
        if asset["size"] > limits.max_asset_bytes:
            raise FeedError(
                f"asset {asset['id']} declares {asset['size']} bytes, more than the limit of {limits.max_asset_bytes} bytes",
                field=f"assets[{index}].size",
            )
        asset_ids.add(asset["id"])

    def fail(index, field, message):
        return FeedError(message, field=field, **_item_label(data, index))

    # Pass 1: identities.
    ids: dict[str, int] = {}
    nodes: dict[tuple[str, str], int] = {}
    for index, item in enumerate(items):
        if item["id"] in ids:
            raise fail(index, "id", f"duplicate id: also used by items[{ids[item['id']]}]")
        ids[item["id"]] = index
        node = (item["key"], item["language"])
        if node in nodes:
            other = items[nodes[node]]["id"]
            raise fail(index, "key", f"duplicate (key, language) ({node[0]}, {node[1]}): also used by item {other}")
        nodes[node] = index
    keys = {key for key, _ in nodes}

    # Pass 2: references and content, item by item.
    siblings: dict[tuple, int] = {}
    for index, item in enumerate(items):
        language = item["language"]
        if language not in languages:
            raise fail(
                index, "language", f"language {language!r} is not listed in the feed's languages {sorted(languages)}"
            )
        parent = item["parent"]
        if parent is not None and (parent, language) not in nodes:
            if parent in keys:
                raise fail(index, "parent", f"parent {parent} exists, but not in language {language!r}")
            raise fail(index, "parent", f"parent {parent} is not an item of this feed")
        slot = (parent, language, item["slug"])
        if slot in siblings:
            other = items[siblings[slot]]["id"]
            under = f"parent {parent}" if parent else "the root"
            raise fail(
                index, "slug", f"slug {item['slug']!r} is also used by sibling item {other} under {under} ({language})"
            )
        siblings[slot] = index
        for t, code in enumerate(item["themes"]):
            if code not in theme_codes:
                raise fail(index, f"themes[{t}]", f"unknown theme {code!r}")
        for b, block in enumerate(item["body"]):
            if block["type"] == "image":
                value = block["value"]
                if value["asset"] not in asset_ids:
                    raise fail(index, f"body[{b}].value.asset", f"unknown asset {value['asset']}")
                if value["alt"] == "" and value.get("decorative") is not True:
                    raise fail(index, f"body[{b}].value.alt", "alt text is required unless decorative is true")
        for path, html in _rich_text_fields(item["body"]):
            try:
                links = check_rich_text(html)
            except _HTMLProblem as problem:
                raise fail(index, _path(path), str(problem)) from None
            for link in links:
                if link not in keys:
                    raise fail(index, _path(path), f"link informatieset:{link} points to an unknown key")

    # Pass 3: the tree (cycles and depth), linear thanks to memoisation.
    depth: dict[tuple[str, str], int] = {}
    for index, item in enumerate(items):
        node = (item["key"], item["language"])
        chain = []
        on_chain = set()
        while node not in depth:
            if node in on_chain:
                cycle = chain[chain.index(node) :] + [node]
                start = nodes[node]
                raise fail(
                    start,
                    "parent",
                    "cycle in parents: " + " -> ".join(f"key {key}" for key, _ in cycle) + f" ({node[1]})",
                )
            chain.append(node)
            on_chain.add(node)
            parent = items[nodes[node]]["parent"]
            if parent is None:
                depth[node] = 1
                chain.pop()
                break
            node = (parent, node[1])
        for node in reversed(chain):
            depth[node] = depth[(items[nodes[node]]["parent"], node[1])] + 1
        here = depth[(item["key"], item["language"])]
        if here > limits.max_depth:
            raise fail(
                index, "parent", f"depth {here} exceeds the maximum of {limits.max_depth} (top level is depth 1)"
            )


# --- rich text -----------------------------------------------------------------


class _HTMLProblem(Exception):
    pass


class _RichTextChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in RICH_TEXT_TAGS:
            raise _HTMLProblem(f"disallowed HTML <{tag}>")
        allowed = RICH_TEXT_ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            if name not in allowed:
                raise _HTMLProblem(f"disallowed HTML attribute {name!r} on <{tag}>")
            if name == "href":
                self.links.extend(_check_href(value))

    def handle_endtag(self, tag):
        if tag not in RICH_TEXT_TAGS:
            raise _HTMLProblem(f"disallowed HTML </{tag}>")

    def handle_comment(self, data):
        raise _HTMLProblem("disallowed HTML comment")

    def handle_decl(self, decl):
        raise _HTMLProblem(f"disallowed HTML declaration <!{decl[:40]}>")

    def handle_pi(self, data):
        raise _HTMLProblem(f"disallowed HTML processing instruction <?{data[:40]}>")

    def unknown_decl(self, data):
        raise _HTMLProblem(f"disallowed HTML markup <![{data[:40]}]>")


_HTML_SPACE = " \t\n\f\r"
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def _check_href(value: str | None) -> list[str]:
    """Validate one href; returns the informatieset key it links to, if any."""
    if value is None or not value.strip(_HTML_SPACE):
        raise _HTMLProblem("empty href")
    url = value.strip(_HTML_SPACE)
    shown = url if len(url) <= 80 else url[:80] + "…"
    if _CONTROL_RE.search(url):
        raise _HTMLProblem(f"disallowed URL {shown!r}: contains control characters")
    lowered = url.lower()
    if lowered.startswith("https://"):
        host = urllib.parse.urlsplit(url).netloc
        if not host or any(c in host for c in _HTML_SPACE):
            raise _HTMLProblem(f"disallowed URL {shown!r}: no host")
        return []
    if lowered.startswith("mailto:"):
        if len(url) == len("mailto:"):
            raise _HTMLProblem(f"disallowed URL {shown!r}: no address")
        return []
    match = INTERNAL_LINK_RE.fullmatch(url)
    if match:
        if not UUID_RE.fullmatch(match.group(1)):
            raise _HTMLProblem(f"disallowed URL {shown!r}: informatieset: must be followed by a key (a UUID)")
        return [match.group(1)]
    raise _HTMLProblem(f"disallowed URL {shown!r}: only https://, mailto: and informatieset:<key> are allowed")


def check_rich_text(html: str) -> list[str]:
    """Raise ``_HTMLProblem`` for anything outside the allowed HTML; return informatieset keys linked."""
    checker = _RichTextChecker()
    checker.feed(html)
    checker.close()
    return checker.links


def _sanitised_copy(data: dict) -> dict:
    from .sanitize import sanitize_html

    result = copy.deepcopy(data)
    for name in ("format_version", "revision"):
        result[name] = int(result[name])
    for asset in result["assets"]:
        asset["size"] = int(asset["size"])
    for item in result["items"]:
        item["position"] = int(item["position"])
        for block in item["body"]:
            kind, value = block["type"], block["value"]
            if kind == "paragraph":
                block["value"] = sanitize_html(value)
            elif kind == "callout":
                value["text"] = sanitize_html(value["text"])
            elif kind == "faq":
                for entry in value:
                    entry["answer"] = sanitize_html(entry["answer"])
            elif kind == "steps":
                for entry in value:
                    entry["text"] = sanitize_html(entry["text"])
            elif kind == "heading":
                value["level"] = int(value["level"])
    return result


# --- transport -----------------------------------------------------------------


def _public_key(configured: str):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        raw = base64.b64decode("".join(str(configured).split()), validate=True)
    except (binascii.Error, ValueError):
        raise FeedError(
            "the configured publisher public key is not valid base64 (signature cannot be verified)"
        ) from None
    if len(raw) != 32:
        raise FeedError(
            f"the configured publisher public key is {len(raw)} bytes, not the 32 raw bytes of an Ed25519 key "
            "(signature cannot be verified)"
        )
    return Ed25519PublicKey.from_public_bytes(raw)


def _verify_signature(location: _Location, raw: bytes, key, limits: Limits) -> None:
    from cryptography.exceptions import InvalidSignature

    sig_location = location.signature()
    try:
        encoded, _ = sig_location.fetch("signature", max_bytes=MAX_SIGNATURE_BYTES, timeout=limits.timeout)
    except FeedError as exc:
        raise FeedError(
            f"signature missing: {exc.message} (a publisher key is configured, so the feed must be signed)"
        ) from None
    try:
        signature = base64.b64decode(b"".join(encoded.split()), validate=True)
    except (binascii.Error, ValueError):
        raise FeedError(f"signature {sig_location} is not valid base64") from None
    if len(signature) != 64:
        raise FeedError(f"signature {sig_location} is {len(signature)} bytes, not an Ed25519 signature (64 bytes)")
    try:
        key.verify(signature, raw)
    except InvalidSignature:
        raise FeedError(f"signature {sig_location} does not verify with the configured publisher key") from None


def _download_asset(location: _Location, asset: dict, index: int, limits: Limits) -> bytes:
    asset_id, declared = asset["id"], asset["size"]
    where = f"assets[{index}]"
    try:
        target = location.join(asset["url"])
    except FeedError as exc:
        raise FeedError(f"asset {asset_id}: {exc.message}", field=f"{where}.url") from None
    try:
        # Read up to the limit, not just the declared size, so that a wrong
        # size is reported as such.
        body, _ = target.fetch(f"asset {asset_id}", max_bytes=limits.max_asset_bytes, timeout=limits.timeout)
    except FeedError as exc:
        field_name = "size" if "more than the limit" in exc.message else "url"
        raise FeedError(exc.message, field=f"{where}.{field_name}") from None
    if len(body) != declared:
        raise FeedError(f"asset {asset_id} ({target}) is {len(body)} bytes, declared {declared}", field=f"{where}.size")
    digest = "sha256:" + hashlib.sha256(body).hexdigest()
    if digest != asset_id:
        raise FeedError(f"asset {asset_id} ({target}) has a different SHA-256: {digest}", field=f"{where}.id")
    if not MEDIA_SIGNATURES[asset["media_type"]](body):
        found = _sniff(body)
        raise FeedError(
            f"asset {asset_id} ({target}) is declared {asset['media_type']} but its content is {found}",
            field=f"{where}.media_type",
        )
    return body


def _sniff(body: bytes) -> str:
    for media_type, matches in MEDIA_SIGNATURES.items():
        if matches(body):
            return media_type
    head = body[:1024].lstrip().lower()
    if head.startswith(b"<?xml") or b"<svg" in head:
        return "SVG (not allowed)"
    if head.startswith(b"gif8"):
        return "image/gif (not allowed)"
    return "not a PNG, JPEG or WebP image"


class _Location:
    """A feed, signature or asset location: an http(s) URL or a local file."""

    def __init__(self, url: str | None = None, path: Path | None = None):
        self.url = url
        self.path = path

    def __str__(self) -> str:
        return self.url if self.url is not None else str(self.path)

    @classmethod
    def parse(cls, source: str) -> _Location:
        scheme = urllib.parse.urlsplit(source).scheme.lower()
        if scheme in ("http", "https"):
            return cls(url=source)
        if scheme == "file":
            return cls(path=_file_url_to_path(source))
        if scheme and len(scheme) > 1:  # "c:" is a Windows drive, not a scheme
            raise FeedError(f"feed {source} could not be fetched: unsupported URL scheme {scheme!r}")
        return cls(path=Path(source).expanduser())

    def signature(self) -> _Location:
        if self.url is not None:
            return _Location(url=self.url + ".sig")
        return _Location(path=self.path.with_name(self.path.name + ".sig"))

    def join(self, reference: str) -> _Location:
        """Resolve an asset URL relative to this (feed) location."""
        if self.url is not None:
            joined = urllib.parse.urljoin(self.url, reference)
            if urllib.parse.urlsplit(joined).scheme.lower() not in ("http", "https"):
                raise FeedError(f"{reference!r} is not an http(s) URL; a remote feed cannot refer to local files")
            return _Location(url=joined)
        joined = urllib.parse.urljoin(self.path.resolve().as_uri(), reference)
        scheme = urllib.parse.urlsplit(joined).scheme.lower()
        if scheme in ("http", "https"):
            return _Location(url=joined)
        if scheme == "file":
            return _Location(path=_file_url_to_path(joined))
        raise FeedError(f"unsupported asset URL {reference!r}")

    def fetch(
        self, what: str, *, max_bytes: int, timeout: float, etag: str | None = None, conditional: bool = False
    ) -> tuple[bytes, str]:
        if self.path is not None:
            return self._read_file(what, max_bytes), ""
        return self._get(what, max_bytes=max_bytes, timeout=timeout, etag=etag if conditional else None)

    def _read_file(self, what: str, max_bytes: int) -> bytes:
        try:
            with open(self.path, "rb") as handle:
                size = _file_size(handle)
                if size is not None and size > max_bytes:
                    raise FeedError(f"{what} {self} is {size} bytes, more than the limit of {max_bytes} bytes")
                body = handle.read(max_bytes + 1)
        except OSError as exc:
            raise FeedError(f"{what} {self} could not be fetched: {exc.strerror or exc}") from None
        if len(body) > max_bytes:
            raise FeedError(f"{what} {self} is more than the limit of {max_bytes} bytes")
        return body

    def _get(self, what: str, *, max_bytes: int, timeout: float, etag: str | None) -> tuple[bytes, str]:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json, */*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        request = urllib.request.Request(self.url, headers=headers)
        deadline = time.monotonic() + timeout * DEADLINE_FACTOR
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                length = response.headers.get("Content-Length")
                if length and length.strip().isdigit() and int(length) > max_bytes:
                    raise FeedError(f"{what} {self} is {int(length)} bytes, more than the limit of {max_bytes} bytes")
                chunks, received = [], 0
                while True:
                    chunk = response.read(CHUNK)
                    if not chunk:
                        break
                    received += len(chunk)
                    if received > max_bytes:
                        raise FeedError(f"{what} {self} is more than the limit of {max_bytes} bytes")
                    if time.monotonic() > deadline:
                        raise FeedError(
                            f"{what} {self} could not be fetched: timed out after {timeout * DEADLINE_FACTOR:g} s"
                        )
                    chunks.append(chunk)
                return b"".join(chunks), response.headers.get("ETag", "") or ""
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                raise NotModified(str(self), etag or "") from None
            raise FeedError(f"{what} {self} could not be fetched: HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            raise FeedError(f"{what} {self} could not be fetched: {_reason(exc.reason)}") from None
        except TimeoutError:
            raise FeedError(f"{what} {self} could not be fetched: timed out after {timeout:g} s") from None
        except (OSError, ValueError) as exc:
            # ConnectionError, http.client.HTTPException (IncompleteRead...), bad URL.
            raise FeedError(f"{what} {self} could not be fetched: {_reason(exc)}") from None


def _reason(reason) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    return str(getattr(reason, "strerror", None) or reason) or reason.__class__.__name__


def _file_size(handle) -> int | None:
    try:
        return os.fstat(handle.fileno()).st_size
    except OSError:
        return None


def _file_url_to_path(url: str) -> Path:
    parts = urllib.parse.urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise FeedError(f"feed {url} could not be fetched: file URLs on another host are not supported")
    return Path(urllib.request.url2pathname(parts.path))
