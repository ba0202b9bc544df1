"""A stored report as tables, charts and rows for the screen, the PDF and the CSV.

Everything comes from ``Rapport.inhoud`` as it was stored: the labels of that
day and the published cells only. Nothing here reads registrations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from distro.disclosure.tables import SECONDARY_LABEL, SECONDARY_TEXT

from . import structure
from .charts import bar_chart


@dataclass
class Cell:
    value: int | None
    text: str
    reason: str = ""  # "", "klein" or "aanvulling"


@dataclass
class ShownTable:
    id: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Cell], Cell | None]]
    totals: tuple[list[Cell], Cell | None] | None
    chart: str = ""
    note: str = ""
    trend: list = field(default_factory=list)


def _cell(inhoud, cell_key) -> Cell:
    cells = inhoud["cellen"]
    if cell_key not in cells:
        return Cell(None, "–")
    value = cells[cell_key]
    if value is not None:
        return Cell(value, str(value))
    if cell_key in set(inhoud.get("klein", ())):
        return Cell(None, f"< {inhoud['k']}", "klein")
    return Cell(None, SECONDARY_TEXT, "aanvulling")


def _label(inhoud, dimension, value) -> str:
    return structure.label_now(dimension, value) or inhoud["labels"].get(dimension, {}).get(
        value, value or _("Onbekend")
    )


def tables(inhoud) -> list[ShownTable]:
    found = []
    previous = (inhoud.get("trend") or {}).get("cellen", {})
    for breakdown in structure.BREAKDOWNS:
        fixed = dict(breakdown.within)
        family = breakdown.family
        row_values = inhoud["waarden"].get(breakdown.rows, [])
        column_values = inhoud["waarden"].get(breakdown.columns, []) if breakdown.columns else []
        rows = []
        for row in row_values:
            total = _cell(inhoud, structure.key(family, **fixed, **{breakdown.rows: row}))
            cells = [
                _cell(inhoud, structure.key(family, **fixed, **{breakdown.rows: row, breakdown.columns: c}))
                for c in column_values
            ]
            # A row of published zeros says nothing: left out to keep the table readable.
            if total.value == 0 and all(c.value == 0 for c in cells):
                continue
            rows.append((_label(inhoud, breakdown.rows, row), cells, total))
        if not rows:
            continue
        totals = None
        if breakdown.columns:
            totals = (
                [_cell(inhoud, structure.key(family, **fixed, **{breakdown.columns: c})) for c in column_values],
                _cell(inhoud, structure.key(family, **fixed)),
            )
        else:
            totals = ([], _cell(inhoud, structure.key(family, **fixed)))
        shown = ShownTable(
            id=breakdown.id,
            title=str(breakdown.title),
            columns=[_label(inhoud, breakdown.columns, c) for c in column_values],
            rows=rows,
            totals=totals,
            note=_("Eén registratie kan meer thema's hebben: dit zijn vermeldingen.")
            if family == structure.MENTIONS
            else "",
        )
        if breakdown.chart and not breakdown.columns:
            shown.chart = bar_chart(
                breakdown.id,
                shown.title,
                [(label, total.value, total.text) for label, _cells, total in rows],
                inhoud["k"],
            )
        if previous and not breakdown.columns:
            for row in row_values:
                cell_key = structure.key(family, **fixed, **{breakdown.rows: row})
                now, before = inhoud["cellen"].get(cell_key), previous.get(cell_key)
                shown.trend.append(
                    (
                        _label(inhoud, breakdown.rows, row),
                        "–" if before is None else str(before),
                        "" if now is None or before is None else f"{now - before:+d}",
                    )
                )
        found.append(shown)
    return found


def legend(inhoud) -> list[tuple[str, str]]:
    return [
        (
            f"< {inhoud['k']}",
            _("minder dan %(k)s: zo weinig dat het over één gezin of school kan gaan") % {"k": inhoud["k"]},
        ),
        (SECONDARY_TEXT, str(SECONDARY_LABEL)),
    ]


def csv_rows(rapport) -> list[list[str]]:
    """One row per published cell: table, row, column, figure as text ("< 5" and "×" as such)."""
    inhoud = rapport.inhoud
    rows = [[_("Verslag"), _("Tabel"), _("Rij"), _("Kolom"), _("Aantal")]]
    for table in tables(inhoud):
        for label, cells, total in table.rows:
            for column, cell in zip(table.columns, cells, strict=True):
                rows.append([rapport.titel, table.title, label, column, cell.text])
            rows.append([rapport.titel, table.title, label, _("Totaal"), total.text])
        if table.totals:
            column_totals, grand = table.totals
            for column, cell in zip(table.columns, column_totals, strict=True):
                rows.append([rapport.titel, table.title, _("Totaal"), column, cell.text])
            if grand is not None:
                rows.append([rapport.titel, table.title, _("Totaal"), _("Totaal"), grand.text])
    return rows


def highlights(inhoud) -> dict:
    """What "Wat we horen" shows: the total, the themes, who asks and what about, as published."""

    def shown(breakdown_id, limit=None):
        table = next((t for t in tables(inhoud) if t.id == breakdown_id), None)
        if table is None:
            return []
        rows = sorted(
            ((label, total.value) for label, _cells, total in table.rows if total.value),
            key=lambda row: -row[1],
        )
        return rows[:limit] if limit else rows

    total = inhoud["cellen"].get(structure.key(structure.REGISTRATIONS))
    themes = shown("thema", limit=5)
    return {
        "totaal": total,
        "themas": themes,
        "themas_grafiek": bar_chart(
            "wat-we-horen",
            _("Waar de vragen over gingen"),
            [(label, value, str(value)) for label, value in themes],
            inhoud["k"],
        )
        if themes
        else "",
        "aard": shown("aard"),
        "vraagsteller": shown("vraagsteller"),
        "gemiddeld": inhoud.get("tijd", {}).get("gemiddeld"),
        "k": inhoud["k"],
    }
