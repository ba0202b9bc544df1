from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Gemeente, Thema, with_fallback


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam of woord"), required=False, max_length=100)
    thema = forms.ModelChoiceField(
        label=_("Thema"), queryset=Thema.objects.none(), required=False, empty_label=_("Alle thema's")
    )
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Gemeente.objects.all(), required=False, empty_label=_("Alle gemeenten")
    )

    def __init__(self, *args, locale_id, default_locale_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thema"].queryset = with_fallback(Thema.objects.all(), locale_id, default_locale_id)
