"""Getting a feed's bytes: http(s) or a local file, limits, time-outs, signature, assets.

Implements "Transport" and the asset checks of "Asset" and "Limits a consumer
enforces" in docs/informatieset/feed-v1.md. Every failure is a ``FeedError``
that names the location, so the operator sees what could not be fetched.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .errors import FeedError, NotModified
from .limits import Limits

USER_AGENT = "steunpunt-in-a-box informatieset-sync (feed v1)"
CHUNK = 64 * 1024
MAX_SIGNATURE_BYTES = 4096
# The socket time-out applies to each connect/read; this caps a whole request
# (a server that drips one byte per second would otherwise never time out).
DEADLINE_FACTOR = 10
# feed-v1.md, "Asset": PNG, JPEG and WebP only (SVG can carry script).
MEDIA_SIGNATURES = {
    "image/png": lambda b: b.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/jpeg": lambda b: b.startswith(b"\xff\xd8\xff"),
    "image/webp": lambda b: len(b) >= 12 and b[:4] == b"RIFF" and b[8:12] == b"WEBP",
}


def publisher_key(configured: str) -> Ed25519PublicKey:
    """The configured publisher key (32 raw bytes, base64) as a verifier."""
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


def verify_signature(location: Location, raw: bytes, key: Ed25519PublicKey, limits: Limits) -> None:
    """Ed25519 over the exact bytes of the feed, base64 at ``<feed>.sig`` (feed-v1.md, "Transport")."""
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


def download_asset(location: Location, asset: dict, index: int, limits: Limits) -> bytes:
    """The asset's bytes, checked against its declared size, SHA-256 and type (feed-v1.md, "Asset")."""
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


class Location:
    """A feed, signature or asset location: an http(s) URL or a local file."""

    def __init__(self, url: str | None = None, path: Path | None = None):
        self.url = url
        self.path = path

    def __str__(self) -> str:
        return self.url if self.url is not None else str(self.path)

    @classmethod
    def parse(cls, source: str) -> Location:
        scheme = urllib.parse.urlsplit(source).scheme.lower()
        if scheme in ("http", "https"):
            return cls(url=source)
        if scheme == "file":
            return cls(path=_file_url_to_path(source))
        if scheme and len(scheme) > 1:  # "c:" is a Windows drive, not a scheme
            raise FeedError(f"feed {source} could not be fetched: unsupported URL scheme {scheme!r}")
        return cls(path=Path(source).expanduser())

    def signature(self) -> Location:
        if self.url is not None:
            return Location(url=self.url + ".sig")
        return Location(path=self.path.with_name(self.path.name + ".sig"))

    def join(self, reference: str) -> Location:
        """Resolve an asset URL relative to this (feed) location."""
        if self.url is not None:
            joined = urllib.parse.urljoin(self.url, reference)
            if urllib.parse.urlsplit(joined).scheme.lower() not in ("http", "https"):
                raise FeedError(f"{reference!r} is not an http(s) URL; a remote feed cannot refer to local files")
            return Location(url=joined)
        joined = urllib.parse.urljoin(self.path.resolve().as_uri(), reference)
        scheme = urllib.parse.urlsplit(joined).scheme.lower()
        if scheme in ("http", "https"):
            return Location(url=joined)
        if scheme == "file":
            return Location(path=_file_url_to_path(joined))
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
