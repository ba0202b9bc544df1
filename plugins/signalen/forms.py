"""The registration form (admin, Steunpunt only); the public form is in public_forms.py.

The registration form is made for the keyboard: choices are radio buttons
(Tab to a group, arrow keys within it), the date starts at today, and Enter
in the last field saves. Nothing in it asks for a name or contact detail.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from distro.socialekaart.models import Gemeente, Organisatie

from . import states
from .public_forms import UNKNOWN
from .registraties import (
    MAX_MINUTES,
    NOTE_MAX_LENGTH,
    Aard,
    Afhandeling,
    Kanaal,
    Registratie,
    Schoolsoort,
    Status,
    Thema,
    Vraagsteller,
)

#: Registrations are statistics of what happened: not of next week, and not of long ago by mistake.
OLDEST_YEAR = 2000


def _radio(label, choices, *, required=True, unknown=False, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=(UNKNOWN if unknown else []) + list(choices),
        required=required,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={
            "required": _("Kies een van de mogelijkheden."),
            "invalid_choice": _("Kies een van de mogelijkheden."),
        },
    )


class RegistratieForm(WagtailAdminModelForm):
    datum = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Vul de datum in."), "invalid": _("Dit is geen geldige datum.")},
    )
    kanaal = _radio(_("Kanaal"), Kanaal.choices)
    vraagsteller = _radio(_("Wie vraagt"), Vraagsteller.choices)
    schoolsoort = _radio(_("Soort school"), Schoolsoort.choices, required=False, unknown=True)
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Gemeente.objects.all(), required=False, empty_label=_("Onbekend")
    )
    themas = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Thema.objects.filter(actief=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    aard = _radio(_("Soort contact"), Aard.choices)
    afhandeling = _radio(
        _("Afhandeling"), Afhandeling.choices, required=False, unknown=True, help_text=_("Nodig om af te ronden.")
    )
    doorverwezen_naar = forms.ModelChoiceField(
        label=_("Doorverwezen naar"),
        queryset=Organisatie.objects.none(),
        required=False,
        empty_label=_("Geen organisatie gekozen"),
        help_text=_("Alleen bij 'Doorverwezen': een organisatie van de sociale kaart."),
    )
    status = _radio(_("Status"), Status.choices)
    notitie = forms.CharField(
        label=_("Korte notitie"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Geen namen of contactgegevens. E-mailadressen, telefoonnummers, adressen en BSN's haalt het "
            "systeem eruit. De notitie wordt na een tijd verwijderd."
        ),
        error_messages={"max_length": _("De notitie is te lang: maximaal %(limit_value)d tekens (nu %(show_value)d).")},
    )
    minuten = forms.IntegerField(
        label=_("Tijd in minuten"),
        min_value=0,
        max_value=MAX_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Vul in hoeveel minuten het kostte (0 mag)."),
            "invalid": _("Vul een heel aantal minuten in."),
            "min_value": _("De tijd kan niet negatief zijn."),
            "max_value": _("Meer dan %(limit_value)s minuten voor één contact? Controleer het getal."),
        },
    )

    class Meta:
        model = Registratie
        fields = [
            "datum",
            "kanaal",
            "vraagsteller",
            "schoolsoort",
            "gemeente",
            "themas",
            "aard",
            "afhandeling",
            "doorverwezen_naar",
            "status",
            "notitie",
            "minuten",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Dutch organisations: the sociale kaart's own language is the default locale.
        self.fields["doorverwezen_naar"].queryset = Organisatie.objects.filter(locale__language_code="nl")
        # A theme switched off still shows on the registrations that have it.
        if self.instance.pk:
            self.fields["themas"].queryset = Thema.objects.filter(
                pk__in=list(Thema.objects.filter(actief=True).values_list("pk", flat=True))
                + list(self.instance.themas.values_list("pk", flat=True))
            )
        self.stored_status = self.instance.status if self.instance.pk else None
        if self.stored_status:
            options = (self.stored_status, *states.next_states(self.stored_status))
        else:
            options = (Status.OPEN, Status.IN_BEHANDELING, Status.AFGEROND)
        self.fields["status"].choices = [(s, Status(s).label) for s in options]
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("datum", timezone.localdate())
            self.initial.setdefault("status", Status.OPEN)

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("De datum ligt in de toekomst. Kies vandaag of een dag ervoor."))
        if datum < datetime.date(OLDEST_YEAR, 1, 1):
            raise forms.ValidationError(_("Deze datum is te lang geleden. Controleer het jaar."))
        return datum

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status:
            reason = states.refusal(self.stored_status, status, cleaned.get("afhandeling") or "")
            if reason:
                self.add_error("status", reason)
        if cleaned.get("afhandeling") != Afhandeling.DOORVERWEZEN and cleaned.get("doorverwezen_naar"):
            self.add_error("doorverwezen_naar", _("Kies 'Doorverwezen' bij afhandeling, of laat de organisatie leeg."))
        return cleaned
