"""Making a board report: count, protect together with the stored reports, store what is published.

How the protection works (docs/signalen.md says it for the board):

* every count of 1 to k-1 is hidden ("< k"), and enough other cells of the
  new report are hidden ("×") that no hidden count can be worked out from the
  totals, the other tables, or the reports stored before (``distro.disclosure.linked``);
* earlier reports enter as what they published: their shown numbers are
  fixed, their hidden cells unknown. Periods are cut into pieces ("atoms")
  at every report's start and end; each report's cell is the sum of its
  pieces, so a year next to three of its quarters gives the fourth away
  unless the solver sees it and hides more. A piece with a small count is
  guarded like a small cell: a quarter made first must not let the month
  made after it give the other two months' few away;
* what a report counts is frozen the first time a stored report covers it
  (``freeze``, ``Telling``): a day once reported keeps its registrations with
  their categories, so the difference between two reports is never a change
  made in between (a late registration, a handling filled in). A registration
  entered for a day already reported counts on the day it was entered;
* an earlier report whose shown numbers still do not match (a municipality
  was deleted and its registrations count as unknown now) is left out of
  the linking: its figures describe other data;
* means only over at least k registrations, no free text, never a name.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from distro import disclosure
from distro.disclosure.linked import Figures
from distro.extensions import ReportFigure, signal_report_figures

from . import structure
from .freezing import ROW_FIELDS, freeze
from .periods import describe
from .registraties import PaginaWeergave, Rapport, Telling, TellingThema

MOST_VIEWED = 10


#: The dimension a report calls each counted field of a registration.
DIMENSIONS = {field: field.removesuffix("_id").replace("doorverwezen_naar", "organisatie") for field in ROW_FIELDS}
FIELD_OF = {dimension: field for field, dimension in DIMENSIONS.items()}


def _text(value) -> str:
    return "" if value is None else str(value)


def _atom_of(atoms, field):
    """The index in ``atoms`` of the piece ``field`` (a date) lies in, as an SQL expression."""
    return Case(
        *(When(**{f"{field}__gte": low, f"{field}__lte": high}, then=Value(i)) for i, (low, high) in enumerate(atoms)),
        output_field=IntegerField(),
    )


def _queries():
    """The group-bys that give every cell: per family, the sets of dimensions to group by.

    A breakdown is counted from the smallest group-by that holds its dimensions (the
    categories it is limited to included, so that limit is applied to the groups exactly
    as ``structure.contributions`` applies it to one registration).
    """
    needed = defaultdict(set)
    for breakdown in structure.BREAKDOWNS:
        dimensions = {d for d, _v in breakdown.within}
        if breakdown.family == structure.MENTIONS:
            dimensions.add("thema")
            dimensions.update([breakdown.columns] if breakdown.columns else [])
        else:
            dimensions.update([breakdown.rows, *([breakdown.columns] if breakdown.columns else [])])
        needed[breakdown.family].add(frozenset(dimensions))
    for family in (structure.REGISTRATIONS, structure.MENTIONS):
        needed[family].add(frozenset({"thema"}) if family == structure.MENTIONS else frozenset())
    found = {}
    for family, sets in needed.items():
        kept = [d for d in sets if not any(d < other for other in sets)]
        found[family] = sorted((tuple(sorted(d)) for d in kept), key=lambda d: (len(d), d))
    return found


def _grouped(family, dimensions, low, high, atoms, theme_ids):
    """(atom index, {dimension: value as text}, count) per group of counted registrations (or theme mentions)."""
    if family == structure.MENTIONS:
        # Themes that no longer exist are left out everywhere, so the sums still add up.
        queryset = TellingThema.objects.filter(telling__teldatum__range=(low, high), thema_id__in=theme_ids)
        fields = {d: "thema_id" if d == "thema" else f"telling__{FIELD_OF[d]}" for d in dimensions}
        atom = _atom_of(atoms, "telling__teldatum")
    else:
        queryset = Telling.objects.filter(teldatum__range=(low, high))
        fields = {d: FIELD_OF[d] for d in dimensions}
        atom = _atom_of(atoms, "teldatum")
    rows = queryset.annotate(atom=atom).values("atom", *fields.values()).order_by().annotate(n=Count("pk"))
    for group in rows:
        if group["atom"] is None:  # the pieces cover every day from low to high: cannot happen
            raise RuntimeError("a registration outside every piece of the time line")
        yield group["atom"], {d: _text(group[f]) for d, f in fields.items()}, group["n"]


def _count_cells(low, high, atoms, present, values):
    """Per piece, the count of every key in ``present``: what ``structure.contributions`` adds up
    over the registrations, counted by the database."""
    per_atom = defaultdict(Counter)
    queries = _queries()
    theme_ids = [int(v) for v, _label in values["thema"]]
    results = {
        (family, dims): list(_known(_grouped(family, dims, low, high, atoms, theme_ids), values))
        for family, sets in queries.items()
        for dims in sets
    }

    def groups(family, dimensions):
        dims = next(d for d in queries[family] if set(dimensions) <= set(d))
        return results[(family, dims)]

    def add(found, atom, cell_key, n):
        if cell_key in present:
            found[atom][cell_key] += n

    # A key is the same number in every table that shows it: each is counted once, from one table.
    counted = set()
    for family, total in ((structure.REGISTRATIONS, structure.key(structure.REGISTRATIONS)),
                          (structure.MENTIONS, structure.key(structure.MENTIONS))):  # fmt: skip
        found = defaultdict(Counter)
        for atom, _row, n in groups(family, ()):
            add(found, atom, total, n)
        _merge(per_atom, found, counted)
    for breakdown in structure.BREAKDOWNS:
        fixed = dict(breakdown.within)
        found = defaultdict(Counter)
        rows = "thema" if breakdown.family == structure.MENTIONS else breakdown.rows
        for atom, row, n in groups(
            breakdown.family, {*fixed, rows, *([breakdown.columns] if breakdown.columns else [])}
        ):
            if any(row.get(d) != v for d, v in breakdown.within):
                continue
            if fixed:
                add(found, atom, structure.key(breakdown.family, **fixed), n)
            add(found, atom, structure.key(breakdown.family, **fixed, **{rows: row[rows]}), n)
            if breakdown.columns:
                column = {breakdown.columns: row[breakdown.columns]}
                add(found, atom, structure.key(breakdown.family, **fixed, **column), n)
                add(found, atom, structure.key(breakdown.family, **fixed, **{rows: row[rows]}, **column), n)
        _merge(per_atom, found, counted)
    return per_atom


def _known(groups, values):
    """A category that no longer exists (a deleted municipality) counts as unknown, so every
    total stays the sum of the parts shown."""
    domains = {d: {v for v, _label in options} for d, options in values.items()}
    for atom, row, n in groups:
        yield atom, {d: v if v in domains.get(d, (v,)) else structure.UNKNOWN for d, v in row.items()}, n


def _merge(per_atom, found, counted):
    keys = {k for counts in found.values() for k in counts}
    for atom, counts in found.items():
        for cell_key, n in counts.items():
            if cell_key not in counted:
                per_atom[atom][cell_key] = n
    counted |= keys


def _minutes(start, end):
    """Per nature and per handling of the registrations from start to end: (count, minutes)."""
    registrations = Telling.objects.filter(teldatum__range=(start, end))
    found = {}
    for dimension in ("aard", "afhandeling"):
        rows = registrations.values_list(FIELD_OF[dimension]).order_by(FIELD_OF[dimension])
        found[dimension] = {
            _text(v): (n, total or 0) for v, n, total in rows.annotate(n=Count("pk"), total=Sum("minuten"))
        }
    return found


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
    stored = list(Rapport.objects.only("pk", "start", "eind"))
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
    # Only the linked ones' content is read (and parsed), in the order they were found.
    contents = dict(Rapport.objects.filter(pk__in=list(found)).values_list("pk", "inhoud"))
    for pk, rapport in found.items():
        rapport.inhoud = contents[pk]
    return list(found.values())


def count(start, end, values):
    """True counts per key of the new report, plus the figures needed to link the stored reports."""
    keys = structure.cell_keys(values)
    linked = _linked_reports(start, end)
    present = set(keys).union(*(r.inhoud.get("cellen", {}) for r in linked))
    blocks = [(start, end)] + [(r.start, r.eind) for r in linked]
    atoms = _atoms(blocks)
    low, high = min(b[0] for b in blocks), max(b[1] for b in blocks)
    counted = _count_cells(low, high, atoms, present, values)
    per_atom = defaultdict(Counter, {atoms[i]: counts for i, counts in counted.items()})
    inside = [a for a in atoms if start <= a[0] and a[1] <= end]
    own = {k: sum(per_atom[a][k] for a in inside) for k in keys}
    return own, linked, atoms, per_atom, _minutes(start, end)


def _equations(keys, values, tag, memo):
    """``structure.equations`` named for one report: linked reports of the same shape (the same
    keys, the same categories) share one list of sums, worked out once."""
    shape = (tuple(keys), tuple((d, tuple(v for v, _label in options)) for d, options in values.items()))
    if shape not in memo:
        memo[shape] = structure.equations(keys, values)
    return [((tag, total), tuple((tag, part) for part in parts)) for total, parts in memo[shape]]


def protect(start, end, own, linked, atoms, per_atom, values, threshold):
    memo = {}
    equations = _equations(list(own), values, "nieuw", memo)
    published, unknown, small = {}, set(), set()
    for rapport in linked:
        cells = rapport.inhoud.get("cellen", {})
        inside = [a for a in atoms if rapport.start <= a[0] and a[1] <= rapport.eind]
        current = {k: sum(per_atom[a][k] for a in inside) for k in cells}
        if any(v is not None and current.get(k) != v for k, v in cells.items()):
            continue  # a category was deleted since: it describes other data (module docstring)
        tag = ("rapport", rapport.pk)
        for k, v in cells.items():
            if v is None:
                unknown.add((tag, k))
            else:
                published[(tag, k)] = v
        small.update((tag, k) for k in rapport.inhoud.get("klein", []))
        stored_values = {d: [(v, "") for v in options] for d, options in rapport.inhoud.get("waarden", {}).items()}
        equations += _equations(list(cells), stored_values, tag, memo)
        equations += [((tag, k), tuple(("stuk", a, k) for a in inside)) for k in cells]
    if published or unknown:
        inside = [a for a in atoms if start <= a[0] and a[1] <= end]
        equations += [(("nieuw", k), tuple(("stuk", a, k) for a in inside)) for k in own]
        keys = set(own) | {k for (_t, k) in published} | {k for (_t, k) in unknown}
        unknown |= {("stuk", a, k) for a in atoms for k in keys}
        # A piece of time between reports is a group of people too: a quarter minus the
        # month shown next to it must not give the few of the other two months.
        small |= {("stuk", a, k) for a in atoms for k, n in per_atom[a].items() if k in keys and 0 < n < threshold}
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
    # The grand totals last (the board reads them first); a hidden 0 cannot lend anything
    # downwards; then the most detailed cells (a two-way cell says less than a margin), the smallest.
    _family, fixed = structure.parse(cell[1])
    return (not fixed, value == 0, -len(fixed), value, cell[1])


def _pieces_allow(per_atom, atoms, cell_key, threshold) -> bool:
    """Whether every piece of time holds 0 or at least k of ``cell_key``: minutes shown here minus
    minutes shown in an overlapping report are then never the time of a few."""
    return all(not 0 < per_atom[a].get(cell_key, 0) < threshold for a in atoms)


def _time(minutes, threshold, allowed=lambda cell_key: True):
    """``minutes``: per nature and per handling, (registrations, minutes) of each group (``_minutes``)."""
    groups = minutes["aard"]
    n = sum(count for count, _total in groups.values())
    total = sum(minutes for _count, minutes in groups.values())
    overall = n >= threshold and allowed(structure.key(structure.REGISTRATIONS))
    figures = {
        "totaal": total if overall else None,
        "gemiddeld": disclosure.mean(total, n) if overall else None,
    }
    per = {}
    for dimension in ("aard", "afhandeling"):
        groups = minutes[dimension]
        # A mean per group only where the groups left out hold 0 or at least k registrations:
        # otherwise the overall mean minus the shown ones gives the time of a few.
        left_out = sum(count for count, _total in groups.values() if count < threshold)
        shown = {}
        if left_out == 0 or left_out >= threshold:
            shown = {
                v: round(total / count, 1)
                for v, (count, total) in groups.items()
                if count >= threshold and allowed(structure.key(structure.REGISTRATIONS, **{dimension: v}))
            }
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


def _protect_plain(figures: list[dict], plain: list[int], threshold: int) -> None:
    """Plain counts of one plugin group: the small ones hidden, and then the smallest others
    until the hidden ones add up to at least k.

    The report does not know which of a plugin's counts add up to which ("aangemeld" and the
    roles): whatever total is shown, what it leaves for the hidden ones is then at least k.
    """
    hidden = [i for i in plain if isinstance(figures[i]["waarde"], int) and 0 < figures[i]["waarde"] < threshold]
    if not hidden:
        return
    total = sum(figures[i]["waarde"] for i in hidden)
    others = sorted((figures[i]["waarde"], i) for i in plain if i not in hidden and figures[i]["waarde"])
    while total < threshold and others:
        value, i = others.pop(0)
        hidden.append(i)
        total += value
    for i in hidden:
        figures[i]["waarde"] = None


def _plugin_figures(start, end, threshold):
    groups: dict[str, tuple[list, list]] = {}
    for _receiver, response in signal_report_figures.send_robust(sender=Rapport, start=start, end=end):
        if isinstance(response, Exception) or not response:
            continue
        for figure in response:
            if not isinstance(figure, ReportFigure):
                continue
            figures, plain = groups.setdefault(str(figure.group) or _("Overig"), ([], []))
            if not figure.protected and isinstance(figure.value, int):
                plain.append(len(figures))
            figures.append({"label": str(figure.label), "waarde": figure.value})
    for figures, plain in groups.values():
        _protect_plain(figures, plain, threshold)
    return [{"groep": group, "cijfers": figures} for group, (figures, _plain) in groups.items()]


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
    freeze(start, end)
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
        "tijd": _time(minutes, threshold, lambda k: _pieces_allow(per_atom, atoms, k, threshold)),
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
