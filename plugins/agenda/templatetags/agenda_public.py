"""Template tags for the public agenda pages.

The pages' models belong to the agenda's model layer; these tags build what
the templates show from plugins.agenda.listing, so the index, the detail page
and the home page panel share one set of rules.
"""

from __future__ import annotations

import json

from django import template
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.html import mark_safe

from distro.core.navigation import current_locale
from plugins.agenda import listing
from plugins.agenda.taxonomy import Doelgroep

register = template.Library()

PER_PAGE = 20

# The same escapes as Django's json_script: "</script>" in a title cannot end the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def agenda_index(page, request):
    """Upcoming meetings (or the archive with ?archief=1), filtered by the GET form."""
    archive = request.GET.get("archief") == "1"
    meetings = listing.index_meetings(page, archive=archive)
    form = listing.FilterForm(
        request.GET or None, audiences=Doelgroep.objects.all(), themes=listing.themes_of(meetings)
    )
    filtered = meetings
    if form.is_bound and form.is_valid():
        filtered = listing.apply_filters(meetings, form.cleaned_data)
    filter_active = form.is_bound and form.is_valid() and any(form.cleaned_data.values())
    paginator = Paginator(filtered, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("pagina"))
    listing.decorate(page_obj.object_list, locale_id=page.locale_id)
    query = request.GET.copy()
    query.pop("pagina", None)
    return {
        "archive": archive,
        "filter_form": form,
        "filter_active": filter_active,
        "has_themes": bool(form.fields["thema"].choices[1:]),
        "meetings": page_obj.object_list,
        "page_obj": page_obj,
        "count": paginator.count,
        "query": query.urlencode(),
    }


def _decorated(page, request=None):
    # The JSON-LD in <head> and the body both need the page's state: compute it once.
    if not hasattr(page, "stand"):
        locale = current_locale(request) if request is not None else None
        if locale is not None and locale.pk == page.locale_id:
            page.locale = locale  # the request's locale (cached for the menus too): no query of its own
        listing.decorate([page], locale_id=page.locale_id)
    return page


@register.simple_tag
def agenda_detail(page, request):
    _decorated(page, request)
    parent = page.get_parent()
    return {
        "stand": page.stand,
        "when": page.when_pairs,
        "audiences": page.audience_labels,
        "themes": page.theme_labels,
        "ics_url": reverse("agenda:ical_bijeenkomst", kwargs={"page_id": page.pk}),
        "index": parent.specific if parent else None,
    }


@register.simple_tag
def agenda_jsonld(page, request, organiser_fallback=""):
    data = listing.event_jsonld(_decorated(page, request), request, organiser_fallback=organiser_fallback)
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.simple_tag
def agenda_upcoming(limit=3, locale=None):
    meetings = listing.upcoming_meetings(locale=locale, limit=limit)
    return listing.decorate(meetings, locale_id=locale.pk if locale else None)


@register.simple_tag
def agenda_ics_url(page):
    return reverse("agenda:ical_bijeenkomst", kwargs={"page_id": page.pk})


@register.simple_tag
def agenda_template_exists(name):
    """Lets the detail page include the sign-up form only once its template exists."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True
