"""Template helpers for pages that are not (yet) translated."""

from django import template

from distro.core.languages import dutch_url

register = template.Library()


@register.filter
def dutch_page_url(request):
    """The URL of the Dutch page behind the served untranslated copy, or None."""
    return dutch_url(request)
