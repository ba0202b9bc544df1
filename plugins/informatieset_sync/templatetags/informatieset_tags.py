"""Template helpers for the public informatieset pages."""

from django import template

from distro.core.richtext import prefetch_rich_text

from ..views import child_pages, contact_page_url

register = template.Library()


@register.simple_tag(takes_context=True)
def informatieset_contact_url(context):
    """The URL of this site's contact page, looked up once per request."""
    return contact_page_url(context.get("request"))


@register.simple_tag
def informatieset_children(page):
    return child_pages(page)


@register.simple_tag
def informatieset_prefetch(stream):
    """Expand the links in all rich text of a stream at once, not one query per story."""
    prefetch_rich_text(stream)
    return ""
