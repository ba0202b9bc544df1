"""The agenda's figures for the board's anonymous report (``signal_report_figures``).

Numbers only, never names: the Bestuur reads them. A meeting belongs to the
period in which its first date falls. Counts come from the registrations,
which keep status, persons, role and attendance after the retention job has
wiped their personal data; for a meeting whose rows are gone altogether the
counts saved in ``Bezetting`` are used instead.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Min
from django.utils.translation import gettext as _

from distro.extensions import ReportFigure, signal_report_figures

from .models import Aanmelding, Bezetting, Bijeenkomst
from .retention import anonieme_tellingen


def meetings_in_period(start, end):
    """Meetings whose first date lies between ``start`` and ``end`` (dates, inclusive, local time)."""
    return Bijeenkomst.objects.annotate(first_start=Min("sessies__start")).filter(
        first_start__date__gte=start, first_start__date__lte=end
    )


def agenda_figures(start, end) -> dict:
    meetings = list(meetings_in_period(start, end).values_list("pk", "cancelled"))
    held = [pk for pk, cancelled in meetings if not cancelled]
    totals = Counter()
    by_role = Counter()
    saved = {b.bijeenkomst_id: b for b in Bezetting.objects.filter(bijeenkomst_id__in=held)}
    rows = Aanmelding.objects.filter(bijeenkomst_id__in=held)
    with_rows = set(rows.values_list("bijeenkomst_id", flat=True))
    for persons, status in rows.values_list("persons", "status"):
        if status == Aanmelding.Status.BEVESTIGD:
            totals["registered"] += persons
            totals["registrations"] += 1
        elif status == Aanmelding.Status.WACHTLIJST:
            totals["waiting"] += persons
    for pk in held:
        if pk in with_rows:
            counts = anonieme_tellingen(pk)
        elif pk in saved:
            bezetting = saved[pk]
            counts = {"attended": bezetting.attended, "no_show": bezetting.no_show, "by_role": bezetting.by_role or {}}
            totals["registered"] += bezetting.confirmed
        else:
            continue
        totals["attended"] += counts["attended"]
        totals["no_show"] += counts["no_show"]
        by_role.update({role: int(n) for role, n in counts["by_role"].items()})
    return {
        "meetings": len(held),
        "cancelled": len(meetings) - len(held),
        "registered": totals["registered"],
        "registrations": totals["registrations"],
        "waiting": totals["waiting"],
        "attended": totals["attended"],
        "no_show": totals["no_show"],
        "by_role": dict(by_role),
    }


def report_figures(sender, start, end, **kwargs):
    figures = agenda_figures(start, end)
    group = _("Agenda")
    result = [
        ReportFigure(_("Bijeenkomsten"), figures["meetings"], group=group),
        ReportFigure(_("Afgelaste bijeenkomsten"), figures["cancelled"], group=group),
        ReportFigure(_("Aangemelde personen"), figures["registered"], group=group),
        ReportFigure(_("Personen op de wachtlijst"), figures["waiting"], group=group),
        ReportFigure(_("Aanwezig"), figures["attended"], group=group),
        ReportFigure(_("Niet gekomen"), figures["no_show"], group=group),
    ]
    # Every role always appears (also with 0), so the table has the same rows each period.
    for role, label in Aanmelding.Rol.choices:
        result.append(
            ReportFigure(
                _("Aangemeld: %(role)s") % {"role": str(label).lower()}, figures["by_role"].get(role, 0), group=group
            )
        )
    return result


def connect():
    """Called by AgendaConfig.ready()."""
    signal_report_figures.connect(report_figures, dispatch_uid="agenda_report_figures")
