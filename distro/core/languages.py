"""Which languages a page really exists in: translations, Dutch copies, nearest translated ancestors.

A translation that the install made as a copy of the Dutch page, and that no
one has translated since, still holds the Dutch text. Such a page is
"untranslated": the site says so in the visitor's language, marks the text
as Dutch (WCAG 3.1.2) and links to the Dutch page; search engines get no
``hreflang`` alternate for it.

Everything is looked up in two queries (not one per language), and only when the
content has changed since: the answers are kept in the render cache.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.html import format_html
from django.utils.translation import get_language
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from distro.pagecache.store import cached_fragment

#: Query parameter the language switcher adds when it leads to an ancestor instead of the page.
FALLBACK_PARAMETER = "vertaling"
FALLBACK_VALUE = "ontbreekt"


@dataclass
class Translations:
    """The live translations of the served page, by language code."""

    page: Page | None
    pages: dict  # language code -> specific live page
    untranslated: set  # language codes whose page is an unchanged copy of the Dutch page


def text_fields(model) -> list:
    """The fields a translator changes: the title and the page type's own text and stream fields."""
    fields = [Page._meta.get_field("title")]
    page_fields = {f.name for f in Page._meta.concrete_fields}
    for field in model._meta.concrete_fields:
        if field.name in page_fields or field.name.endswith("_ptr"):
            continue
        if isinstance(field, StreamField | models.TextField) or (
            isinstance(field, models.CharField) and not field.choices
        ):
            fields.append(field)
    return fields


def _fingerprint(page) -> str:
    values = []
    for field in text_fields(type(page)):
        value = field.value_from_object(page)
        if isinstance(field, StreamField):
            value = field.get_prep_value(value)
        values.append(value)
    return json.dumps(values, cls=DjangoJSONEncoder, sort_keys=True, default=str)


def is_copy_of(page, source) -> bool:
    """True when ``page`` still holds exactly the text of ``source`` (a copy nobody translated)."""
    return type(page) is type(source) and _fingerprint(page) == _fingerprint(source)


def _lineage(request, page) -> list:
    """Every live page, in any language, that is a translation of ``page`` or of one of its
    ancestors below the tree root: one query, cached per request."""
    cache = getattr(request, "_steunpunt_lineage", None)
    if cache is not None and cache[0] == page.pk:
        return cache[1]
    keys = page.get_ancestors(inclusive=True).filter(depth__gt=1).values("translation_key")
    candidates = list(
        Page.objects.live()
        .filter(translation_key__in=keys)
        .select_related("locale")
        .defer_streamfields()
        .order_by("path")
    )
    request._steunpunt_lineage = (page.pk, candidates)
    return candidates


def page_translations(request) -> Translations:
    """The served page's live translations, and which of them are untranslated copies (cached per request)."""
    if hasattr(request, "_steunpunt_translations"):
        return request._steunpunt_translations
    page = getattr(request, "steunpunt_page", None)
    pages, untranslated = {}, set()
    if page is not None:
        candidates = _lineage(request, page)
        codes = {p.pk: p.locale.language_code for p in candidates if p.translation_key == page.translation_key}
        # All translations of a page have the page's type: one query with every field.
        for translation in page.specific_class.objects.filter(pk__in=codes):
            pages[codes[translation.pk]] = translation
        source = pages.get(settings.LANGUAGE_CODE)
        if source is not None:
            untranslated = {
                code
                for code, translation in pages.items()
                if code != settings.LANGUAGE_CODE and is_copy_of(translation, source)
            }
    request._steunpunt_translations = Translations(page, pages, untranslated)
    return request._steunpunt_translations


def nearest_translations(request, page, codes) -> dict:
    """For each language code: (page in that language, exact?) for ``page`` or its nearest translated ancestor.

    One query for the page and all its ancestors in every language. A language
    with no translation of the page or of any ancestor below the site root is left out.
    """
    codes = set(codes)
    best = {}
    # Within one language the translations of the lineage form a path down the tree:
    # the deepest one is the nearest.
    for candidate in _lineage(request, page):
        code = candidate.locale.language_code
        if code in codes and (code not in best or candidate.depth > best[code].depth):
            best[code] = candidate
    return {code: (candidate, candidate.translation_key == page.translation_key) for code, candidate in best.items()}


@dataclass(frozen=True)
class PageLanguages:
    """What the served page's language links, notices and breadcrumbs need, as URLs and titles.

    The same on every request for the page until the content changes, so it
    is kept in the render cache (distro.pagecache) instead of being worked
    out with two queries and a comparison of every translation's text.
    """

    nearest: dict  # language code -> (URL of the page or its nearest translated ancestor, the page itself?)
    translations: dict  # language code -> URL of the page's live translation
    untranslated: frozenset  # language codes whose page is an unchanged copy of the Dutch page
    ancestors: tuple  # (URL, title) of the live ancestors below the tree root, the home page first


def page_languages(request) -> PageLanguages | None:
    """The :class:`PageLanguages` of the served page (None for views that are not Wagtail pages)."""
    if not hasattr(request, "_steunpunt_page_languages"):
        page = getattr(request, "steunpunt_page", None)
        if page is None:
            facts = None
        elif getattr(request, "is_preview", False):
            facts = _page_languages(request, page)  # the draft, not what the cache holds for the live page
        else:
            facts = cached_fragment(
                "page-languages", page.pk, request.get_host(), build=lambda: _page_languages(request, page)
            )
        request._steunpunt_page_languages = facts
    return request._steunpunt_page_languages


def _page_languages(request, page) -> PageLanguages:
    translations = page_translations(request)
    nearest = nearest_translations(request, page, [code for code, _name in settings.LANGUAGES])
    ancestors = [
        candidate
        for candidate in _lineage(request, page)
        if candidate.locale_id == page.locale_id and page.path.startswith(candidate.path) and candidate.pk != page.pk
    ]
    return PageLanguages(
        nearest={code: (target.get_url(request), exact) for code, (target, exact) in nearest.items()},
        translations={code: translation.get_url(request) for code, translation in translations.pages.items()},
        untranslated=frozenset(translations.untranslated),
        ancestors=tuple((ancestor.get_url(request), ancestor.title) for ancestor in ancestors),
    )


def dutch_url(request) -> str | None:
    """The URL of the Dutch page the served (untranslated) page was copied from."""
    facts = page_languages(request)
    return facts.translations.get(settings.LANGUAGE_CODE) if facts is not None else None


def site_origin(request, site: Site | None) -> str:
    """Scheme and host for absolute URLs: the site's own host name, or the request's when the site has none.

    An install without --domain keeps the Site on "localhost"; its sitemap would
    then name a host no visitor or search engine can reach.
    """
    if site is not None and site.hostname not in ("", "localhost", "127.0.0.1", "[::1]"):
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/")


def absolute_url(request, url: str | None) -> str | None:
    """A page URL with the site's scheme and host in front (see :func:`site_origin`)."""
    if not url or not url.startswith("/"):
        return url
    return site_origin(request, Site.find_for_request(request)) + url


def content_language(request) -> str:
    """The language of the served page's text: Dutch for an untranslated copy, else the active language."""
    current = get_language() or settings.LANGUAGE_CODE
    if current == settings.LANGUAGE_CODE:
        return current
    facts = page_languages(request)
    return settings.LANGUAGE_CODE if facts is not None and current in facts.untranslated else current


def untranslated_attrs(request) -> str:
    """``lang`` and ``dir`` for the page's own text when it is an untranslated Dutch copy, else nothing.

    Page templates put this on the elements that hold the editor's text (title,
    introduction, blocks); the interface around them stays in the visitor's language.
    """
    if content_language(request) == (get_language() or settings.LANGUAGE_CODE):
        return ""
    return format_html(' lang="{}" dir="ltr"', settings.LANGUAGE_CODE)
