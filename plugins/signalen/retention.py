"""Retention: a registration's note goes after ``STEUNPUNT_SIGNALEN_NOTITIE_BEWAARTERMIJN_DAGEN``.

The registration itself holds no personal data and stays as statistics; the
note is free text (scrubbed, but people write what they write), so it goes.
"""

from __future__ import annotations

from distro.extensions import RetentionRule, retention_rules

from .registraties import Registratie

RULE_NAME = "signalen-notities"


def purge(cutoff) -> int:
    return Registratie.objects.filter(aangemaakt__lt=cutoff).exclude(notitie="").update(notitie="")


def register():
    retention_rules.register(
        RetentionRule(
            RULE_NAME, "Notes of registrations (also 'Deel je ervaring')", Registratie.note_days, purge, __name__
        )
    )
