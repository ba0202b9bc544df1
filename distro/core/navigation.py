"""Menus and the language switcher, with a fixed number of queries per page."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from .languages import (
    FALLBACK_PARAMETER,
    FALLBACK_VALUE,
    absolute_url,
    nearest_translations,
    page_translations,
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
            request._steunpunt_locale = Locale.get_active()
        except Locale.DoesNotExist:
            request._steunpunt_locale = None
    return request._steunpunt_locale


def _is_active(url: str, current_path: str, exact: bool) -> bool:
    return current_path == url if exact else current_path.startswith(url)


def menu_links(request, relation: str) -> list[Link]:
    """The links of one menu, each page in the visitor's language when it is translated."""
    navigatie = Navigatie.for_request(request)
    if not navigatie.pk:
        return []
    items = list(getattr(navigatie, relation).select_related("page"))
    locale = current_locale(request)
    translated = {}
    keys = [
        item.page.translation_key
        for item in items
        if item.page and (locale is None or item.page.locale_id != locale.pk)
    ]
    if locale and keys:
        translated = {
            page.translation_key: page
            for page in Page.objects.live().filter(translation_key__in=keys, locale=locale).specific(defer=True)
        }
    site = Site.find_for_request(request)
    home_key = site.root_page.translation_key if site else None
    links = []
    for item in items:
        if item.page:
            page = translated.get(item.page.translation_key, item.page)
            if not page.live:
                continue
            url = page.get_url(request)
            if url is None:
                continue
            # The editor's label is in the menu's own language; a translation shows its own title.
            label = item.label if page.pk == item.page.pk and item.label else page.title
            # The home page contains every page; it is only "current" on itself.
            links.append(Link(url, label, active=_is_active(url, request.path, exact=page.translation_key == home_key)))
        else:
            links.append(Link(item.url, item.label))
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
    targets = nearest_translations(request, page, [code for code, _name in offered])
    links = []
    for code, name in offered:
        if code not in targets:
            continue
        target, exact = targets[code]
        url = target.get_url(request)
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
    translations = page_translations(request)
    offered = [code for code, _name in site_settings.offered_languages()]
    links = []
    for code in offered:
        target = translations.pages.get(code)
        if target is None or translations.is_untranslated(code):
            continue
        url = absolute_url(request, target.get_url(request))
        if url:
            links.append(Link(url, code, lang=code))
    default = translations.pages.get(settings.LANGUAGE_CODE)
    if default is not None and len(links) > 1:
        url = absolute_url(request, default.get_url(request))
        if url:
            links.append(Link(url, "x-default", lang="x-default"))
    return links if len(links) > 1 else []
