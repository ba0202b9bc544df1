"""Signed links that let a visitor cancel their own registration without an account.

The link carries the registration's random ``token`` (a UUID), signed with the
site's SECRET_KEY and a salt of its own, so it cannot be guessed or made up and
a signature from another part of the site does not fit. It works until the
meeting has ended. A link for a registration that was already cancelled still
resolves: the cancel page can then say "u bent al afgemeld" (check
``aanmelding.status``) instead of calling a real link broken.
"""

from __future__ import annotations

import uuid

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Aanmelding

SALT = "plugins.agenda.afmelden"


class OngeldigeLink(Exception):
    """Forged, damaged, unknown or expired link; ``message`` is for the visitor (Dutch, B1)."""

    def __init__(self, message: str | None = None):
        self.message = message or _("Deze link werkt niet. Kijk of u de hele link uit de e-mail hebt gebruikt.")
        super().__init__(self.message)


class VerlopenLink(OngeldigeLink):
    """The meeting is over: nothing left to cancel."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Deze link werkt niet meer, want de bijeenkomst is voorbij."))


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def cancel_token(aanmelding: Aanmelding) -> str:
    """The token for the cancel link in the registration's mails (URL-safe, no slashes)."""
    return _signer().sign(aanmelding.token.hex)


def aanmelding_for_token(token: str) -> Aanmelding:
    """The registration the token belongs to; raises OngeldigeLink (or VerlopenLink)."""
    try:
        value = _signer().unsign(token or "")
        key = uuid.UUID(hex=value)
    except (signing.BadSignature, ValueError):
        raise OngeldigeLink() from None
    try:
        aanmelding = Aanmelding.objects.select_related("bijeenkomst").get(token=key, anonymised_at__isnull=True)
    except Aanmelding.DoesNotExist:
        raise OngeldigeLink() from None
    ends_at = aanmelding.bijeenkomst.ends_at
    if ends_at is not None and ends_at <= timezone.now():
        raise VerlopenLink()
    return aanmelding
