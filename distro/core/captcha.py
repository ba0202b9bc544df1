"""The captcha of the public forms (contact form, agenda sign-up and the like).

django-simple-captcha's field deletes every expired challenge on each
validation. That is a table-wide DELETE in every form POST, and on SQLite
it takes the database's write lock while other visitors are signing up.
The periodic job ``captcha_opruimen`` (distro.contact.jobs) removes expired
challenges instead, so this field only touches the one challenge it checks.

The spoken letters need ``flite`` (found once, at start-up, as
``CAPTCHA_FLITE_PATH``; install.sh installs it where it can). Without it the
form neither promises them nor links to them, and the audio address answers
with a Dutch 404 instead of a file.
"""

import os
from functools import lru_cache

from captcha import views as captcha_views
from captcha.conf import settings as captcha_settings
from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpResponseNotFound
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def audio_available() -> bool:
    """True if the letters can be read aloud: the flite that was found is still there and runs."""
    return _runs(captcha_settings.CAPTCHA_FLITE_PATH or "")


@lru_cache(maxsize=4)
def _runs(path: str) -> bool:
    # Looked at once per path (per process): a form render must not touch the disk.
    # captcha_settings is read on every call, so a test that hides flite sees the change.
    return bool(path) and os.path.isfile(path) and os.access(path, os.X_OK)


class ControleWidget(CaptchaTextInput):
    """django-simple-captcha's widget, with the audio link only where the audio works."""

    def audio_url(self):
        return super().audio_url() if audio_available() else None


class ControleField(CaptchaField):
    """A captcha with the distro's Dutch label and messages, checked once per challenge."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Controle"))
        # The fields are made per form, so this is decided per page view: no promise without flite.
        kwargs.setdefault(
            "help_text",
            _("Typ de letters die u ziet. U kunt ze ook laten voorlezen.")
            if audio_available()
            else _("Typ de letters die u ziet."),
        )
        kwargs.setdefault("widget", ControleWidget)
        messages = {
            "required": _("Typ de letters die u ziet."),
            "invalid": _("De letters kloppen niet. Probeer het opnieuw met de nieuwe letters."),
        }
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)

    def clean(self, value):
        # MultiValueField.clean: the "required" checks; CaptchaField.clean is skipped on purpose.
        forms.MultiValueField.clean(self, value)
        hashkey = value[0]
        response, value[1] = (value[1] or "").strip().lower(), ""
        if captcha_settings.CAPTCHA_TEST_MODE and response == "passed":
            _use_up(hashkey)
            return value
        # One attempt per challenge, right or wrong: no guessing the same image twice.
        if not _use_up(hashkey, response):
            _use_up(hashkey)
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def audio(request, key):
    """``/captcha/audio/<key>.wav``: the spoken letters, or a clear 404 where they cannot be made."""
    if audio_available():
        try:
            return captcha_views.captcha_audio(request, key)
        except (Http404, OSError):
            # flite broke after start-up (removed, or it made no file): say so, below.
            pass
    return HttpResponseNotFound(
        gettext("Voorlezen is hier niet beschikbaar. Typ de letters over die u in de afbeelding ziet."),
        content_type="text/plain; charset=utf-8",
    )


def _use_up(hashkey: str, response: str | None = None) -> bool:
    """Delete the challenge; with ``response``, only if that answer is right and in time.

    True if a challenge was deleted. One DELETE checks and uses up the answer at
    once, so two posts with the same answer cannot both pass, and no transaction
    is opened for it (QuerySet.delete() would).
    """
    fields = {f.name: connection.ops.quote_name(f.column) for f in CaptchaStore._meta.concrete_fields}
    sql = f"DELETE FROM {connection.ops.quote_name(CaptchaStore._meta.db_table)} WHERE {fields['hashkey']} = %s"
    params = [hashkey]
    if response is not None:
        sql += f" AND {fields['response']} = %s AND {fields['expiration']} > %s"
        params += [response, connection.ops.adapt_datetimefield_value(timezone.now())]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount > 0
