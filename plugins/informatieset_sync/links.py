"""``informatieset:<key>`` links in national rich text, resolved when a page is shown.

Stored as ``<a linktype="informatieset" key="...">``. The link goes to the
live page for that key in the visitor's language, falling back to Dutch, as
the feed contract says. A link whose page is not (or no longer) published
renders as plain text rather than as a broken link.
"""

from django.utils.html import escape
from django.utils.translation import get_language
from wagtail.rich_text import LinkHandler


class InformatiesetLinkHandler(LinkHandler):
    identifier = "informatieset"

    @classmethod
    def expand_db_attributes(cls, attrs: dict) -> str:
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        from .models import InformatiesetPage

        keys = {attrs.get("key") for attrs in attrs_list if attrs.get("key")}
        language = (get_language() or "nl").split("-")[0]
        pages = {}
        if keys:
            for page in (
                InformatiesetPage.objects.live()
                .filter(translation_key__in=keys, locale__language_code__in={language, "nl"})
                .select_related("locale")
            ):
                best = pages.get(page.translation_key)
                if best is None or page.locale.language_code == language:
                    pages[page.translation_key] = page
        links = []
        for attrs in attrs_list:
            page = pages.get(_uuid(attrs.get("key")))
            url = page.url if page is not None else None
            links.append('<a href="%s">' % escape(url) if url else "<a>")
        return links


def _uuid(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
