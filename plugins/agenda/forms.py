"""The public sign-up form for a meeting.

Built per meeting: the number of persons is limited to the meeting's maximum
and the editor's extra questions become fields of their own. Every limit on
length is checked here, with a Dutch message, before anything is stored.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from distro.core.publicforms import INVALID_EMAIL, ProtectedForm

from .models import Aanmelding

MAX_NAME_LENGTH = 100
MAX_EMAIL_LENGTH = 254
MAX_SHORT_ANSWER = 300
MAX_LONG_ANSWER = 2000


def question_field_name(index: int) -> str:
    return f"vraag_{index}"


class AanmeldenForm(ProtectedForm, forms.Form):
    consent_label = _("Ik geef toestemming om mijn gegevens te gebruiken voor deze bijeenkomst")
    consent_error = _("Geef toestemming, anders kunnen we u niet aanmelden.")

    name = forms.CharField(
        label=_("Uw naam"),
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": MAX_NAME_LENGTH}),
        error_messages={"required": _("Vul uw naam in.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Hierheen sturen we de bevestiging en de link om af te melden."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": MAX_EMAIL_LENGTH}),
        error_messages={
            "required": _("Vul uw e-mailadres in."),
            "invalid": INVALID_EMAIL,
        },
    )
    persons = forms.TypedChoiceField(
        label=_("Met hoeveel personen komt u?"),
        coerce=int,
        error_messages={
            "required": _("Kies met hoeveel personen u komt."),
            "invalid_choice": _("Kies een aantal uit de lijst."),
        },
    )
    role = forms.ChoiceField(
        label=_("Ik ben"),
        choices=Aanmelding.Rol.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wie u bent."), "invalid_choice": _("Kies een van de mogelijkheden.")},
    )

    def __init__(self, *args, bijeenkomst, retention_days: int, **kwargs):
        self.bijeenkomst = bijeenkomst
        consent_help = _(
            "We gebruiken uw gegevens alleen om u over deze bijeenkomst te mailen. "
            "We bewaren uw gegevens tot %(dagen)s dagen na de bijeenkomst. Daarna verwijderen we ze."
        ) % {"dagen": retention_days}
        super().__init__(*args, consent_help=consent_help, **kwargs)

    def add_fields(self):
        bijeenkomst = self.bijeenkomst
        max_persons = max(1, bijeenkomst.max_persons or 1)
        self.fields["persons"].choices = [(n, str(n)) for n in range(1, max_persons + 1)]
        self.fields["persons"].initial = 1
        if max_persons == 1:
            # Nothing to choose: one person per sign-up.
            del self.fields["persons"]

        self.questions = []
        for index, block in enumerate(bijeenkomst.extra_questions or []):
            value = block.value
            name = question_field_name(index)
            long_answer = bool(value.get("long_answer"))
            limit = MAX_LONG_ANSWER if long_answer else MAX_SHORT_ANSWER
            widget = (
                forms.Textarea(attrs={"rows": 4, "maxlength": limit})
                if long_answer
                else forms.TextInput(attrs={"maxlength": limit})
            )
            self.fields[name] = forms.CharField(
                label=value.get("label") or _("Vraag"),
                help_text=value.get("help_text") or "",
                required=bool(value.get("required")),
                widget=widget,
                error_messages={"required": _("Geef hier een antwoord op.")},
            )
            self.questions.append((name, str(value.get("label") or ""), limit))
        # The consent, honeypot and captcha come after the questions (ProtectedForm).

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Vul uw naam in."))
        if len(name) > MAX_NAME_LENGTH:
            raise forms.ValidationError(
                _("Uw naam is te lang. Gebruik hoogstens %(max)s tekens.") % {"max": MAX_NAME_LENGTH}
            )
        return name

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if len(email) > MAX_EMAIL_LENGTH:
            raise forms.ValidationError(_("Dit e-mailadres is te lang. Controleer het nog eens."))
        return email

    def clean(self):
        cleaned = super().clean()
        for name, _label, limit in self.questions:
            answer = cleaned.get(name)
            if answer is None:
                continue
            answer = answer.strip()
            if len(answer) > limit:
                self.add_error(name, _("Uw antwoord is te lang. Gebruik hoogstens %(max)s tekens.") % {"max": limit})
            else:
                cleaned[name] = answer
        return cleaned

    @property
    def persons_count(self) -> int:
        return self.cleaned_data.get("persons", 1)

    def answers(self) -> list[dict]:
        """The extra questions with their answers, as stored on the registration.

        The question text is stored with the answer, so the list stays readable
        for staff even if the editor changes the questions later.
        """
        return [
            {"question": label, "answer": self.cleaned_data.get(name, "")} for name, label, _limit in self.questions
        ]
