"""Bar charts as inline SVG, drawn on the server: no script, no third party, readable in the PDF.

A chart is a picture of the table printed right under it: it has a title
and a short description for screen readers, and a hidden count ("< 5",
"×") is written as text without a bar, never drawn as a guess.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 230
BAR_WIDTH = 300
NUMBER_WIDTH = 60
#: Dark enough on white for text and bars (WCAG 1.4.11: at least 3:1 for graphics).
BAR_COLOUR = "#1f4e79"
TEXT_COLOUR = "#1a1a1a"


def bar_chart(ident: str, title: str, bars: list[tuple[str, int | None, str]], k: int) -> SafeString:
    """Horizontal bars for ``(label, value or None, text)``; ``ident`` is unique on the page."""
    ident = f"grafiek-{ident}"
    largest = max([value for _label, value, _text in bars if value] or [1])
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + NUMBER_WIDTH
    description = _("Staafdiagram van de tabel hieronder. Aantallen kleiner dan %(k)s staan er zonder staaf.") % {
        "k": k
    }
    parts = [
        # Drawn left to right also on a right-to-left page: there the inherited direction would
        # turn text-anchor round and push the labels out of the picture.
        f'<svg class="grafiek" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" direction="ltr" '
        f'width="100%" style="max-width:{width}px" role="img" aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(description)}</desc>',
        # Its own white ground: the admin's dark theme must not put dark text on dark.
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for position, (label, value, text) in enumerate(bars):
        y = GAP + position * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT / 2 + 5
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" font-size="13" fill="{TEXT_COLOUR}">{escape(short)}</text>'
        )
        length = 0 if not value else max(2, round(BAR_WIDTH * value / largest))
        if length:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6}" y="{middle}" font-size="13" fill="{TEXT_COLOUR}">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
