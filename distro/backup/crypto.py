"""Optional encryption of a backup archive: AES-256-GCM, streamed.

Fernet would need the whole archive in memory; the cipher below streams it
in chunks with one authentication tag at the end, so a backup with a large
media folder never needs more memory than a chunk.

File layout: MAGIC, 8 bytes key check, 12 bytes nonce, ciphertext, 16 bytes tag.
The key check (an HMAC of a fixed text) tells a wrong key apart from a
damaged file before anything is decrypted.
"""

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.utils.translation import gettext as _

from .database import BackupError

MAGIC = b"STEUNPUNT-BACKUP-AESGCM-1\n"
CHUNK = 1024 * 1024
TAG_SIZE = 16


def generate_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def read_key(path) -> bytes:
    """The 32-byte key in the key file ``path`` (urlsafe base64, as generate_key writes it)."""
    try:
        text = Path(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise BackupError(
            _("Kan het sleutelbestand %(path)s niet lezen: %(error)s") % {"path": path, "error": exc}
        ) from None
    try:
        key = base64.urlsafe_b64decode(text.encode("ascii"))
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise BackupError(
            _(
                "Het sleutelbestand %(path)s bevat geen geldige sleutel (44 tekens base64). Maak er een met: steunpunt backup --generate-key %(path)s"
            )
            % {"path": path}
        )
    return key


def _key_check(key: bytes) -> bytes:
    return hmac.new(key, b"steunpunt-backup-key-check", hashlib.sha256).digest()[:8]


def is_encrypted(path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(MAGIC)) == MAGIC


class EncryptingWriter:
    """A file-like object: what is written to it lands encrypted in ``out``."""

    def __init__(self, out, key: bytes):
        self.out = out
        nonce = os.urandom(12)
        self._encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
        out.write(MAGIC + _key_check(key) + nonce)

    def write(self, data) -> int:
        self.out.write(self._encryptor.update(data))
        return len(data)

    def finish(self) -> None:
        self.out.write(self._encryptor.finalize() + self._encryptor.tag)


def decrypt_file(source, target, key: bytes) -> None:
    """Decrypt ``source`` into ``target``; refuses a wrong key or a damaged file."""
    size = os.path.getsize(source)
    header = len(MAGIC) + 8 + 12
    with open(source, "rb") as f, open(target, "wb") as out:
        if f.read(len(MAGIC)) != MAGIC:
            raise BackupError(_("Dit is geen versleutelde back-up."))
        if not hmac.compare_digest(f.read(8), _key_check(key)):
            raise BackupError(
                _("De sleutel past niet bij deze back-up. Gebruik het sleutelbestand waarmee de back-up is gemaakt.")
            )
        nonce = f.read(12)
        if size < header + TAG_SIZE or len(nonce) != 12:
            raise BackupError(_("De back-up is beschadigd of niet helemaal geschreven (het bestand is te kort)."))
        decryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).decryptor()
        remaining = size - header - TAG_SIZE
        while remaining:
            chunk = f.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            out.write(decryptor.update(chunk))
        tag = f.read(TAG_SIZE)
        try:
            decryptor.finalize_with_tag(tag)
        except (InvalidTag, ValueError):
            raise BackupError(
                _("De back-up is beschadigd of niet helemaal geschreven: de controle van de versleuteling klopt niet.")
            ) from None
