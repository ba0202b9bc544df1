"""What an attacker can work out: the range of each hidden cell, given everything published.

The published cells are fixed numbers; every hidden cell is an unknown of at
least 0; every equation (a total is the sum of its parts) must hold. The
smallest and largest value a hidden cell can take under those constraints are
two linear programs (HiGHS, through SciPy). A hidden small count is safe when
its range contains both 0 and k: nobody can tell it from "none" or from "k".

Only the equations that share unknowns with a cell (its connected part) can
say anything about it, so each cell's programs hold just those: a report
linked to years of earlier reports stays a few small programs per cell.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

#: A total and its parts: ``total = sum(parts)``.
Equation = tuple[Hashable, tuple[Hashable, ...]]

_TOLERANCE = 1e-6


class _Parts:
    """Union-find over unknowns: which unknowns are tied together by equations."""

    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def ranges(
    equations: Iterable[Equation],
    published: Mapping[Hashable, float],
    hidden: Iterable[Hashable],
    of: Iterable[Hashable] | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """(lowest, highest) consistent value of the hidden cells ``of`` (default: all of them);
    highest may be ``math.inf``."""
    hidden = list(dict.fromkeys(hidden))
    index = {cell: i for i, cell in enumerate(hidden)}
    parts = _Parts(len(hidden))
    rows = []  # (unknowns {index: coefficient}, right-hand side)
    for total, members in equations:
        coefficients: dict[int, float] = {}
        constant = 0.0
        for cell, sign in ((total, 1.0), *((part, -1.0) for part in members)):
            if cell in index:
                coefficients[index[cell]] = coefficients.get(index[cell], 0.0) + sign
            else:
                constant += sign * published[cell]
        coefficients = {i: c for i, c in coefficients.items() if c}
        if coefficients:
            first = next(iter(coefficients))
            for i in coefficients:
                parts.join(first, i)
            rows.append((coefficients, -constant))
        elif abs(constant) > _TOLERANCE:
            raise ValueError("the published figures contradict each other")
    by_part: dict[int, list] = {}
    for row in rows:
        by_part.setdefault(parts.find(next(iter(row[0]))), []).append(row)
    result = {}
    for cell in index if of is None else of:
        result[cell] = _range(index[cell], by_part.get(parts.find(index[cell]), []))
    return result


def _range(target: int, rows) -> tuple[float, float]:
    if not rows:  # tied to nothing: anything from 0 upwards
        return (0.0, math.inf)
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
    found = []
    for direction in (1.0, -1.0):
        objective = np.zeros(len(local))
        objective[0] = direction
        solution = linprog(objective, A_eq=matrix, b_eq=b, bounds=(0, None), method="highs")
        if solution.status == 3:  # unbounded: only upwards can a cell be unbounded
            found.append(math.inf)
        elif solution.status == 0:
            found.append(direction * solution.fun)
        else:
            raise ValueError(f"the published figures contradict each other ({solution.message})")
    return (found[0], found[1])


def protects(low: float, high: float, threshold: int) -> bool:
    return low <= _TOLERANCE and high >= threshold - _TOLERANCE
