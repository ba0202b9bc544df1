from django import forms
from django.utils.translation import gettext_lazy as _


class FilterForm(forms.Form):
    """The filters above the sociale kaart; the page says which themes and municipalities to offer."""

    q = forms.CharField(label=_("Zoek op naam of woord"), required=False, max_length=100)
    thema = forms.ModelChoiceField(label=_("Thema"), queryset=None, required=False, empty_label=_("Alle thema's"))
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=None, required=False, empty_label=_("Alle gemeenten")
    )

    def __init__(self, *args, themes, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thema"].queryset = themes
        self.fields["gemeente"].queryset = municipalities
