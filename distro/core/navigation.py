"""Menus and the language switcher, with a fixed number of queries per page."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site


@dataclass
class Link:
    url: str
    label: str
    active: bool = False
    lang: str = ""


def _current_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return None


def menu_links(request, relation: str) -> list[Link]:
    from .models import Navigatie

    navigatie = Navigatie.for_request(request)
    if not navigatie.pk:
        return []
    items = list(getattr(navigatie, relation).select_related("page"))
    locale = _current_locale()
    translated = {}
    keys = [item.page.translation_key for item in items if item.page]
    if locale and keys:
        translated = {
            page.translation_key: page
            for page in Page.objects.live().filter(translation_key__in=keys, locale=locale).specific(defer=True)
        }
    current_path = request.path
    links = []
    for item in items:
        if item.page:
            page = translated.get(item.page.translation_key, item.page)
            if not page.live:
                continue
            url = page.get_url(request)
            if url is None:
                continue
            label = item.label if page.pk == item.page.pk and item.label else page.title
            links.append(Link(url, label, active=current_path.startswith(url) and (url != "/" or current_path == "/")))
        else:
            links.append(Link(item.url, item.label))
    return links


def language_links(request, site_settings) -> list[Link]:
    """One link per offered language to this page in that language, if it exists."""
    page = getattr(request, "steunpunt_page", None)
    current = get_language() or settings.LANGUAGE_CODE
    offered = site_settings.offered_languages()
    if page is not None:
        translations = {
            p.locale.language_code: p
            for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    else:
        translations = {}
    site = Site.find_for_request(request)
    roots = {}
    if site and not translations:
        roots = {
            p.locale.language_code: p
            for p in site.root_page.get_translations(inclusive=True).live().select_related("locale")
        }
    links = []
    for code, name in offered:
        target = translations.get(code) or roots.get(code)
        if target is not None:
            url = target.get_url(request)
        elif page is None:
            url = translate_url(request.get_full_path(), code)
        else:
            continue
        links.append(Link(url, name, active=code == current, lang=code))
    return links
