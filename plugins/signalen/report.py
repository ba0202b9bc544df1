"""Making a board report: count, protect together with the stored reports, store what is published.

How the protection works (docs/signalen.md says it for the board):

* every count of 1 to k-1 is hidden ("< k"), and enough other cells of the
  new report are hidden ("×") that no hidden count can be worked out from the
  totals, the other tables, or the reports stored before (``distro.disclosure.linked``);
* earlier reports enter as what they published: their shown numbers are
  fixed, their hidden cells unknown. Periods are cut into pieces ("atoms")
  at every report's start and end; each report's cell is the sum of its
  pieces, so a year next to three of its quarters gives the fourth away
  unless the solver sees it and hides more;
* an earlier report whose shown numbers no longer match the registrations
  (some were added or reclassified since) is left out of that linking: its
  figures describe other data;
* means only over at least k registrations, no free text, never a name.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from distro import disclosure
from distro.disclosure.linked import Figures
from distro.extensions import ReportFigure, signal_report_figures

from . import structure
from .models import PaginaWeergave, Rapport, Registratie
from .periods import describe

ROW_FIELDS = ("kanaal", "vraagsteller", "schoolsoort", "gemeente_id", "aard", "afhandeling", "doorverwezen_naar_id")
MOST_VIEWED = 10


def _rows(start, end):
    """(date, dimensions, themes, minutes) of every registration dated from start to end."""
    registrations = Registratie.objects.filter(datum__range=(start, end))
    themes = defaultdict(list)
    for registratie_id, thema_id in Registratie.themas.through.objects.filter(
        registratie__datum__range=(start, end)
    ).values_list("registratie_id", "thema_id"):
        themes[registratie_id].append(str(thema_id))
    for pk, datum, minuten, *values in registrations.values_list("pk", "datum", "minuten", *ROW_FIELDS).iterator(
        chunk_size=5000
    ):
        row = {
            name.removesuffix("_id").replace("doorverwezen_naar", "organisatie"): "" if v is None else str(v)
            for name, v in zip(ROW_FIELDS, values, strict=True)
        }
        yield datum, row, themes.get(pk, []), minuten


def _atoms(blocks):
    """Cut the time line at every block's start and end; the pieces that lie inside some block."""
    cuts = sorted({b[0] for b in blocks} | {b[1] + datetime.timedelta(days=1) for b in blocks})
    pieces = []
    for low, high in zip(cuts, cuts[1:], strict=False):
        last = high - datetime.timedelta(days=1)
        if any(b[0] <= low and last <= b[1] for b in blocks):
            pieces.append((low, last))
    return pieces


def _linked_reports(start, end):
    """Stored reports whose periods overlap this one, or overlap one that does, and so on."""
    found, reach = {}, [(start, end)]
    stored = list(Rapport.objects.only("pk", "start", "eind", "inhoud"))
    grew = True
    while grew:
        grew = False
        for rapport in stored:
            if rapport.pk in found:
                continue
            if any(rapport.start <= e and s <= rapport.eind for s, e in reach):
                found[rapport.pk] = rapport
                reach.append((rapport.start, rapport.eind))
                grew = True
    return list(found.values())


def count(start, end, values):
    """True counts per key of the new report, plus the figures needed to link the stored reports."""
    keys = structure.cell_keys(values)
    linked = _linked_reports(start, end)
    present = set(keys).union(*(r.inhoud.get("cellen", {}) for r in linked))
    blocks = [(start, end)] + [(r.start, r.eind) for r in linked]
    atoms = _atoms(blocks)
    low, high = min(b[0] for b in blocks), max(b[1] for b in blocks)
    per_atom = defaultdict(Counter)
    minutes = []
    atom_of = {}
    for datum, row, themes, minuten in _rows(low, high):
        atom = atom_of.get(datum)
        if atom is None:
            atom = next(a for a in atoms if a[0] <= datum <= a[1])
            atom_of[datum] = atom
        for cell_key, n in structure.contributions(row, themes).items():
            if cell_key in present:
                per_atom[atom][cell_key] += n
        if start <= datum <= end:
            minutes.append((minuten, row))
    inside = [a for a in atoms if start <= a[0] and a[1] <= end]
    own = {k: sum(per_atom[a][k] for a in inside) for k in keys}
    return own, linked, atoms, per_atom, minutes


def protect(start, end, own, linked, atoms, per_atom, values, threshold):
    equations = structure.equations(list(own), values, name=lambda k: ("nieuw", k))
    published, unknown, small = {}, set(), set()
    for rapport in linked:
        cells = rapport.inhoud.get("cellen", {})
        inside = [a for a in atoms if rapport.start <= a[0] and a[1] <= rapport.eind]
        current = {k: sum(per_atom[a][k] for a in inside) for k in cells}
        if any(v is not None and current.get(k) != v for k, v in cells.items()):
            continue  # registrations changed since: it describes other data (module docstring)
        tag = ("rapport", rapport.pk)
        for k, v in cells.items():
            if v is None:
                unknown.add((tag, k))
            else:
                published[(tag, k)] = v
        small.update((tag, k) for k in rapport.inhoud.get("klein", []))
        stored_values = {d: [(v, "") for v in options] for d, options in rapport.inhoud.get("waarden", {}).items()}
        equations += structure.equations(list(cells), stored_values, name=lambda k, tag=tag: (tag, k))
        equations += [((tag, k), tuple(("stuk", a, k) for a in inside)) for k in cells]
    if published or unknown:
        inside = [a for a in atoms if start <= a[0] and a[1] <= end]
        equations += [(("nieuw", k), tuple(("stuk", a, k) for a in inside)) for k in own]
        unknown |= {
            ("stuk", a, k) for a in atoms for k in set(own) | {k for (_t, k) in published} | {k for (_t, k) in unknown}
        }
    figures = Figures(
        values={("nieuw", k): v for k, v in own.items()},
        equations=equations,
        elsewhere_published=published,
        elsewhere_unknown=unknown,
        elsewhere_small=small,
        cost=_cost,
    )
    result = figures.protect(threshold)
    return (
        {k: result.value(("nieuw", k)) for k in own},
        sorted(k for (_n, k) in result.primary),
    )


def _cost(cell, value):
    # The most detailed cells first (a two-way cell says less than a total), then the smallest.
    _family, fixed = structure.parse(cell[1])
    return (-len(fixed), value == 0, value, cell[1])


def _time(minutes, threshold):
    total = sum(m for m, _row in minutes)
    figures = {
        "totaal": total if len(minutes) >= threshold else None,
        "gemiddeld": disclosure.mean(total, len(minutes)) if len(minutes) >= threshold else None,
    }
    per = {}
    for dimension in ("aard", "afhandeling"):
        groups = defaultdict(list)
        for m, row in minutes:
            groups[row[dimension]].append(m)
        # A mean per group only where the groups left out hold 0 or at least k registrations:
        # otherwise the overall mean minus the shown ones gives the time of a few.
        left_out = sum(len(g) for g in groups.values() if len(g) < threshold)
        shown = {}
        if left_out == 0 or left_out >= threshold:
            shown = {v: round(sum(g) / len(g), 1) for v, g in groups.items() if len(g) >= threshold}
        per[dimension] = shown
    figures["per"] = per
    return figures


def _page_views(start, end, threshold):
    first = start.replace(day=1)
    rows = (
        PaginaWeergave.objects.filter(maand__gte=first, maand__lte=end)
        .values("pagina_id", "pagina__title")
        .order_by()
        .annotate(n=Sum("aantal"))
        .order_by("-n", "pagina__title")[:MOST_VIEWED]
    )
    return [{"titel": r["pagina__title"], "aantal": r["n"] if r["n"] >= threshold else None} for r in rows]


def _plugin_figures(start, end, threshold):
    groups: dict[str, list] = {}
    for _receiver, response in signal_report_figures.send_robust(sender=Rapport, start=start, end=end):
        if isinstance(response, Exception) or not response:
            continue
        for figure in response:
            if not isinstance(figure, ReportFigure):
                continue
            value = figure.value
            if not figure.protected and isinstance(value, int) and 0 < value < threshold:
                value = None  # a plain count from a plugin: the small ones hidden here
            groups.setdefault(str(figure.group) or _("Overig"), []).append(
                {"label": str(figure.label), "waarde": value}
            )
    return [{"groep": group, "cijfers": figures} for group, figures in groups.items()]


def _trend(soort, start):
    """The report of the period just before, if one was stored: its published figures, nothing new."""
    before = Rapport.objects.filter(soort=soort, eind=start - datetime.timedelta(days=1)).order_by("-gemaakt_op")
    previous = before.first()
    if previous is None:
        return None
    return {"rapport": previous.pk, "titel": previous.titel, "cellen": previous.inhoud.get("cellen", {})}


def build(soort: str, start, end, *, threshold: int | None = None) -> dict:
    """The report's content, protected: exactly what may be published."""
    threshold = threshold or disclosure.k()
    values = structure.categories()
    own, linked, atoms, per_atom, minutes = count(start, end, values)
    cells, primary = protect(start, end, own, linked, atoms, per_atom, values, threshold)
    return {
        "versie": 1,
        "k": threshold,
        "waarden": {d: [v for v, _label in options] for d, options in values.items()},
        "labels": {d: dict(options) for d, options in values.items()},
        "cellen": cells,
        "klein": primary,
        "tijd": _time(minutes, threshold),
        "paginas": _page_views(start, end, threshold),
        "plugins": _plugin_figures(start, end, threshold),
        "trend": _trend(soort, start),
    }


@transaction.atomic
def make(soort: str, start, end, *, automatisch=False) -> Rapport:
    # One report at a time: two made side by side would each be protected without the other.
    list(Rapport.objects.select_for_update().filter(pk__in=Rapport.objects.order_by("-pk").values("pk")[:1]))
    threshold = disclosure.k()
    return Rapport.objects.create(
        titel=describe(soort, start, end),
        soort=soort,
        start=start,
        eind=end,
        k=threshold,
        inhoud=build(soort, start, end, threshold=threshold),
        automatisch=automatisch,
        gemaakt_op=timezone.now(),
    )
