"""Retention: responses go after their form's period (``bewaartermijn_maanden``), their counts stay.

The core's retention job calls ``purge`` daily. Each form sets its own
period, so the rule's own ``days`` is only how often it must look. Before
responses are deleted, their counts per month, language, audience, subject,
question and value are added to ``Telling`` (open answers are not kept), so
the dashboard and reports show the same figures as before. Spent tickets go
once their month has passed; invitations of a form go with its responses.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from distro.extensions import RetentionRule, retention_rules

from .models import (
    GROUP_FIELDS,
    Antwoord,
    Evaluatieformulier,
    GebruikteToegang,
    PaginaOpmerking,
    Reactie,
    Telling,
    Uitnodiging,
    first_of_month,
)

RULE_NAME = "evaluatie-reacties"
GROUP = GROUP_FIELDS


def months_back(months: int, today: date | None = None) -> date:
    """The first day of the month ``months`` months before this one."""
    start = first_of_month() if today is None else today.replace(day=1)
    index = start.year * 12 + start.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _keep_counts(responses) -> None:
    rows = [
        Telling(vraag="", waarde=None, aantal=row.pop("n"), **row)
        for row in responses.values(*GROUP).annotate(n=Count("id"))
    ]
    answers = Antwoord.objects.filter(reactie__in=responses, tekst="")
    rows += [
        Telling(aantal=row.pop("n"), **row)
        for row in answers.values(*GROUP, "vraag", "waarde").annotate(n=Count("*")).order_by()
    ]
    Telling.objects.bulk_create(rows)


def purge(_cutoff=None) -> int:
    touched = 0
    periods = {}
    for key, months in Evaluatieformulier.objects.values_list("translation_key", "bewaartermijn_maanden"):
        periods[key] = max(months, periods.get(key, 0))  # translations may differ: the longest counts
    for key in set(Reactie.objects.values_list("formulier", flat=True).distinct()):
        # A deleted form: its responses go after the longest period a form can have had by default.
        before = months_back(periods.get(key, 24))
        with transaction.atomic():
            old = Reactie.objects.filter(formulier=key, maand__lt=before)
            if old.exists():
                # Only released responses were ever counted; the few still waiting go uncounted.
                _keep_counts(old.filter(vrijgegeven=True))
                touched += old.count()
                old.delete()
            Uitnodiging.objects.filter(formulier=key, aangemaakt__lt=before).delete()
    touched += GebruikteToegang.objects.filter(weg_na__lte=timezone.localdate()).delete()[0]
    return touched


def comment_days() -> int:
    return settings.STEUNPUNT_EVALUATIE_OPMERKINGEN_BEWAARTERMIJN_DAGEN


def purge_comments(cutoff) -> int:
    """Comments of months that ended before ``cutoff`` (a comment knows only its month)."""
    last_month = first_of_month(cutoff) - timedelta(days=1)
    return PaginaOpmerking.objects.filter(maand__lte=last_month.replace(day=1)).delete()[0]


def register() -> None:
    retention_rules.register(
        RetentionRule(
            "evaluatie-opmerkingen",
            "Comments with 'Was deze informatie nuttig?'",
            comment_days,
            purge_comments,
            __name__,
        )
    )
    retention_rules.register(
        RetentionRule(RULE_NAME, "Evaluation responses after their form's period", lambda: 1, purge, __name__)
    )
