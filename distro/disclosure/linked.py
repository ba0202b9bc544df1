"""Protecting a whole report at once, together with the reports published before it.

A ``Table`` is one grid. A board report is many tables over the same
registrations (by theme, by channel, theme × school type ...) and sits next
to earlier reports (its quarters, its year). ``Figures`` takes every cell of
the new report under a key of the caller's choosing, the equations between
them (a total is the sum of its parts, also across tables and reports), and
what earlier reports published:

* ``elsewhere_published``: cells others published, as fixed numbers;
* ``elsewhere_unknown``: cells nobody published (hidden cells of earlier
  reports, the counts of periods no report covers);
* ``elsewhere_small``: hidden small cells of earlier reports: the new report
  must not make them computable either.

``protect()`` hides the new report's small counts (primary) and then, one at
a time, the cheapest of its own cells nearest to a cell that is not safe yet,
until every small cell, old and new, could be 0 as well as k.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from . import audit
from .rules import k as configured_k
from .rules import small
from .tables import SECONDARY_TEXT


def default_cost(key, value) -> tuple:
    # A hidden 0 cannot lend anything downwards; after that the smallest counts say the least.
    return (value == 0, value, repr(key))


@dataclass
class Figures:
    values: dict[Hashable, int]
    equations: list[audit.Equation]
    elsewhere_published: dict[Hashable, int] = field(default_factory=dict)
    elsewhere_unknown: set = field(default_factory=set)
    elsewhere_small: set = field(default_factory=set)
    cost: Callable[[Hashable, int], tuple] = default_cost

    def protect(self, threshold: int | None = None) -> Protected:
        threshold = threshold or configured_k()
        primary = {key for key, value in self.values.items() if small(value, threshold)}
        hidden = set(primary)
        touching = self._touching()
        unsure = primary | {cell for cell in self.elsewhere_small if cell in touching}
        if not unsure:
            return Protected(dict(self.values), primary, hidden, threshold)
        published = {key: value for key, value in self.values.items() if key not in hidden}
        published.update(self.elsewhere_published)
        system = audit.System(self.equations, published, hidden | self.elsewhere_unknown)
        # The unsafe cell that comes first (by repr) decides what is hidden next. Hiding more
        # only widens the ranges, so a cell found safe stays safe, and a cell not safe now was
        # not safe before: the cells after the first unsafe one need no programs until it is
        # safe. That hides exactly the cells that checking every unsure cell after every step
        # would hide, with a fraction of the linear programs.
        waiting = sorted(unsure, key=repr)
        while waiting:
            if system.protects(waiting[0], threshold):
                waiting.pop(0)
                continue
            extra = self._nearest_own(waiting[0], hidden)
            if extra is None:  # everything of ours that could help is hidden already
                break
            hidden.add(extra)
            system.hide(extra)
        return Protected(dict(self.values), primary, hidden, threshold)

    def _members(self, cells):
        """The equations (as member tuples) that hold any of ``cells``, each once."""
        if not hasattr(self, "_index"):
            self._index = {}
            for total, parts in self.equations:
                members = (total, *parts)
                for m in members:
                    self._index.setdefault(m, []).append(members)
        found = {}
        for cell in cells:
            for members in self._index.get(cell, ()):
                found[id(members)] = members
        return found.values()

    def _touching(self) -> set:
        """Cells of earlier reports that share an equation chain (through unknowns) with one of ours."""
        unknown = self.elsewhere_unknown | self.elsewhere_small
        reached, frontier = set(), set(self.values)
        while frontier:
            step = set()
            for members in self._members(frontier):
                step.update(m for m in members if m not in reached and m in unknown)
            reached |= frontier
            frontier = step - reached
        return reached

    def _nearest_own(self, cell, hidden):
        """Our cheapest shown cell near ``cell``: in an equation with it, or one hidden cell further.

        A shown 0 next to the cell rarely helps (it cannot lend anything downwards), so the
        search goes two steps (through hidden cells), and further until it finds a nonzero
        candidate, and then takes the cheapest of everything it found.
        """
        seen, frontier, candidates, depth = {cell}, {cell}, set(), 0
        while frontier:
            depth += 1
            step = set()
            for members in self._members(frontier):
                for m in members:
                    if m in self.values and m not in hidden:
                        candidates.add(m)
                    elif m not in seen and (m in hidden or m in self.elsewhere_unknown or m in self.elsewhere_small):
                        step.add(m)
            # Two steps at least: a total one step away is dearer than a detail two steps away.
            if depth >= 2 and any(self.values[c] for c in candidates):
                break
            seen |= step
            frontier = step
        return min(candidates, key=lambda c: self.cost(c, self.values[c]), default=None)


@dataclass
class Protected:
    true_values: dict
    primary: set
    hidden: set
    threshold: int

    def text(self, key) -> str:
        if key in self.primary:
            return f"< {self.threshold}"
        if key in self.hidden:
            return SECONDARY_TEXT
        return str(self.true_values[key])

    def value(self, key) -> int | None:
        return None if key in self.hidden else self.true_values[key]

    def published(self) -> dict:
        return {key: value for key, value in self.true_values.items() if key not in self.hidden}
