from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class SteunpuntSettingsForm(WagtailAdminModelForm):
    """Offers themes and languages as choices instead of free text."""

    theme = forms.ChoiceField(label=_("Thema"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Talen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Talen in de taalkeuze op de website. Nederlands staat altijd aan."),
    )

    def __init__(self, *args, **kwargs):
        from distro.theming.themes import available_themes

        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Standaard van de installatie"))] + [
            (name, theme.label) for name, theme in available_themes().items()
        ]
        self.fields["languages"].choices = list(settings.LANGUAGES)
        if self.instance and self.instance.pk:
            self.initial["languages"] = self.instance.language_codes

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])
