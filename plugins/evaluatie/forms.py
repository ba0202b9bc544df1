"""The public form of an evaluation: one field per question, built from the page's blocks.

It stores nothing personal, so it asks no consent; the honeypot, the rate
limit and the captcha of the core's protected form still keep bots out.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from distro.core import speech
from distro.core.publicforms import ProtectedForm

from .blocks import OPEN_MAX_LENGTH, allowed_values

REQUIRED = _("Geef hier een antwoord.")
TOO_LONG = _("Uw antwoord is te lang: maximaal %(limit_value)d tekens (nu %(show_value)d).")
UNKNOWN_CHOICE = _("Kies een van de antwoorden.")
CHOOSE_FROM = _("Kies uit: %(antwoorden)s.")


def field_name(block_id: str) -> str:
    return f"vraag_{block_id}"


def spoken_text(block) -> str:
    """What the player reads aloud: the question, its help, and the answers to choose from."""
    lines = [block.value["vraag"], block.value["uitleg"]]
    if block.block_type != "open":
        labels = [str(label) for label in allowed_values(block.block_type, block.value).values()]
        lines.append(str(CHOOSE_FROM) % {"antwoorden": ", ".join(labels)})
    return "\n".join(line for line in lines if line)


class EvaluatieForm(ProtectedForm, forms.Form):
    consent_label = None  # nothing personal is stored

    def __init__(self, *args, formulier, **kwargs):
        self.formulier = formulier
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        # The visitor's ticket (services.py) travels with the answers; the view checks it.
        self.fields["toegang"] = forms.CharField(widget=forms.HiddenInput, required=False)
        spoken = speech.available() and self.formulier.pk is not None
        for block in self.formulier.vragen:
            field = self._field(block.block_type, block.value)
            if spoken:
                field.audio_url = reverse("evaluatie:voorlezen", args=[self.formulier.pk, block.id])
            self.fields[field_name(block.id)] = field

    def _field(self, block_type, value):
        common = {
            "label": value["vraag"],
            "help_text": value["uitleg"],
            "required": bool(value["verplicht"]),
            "error_messages": {"required": REQUIRED, "invalid_choice": UNKNOWN_CHOICE},
        }
        if block_type == "open":
            return forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=OPEN_MAX_LENGTH,
                strip=True,
                **{**common, "error_messages": {**common["error_messages"], "max_length": TOO_LONG}},
            )
        choices = [(str(v), str(label)) for v, label in allowed_values(block_type, value).items()]
        if block_type == "keuze" and value["meerdere"]:
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
        # The theme draws a face before each smiley label (evaluatie.css); the labels stay the answer.
        widget = forms.RadioSelect(attrs={"data-schaal": "smiley"} if block_type == "smiley" else {})
        return forms.ChoiceField(choices=choices, widget=widget, **common)

    def answers(self) -> dict[str, list[tuple[int | None, str]]]:
        """The cleaned answers as services.store_response takes them; unanswered questions left out."""
        result = {}
        for block in self.formulier.vragen:
            given = self.cleaned_data.get(field_name(block.id))
            if given in (None, "", []):
                continue
            if block.block_type == "open":
                result[block.id] = [(None, given)]
            elif isinstance(given, list):
                result[block.id] = [(int(v), "") for v in given]
            else:
                result[block.id] = [(int(given), "")]
        return result
