"""Rich text in a feed: the allowed HTML, the allowed links, and sanitising.

feed-v1.md, "Blocks": rich text is an HTML fragment limited to
``p, ul, ol, li, strong, em, a[href], br``; ``href`` is ``https://``,
``mailto:`` or ``informatieset:<key>``. Anything else makes the feed invalid
(``check_rich_text``); a valid feed is still sanitised with nh3 before use
(``sanitised_copy``).
"""

from __future__ import annotations

import copy
import re
import urllib.parse
from html.parser import HTMLParser

from ..sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html

# One list of allowed HTML for the checker and for nh3 (sanitize.py).
RICH_TEXT_TAGS = frozenset(ALLOWED_TAGS)
RICH_TEXT_ATTRIBUTES = {tag: frozenset(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
INTERNAL_LINK_RE = re.compile(r"informatieset:(.*)", re.DOTALL)


def rich_text_fields(body: list):
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


class HTMLProblem(Exception):
    pass


class _RichTextChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in RICH_TEXT_TAGS:
            raise HTMLProblem(f"disallowed HTML <{tag}>")
        allowed = RICH_TEXT_ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            if name not in allowed:
                raise HTMLProblem(f"disallowed HTML attribute {name!r} on <{tag}>")
            if name == "href":
                self.links.extend(_check_href(value))

    def handle_endtag(self, tag):
        if tag not in RICH_TEXT_TAGS:
            raise HTMLProblem(f"disallowed HTML </{tag}>")

    def handle_comment(self, data):
        raise HTMLProblem("disallowed HTML comment")

    def handle_decl(self, decl):
        raise HTMLProblem(f"disallowed HTML declaration <!{decl[:40]}>")

    def handle_pi(self, data):
        raise HTMLProblem(f"disallowed HTML processing instruction <?{data[:40]}>")

    def unknown_decl(self, data):
        raise HTMLProblem(f"disallowed HTML markup <![{data[:40]}]>")


_HTML_SPACE = " \t\n\f\r"
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def _check_href(value: str | None) -> list[str]:
    """Validate one href; returns the informatieset key it links to, if any."""
    if value is None or not value.strip(_HTML_SPACE):
        raise HTMLProblem("empty href")
    url = value.strip(_HTML_SPACE)
    shown = url if len(url) <= 80 else url[:80] + "…"
    if _CONTROL_RE.search(url):
        raise HTMLProblem(f"disallowed URL {shown!r}: contains control characters")
    lowered = url.lower()
    if lowered.startswith("https://"):
        host = urllib.parse.urlsplit(url).netloc
        if not host or any(c in host for c in _HTML_SPACE):
            raise HTMLProblem(f"disallowed URL {shown!r}: no host")
        return []
    if lowered.startswith("mailto:"):
        if len(url) == len("mailto:"):
            raise HTMLProblem(f"disallowed URL {shown!r}: no address")
        return []
    match = INTERNAL_LINK_RE.fullmatch(url)
    if match:
        if not UUID_RE.fullmatch(match.group(1)):
            raise HTMLProblem(f"disallowed URL {shown!r}: informatieset: must be followed by a key (a UUID)")
        return [match.group(1)]
    raise HTMLProblem(f"disallowed URL {shown!r}: only https://, mailto: and informatieset:<key> are allowed")


def check_rich_text(html: str) -> list[str]:
    """Raise ``HTMLProblem`` for anything outside the allowed HTML; return informatieset keys linked."""
    checker = _RichTextChecker()
    checker.feed(html)
    checker.close()
    return checker.links


def sanitised_copy(data: dict) -> dict:
    """A copy of a valid feed with every rich text run through nh3 and integral numbers as ints.

    Defence in depth (feed-v1.md, "Blocks": "a consumer still sanitises"): the
    checker above already refused anything outside the allowed HTML.
    """
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
