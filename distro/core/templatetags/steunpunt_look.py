"""Template helpers for the look of public pages: heading anchors, the single contact block, breadcrumbs."""

from django import template

from distro.core.languages import page_languages
from distro.core.toc import heading_id as _heading_id
from distro.core.toc import page_outline

register = template.Library()

#: Set on the request once a page has rendered the steunpunt's contact details.
CONTACT_SHOWN = "_steunpunt_contact_shown"


@register.filter
def heading_id(text):
    return _heading_id(text)


@register.simple_tag(takes_context=True)
def mark_contact_shown(context):
    """Called by the contact details include: the footer then leaves them out."""
    request = context.get("request")
    if request is not None:
        setattr(request, CONTACT_SHOWN, True)
    return ""


@register.simple_tag(takes_context=True)
def contact_shown(context):
    request = context.get("request")
    return bool(request is not None and getattr(request, CONTACT_SHOWN, False))


@register.filter
def outline(stream):
    """The "Op deze pagina" list of a content stream, for steunpunt/includes/on_this_page.html."""
    return page_outline(stream)


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context, page):
    """(URL, title) of the live pages above ``page``, the home page first; no query for the served page."""
    request = context.get("request")
    if request is not None and page is not None and getattr(request, "steunpunt_page", None) is page:
        return list(page_languages(request).ancestors)
    return [(ancestor.get_url(request), ancestor.title) for ancestor in page.get_ancestors().live().filter(depth__gt=1)]
