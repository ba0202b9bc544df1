from django import template

from ..forms import EvaluatieForm

register = template.Library()


@register.simple_tag
def evaluatie_preview_form(page):
    """The questions, unbound: what an editor sees in the preview (which has no ticket)."""
    return EvaluatieForm(formulier=page)
