"""The core's own source of mail (questions): state shown where staff look, and nothing left after retention."""

from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core.mail import EmailMessage
from django.test import TestCase
from django.utils import timezone

from distro.contact.models import Vraag
from distro.contact.tasks import KIND, schedule_vraag_mail
from distro.jobs.runner import run_due_jobs
from distro.outbox.models import Verzending

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/contact/vraag/"


def vraag(site, **fields):
    defaults = {
        "email": "ouder@example.org",
        "role": Vraag.Rol.OUDER,
        "question": "Hoe vraag ik een gesprek aan?",
        "site": site,
    }
    question = Vraag.objects.create(**(defaults | fields))
    with TestCase.captureOnCommitCallbacks(execute=True):
        schedule_vraag_mail(question.pk)
    return question


def test_the_question_list_shows_and_filters_the_outbox_state(client, site, steunpunt_medewerker):
    sent = vraag(site)
    with mock.patch.object(EmailMessage, "send", side_effect=SMTPException("451 later")):
        failed = vraag(site)
    client.force_login(steunpunt_medewerker)
    html = client.get(LIST).content.decode()
    assert "Verstuurd" in html and "Mislukt" in html
    filtered = client.get(LIST, {"mail_status": "mislukt"}).content.decode()
    assert f"Vraag {failed.pk}" in filtered and f"Vraag {sent.pk}<" not in filtered
    # The inspect view shows the provider's answer to staff.
    inspect = client.get(f"{LIST}inspect/{failed.pk}/").content.decode()
    assert "451 later" in inspect


def test_retention_of_questions_leaves_no_delivery_behind(site, settings):
    settings.STEUNPUNT_VRAAG_BEWAARTERMIJN_DAGEN = 30
    old, new = vraag(site), vraag(site)
    Vraag.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    [outcome] = run_due_jobs(names=["retentie"], force=True)
    assert outcome.status == "ok", outcome
    assert list(Verzending.objects.filter(kind=KIND).values_list("object_id", flat=True)) == [new.pk]


def test_a_question_deleted_by_staff_takes_its_delivery_along(site):
    question = vraag(site)
    question.delete()
    assert not Verzending.objects.filter(kind=KIND).exists()


def test_a_question_goes_to_the_mailbox_as_it_is_set_when_it_is_sent(site):
    from django.core import mail

    from distro.core.models import SteunpuntSettings
    from distro.outbox.services import delivery_of
    from distro.outbox.tasks import deliver

    question = Vraag.objects.create(
        email="ouder@example.org", role=Vraag.Rol.OUDER, question="Mag ik bellen?", site=site
    )
    with mock.patch("distro.outbox.tasks.deliver"), TestCase.captureOnCommitCallbacks(execute=True):
        schedule_vraag_mail(question.pk)  # queued; the worker is slow today
    SteunpuntSettings.objects.filter(site=site).update(mailbox="nu@steunpunt.test")
    deliver.enqueue(delivery_of(KIND, question.pk).pk)
    [message] = mail.outbox
    assert message.to == ["nu@steunpunt.test"]
    # The outbox row never held the address or the question.
    row = delivery_of(KIND, question.pk)
    assert (row.recipients, row.subject, row.body) == ([], "", "")
