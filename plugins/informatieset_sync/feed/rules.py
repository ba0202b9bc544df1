"""The contract's rules beyond the JSON Schema (docs/informatieset/feed-v1.md).

feed-v1.md, introduction: "the rules in the tables below that a schema cannot
express (unique ids, unique (key, language), parents present in the same
language, no cycles, unique sibling slugs, known theme codes, known asset ids,
informatieset: links to known keys) are part of validity too". These checks run
on a feed that already passed the schema, so they may index it freely.
"""

from __future__ import annotations

import json

from .errors import FeedError, error_at, item_label, json_path
from .limits import Limits
from .richtext import HTMLProblem, check_rich_text, rich_text_fields


def check_strings(data: dict) -> None:
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
                raise error_at(data, path, "contains a NUL character")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise error_at(data, path, "contains invalid Unicode (a lone surrogate)") from None
        elif isinstance(value, dict):
            for key, inner in value.items():
                walk(key, path)
                walk(inner, path + [key])
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(inner, path + [index])

    walk(data, [])


def check_rules(data: dict, limits: Limits) -> None:
    """The rules of feed-v1.md that the schema cannot express; the first broken one raises."""
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
        return FeedError(message, field=field, **item_label(data, index))

    # Pass 1: identities ("Item": id unique in the feed, (key, language) unique).
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

    # Pass 2: references and content, item by item ("Item": language, parent in the same
    # language, sibling slugs, theme codes; "Blocks": image assets and alt text, links).
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
        for path, html in rich_text_fields(item["body"]):
            try:
                links = check_rich_text(html)
            except HTMLProblem as problem:
                raise fail(index, json_path(path), str(problem)) from None
            for link in links:
                if link not in keys:
                    raise fail(index, json_path(path), f"link informatieset:{link} points to an unknown key")

    # Pass 3: the tree ("Item", parent: no cycles, depth <= 6), linear thanks to memoisation.
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
