"""Which languages a page really exists in: translations, Dutch copies, nearest translated ancestors.

A translation that the install made as a copy of the Dutch page, and that no
one has translated since, still holds the Dutch text. Such a page is
"untranslated": the site says so in the visitor's language, marks the text
as Dutch (WCAG 3.1.2) and links to the Dutch page; search engines get no
``hreflang`` alternate for it.

Everything is looked up once per request (a few queries, not one per language).
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import get_language
from wagtail.fields import StreamField
from wagtail.models import Page, Site

#: Query parameter the language switcher adds when it leads to an ancestor instead of the page.
FALLBACK_PARAMETER = "vertaling"
FALLBACK_VALUE = "ontbreekt"


@dataclass
class Translations:
    """The live translations of the served page, by language code."""

    page: Page | None
    pages: dict  # language code -> specific live page
    untranslated: set  # language codes whose page is an unchanged copy of the Dutch page

    def is_untranslated(self, code: str) -> bool:
        return code in self.untranslated


def _text_fields(model) -> list:
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
    for field in _text_fields(type(page)):
        value = field.value_from_object(page)
        if isinstance(field, StreamField):
            value = field.get_prep_value(value)
        values.append(value)
    return json.dumps(values, cls=DjangoJSONEncoder, sort_keys=True, default=str)


def is_copy_of(page, source) -> bool:
    """True when ``page`` still holds exactly the text of ``source`` (a copy nobody translated)."""
    return type(page) is type(source) and _fingerprint(page) == _fingerprint(source)


def page_translations(request) -> Translations:
    """The served page's live translations, and which of them are untranslated copies (cached per request)."""
    if hasattr(request, "_steunpunt_translations"):
        return request._steunpunt_translations
    page = getattr(request, "steunpunt_page", None)
    pages, untranslated = {}, set()
    if page is not None:
        for translation in page.get_translations(inclusive=True).live().select_related("locale").specific().iterator():
            pages[translation.locale.language_code] = translation
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
    ancestors = list(page.get_ancestors(inclusive=True).filter(depth__gt=1).values_list("translation_key", "depth"))
    depth_of = {key: depth for key, depth in ancestors}
    candidates = (
        Page.objects.live()
        .filter(translation_key__in=depth_of, locale__language_code__in=codes)
        .select_related("locale")
        .defer_streamfields()
    )
    best = {}
    for candidate in candidates:
        code = candidate.locale.language_code
        depth = depth_of[candidate.translation_key]
        if code not in best or depth > best[code][1]:
            best[code] = (candidate, depth)
    own_depth = depth_of.get(page.translation_key)
    return {code: (candidate, depth == own_depth) for code, (candidate, depth) in best.items()}


def dutch_url(request) -> str | None:
    """The URL of the Dutch page the served (untranslated) page was copied from."""
    translations = page_translations(request)
    source = translations.pages.get(settings.LANGUAGE_CODE)
    return source.get_url(request) if source is not None else None


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
    page = getattr(request, "steunpunt_page", None)
    if page is None or current == settings.LANGUAGE_CODE:
        return current
    return settings.LANGUAGE_CODE if page_translations(request).is_untranslated(current) else current
