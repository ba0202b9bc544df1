"""Accessible bar charts as inline SVG, drawn on the server from a protected table.

The chart has a title and a description (``role="img"`` with
``aria-labelledby``), and the same figures always stand in a data table
next to it, so nobody depends on the picture. A hidden cell gets no bar,
only its text ("< 5" or "×"): the length of a bar would give the number away.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH = 480
ROW = 28
LABEL_WIDTH = 210
BAR_SPACE = WIDTH - LABEL_WIDTH - 60


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, object]]) -> SafeString:
    """``rows``: (label, Cell) pairs; a Cell with ``value`` None is drawn without a bar."""
    shown = [cell.value for _label, cell in rows if cell.value is not None]
    largest = max(shown, default=0) or 1
    height = ROW * len(rows) + 8
    bars = []
    for i, (label, cell) in enumerate(rows):
        y = 4 + i * ROW
        length = 0 if cell.value is None else round(BAR_SPACE * cell.value / largest)
        bars.append(
            (
                LABEL_WIDTH - 8,
                y + 18,
                str(label)[:32],
                LABEL_WIDTH,
                y + 4,
                length,
                LABEL_WIDTH + length + 6,
                y + 18,
                cell.text,
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" class="chart__label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="18" class="chart__bar"></rect>'
        '<text x="{}" y="{}" class="chart__value">{}</text>',
        bars,
    )
    description = "; ".join(f"{label}: {cell.text}" for label, cell in rows)
    return format_html(
        # A fixed size (CSS may shrink it): scaled to the column, the labels would grow past the edge.
        '<svg class="chart" role="img" aria-labelledby="{0}-title {0}-desc" viewBox="0 0 {1} {2}" width="{1}"'
        ' height="{2}" font-size="13" fill="currentColor" focusable="false">'
        '<title id="{0}-title">{3}</title><desc id="{0}-desc">{4}</desc>{5}</svg>',
        chart_id,
        WIDTH,
        height,
        title,
        _("Aantal antwoorden per keuze: %(figures)s") % {"figures": description},
        body,
    )
