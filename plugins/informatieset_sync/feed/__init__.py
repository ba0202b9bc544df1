"""Loading and validating an informatieset feed (format version 1).

The consumer side of the contract docs/informatieset/feed-v1.md, up to but not
including the database, in four parts:

- ``transport``: fetching over http(s) or from a file, size limits, time-outs,
  conditional GET, the optional Ed25519 signature, asset downloads;
- ``schema``: the JSON Schema (fastjsonschema), errors that name item and field;
- ``rules``: the contract's rules that a schema cannot express;
- ``richtext``: the allowed HTML and links, and sanitising with nh3.

    loaded = load_feed(source, public_key=..., etag=...)   # FeedError / NotModified
    loaded.data, loaded.assets, loaded.revision, loaded.etag

``validate_feed`` is the pure part (no I/O) and returns a copy of the feed in
which rich text has also been sanitised.
"""

from .errors import FeedError, NotModified
from .limits import Limits
from .load import FORMAT, FORMAT_VERSION, LoadedFeed, load_feed, parse_feed, validate_feed
from .schema import load_schema
from .transport import MEDIA_SIGNATURES

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MEDIA_SIGNATURES",
    "FeedError",
    "Limits",
    "LoadedFeed",
    "NotModified",
    "load_feed",
    "load_schema",
    "parse_feed",
    "validate_feed",
]
