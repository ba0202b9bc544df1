"""The figures of an evaluation form, counted in the database and protected for display.

Every count comes from two GROUP BY queries: the stored answers, and the
counts the retention job kept of answers it deleted (``Telling``). Nothing
is shown that the core's disclosure control would not publish:

- fewer than k responses in the chosen group: "te weinig reacties", nothing else;
- a form that is still open shows per-question results only from k responses;
- a question's distribution is a table with its total, suppressed with
  ``distro.disclosure.Table``; a mean only over k answers and only when no cell
  of the distribution is hidden (it would be one more equation to solve them);
- open answers only from k responses, escaped, likely personal data marked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from django.conf import settings
from django.db.models import Count, Q, Sum

from distro import disclosure
from distro.core import personal_data

from .blocks import allowed_values
from .models import Antwoord, Evaluatieformulier, Reactie, Telling, Uitnodiging

#: Question types whose values are points on a scale: they get a mean.
SCALED = {"likert", "smiley", "cijfer"}
ANSWER_COLUMN = "n"


@dataclass(frozen=True)
class Filters:
    start: date | None = None  # first month, inclusive
    end: date | None = None  # last month, inclusive
    onderwerp: str = ""
    doelgroep: str = ""
    taal: str = ""

    def q(self, kept: bool = False) -> Q:
        """The filter for responses, their answers (which copy these fields) and, with ``kept``, the kept counts.

        Responses and answers count only once released (services.release); kept counts always do.
        """
        q = Q() if kept else Q(vrijgegeven=True)
        if self.start:
            q &= Q(maand__gte=self.start)
        if self.end:
            q &= Q(maand__lte=self.end)
        for name in ("onderwerp", "doelgroep", "taal"):
            if getattr(self, name):
                q &= Q(**{name: getattr(self, name)})
        return q

    @property
    def narrowed(self) -> bool:
        return any((self.start, self.end, self.onderwerp, self.doelgroep, self.taal))

    def previous(self) -> Filters | None:
        """The period just before this one, as long as it (both ends must be chosen)."""
        if not (self.start and self.end) or self.end < self.start:
            return None
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        return replace(self, start=_add_months(self.start, -months), end=_add_months(self.start, -1))


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class QuestionResult:
    block_id: str
    block_type: str
    label: str
    answered: int
    labels: dict = field(default_factory=dict)  # value -> label
    table: disclosure.tables.ProtectedTable | None = None
    mean: float | None = None
    previous_mean: float | None = None  # the same question in the previous period, if it may be shown
    open_answers: list = field(default_factory=list)

    @property
    def change(self) -> float | None:
        if self.mean is None or self.previous_mean is None:
            return None
        return round(self.mean - self.previous_mean, 1)

    @property
    def change_size(self) -> float | None:
        return None if self.change is None else abs(self.change)


@dataclass
class FormResults:
    formulier: Evaluatieformulier
    filters: Filters
    responses: int
    questions: list[QuestionResult]
    too_few: bool
    waiting_for_k: bool  # still open and under k: nothing per question yet
    previous: FormResults | None = None  # the period before, for the trend
    rest_too_few: bool = False  # the filter leaves out fewer than k responses
    not_yet_released: int = 0  # new responses waiting until there are k (services.release)

    @property
    def not_yet_released_text(self) -> str:
        return disclosure.count(self.not_yet_released)

    @property
    def previous_text(self) -> str:
        return self.previous.responses_text if self.previous else ""

    @property
    def responses_text(self) -> str:
        # Next to the number of all responses, this one would give the few it leaves out.
        return str(disclosure.TOO_FEW) if self.rest_too_few else disclosure.count(self.responses)


def source_forms():
    """One page per form: the one in the site's source language (or else its first translation)."""
    pages = {}
    for page in Evaluatieformulier.objects.select_related("locale").order_by("path"):
        current = pages.get(page.translation_key)
        if current is None or page.locale.language_code == settings.LANGUAGE_CODE:
            pages[page.translation_key] = page
    return sorted(pages.values(), key=lambda p: p.title.lower())


def response_count(key, filters: Filters) -> int:
    stored = Reactie.objects.filter(filters.q(), formulier=key).count()
    kept = Telling.objects.filter(filters.q(kept=True), formulier=key, vraag="").aggregate(n=Sum("aantal"))["n"] or 0
    return stored + kept


def value_counts(key, filters: Filters) -> dict[str, dict[int, int]]:
    """question block id -> value -> number of answers."""
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    # COUNT(*), not COUNT(id): the index (models.Antwoord) then answers it without the table.
    answers = Antwoord.objects.filter(filters.q(), formulier=key, waarde__isnull=False)
    for row in answers.values("vraag", "waarde").annotate(n=Count("*")).order_by():
        counts[row["vraag"]][row["waarde"]] += row["n"]
    kept = Telling.objects.filter(filters.q(kept=True), formulier=key).exclude(vraag="")
    for row in kept.values("vraag", "waarde").annotate(n=Sum("aantal")).order_by():
        counts[row["vraag"]][row["waarde"]] += row["n"]
    return counts


def responders(key, filters: Filters, questions) -> dict[str, int]:
    """question -> number of responses that answered it, for ``questions`` (a multiple choice counts once).

    Other questions have one answer per response, so their counts already say it.
    """
    if not questions:
        return {}
    answers = Antwoord.objects.filter(filters.q(), formulier=key, vraag__in=questions)
    rows = answers.values("vraag").annotate(n=Count("reactie", distinct=True)).order_by()
    return {row["vraag"]: row["n"] for row in rows}


def form_results(formulier: Evaluatieformulier, filters: Filters = Filters(), trend: bool = True) -> FormResults:
    key = formulier.translation_key
    total = response_count(key, filters)
    overall = response_count(key, Filters()) if filters.narrowed else total
    # A filtered group is shown only if what it leaves out is 0 or k or more as well: otherwise
    # "everything" minus "this group" would give the few left out.
    rest_too_few = not disclosure.enough(overall - total) and overall != total
    too_few = not disclosure.enough(total) or rest_too_few
    # Still open and under k altogether (not just in the filtered group): no per-question results yet.
    waiting = formulier.is_open() and not disclosure.enough(overall)
    questions = []
    if not too_few:
        counts = value_counts(key, filters)
        several = [b.id for b in formulier.vragen if b.block_type == "open" or _multiple(b)]
        answered = responders(key, filters, several)
        for block in formulier.vragen:
            found = counts.get(block.id, {})
            n = answered.get(block.id, 0) if block.id in several else sum(found.values())
            questions.append(_question(key, filters, block, found, n))
    found = FormResults(
        formulier,
        filters,
        total,
        questions,
        too_few,
        waiting,
        rest_too_few=rest_too_few,
        not_yet_released=Reactie.objects.filter(formulier=key, vrijgegeven=False).count(),
    )
    before = filters.previous() if trend else None
    if before is not None:
        found.previous = form_results(formulier, before, trend=False)
        # Each mean passed the same rules in its own period, so their difference tells nothing more.
        means = {q.block_id: q.mean for q in found.previous.questions}
        for question in questions:
            question.previous_mean = means.get(question.block_id)
    return found


def _multiple(block) -> bool:
    return block.block_type == "keuze" and bool(block.value["meerdere"])


def _question(key, filters, block, counts, answered) -> QuestionResult:
    result = QuestionResult(block.id, block.block_type, block.value["vraag"], answered)
    if block.block_type == "open":
        if disclosure.enough(answered):
            texts = Antwoord.objects.filter(filters.q(), formulier=key, vraag=block.id).exclude(tekst="")
            # By the random key: not in the order they came in, so the newest is not the last.
            texts = texts.order_by("id").values_list("tekst", flat=True)[:500]
            result.open_answers = [personal_data.highlight(t) for t in texts]
        return result
    result.labels = allowed_values(block.block_type, block.value)
    if not disclosure.enough(answered):
        return result
    single = not _multiple(block)
    table = disclosure.Table(
        rows=list(result.labels),
        columns=[ANSWER_COLUMN],
        values={(value, ANSWER_COLUMN): counts.get(value, 0) for value in result.labels},
        row_totals=False,
        # One answer per response: the total is the number who answered, and must not give a cell away.
        column_totals=single,
    )
    result.table = table.protect()
    # A mean is one more equation over the same counts (sum of value x count): next to hidden
    # cells it could give them back, so it is shown only when the whole distribution is.
    if block.block_type in SCALED and not result.table.any_hidden:
        n = sum(counts.get(v, 0) for v in result.labels)
        result.mean = disclosure.mean(sum(v * counts.get(v, 0) for v in result.labels), n)
    return result


def invitation_rates(key, onderwerp: str = "") -> dict[str, tuple[str, str]]:
    """channel -> (invitations, used), as they may be shown; for one meeting if ``onderwerp`` is given."""
    invitations = Uitnodiging.objects.filter(formulier=key)
    if onderwerp:
        invitations = invitations.filter(onderwerp=onderwerp)
    rows = (
        invitations.values("kanaal")
        .annotate(sent=Count("id"), used=Count("id", filter=Q(keer_gebruikt__gt=0)), opened=Sum("keer_gebruikt"))
        .order_by("kanaal")
    )
    return {
        row["kanaal"]: (
            disclosure.count(row["sent"]),
            disclosure.count(row["used"] if row["kanaal"] != "open" else row["opened"]),
        )
        for row in rows
    }
