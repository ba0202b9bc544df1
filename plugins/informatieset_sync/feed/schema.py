"""The JSON Schema half of feed validity, checked with fastjsonschema.

The schema is the contract's machine-readable form: docs/informatieset/feed-v1.schema.json,
bundled unchanged as ../schema/feed-v1.schema.json (a test keeps the two identical).
fastjsonschema compiles it into Python code once per process, fast enough to
check every item on every sync. It stops at the first error in feed order; that
error is rephrased here so that it names the item and the field, like the
rules in rules.py do.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from datetime import date
from importlib import resources

import fastjsonschema

from .errors import FeedError, error_at

SCHEMA_FILE = "feed-v1.schema.json"
_PLUGIN = __name__.rsplit(".", 2)[0]  # the schema lives in the plugin's schema/ folder

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME_RE = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?([Zz]|[+-]([0-9]{2}):([0-9]{2}))"
)
_NAME_PART_RE = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")


def load_schema() -> dict:
    text = resources.files(_PLUGIN).joinpath("schema", SCHEMA_FILE).read_text("utf-8")
    return json.loads(text)


def is_date(value: str) -> bool:
    """JSON Schema ``date`` (RFC 3339 full-date): also a real day of the calendar."""
    if not _DATE_RE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_date_time(value: str) -> bool:
    """RFC 3339 ``date-time`` (leap second 60 allowed, offset required)."""
    match = _DATE_TIME_RE.fullmatch(value)
    if not match:
        return False
    day, hour, minute, second = match.group(1), int(match.group(2)), int(match.group(3)), int(match.group(4))
    if not is_date(day) or hour > 23 or minute > 59 or second > 60:
        return False
    if match.group(7) is not None and (int(match.group(7)) > 23 or int(match.group(8)) > 59):
        return False
    return True


FORMATS = {"date": is_date, "date-time": is_date_time}


def _adapted(schema):
    """The schema as fastjsonschema must read it to mean what JSON Schema 2020-12 says.

    2020-12 counts 1.0 as an integer; fastjsonschema's ``integer`` is Python's
    int only. ``number`` with ``multipleOf: 1`` is the same set of values.
    (fastjsonschema already reads a pattern's final ``$`` as end of string, as
    ECMA-262 does, so ``"slug\\n"`` does not match ``^...$``.)
    """
    if isinstance(schema, list):
        return [_adapted(value) for value in schema]
    if not isinstance(schema, dict):
        return schema
    adapted = {key: _adapted(value) for key, value in schema.items()}
    if adapted.get("type") == "integer":
        adapted["type"] = "number"
        adapted.setdefault("multipleOf", 1)
    return adapted


@functools.cache
def _validator() -> Callable:
    return fastjsonschema.compile(_adapted(load_schema()), formats=FORMATS)


@functools.cache
def _block_branches() -> dict[str, Callable]:
    """Each block type's branch of ``$defs.block.oneOf`` as a validator of its own.

    A bad block fails the whole oneOf ("valid by exactly one definition"), which
    tells the publisher nothing; the branch of its ``type`` tells what is wrong.
    """
    schema = _adapted(load_schema())
    branches = {}
    for branch in schema["$defs"]["block"]["oneOf"]:
        kind = branch["properties"]["type"]["const"]
        branches[kind] = fastjsonschema.compile({"$defs": schema["$defs"], **branch}, formats=FORMATS)
    return branches


def is_valid(data) -> bool:
    try:
        _validator()(data)
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def check_schema(data: dict) -> None:
    """Raise ``FeedError`` for the first value in the feed that the schema refuses."""
    try:
        _validator()(data)
    except fastjsonschema.JsonSchemaValueException as error:
        raise _explained(data, error, []) from None


def _path(error: fastjsonschema.JsonSchemaValueException, prefix: list) -> list:
    """``data.items[2].body[0]`` -> ``[*prefix, "items", 2, "body", 0]``."""
    name = (error.name or "data").removeprefix("data")
    return prefix + [int(index) if index else key for key, index in _NAME_PART_RE.findall(name)]


def _explained(data: dict, error: fastjsonschema.JsonSchemaValueException, prefix: list) -> FeedError:
    path = _path(error, prefix)
    rule, arg, value = error.rule, error.rule_definition, error.value
    definition = error.definition if isinstance(error.definition, dict) else {}
    if rule == "oneOf" and len(path) == 4 and path[0] == "items" and path[2] == "body":
        kind = value.get("type") if isinstance(value, dict) else None
        branch = _block_branches().get(kind) if isinstance(kind, str) else None
        if branch is None:
            return error_at(
                data, path, f"unknown block type {kind!r}" if isinstance(kind, str) else "not a valid block"
            )
        try:
            branch(value)
        except fastjsonschema.JsonSchemaValueException as inner:
            return _explained(data, inner, path)
        return error_at(data, path, "not a valid block")
    if rule == "oneOf" and len(path) == 3 and path[0] == "items" and path[2] == "parent":
        return error_at(data, path, f"{_short(value)} is neither a key (UUID) nor null")
    if rule == "required" and isinstance(value, dict):
        # Point at the missing property itself.
        missing = next((name for name in arg if name not in value), None)
        if missing is not None:
            return error_at(data, path + [missing], f"{missing!r} is a required property")
    if rule == "contains" and path == ["languages"]:
        return error_at(data, path, "must contain 'nl'")
    if rule in ("type", "multipleOf") and definition.get("multipleOf") == 1 and definition.get("type") == "number":
        return error_at(data, path, f"{_short(value)} is not of type integer")  # see _adapted()
    return error_at(data, path, _message(error, rule, arg, value))


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error, kind, arg, value) -> str:  # noqa: C901 - a flat dispatch on keywords
    """A message for one keyword, without quoting a whole (possibly huge) value."""
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
    message = error.message.removeprefix(f"{error.name} ")
    return message if len(message) <= 300 else message[:297] + "..."
