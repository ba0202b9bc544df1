"""Tables of counts with totals, protected by primary and secondary suppression.

A ``Table`` has rows and columns of counts, and optionally row totals, column
totals and a grand total. ``protect()`` hides every count from 1 to k-1
(primary) and then, one cell at a time, the cheapest further cells (small
counts before large ones, inner cells before totals) until the linear
programs of ``audit`` show that every primary cell could be 0 as well as k.
Hiding a cell only ever widens the ranges, so a cell once safe stays safe.

More equations between cells than a table's own totals (the same figures in
another stored report, for example) can be passed as ``linked``: they are
taken into account in the same way.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import audit
from .rules import k as configured_k
from .rules import small

TOTAL = "__total__"


@dataclass(frozen=True)
class Cell:
    """One cell as it may be published: ``value`` None when hidden."""

    value: int | None
    text: str
    #: "" (shown), "klein" (a small count) or "aanvulling" (hidden so a small count cannot be worked out).
    reason: str = ""

    @property
    def hidden(self) -> bool:
        return self.value is None

    def __str__(self):
        return self.text


#: How a hidden cell reads in a table and an export; docs/disclosure.md explains both.
SECONDARY_TEXT = "×"
SECONDARY_LABEL = _("verborgen, zodat een klein aantal niet is uit te rekenen")


@dataclass
class Table:
    rows: Sequence[Hashable]
    columns: Sequence[Hashable]
    values: dict[tuple[Hashable, Hashable], int]
    row_totals: bool = True
    column_totals: bool = True
    linked: list[audit.Equation] = field(default_factory=list)

    def cells(self) -> dict[tuple, int]:
        """Every cell's true value, totals included (keys ``(row, TOTAL)``, ``(TOTAL, column)``)."""
        cells = {(r, c): int(self.values.get((r, c), 0)) for r in self.rows for c in self.columns}
        if self.row_totals:
            for r in self.rows:
                cells[(r, TOTAL)] = sum(cells[(r, c)] for c in self.columns)
        if self.column_totals:
            for c in self.columns:
                cells[(TOTAL, c)] = sum(cells[(r, c)] for r in self.rows)
        if self.row_totals and self.column_totals:
            cells[(TOTAL, TOTAL)] = sum(cells[(r, c)] for r in self.rows for c in self.columns)
        return cells

    def equations(self) -> list[audit.Equation]:
        equations = list(self.linked)
        if self.row_totals:
            equations += [((r, TOTAL), tuple((r, c) for c in self.columns)) for r in self.rows]
        if self.column_totals:
            equations += [((TOTAL, c), tuple((r, c) for r in self.rows)) for c in self.columns]
        if self.row_totals and self.column_totals:
            equations.append(((TOTAL, TOTAL), tuple((r, TOTAL) for r in self.rows)))
            equations.append(((TOTAL, TOTAL), tuple((TOTAL, c) for c in self.columns)))
        return equations

    def protect(self, threshold: int | None = None) -> ProtectedTable:
        threshold = threshold or configured_k()
        cells = self.cells()
        equations = self.equations()
        primary = {cell for cell, value in cells.items() if small(value, threshold)}
        hidden = set(primary)
        unsure = set(primary)
        while unsure:
            published = {cell: value for cell, value in cells.items() if cell not in hidden}
            found = audit.ranges(equations, published, hidden, of=unsure)
            unsure = {cell for cell in unsure if not audit.protects(*found[cell], threshold)}
            if not unsure:
                break
            extra = _cheapest_neighbour(sorted(unsure, key=repr)[0], equations, cells, hidden)
            if extra is None:
                extra = _cheapest_neighbour_of_any(hidden, equations, cells)
            if extra is None:  # everything that could help is hidden already
                break
            hidden.add(extra)
        return ProtectedTable(self, cells, primary, hidden, threshold)


def _cost(cell, value):
    # Inner cells before totals, then counts of 1 and more before zeros (a hidden 0 cannot lend
    # anything downwards), then the smallest: the least information lost.
    is_total = TOTAL in cell if isinstance(cell, tuple) else False
    return (is_total, value == 0, value, repr(cell))


def _cheapest_neighbour(cell, equations, cells, hidden):
    candidates = set()
    for total, parts in equations:
        members = (total, *parts)
        if cell in members:
            candidates.update(member for member in members if member not in hidden)
    return min(candidates, key=lambda c: _cost(c, cells[c]), default=None)


def _cheapest_neighbour_of_any(hidden, equations, cells):
    candidates = set()
    for total, parts in equations:
        members = (total, *parts)
        if any(member in hidden for member in members):
            candidates.update(member for member in members if member not in hidden)
    return min(candidates, key=lambda c: _cost(c, cells[c]), default=None)


@dataclass
class ProtectedTable:
    table: Table
    true_values: dict
    primary: set
    hidden: set
    threshold: int

    def cell(self, row, column) -> Cell:
        key = (row, column)
        value = self.true_values[key]
        if key in self.primary:
            return Cell(None, f"< {self.threshold}", "klein")
        if key in self.hidden:
            return Cell(None, SECONDARY_TEXT, "aanvulling")
        return Cell(value, str(value))

    def published(self) -> dict:
        """Every shown cell and its value: what anyone can read."""
        return {key: value for key, value in self.true_values.items() if key not in self.hidden}

    def rows(self) -> list[tuple[Hashable, list[Cell], Cell | None]]:
        """(row, its cells, its total or None) for each row: the shape a template loops over."""
        return [
            (
                r,
                [self.cell(r, c) for c in self.table.columns],
                self.cell(r, TOTAL) if self.table.row_totals else None,
            )
            for r in self.table.rows
        ]

    def totals(self) -> tuple[list[Cell], Cell | None] | None:
        if not self.table.column_totals:
            return None
        grand = self.cell(TOTAL, TOTAL) if self.table.row_totals else None
        return [self.cell(TOTAL, c) for c in self.table.columns], grand

    @property
    def any_hidden(self) -> bool:
        return bool(self.hidden)
