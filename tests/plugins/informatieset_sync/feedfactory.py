"""Build valid informatieset feeds (format version 1) programmatically.

Used by the feed tests, the sync tests and the benchmarks:

    feed, assets = make_feed(n_keys=330, languages=("nl", "en", "ar"), depth=4)
    path = write_feed(tmp_path, feed, assets, sign_key=private_key)

Everything is deterministic for the same arguments (ids are UUID5s of the
``seed``), so two calls give the same feed and a sync of it is idempotent.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import struct
import uuid
import zlib
from pathlib import Path

NAMESPACE = uuid.UUID("0b7f1e52-61a4-4c1e-9a0c-3f7d2b8e5a11")
THEMES = ("passend-onderwijs", "zorgplicht", "aanmelden", "thuiszitten")
AUDIENCES = ("ouders", "jongeren", "kinderen", "professionals")
FANOUT = 3


def key_for(n: int, seed: str = "") -> str:
    return str(uuid.uuid5(NAMESPACE, f"{seed}key:{n}"))


def id_for(n: int, language: str, seed: str = "") -> str:
    return str(uuid.uuid5(NAMESPACE, f"{seed}item:{n}:{language}"))


# --- image bytes -------------------------------------------------------------


def png_bytes(n: int = 0, size: int = 1) -> bytes:
    """A valid size x size RGB PNG whose colour depends on ``n``."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    pixel = bytes(((n * 37) % 256, (n * 91) % 256, (n * 13) % 256))
    rows = b"".join(b"\x00" + pixel * size for _ in range(size))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    """Enough of a JPEG for a magic-number check (SOI, APP0/JFIF header, EOI)."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def webp_bytes() -> bytes:
    """Enough of a WebP for a magic-number check (RIFF container, WEBP form)."""
    payload = b"WEBPVP8L" + struct.pack("<I", 5) + b"\x2f\x00\x00\x00\x00\x00"
    return b"RIFF" + struct.pack("<I", len(payload)) + payload


SVG_BYTES = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def asset_entry(data: bytes, url: str, media_type: str = "image/png") -> dict:
    return {"id": "sha256:" + hashlib.sha256(data).hexdigest(), "url": url, "media_type": media_type, "size": len(data)}


# --- feeds -------------------------------------------------------------------


def tree_parents(n_keys: int, depth: int) -> list[int | None]:
    """Parent index per key: a breadth-first tree with FANOUT children, capped at ``depth``.

    Keys that would be deeper than ``depth`` start a new top-level subtree, so
    every depth from 1 to ``depth`` occurs once there are enough keys.
    """
    parents: list[int | None] = []
    depths: list[int] = []
    for n in range(n_keys):
        parent = None if n == 0 else (n - 1) // FANOUT
        while parent is not None and depths[parent] >= depth:
            parent = None
        parents.append(parent)
        depths.append(1 if parent is None else depths[parent] + 1)
    return parents


def make_item(
    n: int, language: str, parent: int | None, *, n_keys: int, seed: str = "", asset_ids=(), position=None
) -> dict:
    key = key_for(n, seed)
    other = key_for((n + 1) % n_keys, seed)
    body = [
        {"type": "heading", "value": {"text": f"Kop {n} ({language})", "level": 2}},
        {
            "type": "paragraph",
            "value": (
                f"<p>Tekst voor pagina <strong>{n}</strong> in <em>{language}</em>. "
                f'Zie <a href="informatieset:{other}">pagina {(n + 1) % n_keys}</a>, '
                '<a href="https://www.example.org/passend-onderwijs">de website</a> '
                '<br>of mail <a href="mailto:info@steunpunt.example">ons</a>.</p>'
                "<ul><li>een</li><li>twee</li></ul><ol><li>drie</li></ol>"
            ),
        },
        {"type": "callout", "value": {"kind": ("info", "tip", "let-op")[n % 3], "text": "<p>Goed om te weten.</p>"}},
        {"type": "faq", "value": [{"question": f"Vraag {n}?", "answer": "<p>Het antwoord &amp; meer.</p>"}]},
        {
            "type": "steps",
            "value": [
                {"title": "Eerste stap", "text": "<p>Doe dit eerst.</p>"},
                {"title": "Tweede stap", "text": "<p>Dan <em>dit</em>.</p>"},
            ],
        },
    ]
    if asset_ids:
        body.append(
            {
                "type": "image",
                "value": {
                    "asset": asset_ids[n % len(asset_ids)],
                    "alt": f"Afbeelding bij pagina {n}",
                    "decorative": False,
                    "caption": "Een voorbeeld",
                },
            }
        )
    if n % 2 == 0:
        body.append({"type": "regional_contact", "value": {}})
    return {
        "id": id_for(n, language, seed),
        "key": key,
        "language": language,
        "parent": key_for(parent, seed) if parent is not None else None,
        "position": (n % 7) * 10 if position is None else position,
        "slug": f"pagina-{n}",
        "title": f"Pagina {n} ({language})",
        "summary": f"Samenvatting van pagina {n}.",
        "audiences": [AUDIENCES[n % 2]],
        "themes": [THEMES[n % len(THEMES)]],
        "body": body,
        "validated": {"on": "2026-09-01", "by": "Redactie informatieset"},
        "updated_at": "2026-10-01T09:00:00Z",
    }


def make_feed(
    n_keys: int = 10,
    languages: tuple[str, ...] | list[str] = ("nl", "en"),
    depth: int = 3,
    with_assets: bool = True,
    *,
    n_assets: int = 3,
    revision: int = 1,
    seed: str = "",
) -> tuple[dict, dict[str, bytes]]:
    """A valid feed with ``n_keys`` pages in every language (``len(languages) * n_keys`` items).

    Returns ``(feed, assets)``; ``assets`` maps a file name under ``assets/``
    to its bytes (empty without ``with_assets``).
    """
    languages = list(languages)
    if "nl" not in languages:
        languages.insert(0, "nl")
    if n_keys < 1:
        raise ValueError("n_keys must be at least 1")
    files: dict[str, bytes] = {}
    asset_list = []
    if with_assets:
        for a in range(n_assets):
            name = f"img-{a}.png"
            files[name] = png_bytes(a + 1)
            asset_list.append(asset_entry(files[name], f"assets/{name}"))
    asset_ids = [a["id"] for a in asset_list]
    parents = tree_parents(n_keys, depth)
    items = [
        make_item(n, language, parents[n], n_keys=n_keys, seed=seed, asset_ids=asset_ids)
        for n in range(n_keys)
        for language in languages
    ]
    feed = {
        "format": "informatieset-feed",
        "format_version": 1,
        "revision": revision,
        "generated_at": "2026-10-01T09:00:00Z",
        "publisher": {"name": "Testredactie", "url": "https://informatieset.example"},
        "languages": languages,
        "themes": [{"code": code, "label": {lang: f"{code} ({lang})" for lang in languages}} for code in THEMES],
        "assets": asset_list,
        "items": items,
    }
    return feed, files


def clone(feed: dict) -> dict:
    return copy.deepcopy(feed)


# --- files and signatures ------------------------------------------------------


def new_signing_key():
    """A fresh Ed25519 private key and its public key as configured on a site (base64 of 32 raw bytes)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return private, base64.b64encode(raw).decode()


def sign(raw: bytes, private_key) -> bytes:
    """The ``.sig`` file content for ``raw``: base64 of the Ed25519 signature."""
    return base64.b64encode(private_key.sign(raw)) + b"\n"


def feed_bytes(feed: dict) -> bytes:
    return json.dumps(feed, ensure_ascii=False, indent=1).encode("utf-8")


def write_feed(
    tmp_path, feed: dict | bytes, assets: dict[str, bytes] | None = None, sign_key=None, *, name: str = "feed.json"
) -> Path:
    """Write ``feed.json`` (or raw bytes), ``assets/<name>`` and, with ``sign_key``, ``feed.json.sig``."""
    directory = Path(tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    raw = feed if isinstance(feed, bytes) else feed_bytes(feed)
    path = directory / name
    path.write_bytes(raw)
    if assets:
        (directory / "assets").mkdir(exist_ok=True)
        for filename, data in assets.items():
            (directory / "assets" / filename).write_bytes(data)
    if sign_key is not None:
        path.with_name(name + ".sig").write_bytes(sign(raw, sign_key))
    return path
