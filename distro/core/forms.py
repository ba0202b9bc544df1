from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from distro.roles import BEHEERDER, in_role
from distro.roles.independence import STEUNPUNT_OWNED_FIELDS, is_member
from distro.theming.themes import available_themes


class SteunpuntSettingsForm(WagtailAdminModelForm):
    """Offers themes and languages as choices instead of free text.

    The steunpunt's own contact addresses (where personal data arrives) can
    only be changed by Steunpunt members, and a Steunpunt member who is not a
    Beheerder changes nothing else: see distro/roles/independence.py.
    """

    theme = forms.ChoiceField(label=_("Thema"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Talen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Talen in de taalkeuze op de website. Nederlands staat altijd aan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Standaard van de installatie"))] + [
            (name, theme.label) for name, theme in available_themes().items()
        ]
        self.fields["languages"].choices = list(settings.LANGUAGES)
        if self.instance and self.instance.pk:
            self.initial["languages"] = self.instance.language_codes
        self._lock_fields_of_the_other_role()

    def _lock_fields_of_the_other_role(self):
        user = self.for_user
        if user is None:
            return
        steunpunt = is_member(user)
        beheer = user.is_superuser or in_role(user, BEHEERDER)
        for name, field in self.fields.items():
            owned = name in STEUNPUNT_OWNED_FIELDS
            if owned and not steunpunt:
                field.disabled = True
                field.help_text = _("Alleen medewerkers van het steunpunt kunnen dit aanpassen.")
            elif not owned and not beheer:
                field.disabled = True
                field.help_text = _("Alleen een beheerder kan dit aanpassen.")

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])
