"""``{% page_panels page %}``: what plugins add below a page's text (distro.extensions.page_panels)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from distro.extensions import PagePanel, page_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def page_panels_for(context, page):
    request = context.get("request")
    panels = [
        panel
        for _receiver, panel in page_panels.send_robust(sender=type(page), request=request, page=page)
        if isinstance(panel, PagePanel)
    ]
    rendered = [
        render_to_string(panel.template, {"page": page, **panel.context}, request=request)
        for panel in sorted(panels, key=lambda p: p.order)
    ]
    return mark_safe("".join(rendered))  # noqa: S308 - each part is a rendered (auto-escaped) template
