"""What an attacker can work out: the range of each hidden cell, given everything published.

The published cells are fixed numbers; every hidden cell is an unknown of at
least 0; every equation (a total is the sum of its parts) must hold. The
smallest and largest value a hidden cell can take under those constraints are
two linear programs (HiGHS, through SciPy). A hidden small count is safe when
its range contains both 0 and k: nobody can tell it from "none" or from "k".
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping

from scipy.optimize import linprog

#: A total and its parts: ``total = sum(parts)``.
Equation = tuple[Hashable, tuple[Hashable, ...]]

_TOLERANCE = 1e-6


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
    rows, bounds_b = [], []
    for total, parts in equations:
        coefficients = [0.0] * len(hidden)
        constant = 0.0
        for cell, sign in ((total, 1.0), *((part, -1.0) for part in parts)):
            if cell in index:
                coefficients[index[cell]] += sign
            else:
                constant += sign * published[cell]
        if any(coefficients):
            rows.append(coefficients)
            bounds_b.append(-constant)
    result = {}
    for cell in index if of is None else of:
        i = index[cell]
        objective = [0.0] * len(hidden)
        found = []
        for direction in (1.0, -1.0):
            objective[i] = direction
            solution = linprog(
                objective,
                A_eq=rows or None,
                b_eq=bounds_b or None,
                bounds=[(0, None)] * len(hidden),
                method="highs",
            )
            if solution.status == 3:  # unbounded: only upwards can a cell be unbounded
                found.append(math.inf)
            elif solution.status == 0:
                found.append(direction * solution.fun)
            else:
                raise ValueError(f"the published figures contradict each other ({solution.message})")
        result[cell] = (found[0], found[1])
    return result


def protects(low: float, high: float, threshold: int) -> bool:
    return low <= _TOLERANCE and high >= threshold - _TOLERANCE
