"""The sign-up form for the meeting page, which has no form of its own in its context."""

from django import template

from plugins.agenda.forms import AanmeldenForm
from plugins.agenda.models import Aanmelding

register = template.Library()


@register.simple_tag
def agenda_signup_form(bijeenkomst):
    return AanmeldenForm(bijeenkomst=bijeenkomst, retention_days=Aanmelding.retention_days())
