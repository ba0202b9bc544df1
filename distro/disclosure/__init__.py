"""Disclosure control: figures that never show, or let anyone recompute, a small number.

Every table, chart and export of anonymised figures goes through here (the
evaluatie dashboard, the board's signal report, the agenda's figures). The
rules (docs/disclosure.md, in words a board member understands):

- a count from 1 to k-1 is shown as "< k" (primary suppression); 0 and counts
  of k or more are shown as they are. k is ``STEUNPUNT_DISCLOSURE_K`` (5 by
  default, never below 3);
- a table that publishes totals hides enough other cells that no hidden count
  can be worked out from what is shown (secondary suppression): for every
  cell hidden for being small, the values consistent with everything
  published include both 0 and k (checked with linear programming);
- a mean, a distribution or any figure about a group is shown only over at
  least k responses; otherwise "te weinig reacties".

Plain Python, no models: ``count``, ``mean``, ``enough`` and ``Table``.
"""

from .rules import TOO_FEW, count, enough, k, mean
from .tables import Cell, Table

__all__ = ["TOO_FEW", "Cell", "Table", "count", "enough", "k", "mean"]
