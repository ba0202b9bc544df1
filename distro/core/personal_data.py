"""Finding likely personal data in free text: e-mail addresses, phone numbers, addresses, names.

Used where people type freely although nothing personal should be kept: the
evaluatie dashboard highlights what it finds in open answers (staff then
know not to pass the answer on); a registration note can be scrubbed before
it is saved. It finds what is *likely*, not everything: the texts say so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

KINDS = {
    "email": _("e-mailadres"),
    "telefoon": _("telefoonnummer"),
    "adres": _("postcode met huisnummer"),
    "bsn": _("burgerservicenummer"),
    "naam": _("naam"),
}

#: Separators people put inside a phone number: spaces, dots, dashes, slashes, brackets.
_SEP = r"[\s.\-/()]{0,3}"
#: Words after "mijn zoon" that are not a name ("mijn zoon is ...").
_NOT_NAMES = (
    "is|was|heeft|had|zit|zat|wordt|werd|gaat|ging|kan|kon|moet|wil|krijgt|kreeg|doet|komt|kwam|"
    "en|die|dat|van|op|in|met|niet|ook|nog|al|zelf|weer|naar|uit|bij|voor|heet"
)
_STREET = "straat|laan|weg|plein|gracht|kade|singel|dijk|pad|hof|steeg|dreef|park|plantsoen|markt|erf|veld"

_PATTERNS = [
    # jan@voorbeeld.nl, jan @ voorbeeld.nl, jan(at)voorbeeld.nl, jan[at]voorbeeld(dot)nl
    (
        "email",
        re.compile(
            r"[\w.+-]+\s?(?:@|\(at\)|\[at\])\s?[\w-]+(?:\s?(?:\.|\(dot\)|\[dot\])\s?[\w-]+)+",
            re.UNICODE | re.IGNORECASE,
        ),
    ),
    # International: +31 6 1234 5678, +31 (0)6 12345678, 0031 20 123 4567, +32 470 12 34 56.
    ("telefoon", re.compile(rf"(?<![\w+])(?:\+|00)[1-9]\d{{0,2}}(?:[\s.-]?\(0\))?(?:{_SEP}\d){{8,10}}(?!\d)")),
    # Dutch: 06-12345678, (06) 12345678, 06 - 12 34 56 78, 06.12.34.56.78, 010-1234567, 020 123 45 67.
    ("telefoon", re.compile(rf"(?<![\w+])\(?0(?:{_SEP}\d){{9}}(?!\d)")),
    # 1234 AB 12, 1234AB 12a, 1234ab, 12, 8011AB huisnummer 12 (a postcode alone is a region, with a number an address).
    (
        "adres",
        re.compile(
            # Lower-case letters only without a space: "2025 en 2026" is two years.
            r"(?<!\d)[1-9]\d{3}(?:\s?(?!SA|SD|SS)[A-Z]{2}|[a-z]{2})\b[\s,]*(?:(?:nr\.?|huisnummer)\s*)?\d{1,5}"
            r"(?:\s?[A-Za-z](?![A-Za-z]))?(?!\d)"
        ),
    ),
    # Dorpsstraat 12, Kerkweg 3a: a street with its number.
    ("adres", re.compile(rf"(?i:\b[a-zà-ÿ]+(?:{_STREET})\s+\d{{1,5}}[a-z]?\b)")),
    ("bsn", re.compile(r"(?<!\d)\d{3}[\s.-]?\d{2,3}[\s.-]?\d{3,4}(?!\d)")),
    # "mijn zoon Daan", "onze dochter aisha", "mijn kind Noor": the word after it, if it is not a verb.
    (
        "naam",
        re.compile(
            r"(?i:\b(?:mijn|onze|m'n)\s+(?:zoon|dochter|kind|zoontje|dochtertje|pleegzoon|pleegdochter)\s+)"
            rf"(?!(?i:(?:{_NOT_NAMES})\b))(?P<name>[A-Za-zÀ-ÿ][a-zà-ÿ'-]+)"
        ),
    ),
]

#: Characters that hide inside a word: "06\u200b12345678" must still read as a number.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalise(text: str) -> str:
    """The text as the patterns read it: compatibility forms folded (full-width digits), invisible characters out."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


def _is_bsn(digits: str) -> bool:
    """The eleven-test of a BSN: only numbers that pass it are flagged as one."""
    if len(digits) != 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0 and int(digits) > 0


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])


def find(text: str) -> list[Finding]:
    """Non-overlapping findings in ``normalise(text)``, in order (a phone number is not also read as a BSN)."""
    text = normalise(text)
    found: list[Finding] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span("name") if kind == "naam" else match.span()
            if kind == "bsn" and not _is_bsn(re.sub(r"\D", "", match.group())):
                continue
            if any(start < f.end and f.start < end for f in found):
                continue
            found.append(Finding(kind, start, end))
    return sorted(found, key=lambda f: f.start)


def highlight(text: str) -> SafeString:
    """``text`` escaped, with each finding in a ``<mark>`` that says what it probably is."""
    text = normalise(text)
    parts, position = [], 0
    for finding in find(text):
        parts.append(escape(text[position : finding.start]))
        parts.append(
            f'<mark class="personal-data" title="{escape(finding.label)}">{escape(text[finding.start : finding.end])}'
            f'<span class="visually-hidden"> ({escape(finding.label)})</span></mark>'
        )
        position = finding.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of the text is escaped above


def scrub(text: str) -> tuple[str, list[Finding]]:
    """``text`` (normalised) with every finding replaced by "[verwijderd: <what>]", and the findings."""
    text = normalise(text)
    findings = find(text)
    for finding in reversed(findings):
        text = f"{text[: finding.start]}[{_('verwijderd')}: {finding.label}]{text[finding.end :]}"
    return text, findings
