"""Page links in rich text, localised in bulk (see distro.core.richtext)."""

from django.conf import settings
from django.utils.html import escape
from wagtail.models import Locale, Page
from wagtail.rich_text.pages import PageLinkHandler

from distro.pagecache.lookups import active_locale


class LocalisingPageLinkHandler(PageLinkHandler):
    """Wagtail's page link handler, with the links' translations looked up in one query.

    Like Wagtail's, a link points to the page in the visitor's language when
    that translation is live, and to the linked page otherwise.
    """

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        pages = cls.get_many(attrs_list)
        locale = None
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False) and any(pages):
            try:
                locale = active_locale()
            except (LookupError, Locale.DoesNotExist):
                pass
        translations = {}
        keys = {page.translation_key for page in pages if page and locale and page.locale_id != locale.id}
        if keys:
            translations = {
                page.translation_key: page
                for page in Page.objects.live().filter(translation_key__in=keys, locale=locale).specific()
            }
        links = []
        for page in pages:
            if page is None:
                links.append("<a>")
                continue
            url = translations.get(page.translation_key, page).url
            links.append('<a href="%s">' % escape(url) if url else "<a>")
        return links
