"""Invitations, the ticket that lets someone answer once, and storing an anonymous response.

The chain, and why nothing links an answer to a person:

1. ``invite`` makes a code (e-mailed, read out on the phone, printed as a QR
   code) and stores only a keyed hash of it.
2. ``redeem`` checks the code and counts it as used: that is all that is
   stored about it. It returns a *ticket*: a signed value with the form, what
   it is about (a meeting) and a random part, held only by the visitor's form.
3. ``store_response`` checks the ticket's signature and age, remembers a hash
   of its random part so it cannot be used twice, and stores the response in
   the same transaction. The ticket is not stored and holds no code, so no row
   says which invitation gave which response.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from distro import disclosure
from distro.core.publicforms import Refused

from .models import RESPONSE_FIELDS, Antwoord, GebruikteToegang, Kanaal, Reactie, Uitnodiging, first_of_month

#: No 0/O, 1/I/L: a code read out on the phone or copied from paper.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
TICKET_SALT = "evaluatie.ticket"
#: How long someone has to answer after opening the invitation.
TICKET_AGE = timedelta(days=2)

UNKNOWN_CODE = _("Deze code kennen we niet. Kijk of u hem goed heeft overgenomen.")
EXPIRED_CODE = _("Deze code is verlopen. Vraag het steunpunt om een nieuwe.")
USED_CODE = _("Met deze code is de vragenlijst al ingevuld. Dank u wel!")
BAD_TICKET = _("Deze vragenlijst kunt u niet meer versturen. Open de link uit uw uitnodiging opnieuw.")
USED_TICKET = _("Deze vragenlijst is al verstuurd. Dank u wel!")
CLOSED = _("Deze vragenlijst is gesloten.")


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    key = hashlib.sha256(("evaluatie.code:" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()


def invite(formulier, kanaal: str, onderwerp: str = "", days: int = 30) -> str:
    """A new code for ``formulier`` (the page, any language); returns the code, which is stored nowhere."""
    code = new_code()
    Uitnodiging.objects.create(
        formulier=formulier.translation_key,
        kanaal=kanaal,
        onderwerp=onderwerp,
        code_hash=code_hash(code),
        geldig_tot=end_of_day(timezone.now() + timedelta(days=days)),
    )
    return code


def end_of_day(moment):
    """The last moment of the local day: an expiry that says nothing about when the code was made."""
    day = timezone.localtime(moment).replace(hour=23, minute=59, second=59, microsecond=0)
    return day


@dataclass(frozen=True)
class Ticket:
    formulier: str  # translation_key
    onderwerp: str
    nonce: str

    def sign(self) -> str:
        return signing.dumps({"f": self.formulier, "o": self.onderwerp, "n": self.nonce}, salt=TICKET_SALT)


def open_ticket(formulier, onderwerp: str = "") -> Ticket:
    """A ticket without an invitation: the form's general link."""
    return Ticket(str(formulier.translation_key), onderwerp, secrets.token_urlsafe(16))


def redeem(code: str) -> Ticket:
    """Count the code as used and give a ticket; ``Refused`` with the reason otherwise."""
    invitation = Uitnodiging.objects.filter(code_hash=code_hash(code)).first()
    if invitation is None:
        raise Refused(str(UNKNOWN_CODE))
    if invitation.geldig_tot <= timezone.now():
        raise Refused(str(EXPIRED_CODE))
    used = Uitnodiging.objects.filter(pk=invitation.pk)
    if invitation.kanaal != Kanaal.OPEN:
        used = used.filter(keer_gebruikt=0)  # single use, also when two requests race
    if not used.update(keer_gebruikt=F("keer_gebruikt") + 1):
        raise Refused(str(USED_CODE))
    return Ticket(str(invitation.formulier), invitation.onderwerp, secrets.token_urlsafe(16))


def read_ticket(signed: str, formulier) -> Ticket:
    try:
        data = signing.loads(signed, salt=TICKET_SALT, max_age=TICKET_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        raise Refused(str(BAD_TICKET)) from None
    ticket = Ticket(data.get("f", ""), data.get("o", ""), data.get("n", ""))
    if ticket.formulier != str(formulier.translation_key) or not ticket.nonce:
        raise Refused(str(BAD_TICKET))
    return ticket


def spent_keys_go_after():
    """The first day of the month after next: after every ticket issued this month has expired.

    Derived from this month alone, so the row says no more about when it was spent than the month.
    """
    this_month = first_of_month()
    return (this_month + timedelta(days=62)).replace(day=1)


def _spent_key(ticket: Ticket) -> str:
    # Keyed: someone with the ticket's address from a browser's history and a copy of the
    # database cannot find its row (and, next to it, the response) without the site's key too.
    key = hashlib.sha256(("evaluatie.spent:" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, f"{ticket.formulier}:{ticket.nonce}".encode(), hashlib.sha256).hexdigest()


def store_response(formulier, ticket: Ticket, answers: dict[str, list[tuple[int | None, str]]]) -> Reactie:
    """Store one response: ``answers`` maps a question's block id to its (value, text) pairs.

    The ticket is spent in the same transaction: two posts of one ticket give one response.
    """
    if not formulier.is_open():
        raise Refused(str(CLOSED))
    try:
        with transaction.atomic():
            GebruikteToegang.objects.create(sleutel=_spent_key(ticket), weg_na=spent_keys_go_after())
            reactie = Reactie.objects.create(
                formulier=formulier.translation_key,
                taal=formulier.locale.language_code,
                maand=first_of_month(),
                doelgroep=formulier.doelgroep,
                onderwerp=ticket.onderwerp,
            )
            copies = {name: getattr(reactie, name) for name in RESPONSE_FIELDS}
            Antwoord.objects.bulk_create(
                Antwoord(reactie=reactie, vraag=vraag, waarde=waarde, tekst=tekst, **copies)
                for vraag, pairs in answers.items()
                for waarde, tekst in pairs
            )
            release(reactie.formulier)
    except IntegrityError:
        raise Refused(str(USED_TICKET)) from None
    return reactie


def release(key) -> int:
    """Release the form's waiting responses once there are k of them; how many were released.

    The dashboard counts released responses only, so its figures change by at
    least k responses at a time: comparing them before and after someone
    answered (staff who gave that person the code, say) shows a group of k.
    """
    waiting = Reactie.objects.filter(formulier=key, vrijgegeven=False)
    if not disclosure.enough(waiting.count()):
        return 0
    ids = list(waiting.values_list("id", flat=True))
    Antwoord.objects.filter(reactie_id__in=ids).update(vrijgegeven=True)
    return Reactie.objects.filter(id__in=ids).update(vrijgegeven=True)
