"""The agenda's one notation for dates and times in templates (see plugins.agenda.formatting).

{% load agenda_format %}
{{ registration.created_at|agenda_moment }}   dinsdag 8 december 2026, 19.30 uur
{{ sessie|agenda_sessie }}                    dinsdag 8 december 2026, 19.30 - 21.30 uur
{{ value|agenda_date }}  {{ value|agenda_time }}
"""

from django import template

from plugins.agenda import formatting

register = template.Library()


@register.filter
def agenda_moment(value):
    return formatting.format_moment(value)


@register.filter
def agenda_date(value):
    return formatting.format_date(value) if value else ""


@register.filter
def agenda_time(value):
    return formatting.format_time(value) if value else ""


@register.filter
def agenda_sessie(sessie):
    """A date of a meeting (anything with ``start`` and ``end``)."""
    return formatting.format_sessie(sessie.start, sessie.end) if sessie else ""
