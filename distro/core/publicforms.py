"""One protected public form for the core and every plugin (contact, agenda sign-up, ...).

A public form that stores what visitors type gets the same protection
everywhere:

* ``ProtectedForm``, a mixin for a ``Form`` or ``ModelForm``: a consent
  checkbox, a honeypot field that people never see but bots fill in, and the
  captcha with its audio alternative (``distro.core.captcha.ControleField``,
  one try per challenge). They come after the form's own fields.
* ``process_post``, for the view: per-IP rate limit (counted across all
  workers, see ``distro.core.ratelimit``), then the honeypot, then
  validation, then saving, with the same answers everywhere:

  - over the limit: 429, nothing validated (that would use up the captcha),
    what the visitor typed is shown again;
  - honeypot filled: the normal success response, so a bot learns nothing;
  - errors: 400 with Dutch messages and a summary at the top;
  - refused while saving (``Refused``): 400 with the reason.

The templates ``steunpunt/includes/form.html`` and ``form_fields.html``
render such a form (honeypot hidden, captcha with its audio link).
See docs/plugins.md, "Een openbaar formulier".
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from .captcha import ControleField
from .ratelimit import limit_exceeded

#: Fields the protection adds; never shown again after a refused post.
PROTECTION_FIELDS = ("consent", "website", "captcha")
HONEYPOT_FIELD = "website"

#: Dutch messages that every public form shares.
INVALID_EMAIL = _("Dit is geen geldig e-mailadres. Controleer het nog eens.")
ERRORS_SUMMARY = _("Niet alles is goed ingevuld. Kijk naar de meldingen hieronder.")
RATE_LIMITED = _("U heeft veel berichten achter elkaar gestuurd. Probeer het over een uur opnieuw, of bel ons.")


class ProtectedForm:
    """Mixin: ``class MyForm(ProtectedForm, forms.Form)`` (or ``forms.ModelForm``).

    Set ``consent_label`` and ``consent_error`` (why the consent is needed)
    on the class, pass ``consent_help`` (what happens with the data, for how
    long) when making the form. ``consent_label = None`` leaves the consent
    out, for a form that stores nothing personal. Fields that depend on the
    instance are added in ``add_fields()``, so they still come before the
    protection fields.
    """

    consent_label = _("Ik geef toestemming")
    consent_error = None

    def __init__(self, *args, consent_help="", **kwargs):
        super().__init__(*args, **kwargs)
        self.add_fields()
        if self.consent_label:
            if not self.consent_error:
                raise ImproperlyConfigured(f"{type(self).__name__} needs a consent_error: why the consent is needed.")
            self.fields["consent"] = forms.BooleanField(
                label=self.consent_label, help_text=consent_help, error_messages={"required": self.consent_error}
            )
        # Hidden from people with CSS and from assistive technology (form_fields.html); bots fill it.
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Laat dit veld leeg"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields["captcha"] = ControleField()

    def add_fields(self) -> None:
        """Add fields that depend on this form's instance (e.g. a meeting's questions)."""

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def typed_values(self) -> dict:
        """What the visitor typed in the form's own fields, as initial values for a new form."""
        return {
            name: field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            for name, field in self.fields.items()
            if name not in PROTECTION_FIELDS
        }


class Refused(Exception):
    """Raised by ``save``: the input was valid but cannot be taken now (e.g. the meeting filled up).

    ``message`` is shown with the form; ``summary`` is the heading above it."""

    def __init__(self, message: str, summary: str | None = None):
        super().__init__(message)
        self.message = message
        self.summary = summary


def process_post(
    request,
    *,
    scope: str,
    make_form: Callable[..., ProtectedForm],
    save: Callable[[ProtectedForm], HttpResponse],
    spam_response: Callable[[], HttpResponse],
    render: Callable[[ProtectedForm, int, str | None], HttpResponse],
    rate_limited_message: str | None = None,
) -> HttpResponse:
    """Handle the POST of a protected public form.

    ``make_form(data=None, initial=None)`` builds the form; ``save(form)`` stores
    a valid form and returns the response (usually a redirect to a thank-you
    page), or raises ``Refused``; ``spam_response()`` is what a bot gets (the
    same as success, without storing); ``render(form, status, form_error)``
    shows the form again. ``scope`` names the limit's counter (one per kind of
    form, so a visitor who asked a question may still sign up).
    """
    if limit_exceeded(request, scope):
        # Not validated (that would use up the captcha and list errors that
        # do not matter now), but what they typed is kept for later.
        typed = make_form(data=request.POST).typed_values()
        return render(make_form(initial=typed), 429, str(rate_limited_message or RATE_LIMITED))
    form = make_form(data=request.POST)
    if form.is_spam:
        # Checked before validation, so a bot learns nothing, not even field errors.
        return spam_response()
    if form.is_valid():
        try:
            return save(form)
        except Refused as refused:
            form.add_error(None, refused.message)
            return render(form, 400, str(refused.summary or ERRORS_SUMMARY))
    return render(form, 400, str(ERRORS_SUMMARY))
