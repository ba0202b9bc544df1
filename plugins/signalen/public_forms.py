"""The public "Deel je ervaring" form, apart from the admin's forms.

The public page (models.py) routes to views.py, which needs this form while
Django is still loading models: nothing here may build a model form.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from distro.core.publicforms import ProtectedForm

from .registraties import NOTE_MAX_LENGTH, Schoolsoort, Vraagsteller

UNKNOWN = [("", _("Onbekend"))]


class ErvaringForm(ProtectedForm, forms.Form):
    """ "Deel je ervaring": what happened, who you are, which school. No name, no address."""

    consent_label = None  # nothing that points to a person is asked or kept

    wie = forms.ChoiceField(
        label=_("Ik ben"),
        choices=Vraagsteller.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wie je bent.")},
    )
    schoolsoort = forms.ChoiceField(
        label=_("Soort school (als je wilt)"),
        choices=UNKNOWN + list(Schoolsoort.choices),
        required=False,
        widget=forms.RadioSelect,
    )
    ervaring = forms.CharField(
        label=_("Je ervaring"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Schrijf geen namen, adressen of telefoonnummers op. Die halen wij eruit."),
        error_messages={
            "required": _("Schrijf iets over je ervaring."),
            "max_length": _("Je tekst is te lang: maximaal %(limit_value)d tekens (nu %(show_value)d)."),
        },
    )
