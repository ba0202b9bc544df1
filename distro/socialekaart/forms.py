from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from .models import Gemeente, Thema


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam of woord"), required=False, max_length=100)
    thema = forms.ModelChoiceField(label=_("Thema"), queryset=Thema.objects.none(), required=False, empty_label=_("Alle thema's"))
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Gemeente.objects.all(), required=False, empty_label=_("Alle gemeenten")
    )

    def __init__(self, *args, locale, **kwargs):
        super().__init__(*args, **kwargs)
        themes = Thema.objects.filter(locale=locale)
        self.fields["thema"].queryset = themes if themes.exists() else Thema.objects.filter(locale=Locale.get_default())
