"""Finding likely personal data in free text: e-mail addresses, phone numbers, addresses, names.

Used where people type freely although nothing personal should be kept: the
evaluatie dashboard highlights what it finds in open answers (staff then
know not to pass the answer on); a registration note can be scrubbed before
it is saved. It finds what is *likely*, not everything: the texts say so.
"""

from __future__ import annotations

import re
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

_PATTERNS = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)),
    # Dutch numbers: 06-12345678, 0612345678, +31 6 1234 5678, 010-1234567, 020 123 45 67.
    ("telefoon", re.compile(r"(?<![\w+])(?:\+31[\s-]?|0031[\s-]?|0)(?:[1-9](?:[\s-]?\d){8})(?!\d)")),
    # 1234 AB 12, 1234AB 12a, 1234 ab, 12 (a postcode alone is a region, with a number an address).
    (
        "adres",
        re.compile(
            r"(?<!\d)[1-9]\d{3}\s?(?!SA|SD|SS)[A-Za-z]{2}\b[\s,]*(?:nr\.?\s*)?\d{1,5}(?:\s?[A-Za-z](?![A-Za-z]))?(?!\d)"
        ),
    ),
    ("bsn", re.compile(r"(?<!\d)\d{3}[\s.]?\d{3}[\s.]?\d{3}(?!\d)")),
    # "mijn zoon Daan", "onze dochter Aisha", "mijn kind Noor": the capitalised word after it.
    (
        "naam",
        re.compile(
            r"(?i:\b(?:mijn|onze|m'n)\s+(?:zoon|dochter|kind|zoontje|dochtertje|pleegzoon|pleegdochter)\s+)"
            r"(?P<name>[A-ZÀ-Ý][a-zà-ÿ'-]+)"
        ),
    ),
]


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
    """Non-overlapping findings, in order (a phone number is not also read as a BSN)."""
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
    """``text`` with every finding replaced by "[verwijderd: <what>]", and the findings."""
    findings = find(text)
    for finding in reversed(findings):
        text = f"{text[: finding.start]}[{_('verwijderd')}: {finding.label}]{text[finding.end :]}"
    return text, findings
