"""Evaluatie's figures for the board's report (``signal_report_figures``), protected here.

Per form with responses in the period: the number of responses, the share of
e-mailed and staff-made invitations that were used, and the mean of each
scale question. Everything passes the same rules as the dashboard
(results.py): fewer than k responses give ``None`` ("te weinig"), a mean only
where the whole distribution may be shown, a response rate only over at least
k invitations of which at least k (or none) were used. Plus the page feedback
("nuttig?") in the period. No open answers, ever.
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from distro import disclosure
from distro.extensions import ReportFigure, signal_report_figures

from . import results
from .models import Kanaal, PaginaOordeel, Uitnodiging


def _count(n: int) -> int | None:
    return n if n == 0 or disclosure.enough(n) else None


def _rate(sent: int, used: int) -> float | None:
    # Both who answered and who did not: 83 % of 6 would say that exactly one did not.
    if not disclosure.enough(sent) or any(0 < n < disclosure.k() for n in (used, sent - used)):
        return None
    return round(100 * used / sent)


def form_figures(formulier, start, end) -> list[ReportFigure]:
    filters = results.Filters(start=start.replace(day=1), end=end.replace(day=1))
    found = results.form_results(formulier, filters, trend=False)
    if found.responses == 0:
        return []
    group = _("Evaluatie: %(title)s") % {"title": formulier.title}
    figures = [ReportFigure(_("Reacties"), _count(found.responses), group, protected=True)]
    invitations = (
        Uitnodiging.objects.filter(formulier=formulier.translation_key, aangemaakt__range=(start, end))
        .exclude(kanaal=Kanaal.OPEN)
        .aggregate(sent=Count("id"), used=Count("id", filter=Q(keer_gebruikt__gt=0)))
    )
    if invitations["sent"]:
        figures.append(
            ReportFigure(
                _("Gebruikte uitnodigingen (%)"), _rate(invitations["sent"], invitations["used"]), group, protected=True
            )
        )
    for question in found.questions:
        if question.block_type in results.SCALED:
            figures.append(
                ReportFigure(
                    _("Gemiddeld: %(vraag)s") % {"vraag": question.label}, question.mean, group, protected=True
                )
            )
    return figures


def report_figures(sender, start, end, **kwargs):
    figures = []
    for formulier in results.source_forms():
        figures += form_figures(formulier, start, end)
    votes = PaginaOordeel.objects.filter(maand__gte=start.replace(day=1), maand__lte=end).aggregate(
        ja=Sum("ja"), nee=Sum("nee")
    )
    if votes["ja"] or votes["nee"]:
        group = _("Was deze informatie nuttig?")
        figures.append(ReportFigure(_("Ja"), _count(votes["ja"] or 0), group, protected=True))
        figures.append(ReportFigure(_("Nee"), _count(votes["nee"] or 0), group, protected=True))
    return figures


def connect() -> None:
    """Called by EvaluatieConfig.ready()."""
    signal_report_figures.connect(report_figures, dispatch_uid="evaluatie_report_figures")
