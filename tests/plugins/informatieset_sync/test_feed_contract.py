"""The feed contract lives in the repository (docs/informatieset/), and the code ships exactly that schema.

The shared originals (outside the repository, when present) are the source the
copies were taken from; a change there must be copied here, with the code to match.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plugins.informatieset_sync.feed import load_feed, validate_feed
from plugins.informatieset_sync.feed.schema import is_valid, load_schema

REPO = Path(__file__).resolve().parents[3]
DOCS = REPO / "docs" / "informatieset"
BUNDLED_SCHEMA = REPO / "plugins" / "informatieset_sync" / "schema" / "feed-v1.schema.json"
SHARED = next(
    (p for p in (REPO.parent / "shared" / "informatieset", Path("/work/shared/informatieset")) if p.is_dir()), None
)


def test_the_bundled_schema_is_the_documented_one():
    assert BUNDLED_SCHEMA.read_bytes() == (DOCS / "feed-v1.schema.json").read_bytes()


def test_the_code_reads_the_bundled_schema():
    assert load_schema() == json.loads(BUNDLED_SCHEMA.read_text("utf-8"))


@pytest.mark.parametrize(
    "name", ["feed-v1.md", "feed-v1.schema.json", "example/feed.json", "example/assets/stappen.png"]
)
def test_the_documented_contract_is_the_shared_one(name):
    if SHARED is None:
        pytest.skip("no shared/informatieset next to this checkout")
    assert (DOCS / name).read_bytes() == (SHARED / name).read_bytes()


def test_the_documented_example_feed_is_valid():
    loaded = load_feed(str(DOCS / "example" / "feed.json"))
    assert is_valid(loaded.data)
    assert validate_feed(loaded.data)["revision"] == 1
