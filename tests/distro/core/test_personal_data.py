"""Likely personal data in free text: found, highlighted (escaped) and scrubbed."""

import pytest

from distro.core import personal_data


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Mail me op fatima.devries@example.org graag", "email", "fatima.devries@example.org"),
        ("Bel 06-12345678 na vijf uur", "telefoon", "06-12345678"),
        ("Bel +31 6 1234 5678", "telefoon", "+31 6 1234 5678"),
        ("ons nummer is 010 123 45 67", "telefoon", "010 123 45 67"),
        ("We wonen op 1234 AB 12 in Zwolle", "adres", "1234 AB 12"),
        ("adres 3511AB, 7a", "adres", "3511AB, 7a"),
        ("bsn 111222333", "bsn", "111222333"),
        ("mijn zoon Daan gaat naar het vso", "naam", "Daan"),
        ("Onze dochter Aïsha is 12", "naam", "Aïsha"),
    ],
)
def test_each_kind_is_found(text, kind, found):
    findings = personal_data.find(text)
    assert [(f.kind, text[f.start : f.end]) for f in findings] == [(kind, found)]


@pytest.mark.parametrize(
    "text",
    [
        "Het was een fijne avond, de uitleg over het OPP was helder.",
        "In 2024 waren er 120 ouders.",
        "postcode 1234 AB is onze regio",  # a region, not an address
        "mijn zoon is 14 jaar",  # no name after it
        "123456789",  # nine digits that fail the eleven-test
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert personal_data.find(text) == []


def test_highlight_escapes_everything_and_marks_the_findings():
    html = personal_data.highlight('<script>alert(1)</script> mail a@b.nl "x"')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<mark class="personal-data" title="e-mailadres">a@b.nl' in html and "&quot;x&quot;" in html


def test_scrub_removes_every_finding_and_says_what():
    text, findings = personal_data.scrub("Bel 0612345678 of mail a@b.nl, mijn dochter Noor")
    assert text == "Bel [verwijderd: telefoonnummer] of mail [verwijderd: e-mailadres], mijn dochter [verwijderd: naam]"
    assert [f.kind for f in findings] == ["telefoon", "email", "naam"]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("bel 06 - 12 34 56 78", "telefoon"),
        ("bel (06) 12345678", "telefoon"),
        ("bel +31 (0)6 12345678", "telefoon"),
        ("bel 06.12.34.56.78", "telefoon"),
        ("bel 06\u200b12345678", "telefoon"),
        ("bel +32 470 12 34 56", "telefoon"),
        ("mail jan(at)voorbeeld.nl", "email"),
        ("mail jan @ voorbeeld.nl", "email"),
        ("8011AB huisnummer 12", "adres"),
        ("we wonen Dorpsstraat 12 in Zwolle", "adres"),
        ("BSN 123-45-6782", "bsn"),
        ("mijn zoon daan is 9", "naam"),
    ],
)
def test_personal_data_written_in_other_ways_is_found(text, kind):
    """The ways of writing a hostile review found missing (a note and 'Deel je ervaring' are scrubbed with these)."""
    assert kind in {f.kind for f in personal_data.find(text)}, text


@pytest.mark.parametrize(
    "text", ["mijn zoon is ziek", "in 2025 en 2026", "op 2026-12-07 om 10:30", "groep 7, 25 kinderen"]
)
def test_ordinary_words_and_dates_are_left_alone(text):
    assert personal_data.find(text) == []
