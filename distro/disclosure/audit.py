"""What an attacker can work out: the range of each hidden cell, given everything published.

The published cells are fixed numbers; every hidden cell is an unknown of at
least 0; every equation (a total is the sum of its parts) must hold. The
smallest and largest value a hidden cell can take under those constraints are
two linear programs (HiGHS, through SciPy's ``milp`` with no integer variables:
the solver ``linprog`` uses, with less preparation per program). A hidden small
count is safe when its range contains both 0 and k: nobody can tell it from
"none" or from "k".

Only the equations that share unknowns with a cell (its connected part) can
say anything about it, so each cell's programs hold just those: a report
linked to years of earlier reports stays a few small programs per cell.

Every program's solution is a consistent value for every unknown of its part at
once. ``System`` keeps those as witnesses: a cell seen at 0 in one solution can
be 0, a cell seen at k or more can be k, and hiding more keeps every old
solution valid (a newly hidden cell keeps its published value in it). So most
cells are answered by programs solved for other cells.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

#: A total and its parts: ``total = sum(parts)``.
Equation = tuple[Hashable, tuple[Hashable, ...]]

_TOLERANCE = 1e-6


class _Parts:
    """Union-find over unknowns: which unknowns are tied together by equations."""

    def __init__(self, size: int = 0):
        self.parent = list(range(size))

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


class System:
    """The equations over published and hidden cells, kept while more cells are hidden one by one.

    ``hide`` moves a published cell among the unknowns (as a protection loop does); the
    connected parts grow with it, and each cell's programs are built from its part as
    it is at that moment: the same programs ``ranges`` solves for that set of hidden cells.
    """

    def __init__(self, equations: Iterable[Equation], published: Mapping[Hashable, float], hidden: Iterable[Hashable]):
        self.published = published
        self.index: dict[Hashable, int] = {}
        self.parts = _Parts()
        # Per equation: each member's coefficient (total +1, every part -1, summed).
        self.coefficients: list[dict[Hashable, float]] = []
        self.containing: dict[Hashable, list[int]] = {}
        #: Per equation with an unknown: one of its unknowns (all of them are in one part).
        self.anchor: dict[int, int] = {}
        #: Per part (its root): the equations in it.
        self.of_part: dict[int, list[int]] = {}
        #: Hidden cells seen at 0, and the highest value each was seen at, in some consistent
        #: solution (they stay possible as more is hidden).
        self.can_be_zero: set = set()
        self.highest_seen: dict[Hashable, float] = {}
        self.cell_of: list[Hashable] = []
        for cell in hidden:
            if cell not in self.index:
                self._add_unknown(cell)
        for number, (total, members) in enumerate(equations):
            coefficients: dict[Hashable, float] = {}
            for cell, sign in ((total, 1.0), *((part, -1.0) for part in members)):
                coefficients[cell] = coefficients.get(cell, 0.0) + sign
            self.coefficients.append(coefficients)
            constant = 0.0
            for cell, c in coefficients.items():
                self.containing.setdefault(cell, []).append(number)
                if cell in self.index:
                    if c:
                        self._tie(number, self.index[cell])
                elif c:
                    constant += c * published[cell]
                else:
                    published[cell]  # noqa: B018 - every member is published or hidden (KeyError otherwise)
            if number not in self.anchor and abs(constant) > _TOLERANCE:
                raise ValueError("the published figures contradict each other")

    def _add_unknown(self, cell: Hashable) -> int:
        self.index[cell] = unknown = self.parts.add()
        self.cell_of.append(cell)
        return unknown

    def _tie(self, number: int, unknown: int) -> None:
        if number not in self.anchor:
            self.anchor[number] = unknown
            self.of_part.setdefault(self.parts.find(unknown), []).append(number)
            return
        low, high = self.parts.find(unknown), self.parts.find(self.anchor[number])
        if low != high:
            self.parts.parent[low] = high
            self.of_part.setdefault(high, []).extend(self.of_part.pop(low, ()))

    def hide(self, cell: Hashable) -> None:
        """``cell`` is hidden from now on (it was published)."""
        if cell in self.index:
            return
        unknown = self._add_unknown(cell)
        # In every solution seen so far it had its published value.
        value = self.published[cell]
        if value <= _TOLERANCE:
            self.can_be_zero.add(cell)
        self.highest_seen[cell] = value
        for number in self.containing.get(cell, ()):
            if self.coefficients[number][cell]:
                self._tie(number, unknown)

    def _rows(self, cell: Hashable) -> list:
        """The equations of ``cell``'s part, as (unknowns {index: coefficient}, right-hand side)."""
        rows = []
        for number in sorted(self.of_part.get(self.parts.find(self.index[cell]), ())):
            coefficients: dict[int, float] = {}
            constant = 0.0
            for member, c in self.coefficients[number].items():
                if not c:
                    continue
                if member in self.index:
                    coefficients[self.index[member]] = c
                else:
                    constant += c * self.published[member]
            rows.append((coefficients, -constant))
        return rows

    def range(self, cell: Hashable) -> tuple[float, float]:
        """(lowest, highest) consistent value of the hidden ``cell``; highest may be ``math.inf``."""
        return _range(self.index[cell], self._rows(cell))

    def protects(self, cell: Hashable, threshold: int) -> bool:
        """Whether the hidden ``cell`` could be 0 as well as ``threshold`` (``protects`` of its range).

        Answered from the witnesses where they suffice; the programs it does solve add theirs.
        The lowest value is worked out first, the highest only when the lowest allows it."""
        rows = None
        if cell not in self.can_be_zero:
            rows = self._rows(cell)
            if self._solve(cell, rows, 1.0) > _TOLERANCE:
                return False
        if self.highest_seen.get(cell, 0.0) >= threshold - _TOLERANCE:
            return True
        return self._solve(cell, rows if rows is not None else self._rows(cell), -1.0) >= threshold - _TOLERANCE

    def _solve(self, cell: Hashable, rows, direction: float) -> float:
        value, solution = _optimum(self.index[cell], rows, direction)
        if math.isinf(value):
            self.highest_seen[cell] = math.inf
        for unknown, x in solution.items():
            seen = self.cell_of[unknown]
            if x <= _TOLERANCE:
                self.can_be_zero.add(seen)
            if x > self.highest_seen.get(seen, 0.0):
                self.highest_seen[seen] = x
        return value


def ranges(
    equations: Iterable[Equation],
    published: Mapping[Hashable, float],
    hidden: Iterable[Hashable],
    of: Iterable[Hashable] | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """(lowest, highest) consistent value of the hidden cells ``of`` (default: all of them);
    highest may be ``math.inf``."""
    hidden = list(dict.fromkeys(hidden))
    system = System(equations, published, hidden)
    return {cell: system.range(cell) for cell in (hidden if of is None else of)}


def _range(target: int, rows) -> tuple[float, float]:
    """Lowest and highest value of unknown ``target`` under ``rows`` (its part's equations)."""
    return (_optimum(target, rows, 1.0)[0], _optimum(target, rows, -1.0)[0])


def _optimum(target: int, rows, direction: float) -> tuple[float, dict[int, float]]:
    """The lowest (``direction`` 1) or highest (-1) value of unknown ``target`` under ``rows``,
    and the solution found ({unknown: its value}; empty when there is no highest value)."""
    if not rows:  # tied to nothing: anything from 0 upwards
        return (0.0, {target: 0.0}) if direction > 0 else (math.inf, {})
    local = {target: 0}
    for coefficients, _b in rows:
        for i in coefficients:
            local.setdefault(i, len(local))
    data, row_index, column_index = [], [], []
    for r, (coefficients, _b) in enumerate(rows):
        for i, c in coefficients.items():
            data.append(c)
            row_index.append(r)
            column_index.append(local[i])
    matrix = csr_matrix((data, (row_index, column_index)), shape=(len(rows), len(local)))
    b = np.array([b for _c, b in rows])
    objective = np.zeros(len(local))
    objective[0] = direction
    solution = milp(objective, constraints=LinearConstraint(matrix, b, b), bounds=Bounds(0, np.inf))
    if solution.status == 3:  # unbounded: only upwards can a cell be unbounded
        return math.inf, {}
    if solution.status == 0:
        return direction * solution.fun, {unknown: float(solution.x[column]) for unknown, column in local.items()}
    raise ValueError(f"the published figures contradict each other ({solution.message})")


def protects(low: float, high: float, threshold: int) -> bool:
    return low <= _TOLERANCE and high >= threshold - _TOLERANCE
