"""``informatieset:<key>`` links in national rich text, resolved when a page is shown.

Stored as ``<a linktype="informatieset" key="...">``. The link goes to the
live page for that key in the visitor's language, falling back to Dutch, as
the feed contract says. A link whose page is not (or no longer) published
renders as plain text rather than as a broken link.

All links of one expansion are resolved with a single query; the distro's
rich text prefetch (distro.core.richtext) expands a whole page's national
text in one go, so a page costs one query for its informatieset links.
"""

import uuid

from django.utils.html import escape
from django.utils.translation import get_language
from wagtail.rich_text import LinkHandler

from .models import InformatiesetPage

FALLBACK_LANGUAGE = "nl"


class InformatiesetLinkHandler(LinkHandler):
    identifier = "informatieset"

    @classmethod
    def expand_db_attributes(cls, attrs: dict) -> str:
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        keys = [_uuid(attrs.get("key")) for attrs in attrs_list]
        language = (get_language() or FALLBACK_LANGUAGE).split("-")[0]
        pages = {}
        wanted = {key for key in keys if key is not None}
        if wanted:
            for page in (
                InformatiesetPage.objects.live()
                .filter(translation_key__in=wanted, locale__language_code__in={language, FALLBACK_LANGUAGE})
                .select_related("locale")
            ):
                best = pages.get(page.translation_key)
                if best is None or page.locale.language_code == language:
                    pages[page.translation_key] = page
        links = []
        for key in keys:
            page = pages.get(key)
            url = page.url if page is not None else None
            links.append('<a href="%s">' % escape(url) if url else "<a>")
        return links


def _uuid(value):
    # A key that is not a UUID cannot match a page; it must not make the
    # query (and with it the whole page) fail.
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None
