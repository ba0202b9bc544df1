from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit uw app"),
        help_text=_("Zes cijfers, uit de app op uw telefoon (bijvoorbeeld FreeOTP, Aegis of Google Authenticator)."),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={"required": _("Vul de code uit uw app in.")},
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("De code bestaat uit zes cijfers."))
        return code
