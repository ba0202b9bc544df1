"""The instance configuration ``var/steunpunt.env``, read and written as python-dotenv reads it."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

_KEY = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")

HEADER = [
    "# Instance configuration of steunpunt-in-a-box, written by install.sh.",
    "# Environment variables with the same name win over this file.",
    "# Every setting is explained in docs/configuration.md.",
]
FOOTER = [
    "",
    "# E-mail: without a provider, mail is written to var/mail/. For example:",
    "# EMAIL_BACKEND='anymail.backends.mailgun.EmailBackend'",
    "# ANYMAIL_MAILGUN_API_KEY='...'",
    "# ANYMAIL_MAILGUN_API_URL='https://api.eu.mailgun.net/v3'",
    "# DEFAULT_FROM_EMAIL='steunpunt@example.nl'",
]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1].replace("\\" + value[0], value[0]).replace("\\\\", "\\")
    return value


def _quoted(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def read_value(path: Path, key: str) -> str:
    """One key of an existing file (as written here, or by hand); "" if missing."""
    value = ""
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _KEY.match(line)
            if match and match.group(1) == key:
                value = _unquote(match.group(2))
    return value


def write(path: Path, updates: dict[str, str]) -> None:
    """Set ``updates``; every other line (the operator's own) stays where it is.

    SECRET_KEY is made once and then kept. The file holds secrets: it is
    readable by its owner only, and replaced in one step so a crash never
    leaves half a file.
    """
    updates = dict(updates)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    present = {m.group(1) for line in lines if (m := _KEY.match(line))}
    if "SECRET_KEY" not in present:
        updates["SECRET_KEY"] = secrets.token_urlsafe(50)
    out = []
    for line in lines:
        match = _KEY.match(line)
        if match and match.group(1) in updates:
            key = match.group(1)
            out.append(f"{key}={_quoted(updates.pop(key))}")
        else:
            out.append(line)
    if not lines:
        out += HEADER
    out += [f"{key}={_quoted(value)}" for key, value in updates.items()]
    if not lines:
        out += FOOTER
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
