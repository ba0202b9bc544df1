from django import forms
from django.utils.translation import gettext_lazy as _

from distro.core.publicforms import INVALID_EMAIL, ProtectedForm

from .vraag import Vraag

MAX_QUESTION_LENGTH = 3000


class VraagForm(ProtectedForm, forms.ModelForm):
    """Only what the steunpunt needs to answer: a way back and the question."""

    consent_error = _("Geef toestemming, anders kunnen we uw vraag niet beantwoorden.")

    # Not stored: it only decides whether the confirmation is scheduled (tasks.py).
    confirm = forms.BooleanField(
        label=_("Stuur mij een e-mail dat mijn vraag is aangekomen"),
        help_text=_("Alleen als u een e-mailadres invult. Uw vraag zelf staat niet in die e-mail."),
        required=False,
    )

    class Meta:
        model = Vraag
        fields = ["name", "email", "phone", "role", "question"]
        labels = {
            "name": _("Uw naam (mag u leeg laten)"),
            "email": _("E-mailadres"),
            "phone": _("Telefoonnummer"),
            "role": _("Ik ben"),
            "question": _("Uw vraag"),
        }
        help_texts = {
            "email": _("Vul een e-mailadres of een telefoonnummer in, zodat we u kunnen antwoorden."),
            "question": _("Schrijf zo veel als u wilt, maximaal 3000 tekens."),
        }
        widgets = {
            "role": forms.RadioSelect,
            "question": forms.Textarea(attrs={"rows": 6, "maxlength": MAX_QUESTION_LENGTH}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        error_messages = {
            "role": {"required": _("Kies wie u bent.")},
            "question": {"required": _("Schrijf uw vraag op.")},
            "email": {"invalid": INVALID_EMAIL},
        }

    def __init__(self, *args, retention_days: int, **kwargs):
        consent_help = _(
            "Het steunpunt gebruikt uw gegevens alleen om uw vraag te beantwoorden. "
            "Na %(days)s dagen verwijderen we ze."
        ) % {"days": retention_days}
        super().__init__(*args, consent_help=consent_help, **kwargs)
        self.fields["role"].choices = Vraag.Rol.choices

    def clean_question(self):
        question = self.cleaned_data["question"].strip()
        if len(question) > MAX_QUESTION_LENGTH:
            raise forms.ValidationError(_("Uw vraag is te lang. Maak hem korter dan 3000 tekens."))
        return question

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = sum(c.isdigit() for c in phone)
        # 8 to 15 digits: Dutch numbers have 10, international ones (E.164) at most 15.
        if phone and (not all(c.isdigit() or c in "+-() " for c in phone) or not 8 <= digits <= 15):
            raise forms.ValidationError(_("Dit is geen geldig telefoonnummer. Bijvoorbeeld: 06 12345678."))
        return phone

    def clean(self):
        cleaned = super().clean()
        # Only when both are empty; a mistyped one already has its own message.
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and "email" not in self.errors
            and "phone" not in self.errors
        ):
            self.add_error("email", _("Vul een e-mailadres of een telefoonnummer in."))
        return cleaned
