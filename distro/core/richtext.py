"""Rendering rich text with a fixed number of queries, however many blocks a page has.

Wagtail expands the links in each rich text value on its own, and resolves
each page link's translation with queries of its own. A page with twenty FAQ
answers that link to other pages would then cost dozens of queries. Here the
rich text of a whole StreamField (or a list of organisations) is expanded in
one pass, and page links are localised in bulk.
"""

from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.rich_text import RichText, expand_db_html

# Cannot occur in rich text saved by the editor, and the link and embed
# rewriters leave it alone, so it safely separates values in one expansion.
_SEPARATOR = "\x00steunpunt-rich-text\x00"


def expand_many(sources: list[str]) -> list[str]:
    """Front-end HTML for many rich text sources, with one lookup per link type for all of them."""
    if not sources:
        return []
    expanded = expand_db_html(_SEPARATOR.join(source or "" for source in sources)).split(_SEPARATOR)
    if len(expanded) != len(sources):  # a malformed tag swallowed a separator; be correct rather than fast
        return [expand_db_html(source or "") for source in sources]
    return expanded


class PrefetchableRichText(RichText):
    """A RichText whose expanded HTML can be supplied in advance by :func:`prefetch_rich_text`."""

    expanded = None

    def __html__(self):
        if self.expanded is None:
            return super().__html__()
        return render_to_string("wagtailcore/shared/richtext.html", {"html": self.expanded})


def _rich_text_values(value):
    """All PrefetchableRichText values inside a block value, however deeply nested."""
    if isinstance(value, PrefetchableRichText):
        yield value
    elif isinstance(value, dict):  # StructValue
        for child in value.values():
            yield from _rich_text_values(child)
    elif isinstance(value, (str, bytes)) or value is None:
        return
    elif hasattr(value, "__iter__") and not hasattr(value, "pk"):
        # StreamValue, ListValue and plain lists; the children of a stream or
        # list are bound blocks with a .value.
        for child in value:
            yield from _rich_text_values(getattr(child, "value", child))


def prefetch_rich_text(value):
    """Expand all not yet expanded rich text in a block value in one go."""
    pending = [rt for rt in _rich_text_values(value) if rt.expanded is None]
    for rich_text, html in zip(pending, expand_many([rt.source for rt in pending]), strict=False):
        rich_text.expanded = html


@hooks.register("register_rich_text_features", order=100)
def register_localising_page_links(features):
    # order=100: after Wagtail's own registration of the "page" link type, which this replaces.
    # Wagtail: links.py subclasses a handler that needs the models loaded, and this module
    # is imported while they load (core.blocks, for the models' StreamFields).
    from .links import LocalisingPageLinkHandler

    features.register_link_type(LocalisingPageLinkHandler)
