"""Menus and the language switcher, with a fixed number of queries per page."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from distro.pagecache.lookups import active_locale
from distro.pagecache.store import cached_fragment

from .languages import (
    FALLBACK_PARAMETER,
    FALLBACK_VALUE,
    absolute_url,
    page_languages,
)
from .models import Navigatie


@dataclass
class Link:
    url: str
    label: str
    active: bool = False
    lang: str = ""


def current_locale(request):
    """The Wagtail locale of the active language, looked up once per request."""
    if not hasattr(request, "_steunpunt_locale"):
        try:
            request._steunpunt_locale = active_locale()
        except Locale.DoesNotExist:
            request._steunpunt_locale = None
    return request._steunpunt_locale


def _is_active(url: str, current_path: str, exact: bool) -> bool:
    return current_path == url if exact else current_path.startswith(url)


def _pages_shown_in_menus(site, items):
    """Pages under the home page with "Toon in menu's" on, not already in the menu (one query)."""
    if site is None:
        return []
    listed = {item.page.translation_key for item in items if item.page}
    pages = Page.objects.child_of(site.root_page).live().in_menu().order_by("path")
    return [page for page in pages.specific(defer=True) if page.translation_key not in listed]


def menu_links(request, relation: str) -> list[Link]:
    """The links of one menu, each page in the visitor's language when it is translated.

    The main menu is the items under Instellingen > Menu's, followed by the pages
    directly under the home page that have "Toon in menu's" switched on. The
    links are the same on every page of a site and language, so they are built
    once per change of the content (distro.pagecache); only "current" is
    worked out per page.
    """
    site = Site.find_for_request(request)
    locale = current_locale(request)
    entries = cached_fragment(
        "menu",
        relation,
        site.pk if site else None,
        locale.pk if locale else None,
        request.get_host(),
        build=lambda: _menu_entries(request, relation, site, locale),
    )
    return [
        Link(url, label, active=exact is not None and _is_active(url, request.path, exact=exact))
        for url, label, exact in entries
    ]


def _menu_entries(request, relation, site, locale) -> list[tuple[str, str, bool | None]]:
    """(url, label, whether "current" needs the exact address, or None for an outside link)."""
    navigatie = Navigatie.for_request(request)
    items = list(getattr(navigatie, relation).select_related("page")) if navigatie.pk else []
    entries = [(item.page, item.label, item.url) for item in items]
    if relation == "main_menu_items":
        entries += [(page, "", "") for page in _pages_shown_in_menus(site, items)]
    translated = {}
    keys = [
        page.translation_key for page, _l, _u in entries if page and (locale is None or page.locale_id != locale.pk)
    ]
    if locale and keys:
        translated = {
            page.translation_key: page
            for page in Page.objects.live().filter(translation_key__in=keys, locale=locale).specific(defer=True)
        }
    home_key = site.root_page.translation_key if site else None
    links = []
    for menu_page, item_label, item_url in entries:
        if menu_page:
            page = translated.get(menu_page.translation_key, menu_page)
            if not page.live:
                continue
            url = page.get_url(request)
            if url is None:
                continue
            # The editor's label is in the menu's own language; a translation shows its own title.
            label = item_label if page.pk == menu_page.pk and item_label else page.title
            # The home page contains every page; it is only "current" on itself.
            links.append((url, label, page.translation_key == home_key))
        else:
            links.append((item_url, item_label, None))
    return links


def language_links(request, site_settings) -> list[Link]:
    """One link per offered language: this page in that language, or else its nearest translated ancestor.

    A link to an ancestor carries ``?vertaling=ontbreekt``, so that page tells
    the visitor, in their language, that the page they came from is not
    translated. A language without the page or any ancestor is left out
    rather than linked to a 404. Views that are not Wagtail pages (such as
    search) have the same URL in every language apart from the prefix, so
    they link to that.
    """
    page = getattr(request, "steunpunt_page", None)
    current = get_language() or settings.LANGUAGE_CODE
    offered = site_settings.offered_languages()
    if page is None:
        return [
            Link(translate_url(request.get_full_path(), code), name, active=code == current, lang=code)
            for code, name in offered
        ]
    nearest = page_languages(request).nearest
    links = []
    for code, name in offered:
        url, exact = nearest.get(code, (None, False))
        if url is None:
            continue
        if not exact:
            url = f"{url}?{FALLBACK_PARAMETER}={FALLBACK_VALUE}"
        links.append(Link(url, name, active=code == current, lang=code))
    return links


def alternate_links(request, site_settings) -> list[Link]:
    """``<link rel="alternate" hreflang>`` targets: the translations of this page that really exist.

    Untranslated copies of the Dutch page are left out; ``x-default`` is the Dutch page.
    """
    page = getattr(request, "steunpunt_page", None)
    if page is None:
        return []
    facts = page_languages(request)
    offered = [code for code, _name in site_settings.offered_languages()]
    links = []
    for code in offered:
        if code in facts.untranslated:
            continue
        url = absolute_url(request, facts.translations.get(code))
        if url:
            links.append(Link(url, code, lang=code))
    if len(links) > 1:
        url = absolute_url(request, facts.translations.get(settings.LANGUAGE_CODE))
        if url:
            links.append(Link(url, "x-default", lang="x-default"))
    return links if len(links) > 1 else []
