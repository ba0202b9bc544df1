"""Checks of configuration values, shared by the settings and the installer.

The installer runs these with the machine's own Python before ``.venv``
exists, so this module uses the standard library only and imports nothing of
Django. Each function returns ``None`` when the value is fine, or a Dutch
sentence about what is wrong that the caller puts behind the name of the
option or variable ("--database-url ...", "DATABASE_URL ...").
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path

SUPPORTED_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")
KNOWN_LANGUAGES = {
    "nl": "Nederlands",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "uk": "Українська",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "fa": "فارسی",
}

_DOMAIN = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")
_EMAIL = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")
_SERVICE_NAME = re.compile(r"^[a-zA-Z0-9_.-]+$")
_BIND = re.compile(r"^\S+:[0-9]+$")


def database_url_problem(url: str) -> str | None:
    """What is wrong with a DATABASE_URL, judged on its form (no connection is made)."""
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme:
        return "is geen geldige database-URL: die moet beginnen met sqlite:/// of postgres://."
    if scheme.lower() not in SUPPORTED_DATABASE_SCHEMES:
        return (
            f"gebruikt een database die niet wordt ondersteund ({scheme}). Gebruik "
            "sqlite:///pad/naar/bestand.sqlite3 of postgres://gebruiker:wachtwoord@host:5432/naam."
        )
    if scheme.lower() == "sqlite":
        # sqlite:///relative/or/absolute: the path starts after the third slash.
        if not rest.startswith("/") or not rest[1:]:
            return "noemt geen databasebestand, bijvoorbeeld sqlite:///srv/steunpunt/var/steunpunt.sqlite3."
        return None
    path = rest.split("?", 1)[0].rpartition("@")[2].partition("/")[2]
    if not path:
        return "noemt geen database, bijvoorbeeld postgres://gebruiker:wachtwoord@host:5432/steunpunt."
    return None


def domain_problem(domain: str) -> str | None:
    if domain.startswith(("http://", "https://")):
        return "is alleen de naam, zonder http(s)://, bijvoorbeeld steunpunt.swv.nl."
    if not _DOMAIN.match(domain):
        return f"'{domain}' is geen geldige domeinnaam."
    return None


def email_problem(address: str) -> str | None:
    return None if _EMAIL.match(address) else f"'{address}' is geen geldig e-mailadres."


def port_problem(port: str) -> str | None:
    if port.isdigit() and 1 <= int(port) <= 65535:
        return None
    return f"'{port}' is geen poortnummer (1 tot 65535)."


def bind_problem(bind: str) -> str | None:
    if _BIND.match(bind):
        return None
    return f"'{bind}' moet de vorm ADRES:POORT hebben, bijvoorbeeld 127.0.0.1:8000."


def service_name_problem(name: str) -> str | None:
    if _SERVICE_NAME.match(name):
        return None
    return f"'{name}' mag alleen letters, cijfers, punt, - en _ bevatten."


def text_problem(value: str) -> str | None:
    """A value for var/steunpunt.env: one line, and nothing python-dotenv would expand."""
    if "\n" in value or "${" in value:
        return "mag geen regeleinde of ${ bevatten."
    return None


def languages_problem(codes: list[str]) -> str | None:
    unknown = [code for code in codes if code not in KNOWN_LANGUAGES]
    if unknown:
        return f"bevat een onbekende taal: {', '.join(unknown)}. Bekende talen: {', '.join(KNOWN_LANGUAGES)}."
    return None


def theme_problem(name: str, theme_dirs: list[Path]) -> str | None:
    if any((Path(directory) / name / "theme.toml").is_file() for directory in theme_dirs):
        return None
    known = sorted({p.parent.name for directory in theme_dirs for p in Path(directory).glob("*/theme.toml")})
    return f"onbekend thema: '{name}'. Beschikbaar: {' '.join(known)}."


def bucket_problem(name: str) -> str | None:
    """An S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens."""
    if re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", name):
        return None
    return f"'{name}' is geen geldige naam van een bucket (3 tot 63 kleine letters, cijfers, punten of streepjes)."


def endpoint_problem(url: str) -> str | None:
    """The address of an S3-compatible service: http(s), a host, no spaces."""
    if re.fullmatch(r"https?://[^\s/]+(/\S*)?", url):
        return None
    return f"moet een adres zijn dat begint met https:// (of http://), niet '{url}'."


def informatieset_source_problem(source: str) -> str | None:
    """A feed address (https, http, file) or a path to an existing file."""
    if source.startswith(("https://", "http://", "file://")):
        if len(source.partition("://")[2]) == 0:
            return f"'{source}' is geen geldige URL."
        if re.search(r"\s", source):
            return f"'{source}' is geen geldige URL (er staat een spatie in)."
        return None
    if "://" in source:
        return f"moet een https://-adres of een bestand zijn, niet '{source}'."
    if not Path(source).is_file():
        return f"het bestand {source} bestaat niet."
    return None


def publisher_key(text: str) -> tuple[str, str | None]:
    """The publisher's Ed25519 public key without white space, and what is wrong with it.

    Checked before it is stored, so a typo never makes every later sync fail.
    """
    key = "".join(text.split())
    try:
        raw = base64.b64decode(key, validate=True)
    except (binascii.Error, ValueError):
        return key, "het is geen geldige base64-tekst"
    if len(raw) != 32:
        return key, f"het zijn {len(raw)} bytes in plaats van 32"
    return key, None
