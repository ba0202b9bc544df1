"""Template helpers for pages that are not (yet) translated."""

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from distro.core.languages import dutch_url

register = template.Library()


@register.filter
def dutch_page_url(request):
    """The URL of the Dutch page behind the served untranslated copy, or None."""
    return dutch_url(request)


@register.filter(needs_autoescape=True)
def site_text(value, autoescape=True):
    """A text from the site settings in the visitor's language when the catalogue has it.

    Otherwise the Dutch text, marked as Dutch (WCAG 3.1.2) on pages in another language.
    """
    value = str(value or "")
    escape = conditional_escape if autoescape else (lambda text: text)
    if not value:
        return value
    translated = gettext(value)
    language = get_language() or settings.LANGUAGE_CODE
    if translated != value or language == settings.LANGUAGE_CODE:
        return mark_safe(escape(translated))
    return format_html('<span lang="{}" dir="ltr">{}</span>', settings.LANGUAGE_CODE, value)
