"""The feed loader/validator (plugins.informatieset_sync.feed): no database involved.

Every bad input of issue 3 is refused with a FeedError that names the item and
the field; every valid v1 feed (the shared example, the bundled set, generated
ones) is accepted.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import re
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from feedfactory import (
    SVG_BYTES,
    asset_entry,
    clone,
    feed_bytes,
    jpeg_bytes,
    key_for,
    make_feed,
    make_item,
    new_signing_key,
    png_bytes,
    sign,
    webp_bytes,
    write_feed,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from plugins.informatieset_sync.feed import (
    FeedError,
    Limits,
    LoadedFeed,
    NotModified,
    load_feed,
    parse_feed,
    validate_feed,
)
from plugins.informatieset_sync.feed import schema as feed_schema

REPO = Path(__file__).resolve().parents[3]
# The contract's example feed, as copied into the repository (test_feed_contract.py
# keeps the copy equal to the shared original).
SHARED_EXAMPLE = REPO / "docs" / "informatieset" / "example" / "feed.json"
BUNDLED = REPO / "plugins" / "informatieset_sync" / "bundled" / "feed.json"


@functools.cache
def reference_validator():
    """jsonschema (a test dependency) as the authority that fastjsonschema must agree with.

    With the two readings the contract needs: a pattern's ``$`` is the end of
    the string (ECMA-262), and date/date-time are checked as RFC 3339.
    """

    def pattern(validator, patrn, instance, schema):
        ecma = patrn[:-1] + r"\Z" if patrn.endswith("$") else patrn
        if validator.is_type(instance, "string") and not re.search(ecma, instance):
            yield ValidationError(f"{instance!r} does not match {patrn!r}")

    checker = FormatChecker(formats=())
    checker.checks("date")(lambda v: not isinstance(v, str) or feed_schema.is_date(v))
    checker.checks("date-time")(lambda v: not isinstance(v, str) or feed_schema.is_date_time(v))
    schema = feed_schema.load_schema()
    Draft202012Validator.check_schema(schema)
    return validators.extend(Draft202012Validator, {"pattern": pattern})(schema, format_checker=checker)


# --- helpers -------------------------------------------------------------------


def small_feed(**kwargs):
    """6 keys in nl+en (12 items), depth 3: key0 <- key1,key2,key3; key1 <- key4,key5."""
    kwargs.setdefault("n_keys", 6)
    kwargs.setdefault("languages", ("nl", "en"))
    kwargs.setdefault("depth", 3)
    return make_feed(**kwargs)


def item_of(feed, n, language="nl"):
    key = key_for(n)
    return next(item for item in feed["items"] if item["key"] == key and item["language"] == language)


def block_index(item, kind):
    return next(i for i, block in enumerate(item["body"]) if block["type"] == kind)


def refused(data, *fragments, limits=None) -> FeedError:
    with pytest.raises(FeedError) as info:
        validate_feed(data, limits=limits)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return info.value


def names_item(error: FeedError, item: dict, field: str):
    assert error.item == item["id"]
    assert error.field == field
    text = str(error)
    assert f"item {item['id']}" in text and f"key {item['key']}" in text and item["language"] in text
    assert f"field {field}" in text


def chain_feed(length: int):
    """One nl item per level: key0 <- key1 <- ... (depth == length)."""
    feed, _ = make_feed(n_keys=length, languages=("nl",), depth=1, with_assets=False)
    for n, item in enumerate(feed["items"]):
        item["parent"] = key_for(n - 1) if n else None
    return feed


# --- valid feeds -----------------------------------------------------------------


def test_shared_example_feed_loads_with_its_asset():
    messages = []
    loaded = load_feed(str(SHARED_EXAMPLE), progress=messages.append)
    assert isinstance(loaded, LoadedFeed)
    assert loaded.revision == 1
    assert loaded.etag == "" and loaded.source == str(SHARED_EXAMPLE)
    assert loaded.raw == SHARED_EXAMPLE.read_bytes()
    (asset,) = loaded.data["assets"]
    data = loaded.assets[asset["id"]]
    assert "sha256:" + hashlib.sha256(data).hexdigest() == asset["id"] and data.startswith(b"\x89PNG")
    by_key = loaded.items_by_key_language()
    assert len(by_key) == len(loaded.data["items"])
    assert by_key[("d99ccb95-f5bd-5626-873a-6f428cf71f25", "nl")]["slug"] == "zorgplicht"
    assert "asset 1/1" in messages


def test_shared_example_as_file_url():
    loaded = load_feed(SHARED_EXAMPLE.as_uri())
    assert len(loaded.assets) == 1


def test_bundled_feed_loads():
    loaded = load_feed(str(BUNDLED))
    languages = {item["language"] for item in loaded.data["items"]}
    assert {"nl", "en"} <= languages
    assert len(loaded.assets) == len({a["id"] for a in loaded.data["assets"]})


@pytest.mark.parametrize("languages", [("nl",), ("nl", "en"), ("nl", "en", "ar", "uk")])
@pytest.mark.parametrize("depth", [1, 3, 6])
def test_generated_feeds_validate(languages, depth):
    feed, _ = make_feed(n_keys=40, languages=languages, depth=depth)
    before = clone(feed)
    result = validate_feed(feed)
    assert feed == before, "validate_feed must not change its argument"
    assert result is not feed
    assert len(result["items"]) == 40 * len(languages)


def test_depth_six_is_allowed_and_max_depth_is_configurable():
    validate_feed(chain_feed(6))
    refused(chain_feed(4), "depth 4 exceeds the maximum of 3", limits=Limits(max_depth=3))


def test_unknown_fields_are_ignored():
    feed, _ = small_feed(with_assets=False)
    feed["x-future"] = {"anything": [1, 2]}
    feed["publisher"]["logo"] = "https://example.org/logo.png"
    item = feed["items"][0]
    item["reading_time"] = 3
    item["body"][0]["value"]["anchor"] = "kop"
    result = validate_feed(feed)
    assert result["x-future"] == {"anything": [1, 2]}


def test_integral_numbers_are_normalised():
    feed, _ = small_feed(with_assets=False)
    feed["revision"] = 7.0
    feed["format_version"] = 1.0
    feed["items"][0]["position"] = 20.0
    result = validate_feed(feed)
    assert type(result["revision"]) is int and type(result["format_version"]) is int
    assert type(result["items"][0]["position"]) is int


def test_rich_text_is_sanitised_and_allowed_html_kept():
    feed, _ = small_feed(with_assets=False)
    item = item_of(feed, 0)
    other = key_for(1)
    html = (
        "<P>Tekst &amp; <STRONG>vet</STRONG> <em>schuin</em><br/>"
        f'<a href="https://example.org/a?b=c">web</a> <a href="MAILTO:x@example.org">mail</a> '
        f'<a href="informatieset:{other}">intern</a></P><ul><li>een</li></ul><ol><li>twee</li></ol>'
    )
    item["body"][1]["value"] = html
    result = validate_feed(feed)
    out = item_of(result, 0)["body"][1]["value"]
    assert "<strong>vet</strong>" in out and "<br>" in out
    assert f'href="informatieset:{other}"' in out and 'href="https://example.org/a?b=c"' in out
    assert "&amp;" in out


# How fast validation is, is measured by bench/informatieset_sync.py, not here.
def test_a_benchmark_sized_feed_is_valid():
    feed, _ = make_feed(n_keys=334, languages=("nl", "en", "ar"), depth=4)
    assert len(feed["items"]) == 1002
    validate_feed(feed)


def test_schema_error_deep_in_a_big_feed_names_the_item():
    feed, _ = make_feed(n_keys=1600, languages=("nl", "en", "ar"), depth=4, with_assets=False)
    item = feed["items"][4321]
    item["body"][3]["value"][0]["question"] = ""
    error = refused(feed, "must not be empty")
    names_item(error, item, "body[3].value[0].question")


# --- parsing ---------------------------------------------------------------------------


def test_invalid_json(tmp_path):
    path = write_feed(tmp_path, b'{"format": "informatieset-feed",\n "format_version": 1,, }')
    with pytest.raises(FeedError) as info:
        load_feed(str(path))
    assert "not valid JSON" in str(info.value) and "line 2 column" in str(info.value)


def test_truncated_file(tmp_path):
    feed, assets = small_feed()
    raw = feed_bytes(feed)
    path = write_feed(tmp_path, raw[: len(raw) // 2], assets)
    with pytest.raises(FeedError, match=r"truncated.*line \d+ column \d+"):
        load_feed(str(path))


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"", "truncated"),
        (b'{"a": "\xff"}', "not valid UTF-8"),
        (b'{"a": NaN}', "NaN is not valid JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ],
)
def test_unparseable(raw, expected):
    with pytest.raises(FeedError, match=expected):
        parse_feed(raw)


def test_utf8_bom_is_tolerated():
    feed, _ = small_feed(with_assets=False)
    assert parse_feed(b"\xef\xbb\xbf" + feed_bytes(feed)) == feed


# --- format and schema -------------------------------------------------------------------


@pytest.mark.parametrize("version", [2, 0, "1", True, None, 1.5])
def test_wrong_format_version(version):
    feed, _ = small_feed(with_assets=False)
    feed["format_version"] = version
    error = refused(feed, "field format_version", "unsupported format_version")
    assert error.field == "format_version"


def test_missing_format_version_and_wrong_format():
    feed, _ = small_feed(with_assets=False)
    del feed["format_version"]
    refused(feed, "field format_version")
    feed, _ = small_feed(with_assets=False)
    feed["format"] = "rss"
    refused(feed, "field format", "'rss'")


def _set(path, value):
    def mutate(feed):
        target = feed
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return mutate


def _delete(path):
    def mutate(feed):
        target = feed
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return mutate


# (mutation, item index or None, expected field, fragment of the message)
SCHEMA_CASES = {
    "slug missing": (_delete(["items", 2, "slug"]), 2, "slug", "required"),
    "slug with spaces": (_set(["items", 2, "slug"], "Pagina Een"), 2, "slug", "does not match"),
    "slug with trailing newline": (_set(["items", 2, "slug"], "pagina-1\n"), 2, "slug", "does not match"),
    "slug too long": (_set(["items", 2, "slug"], "a" * 81), 2, "slug", ""),
    "empty title": (_set(["items", 3, "title"], ""), 3, "title", ""),
    "summary too long": (_set(["items", 3, "summary"], "x" * 601), 3, "summary", ""),
    "no audiences": (_set(["items", 0, "audiences"], []), 0, "audiences", ""),
    "unknown audience": (_set(["items", 0, "audiences"], ["iedereen"]), 0, "audiences[0]", ""),
    "id not a uuid": (_set(["items", 1, "id"], "F618DD95-9A74-5168-AAD3-136436D021FE"), 1, "id", "does not match"),
    "parent not a uuid": (_set(["items", 2, "parent"], "key0"), 2, "parent", "neither a key"),
    "position not an integer": (_set(["items", 2, "position"], "10"), 2, "position", ""),
    "heading level 4": (_set(["items", 0, "body", 0, "value", "level"], 4), 0, "body[0].value.level", ""),
    "paragraph not text": (_set(["items", 0, "body", 1, "value"], {"html": "<p>x</p>"}), 0, "body[1].value", ""),
    "unknown block type": (_set(["items", 0, "body", 1, "type"], "video"), 0, "body[1]", "unknown block type 'video'"),
    "callout kind": (_set(["items", 0, "body", 2, "value", "kind"], "warning"), 0, "body[2].value.kind", ""),
    "empty faq": (_set(["items", 0, "body", 3, "value"], []), 0, "body[3].value", ""),
    "regional_contact with content": (_set(["items", 0, "body", 6, "value"], {"phone": "1"}), 0, "body[6].value", ""),
    "validated.on not a date": (_set(["items", 1, "validated", "on"], "2026-13-01"), 1, "validated.on", "date"),
    "updated_at not a date-time": (_set(["items", 1, "updated_at"], "2026-10-01 09:00"), 1, "updated_at", "date-time"),
    "generated_at not a date-time": (_set(["generated_at"], "gisteren"), None, "generated_at", "date-time"),
    "revision 0": (_set(["revision"], 0), None, "revision", ""),
    "languages without nl": (_set(["languages"], ["en"]), None, "languages", "must contain 'nl'"),
    "bad language code": (_set(["languages"], ["nl", "English"]), None, "languages[1]", ""),
    "theme label without nl": (_set(["themes", 0, "label"], {"en": "x"}), None, "themes[0].label.nl", "required"),
    "svg media type": (_set(["assets", 0, "media_type"], "image/svg+xml"), None, "assets[0].media_type", ""),
    "asset over 5 MiB": (_set(["assets", 0, "size"], 5 * 1024 * 1024 + 1), None, "assets[0].size", ""),
    "asset id not a hash": (_set(["assets", 0, "id"], "md5:abc"), None, "assets[0].id", ""),
    "items not a list": (_set(["items"], {}), None, "items", ""),
    "publisher missing": (_delete(["publisher"]), None, "publisher", "required"),
}


@pytest.mark.parametrize("name", sorted(SCHEMA_CASES))
def test_schema_violations(name):
    mutate, index, field, fragment = SCHEMA_CASES[name]
    feed, _ = small_feed()
    target = copy.deepcopy(feed["items"][index]) if index is not None else None
    mutate(feed)
    error = refused(feed, fragment)
    assert error.field == field, str(error)
    if target is not None:
        assert str(error).startswith(f"item {feed['items'][index]['id']}")
        if isinstance(target.get("key"), str):
            assert f"key {target['key']}" in str(error)
    else:
        assert error.item is None
    # fastjsonschema and the reference (jsonschema) agree
    assert feed_schema.is_valid(feed) is False
    assert not reference_validator().is_valid(feed)


def test_error_message_format():
    feed, _ = small_feed(with_assets=False)
    item = item_of(feed, 1, "en")
    item["body"][3]["value"][0]["answer"] = "<p>hoi</p><script>alert(1)</script>"
    error = refused(feed)
    assert str(error) == (
        f"item {item['id']} (key {item['key']}, en) field body[3].value[0].answer: disallowed HTML <script>"
    )
    assert error.message == "disallowed HTML <script>"


# --- rules the schema cannot express ------------------------------------------------------


def test_duplicate_ids():
    feed, _ = small_feed()
    feed["items"][3]["id"] = feed["items"][2]["id"]
    error = refused(feed, "duplicate id", "items[2]")
    assert error.field == "id" and error.item == feed["items"][2]["id"] and error.language == "en"


def test_duplicate_key_language():
    feed, _ = small_feed()
    item = item_of(feed, 1, "en")
    item["key"] = key_for(0)
    error = refused(feed, "duplicate (key, language)", item_of(feed, 0, "en")["id"])
    names_item(error, item, "key")


def test_language_not_listed():
    feed, _ = small_feed(with_assets=False)
    item = item_of(feed, 0, "en")
    item["language"] = "de"
    error = refused(feed, "language 'de' is not listed")
    names_item(error, item, "language")


def test_parent_missing():
    feed, _ = small_feed()
    item = item_of(feed, 2)
    item["parent"] = str(uuid.uuid4())
    names_item(refused(feed, "is not an item of this feed"), item, "parent")


def test_parent_only_in_another_language():
    feed, _ = small_feed()
    feed["items"].remove(item_of(feed, 1, "en"))
    error = refused(feed, f"parent {key_for(1)} exists, but not in language 'en'")
    names_item(error, item_of(feed, 4, "en"), "parent")


def test_cycle():
    feed, _ = small_feed()
    item_of(feed, 0)["parent"] = key_for(4)  # key0 -> key4 -> key1 -> key0
    error = refused(feed, "cycle in parents", key_for(0), key_for(4), key_for(1))
    assert error.field == "parent" and error.language == "nl"


def test_self_parent_is_a_cycle():
    feed, _ = small_feed()
    item = item_of(feed, 3, "en")
    item["parent"] = item["key"]
    names_item(refused(feed, "cycle in parents"), item, "parent")


def test_depth_over_six():
    feed = chain_feed(7)
    error = refused(feed, "depth 7 exceeds the maximum of 6")
    names_item(error, feed["items"][6], "parent")


def test_sibling_slug_clash():
    feed, _ = small_feed()
    item = item_of(feed, 2)
    item["slug"] = item_of(feed, 1)["slug"]
    error = refused(feed, f"slug 'pagina-1' is also used by sibling item {item_of(feed, 1)['id']}")
    names_item(error, item, "slug")


def test_same_slug_elsewhere_is_fine():
    feed, _ = small_feed()
    item_of(feed, 4)["slug"] = item_of(feed, 2)["slug"]  # different parent
    item_of(feed, 5, "en")["slug"] = "andere-slug"  # nl and en differ
    validate_feed(feed)


def test_top_level_slug_clash():
    feed, _ = make_feed(n_keys=3, languages=("nl",), depth=1, with_assets=False)
    feed["items"][2]["slug"] = feed["items"][0]["slug"]
    refused(feed, "under the root")


def test_unknown_theme():
    feed, _ = small_feed()
    item = item_of(feed, 3, "en")
    item["themes"] = [item["themes"][0], "onbekend"]
    names_item(refused(feed, "unknown theme 'onbekend'"), item, "themes[1]")


def test_unknown_asset():
    feed, _ = small_feed()
    item = item_of(feed, 2)
    b = block_index(item, "image")
    item["body"][b]["value"]["asset"] = "sha256:" + "0" * 64
    names_item(refused(feed, "unknown asset sha256:" + "0" * 64), item, f"body[{b}].value.asset")


def test_empty_alt_needs_decorative():
    feed, _ = small_feed()
    item = item_of(feed, 2)
    b = block_index(item, "image")
    item["body"][b]["value"]["alt"] = ""
    names_item(refused(feed, "alt text is required"), item, f"body[{b}].value.alt")
    item["body"][b]["value"]["decorative"] = True
    validate_feed(feed)


def test_link_to_unknown_key():
    feed, _ = small_feed()
    item = item_of(feed, 5, "en")
    unknown = str(uuid.uuid4())
    item["body"][4]["value"][1]["text"] = f'<p>Zie <a href="informatieset:{unknown}">hier</a>.</p>'
    error = refused(feed, f"link informatieset:{unknown} points to an unknown key")
    names_item(error, item, "body[4].value[1].text")


def test_link_to_key_in_another_language_is_fine():
    feed, _ = small_feed()
    feed["items"].remove(item_of(feed, 5, "en"))
    validate_feed(feed)  # item_of(4, "en") links to key5, which exists in nl


RICH_FIELDS = {
    "paragraph": (1, "body[1].value"),
    "callout": (2, "body[2].value.text"),
    "faq answer": (3, "body[3].value[0].answer"),
    "steps text": (4, "body[4].value[1].text"),
}


def _put_rich(item, where, html):
    b, _ = RICH_FIELDS[where]
    block = item["body"][b]
    if block["type"] == "paragraph":
        block["value"] = html
    elif block["type"] == "callout":
        block["value"]["text"] = html
    elif block["type"] == "faq":
        block["value"][0]["answer"] = html
    else:
        block["value"][1]["text"] = html


BAD_HTML = {
    "script": ("<p>Hoi</p><script>alert(1)</script>", "disallowed HTML <script>"),
    "style": ("<style>p{color:red}</style><p>Hoi</p>", "disallowed HTML <style>"),
    "onclick": ('<p onclick="alert(1)">Hoi</p>', "disallowed HTML attribute 'onclick' on <p>"),
    "onmouseover on a": ('<a href="https://x.nl" onmouseover="x()">x</a>', "'onmouseover'"),
    "javascript url": ('<p><a href="javascript:alert(1)">x</a></p>', "disallowed URL 'javascript:alert(1)'"),
    "javascript url, encoded": ('<a href="&#106;avascript:alert(1)">x</a>', "disallowed URL 'javascript:alert(1)'"),
    "javascript url, spaced": ('<a href=" JaVaScRiPt:alert(1)">x</a>', "disallowed URL"),
    "data url": ('<a href="data:text/html,<script>x</script>">x</a>', "disallowed URL"),
    "http url": ('<a href="http://example.org">x</a>', "disallowed URL 'http://example.org'"),
    "relative url": ('<a href="/pagina">x</a>', "disallowed URL"),
    "empty href": ('<a href="">x</a>', "empty href"),
    "bad internal link": ('<a href="informatieset:zorgplicht">x</a>', "must be followed by a key"),
    "img": ('<p><img src="https://x.nl/a.png" alt=""></p>', "disallowed HTML <img>"),
    "iframe": ('<iframe src="https://x.nl"></iframe>', "disallowed HTML <iframe>"),
    "target attribute": ('<a href="https://x.nl" target="_blank">x</a>', "'target' on <a>"),
    "style attribute": ('<p style="color:red">x</p>', "'style' on <p>"),
    "class attribute": ('<strong class="x">x</strong>', "'class' on <strong>"),
    "comment": ("<p>x</p><!-- <script>x</script> -->", "comment"),
    "h2 in rich text": ("<h2>Kop</h2>", "disallowed HTML <h2>"),
    "svg": ("<svg><script>x</script></svg>", "disallowed HTML <svg>"),
    "stray end tag": ("<p>x</p></div>", "disallowed HTML </div>"),
}


@pytest.mark.parametrize("where", sorted(RICH_FIELDS))
@pytest.mark.parametrize("name", ["script", "style", "onclick", "javascript url"])
def test_disallowed_html_in_every_rich_text_field(name, where):
    feed, _ = small_feed()
    item = item_of(feed, 4, "en")
    html, expected = BAD_HTML[name]
    _put_rich(item, where, html)
    names_item(refused(feed, expected), item, RICH_FIELDS[where][1])


@pytest.mark.parametrize("name", sorted(BAD_HTML))
def test_disallowed_html(name):
    feed, _ = small_feed()
    item = item_of(feed, 0)
    html, expected = BAD_HTML[name]
    _put_rich(item, "paragraph", html)
    names_item(refused(feed, expected), item, "body[1].value")


@pytest.mark.parametrize(
    "value, expected",
    [("Titel\x00", "NUL character"), ("Titel\ud800", "lone surrogate")],
)
def test_unstorable_strings(value, expected):
    feed, _ = small_feed()
    item = item_of(feed, 2, "en")
    item["title"] = value
    names_item(refused(feed, expected), item, "title")


def test_item_and_asset_count_limits():
    feed, _ = small_feed()
    error = refused(feed, "12 items, more than the limit of 5", limits=Limits(max_items=5))
    assert error.field == "items"
    refused(feed, "3 assets, more than the limit of 2", limits=Limits(max_assets=2))
    feed["items"] = [make_item(n, "nl", None, n_keys=5001) for n in range(5001)]
    refused(feed, "5001 items, more than the limit of 5000")


def test_asset_declared_over_configured_limit():
    feed, _ = small_feed()
    error = refused(feed, "more than the limit of 10", limits=Limits(max_asset_bytes=10))
    assert error.field == "assets[0].size"


# --- assets --------------------------------------------------------------------------------------


def test_assets_are_verified_and_returned(tmp_path):
    feed, assets = small_feed()
    path = write_feed(tmp_path, feed, assets)
    loaded = load_feed(str(path))
    assert set(loaded.assets) == {a["id"] for a in feed["assets"]}
    assert loaded.assets[feed["assets"][1]["id"]] == assets["img-1.png"]


def test_jpeg_and_webp_assets(tmp_path):
    feed, assets = small_feed()
    assets = {"a.jpg": jpeg_bytes(), "a.webp": webp_bytes()}
    feed["assets"] = [
        asset_entry(jpeg_bytes(), "assets/a.jpg", "image/jpeg"),
        asset_entry(webp_bytes(), "assets/a.webp", "image/webp"),
    ]
    for item in feed["items"]:
        for block in item["body"]:
            if block["type"] == "image":
                block["value"]["asset"] = feed["assets"][0]["id"]
    loaded = load_feed(str(write_feed(tmp_path, feed, assets)))
    assert len(loaded.assets) == 2


def test_download_assets_false(tmp_path):
    feed, _ = small_feed()
    loaded = load_feed(str(write_feed(tmp_path, feed, {})), download_assets=False)
    assert loaded.assets == {}


def replace_asset(feed, index, **declared):
    """Change assets[index], and the image blocks that refer to it."""
    old = feed["assets"][index]["id"]
    feed["assets"][index].update(declared)
    for item in feed["items"]:
        for block in item["body"]:
            if block["type"] == "image" and block["value"]["asset"] == old:
                block["value"]["asset"] = feed["assets"][index]["id"]


def _asset_case(tmp_path, content: bytes, **declared):
    feed, assets = small_feed()
    assets["img-0.png"] = content
    replace_asset(feed, 0, **declared)
    path = write_feed(tmp_path, feed, assets)
    with pytest.raises(FeedError) as info:
        load_feed(str(path))
    assert feed["assets"][0]["id"] in str(info.value)
    return info.value


def test_asset_wrong_hash(tmp_path):
    other = png_bytes(99)
    assert len(other) == len(png_bytes(1))
    error = _asset_case(tmp_path, other)
    assert error.field == "assets[0].id" and "different SHA-256" in str(error)


def test_asset_wrong_size(tmp_path):
    error = _asset_case(tmp_path, png_bytes(1) + b"extra")
    assert error.field == "assets[0].size" and "declared" in str(error)
    error = _asset_case(tmp_path, png_bytes(1), size=len(png_bytes(1)) + 1)
    assert error.field == "assets[0].size"


def test_asset_wrong_type(tmp_path):
    data = jpeg_bytes()
    error = _asset_case(tmp_path, data, **asset_entry(data, "assets/img-0.png", "image/png"))
    assert error.field == "assets[0].media_type" and "declared image/png but its content is image/jpeg" in str(error)


def test_svg_disguised_as_png(tmp_path):
    error = _asset_case(tmp_path, SVG_BYTES, **asset_entry(SVG_BYTES, "assets/img-0.png", "image/png"))
    assert error.field == "assets[0].media_type" and "SVG" in str(error)


def test_svg_media_type_is_refused():
    feed, _ = small_feed()
    replace_asset(feed, 0, **asset_entry(SVG_BYTES, "assets/x.svg", "image/svg+xml"))
    assert refused(feed).field == "assets[0].media_type"


def test_asset_file_missing(tmp_path):
    feed, assets = small_feed()
    del assets["img-2.png"]
    path = write_feed(tmp_path, feed, assets)
    with pytest.raises(FeedError) as info:
        load_feed(str(path))
    assert feed["assets"][2]["id"] in str(info.value) and "could not be fetched" in str(info.value)
    assert info.value.field == "assets[2].url"


def test_asset_over_configured_limit_on_download(tmp_path):
    feed, assets = small_feed()
    big = png_bytes(1, size=40)
    replace_asset(feed, 0, **asset_entry(big, "assets/img-0.png"))
    assets["img-0.png"] = big
    path = write_feed(tmp_path, feed, assets)
    load_feed(str(path))
    with pytest.raises(FeedError, match="declares .* more than the limit of 100"):
        load_feed(str(path), limits=Limits(max_asset_bytes=100))
    # declared small, but the file is larger than the limit: the read stops at the limit
    replace_asset(feed, 0, **asset_entry(png_bytes(1), "assets/img-0.png"))
    assets["img-0.png"] = png_bytes(1) + b"\0" * 200
    path = write_feed(tmp_path, feed, assets)
    with pytest.raises(FeedError) as info:
        load_feed(str(path), limits=Limits(max_asset_bytes=100))
    assert "more than the limit of 100 bytes" in str(info.value) and info.value.field == "assets[0].size"
    assert feed["assets"][0]["id"] in str(info.value)


# --- size limit, signature -------------------------------------------------------------------------


def test_feed_over_the_size_limit(tmp_path):
    feed, assets = small_feed()
    path = write_feed(tmp_path, feed, assets)
    with pytest.raises(FeedError, match=r"feed .* is \d+ bytes, more than the limit of 1000"):
        load_feed(str(path), limits=Limits(max_feed_bytes=1000))


def test_unreadable_path():
    with pytest.raises(FeedError, match="could not be fetched"):
        load_feed("/nonexistent/informatieset/feed.json")


def test_signed_feed(tmp_path):
    private, public = new_signing_key()
    feed, assets = small_feed()
    path = write_feed(tmp_path, feed, assets, sign_key=private)
    messages = []
    loaded = load_feed(str(path), public_key=public, progress=messages.append)
    assert loaded.revision == 1 and "verifying signature" in messages
    assert load_feed(str(path)).revision == 1  # no key configured: the signature is not needed


def test_missing_signature(tmp_path):
    _, public = new_signing_key()
    feed, assets = small_feed()
    path = write_feed(tmp_path, feed, assets)
    with pytest.raises(FeedError, match=r"signature missing: signature .*feed\.json\.sig could not be fetched"):
        load_feed(str(path), public_key=public)


def test_wrong_signature(tmp_path):
    private, _ = new_signing_key()
    _, other_public = new_signing_key()
    feed, assets = small_feed()
    path = write_feed(tmp_path, feed, assets, sign_key=private)
    with pytest.raises(FeedError, match="signature .* does not verify"):
        load_feed(str(path), public_key=other_public)


def test_tampered_feed(tmp_path):
    private, public = new_signing_key()
    feed, assets = small_feed()
    path = write_feed(tmp_path, feed, assets, sign_key=private)
    path.write_bytes(path.read_bytes().replace(b"Pagina 1", b"Pagina X"))
    with pytest.raises(FeedError, match="signature .* does not verify"):
        load_feed(str(path), public_key=public)


@pytest.mark.parametrize(
    "content, expected", [(b"not base64!!", "not valid base64"), (b"c2hvcnQ=", "not an Ed25519 signature")]
)
def test_malformed_signature(tmp_path, content, expected):
    _, public = new_signing_key()
    feed, assets = small_feed()
    path = write_feed(tmp_path, feed, assets)
    path.with_name("feed.json.sig").write_bytes(content)
    with pytest.raises(FeedError, match=f"signature .* {expected}"):
        load_feed(str(path), public_key=public)


@pytest.mark.parametrize("key, expected", [("not-base64!", "not valid base64"), ("c2hvcnQ=", "5 bytes")])
def test_bad_public_key_configuration(tmp_path, key, expected):
    private, _ = new_signing_key()
    feed, assets = small_feed()
    path = write_feed(tmp_path, feed, assets, sign_key=private)
    with pytest.raises(FeedError, match=f"public key .*{expected}.*signature"):
        load_feed(str(path), public_key=key)


# --- HTTP ---------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server API
        server = self.server
        server.seen.append((self.path, self.headers.get("If-None-Match")))
        route = server.routes.get(self.path)
        try:
            if route is None:
                self.send_error(404)
                return
            if route.get("delay"):
                time.sleep(route["delay"])
            body, etag = route["body"], route.get("etag")
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", route.get("type", "application/octet-stream"))
            if etag:
                self.send_header("ETag", etag)
            if route.get("content_length", True):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        pass


@pytest.fixture
def http_server():
    server = _Server(("127.0.0.1", 0), _Handler)
    server.routes, server.seen = {}, []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def _serve_feed(server, feed, assets, *, etag=None, sign_key=None, prefix="/informatieset"):
    raw = feed_bytes(feed)
    server.routes[f"{prefix}/feed.json"] = {"body": raw, "etag": etag, "type": "application/json"}
    for name, data in assets.items():
        server.routes[f"{prefix}/assets/{name}"] = {"body": data, "type": "image/png"}
    if sign_key is not None:
        server.routes[f"{prefix}/feed.json.sig"] = {"body": sign(raw, sign_key)}
    return f"{server.base}{prefix}/feed.json"


def test_http_feed_with_relative_assets_and_etag(http_server):
    feed, assets = small_feed()
    url = _serve_feed(http_server, feed, assets, etag='"rev-1"')
    loaded = load_feed(url)
    assert loaded.etag == '"rev-1"' and loaded.source == url
    assert len(loaded.assets) == 3
    assert ("/informatieset/assets/img-0.png", None) in http_server.seen


def test_http_etag_not_modified(http_server):
    feed, assets = small_feed()
    url = _serve_feed(http_server, feed, assets, etag='"rev-1"')
    with pytest.raises(NotModified):
        load_feed(url, etag='"rev-1"')
    assert http_server.seen[-1] == ("/informatieset/feed.json", '"rev-1"')
    assert len(http_server.seen) == 1, "no assets or signature are fetched for an unchanged feed"
    loaded = load_feed(url, etag='"rev-0"')  # stale ETag: full response
    assert loaded.etag == '"rev-1"'


def test_http_signature(http_server):
    private, public = new_signing_key()
    feed, assets = small_feed()
    url = _serve_feed(http_server, feed, assets, sign_key=private)
    assert load_feed(url, public_key=public).revision == 1
    del http_server.routes["/informatieset/feed.json.sig"]
    with pytest.raises(FeedError, match=r"signature missing: .*feed\.json\.sig could not be fetched: HTTP 404"):
        load_feed(url, public_key=public)


def test_http_not_found(http_server):
    with pytest.raises(FeedError, match="could not be fetched: HTTP 404"):
        load_feed(f"{http_server.base}/nothing.json")


def test_http_asset_missing(http_server):
    feed, assets = small_feed()
    url = _serve_feed(http_server, feed, {k: v for k, v in assets.items() if k != "img-1.png"})
    with pytest.raises(FeedError) as info:
        load_feed(url)
    assert feed["assets"][1]["id"] in str(info.value) and "HTTP 404" in str(info.value)


def test_remote_feed_cannot_point_to_local_files(http_server):
    feed, assets = small_feed()
    feed["assets"][0]["url"] = (SHARED_EXAMPLE.parent / "assets" / "stappen.png").as_uri()
    url = _serve_feed(http_server, feed, assets)
    with pytest.raises(FeedError, match="not an http"):
        load_feed(url)


@pytest.mark.parametrize("content_length", [True, False])
def test_http_feed_over_the_size_limit(http_server, content_length):
    feed, assets = make_feed(n_keys=60)
    url = _serve_feed(http_server, feed, assets)
    http_server.routes["/informatieset/feed.json"]["content_length"] = content_length
    with pytest.raises(FeedError, match="more than the limit of 100000"):
        load_feed(url, limits=Limits(max_feed_bytes=100_000))


def test_unreachable_source():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FeedError, match=f"feed http://127.0.0.1:{port}/feed.json could not be fetched"):
        load_feed(f"http://127.0.0.1:{port}/feed.json", limits=Limits(timeout=2))


def test_time_out(http_server):
    feed, assets = small_feed()
    url = _serve_feed(http_server, feed, assets)
    http_server.routes["/informatieset/feed.json"]["delay"] = 1.5
    start = time.monotonic()
    with pytest.raises(FeedError, match="could not be fetched: timed out"):
        load_feed(url, limits=Limits(timeout=0.2))
    assert time.monotonic() - start < 1.4


def test_unsupported_scheme():
    with pytest.raises(FeedError, match="unsupported URL scheme 'ftp'"):
        load_feed("ftp://example.org/feed.json")


# --- properties -------------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_keys=st.integers(1, 60),
    extra=st.lists(st.sampled_from(["en", "ar", "uk", "tr", "pl"]), unique=True, max_size=3),
    depth=st.integers(1, 6),
    with_assets=st.booleans(),
)
def test_generated_feeds_always_validate(n_keys, extra, depth, with_assets):
    feed, _ = make_feed(n_keys=n_keys, languages=("nl", *extra), depth=depth, with_assets=with_assets)
    result = validate_feed(feed)
    assert len(result["items"]) == n_keys * (1 + len(extra))
    assert reference_validator().is_valid(feed)


def _mutations(feed, pick):
    """Invalidating mutations; ``pick`` chooses an index below its argument."""
    items = feed["items"]

    def item():
        return items[pick(len(items))]

    def child():
        children = [i for i in items if i["parent"] is not None]
        return children[pick(len(children))] if children else None

    def dup_id():
        a, b = item(), item()
        if a is b:
            return False
        b["id"] = a["id"]

    def dup_key_language():
        a = item()
        others = [i for i in items if i["language"] == a["language"] and i is not a]
        if not others:
            return False
        others[pick(len(others))]["key"] = a["key"]

    def parent_missing():
        item()["parent"] = str(uuid.uuid4())

    def cycle():
        c = child()
        if c is None:
            return False
        c["parent"] = c["key"]

    def slug_clash():
        a = item()
        sibling = next(
            (i for i in items if i is not a and i["parent"] == a["parent"] and i["language"] == a["language"]), None
        )
        if sibling is None:
            return False
        sibling["slug"] = a["slug"]

    def unknown_theme():
        item()["themes"].append("bestaat-niet")

    def unknown_language():
        item()["language"] = "xx"

    def bad_html():
        it = item()
        it["body"][1]["value"] = (
            "<script>x</script>",
            '<p onclick="x">y</p>',
            '<a href="javascript:x">y</a>',
            "<style>p{}</style>",
        )[pick(4)]

    def unknown_link():
        item()["body"][2]["value"]["text"] = f'<p><a href="informatieset:{uuid.uuid4()}">x</a></p>'

    def schema():
        it = item()
        field, value = (("slug", "Niet Geldig"), ("title", ""), ("audiences", []), ("position", None), ("id", 5))[
            pick(5)
        ]
        it[field] = value

    def unknown_asset():
        item()["body"].append({"type": "image", "value": {"asset": "sha256:" + "f" * 64, "alt": "x"}})

    def version():
        feed["format_version"] = 2

    return [
        dup_id,
        dup_key_language,
        parent_missing,
        cycle,
        slug_clash,
        unknown_theme,
        unknown_language,
        bad_html,
        unknown_link,
        schema,
        unknown_asset,
        version,
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_keys=st.integers(2, 30),
    languages=st.sampled_from([("nl",), ("nl", "en"), ("nl", "en", "uk")]),
    depth=st.integers(1, 5),
    data=st.data(),
)
def test_one_invalidating_mutation_always_fails(n_keys, languages, depth, data):
    feed, _ = make_feed(n_keys=n_keys, languages=languages, depth=depth)
    validate_feed(feed)

    def pick(n):
        return data.draw(st.integers(0, n - 1))

    mutations = _mutations(feed, pick)
    mutation = mutations[pick(len(mutations))]
    if mutation() is False:
        return  # not applicable to this feed's shape
    with pytest.raises(FeedError) as info:
        validate_feed(feed)
    assert info.value.item or info.value.field, str(info.value)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 7000000)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(
        ["", "nl", "x\n", "pagina-1", "2026-09-01", "2026-10-01T09:00:00Z", "heading", "image", key_for(0)]
    ),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["type", "value", "text", "level", "alt"]), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fastjsonschema_agrees_with_jsonschema(data):
    """fastjsonschema must accept exactly what jsonschema (the reference) accepts."""
    feed, _ = make_feed(n_keys=3, languages=("nl", "en"), depth=2)
    paths = [p for p in _paths(feed) if p]
    for _ in range(data.draw(st.integers(1, 2))):
        path = data.draw(st.sampled_from(paths))
        target = feed
        for part in path[:-1]:
            target = target[part]
        if data.draw(st.booleans()) and isinstance(target, dict):
            del target[path[-1]]
        else:
            target[path[-1]] = data.draw(JSON_VALUES)
        paths = [p for p in _paths(feed) if p]
    assert feed_schema.is_valid(feed) == reference_validator().is_valid(feed)
