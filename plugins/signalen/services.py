"""Saving registrations: the note scrubbed, the status history appended, the audit log written."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from distro.core.personal_data import scrub

from .registraties import Bron, Registratie, Status, StatusWijziging

LOG_STATUS = "signalen.status"


def clean_note(text: str) -> tuple[str, list[str]]:
    """The note without e-mail addresses, phone numbers, addresses and BSNs; and what was removed."""
    scrubbed, findings = scrub(text.strip())
    return scrubbed, sorted({f.label for f in findings})


@transaction.atomic
def save(registratie: Registratie, *, user, old_status: str | None, themas=None, when=None) -> Registratie:
    """Save ``registratie`` (new or changed) and append its status change to the history."""
    registratie.notitie, _removed = clean_note(registratie.notitie)
    registratie.full_clean(exclude=["themas"])
    registratie.save()
    if themas is not None:
        registratie.themas.set(themas)
    if old_status != registratie.status:
        StatusWijziging.objects.create(
            registratie=registratie,
            van=old_status or "",
            naar=registratie.status,
            door=user,
            wanneer=when or timezone.now(),
        )
    if old_status != registratie.status and user is not None:
        # Not for a visitor's experience: the audit log's exact time could be matched with the
        # web server's log; its arrival is in the history, to the day.
        log(
            instance=registratie,
            action=LOG_STATUS,
            user=user,
            data={"van": old_status or "", "naar": registratie.status},
        )
    return registratie


def from_question(vraag_id: int, role: str, received, *, user) -> tuple[Registratie, bool]:
    """The registration of a contact-form question, made once; (registration, made now)."""
    existing = Registratie.objects.filter(vraag_nummer=vraag_id).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return _new_from_question(vraag_id, role, received, user=user), True
    except IntegrityError:  # a double click: the other request made it
        return Registratie.objects.get(vraag_nummer=vraag_id), False


def _new_from_question(vraag_id, role, received, *, user):
    # Only the role maps: the question's text, name and addresses stay with the question.
    vraagsteller = {"ouder": "ouder", "jongere": "jongere", "professional": "professional"}.get(role, "anders")
    registratie = Registratie(
        datum=received,
        kanaal="website",
        vraagsteller=vraagsteller,
        aard="vraag",
        status=Status.OPEN,
        bron=Bron.VRAAG,
        vraag_nummer=vraag_id,
    )
    return save(registratie, user=user, old_status=None)


def this_month():
    return timezone.localdate().replace(day=1)
