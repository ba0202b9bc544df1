"""Staff's "Bericht aan alle aanmeldingen" when the e-mail provider fails: recorded, shown, retried.

The provider is an e-mail backend that refuses messages (all of them, or
only those to one address) and otherwise delivers to Django's locmem outbox,
so the tests see exactly what a registrant would get.
"""

import json
import re
from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from distro.jobs.runner import run_due_jobs
from distro.outbox.models import Verzending
from plugins.agenda import scheduling
from plugins.agenda.bericht import MAX_ATTEMPTS
from plugins.agenda.models import Aanmelding, Bericht, BerichtVerzending
from plugins.agenda.retention import RULE_NAME

pytestmark = pytest.mark.django_db

Status = BerichtVerzending.Status
SUBJECT = "Andere zaal"
TEXT = "We zitten in zaal 2, naast de kantine. Neem gerust uw zoon Daan mee."
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class ProviderDown(LocmemBackend):
    """A provider that refuses everything, as during an outage."""

    def send_messages(self, messages):
        raise SMTPException("451 4.3.0 Tijdelijk niet beschikbaar")


class ProviderRefusesJan(LocmemBackend):
    """A provider that delivers, except to one address it keeps refusing."""

    def send_messages(self, messages):
        if any("jan@example.org" in m.to for m in messages):
            raise SMTPException("450 4.2.1 Mailbox jan@example.org tijdelijk niet bereikbaar")
        return super().send_messages(messages)


def backend(name):
    return f"{__name__}.{name}"


@pytest.fixture(autouse=True)
def no_signup_mails(monkeypatch):
    # Sign-up mails are not what these tests are about; only the staff message goes out.
    monkeypatch.setattr(scheduling, "schedule_bevestiging", lambda pk, **_kwargs: None)
    monkeypatch.setattr(scheduling, "schedule_promotie", lambda pk, **_kwargs: None)


def aanmelding(bijeenkomst, name, email, **fields):
    defaults = {"status": Aanmelding.Status.BEVESTIGD, "persons": 1, "role": Aanmelding.Rol.OUDER, "language": "nl"}
    return Aanmelding.objects.create(bijeenkomst=bijeenkomst, name=name, email=email, **(defaults | fields))


@pytest.fixture
def drie(bijeenkomst):
    """Fatima and Jan have a place, Piet is on the waiting list."""
    return {
        "fatima": aanmelding(bijeenkomst, "Fatima de Vries", "fatima@example.org"),
        "jan": aanmelding(bijeenkomst, "Jan Jansen", "jan@example.org"),
        "piet": aanmelding(bijeenkomst, "Piet Wacht", "piet@example.org", status=Aanmelding.Status.WACHTLIJST),
    }


def url(name, *args):
    return reverse(f"agenda_admin:{name}", args=args)


def send_message(client, bijeenkomst, capture, subject=SUBJECT, text=TEXT):
    with capture(execute=True):
        response = client.post(url("message", bijeenkomst.pk), {"aan": "alle", "onderwerp": subject, "tekst": text})
    assert response.status_code == 302
    return Bericht.objects.get(bijeenkomst=bijeenkomst, onderwerp=subject)


def leaks(response, secrets) -> list[str]:
    """The secrets the page shows. A code like "451" counts only as a word of its own:
    inside the page's random tokens (CSRF) it may appear by chance."""
    html = response.content.decode()
    return [s for s in secrets if (re.search(rf"(?<![\w-]){s}(?![\w-])", html) if s.isdigit() else s in html)]


def run_job():
    """The outbox's retry job, once the back-off after the last failure has passed."""
    Verzending.objects.filter(status=Verzending.Status.MISLUKT).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    [outcome] = run_due_jobs(names=["e-mail_opnieuw"], force=True)
    assert outcome.status == "ok", outcome
    return outcome.message


def statuses(bericht):
    return {v.aanmelding.email: (v.status, v.attempts) for v in bericht.verzendingen.select_related("aanmelding")}


def test_failed_delivery_is_recorded_shown_to_staff_and_sent_once_the_provider_recovers(
    client, settings, caplog, steunpunt_medewerker, bijeenkomst, drie, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = backend("ProviderRefusesJan")
    client.force_login(steunpunt_medewerker)
    bericht = send_message(client, bijeenkomst, django_capture_on_commit_callbacks)

    # The others got it; Jan's delivery is stored as failed, with the provider's answer.
    assert sorted(m.to[0] for m in mail.outbox) == ["fatima@example.org", "piet@example.org"]
    assert statuses(bericht) == {
        "fatima@example.org": (Status.VERSTUURD, 1),
        "jan@example.org": (Status.MISLUKT, 1),
        "piet@example.org": (Status.VERSTUURD, 1),
    }
    assert "450" in BerichtVerzending.objects.get(aanmelding=drie["jan"]).error
    # The server log says a delivery failed, but not to whom (the provider's answer named Jan).
    failures = [r for r in caplog.records if r.name.startswith("distro.outbox.")]
    assert failures and not any("jan@example.org" in r.getMessage() or r.exc_info for r in failures)

    # The attendee list warns and counts per message; the message's page says who.
    attendees = client.get(url("attendees", bijeenkomst.pk)).content.decode()
    assert "Een bericht is bij 1 aanmelding niet aangekomen." in attendees
    row = attendees.split(f'id="bericht-{bericht.pk}"', 1)[1].split("</tr>", 1)[0]
    assert SUBJECT in row and "Mislukt: 1" in row and url("message_detail", bericht.pk) in row
    detail = client.get(url("message_detail", bericht.pk))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Aangekomen: 2. Wordt verstuurd: 0. Mislukt: 1." in html
    jan_row = html.split(f'id="verzending-{BerichtVerzending.objects.get(aanmelding=drie["jan"]).pk}"', 1)[1].split(
        "</tr>", 1
    )[0]
    assert "Jan Jansen" in jan_row and "Mislukt" in jan_row and "450" in jan_row
    assert "De site probeert het later vanzelf opnieuw." in html

    # Still refused at the next run: one more attempt, nobody else is mailed twice.
    assert run_job() == "1 retried"
    assert statuses(bericht)["jan@example.org"] == (Status.MISLUKT, 2)
    assert len(mail.outbox) == 2

    # The provider is back: the job delivers it, once.
    settings.EMAIL_BACKEND = LOCMEM
    assert run_job() == "1 retried"
    assert statuses(bericht)["jan@example.org"] == (Status.VERSTUURD, 3)
    [to_jan] = [m for m in mail.outbox if m.to == ["jan@example.org"]]
    assert to_jan.subject == SUBJECT and TEXT in to_jan.body and "Beste Jan Jansen" in to_jan.body
    assert BerichtVerzending.objects.get(aanmelding=drie["jan"]).error == ""
    assert run_job() == "0 retried"
    assert len(mail.outbox) == 3
    assert "niet aangekomen" not in client.get(url("attendees", bijeenkomst.pk)).content.decode()


def test_retries_stop_after_the_maximum_and_staff_can_try_again(
    client, settings, steunpunt_medewerker, bijeenkomst, drie, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = backend("ProviderDown")
    client.force_login(steunpunt_medewerker)
    bericht = send_message(client, bijeenkomst, django_capture_on_commit_callbacks)
    for _ in range(MAX_ATTEMPTS + 2):
        run_job()
    assert set(statuses(bericht).values()) == {(Status.MISLUKT, MAX_ATTEMPTS)}
    assert run_job() == "0 retried"
    assert mail.outbox == []

    html = client.get(url("message_detail", bericht.pk)).content.decode()
    assert "Bij 3 aanmeldingen is het versturen een paar keer mislukt. De site probeert het niet meer vanzelf." in html

    # Staff press "try again" once the provider works.
    settings.EMAIL_BACKEND = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("message_retry", bericht.pk))
    assert response.status_code == 302 and response["Location"] == url("message_detail", bericht.pk)
    assert set(statuses(bericht).values()) == {(Status.VERSTUURD, MAX_ATTEMPTS + 1)}
    assert sorted(m.to[0] for m in mail.outbox) == ["fatima@example.org", "jan@example.org", "piet@example.org"]
    assert client.get(url("message_retry", bericht.pk)).status_code == 405

    # Who pressed it is logged, with numbers only.
    entry = PageLogEntry.objects.get(action="agenda.bericht_opnieuw")
    assert entry.user_id == steunpunt_medewerker.pk
    assert entry.data == {"bericht": bericht.pk, "ontvangers": 3}
    assert entry.message == f"Bericht {bericht.pk} opnieuw verstuurd aan 3 aanmeldingen"


def test_cancelled_registration_is_not_mailed_on_retry(
    client, settings, steunpunt_medewerker, bijeenkomst, drie, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = backend("ProviderDown")
    client.force_login(steunpunt_medewerker)
    bericht = send_message(client, bijeenkomst, django_capture_on_commit_callbacks)
    Aanmelding.objects.filter(pk=drie["jan"].pk).update(
        status=Aanmelding.Status.GEANNULEERD, cancelled_at=timezone.now()
    )
    settings.EMAIL_BACKEND = LOCMEM
    assert run_job() == "3 retried"
    assert sorted(m.to[0] for m in mail.outbox) == ["fatima@example.org", "piet@example.org"]
    assert statuses(bericht)["jan@example.org"] == (Status.VERVALLEN, 1)
    assert run_job() == "0 retried"
    html = client.get(url("message_detail", bericht.pk)).content.decode()
    assert "Niet verstuurd omdat de aanmelding was afgemeld: 1." in html


def test_delivery_that_was_never_queued_is_sent_by_the_job(
    client, steunpunt_medewerker, bijeenkomst, drie, django_capture_on_commit_callbacks
):
    client.force_login(steunpunt_medewerker)
    broken = mock.Mock(**{"enqueue.side_effect": RuntimeError("queue down")})
    with mock.patch("distro.outbox.tasks.deliver", broken):
        bericht = send_message(client, bijeenkomst, django_capture_on_commit_callbacks)
    assert broken.enqueue.call_count == 3
    assert mail.outbox == [] and set(statuses(bericht).values()) == {(Status.WACHT, 0)}
    assert run_job() == "0 retried"  # may still be on its way
    Verzending.objects.filter(kind="agenda.bericht").update(next_attempt_at=timezone.now() - timedelta(minutes=1))
    assert run_job() == "3 retried"
    assert set(statuses(bericht).values()) == {(Status.VERSTUURD, 1)}
    assert len(mail.outbox) == 3


def test_the_task_queue_holds_ids_only(
    client, steunpunt_medewerker, bijeenkomst, drie, django_capture_on_commit_callbacks
):
    client.force_login(steunpunt_medewerker)
    with mock.patch("distro.outbox.tasks.deliver") as task:
        bericht = send_message(client, bijeenkomst, django_capture_on_commit_callbacks)
    queued = [c.args + tuple(c.kwargs.values()) for c in task.enqueue.call_args_list]
    # The outbox rows name the deliveries by id only; neither text nor addresses are copied.
    rows = Verzending.objects.filter(kind="agenda.bericht", object_id__in=bericht.verzendingen.values("pk"))
    assert sorted(queued) == sorted((pk,) for pk in rows.values_list("pk", flat=True)) and len(queued) == 3
    assert not rows.exclude(subject="", body="", recipients=[]).exists()


# --- Who sees it -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["redacteur", "beheerder", "superuser", "bestuurder"])
def test_only_steunpunt_sees_message_text_and_recipients(
    client, request, settings, role, steunpunt_medewerker, bijeenkomst, drie, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = backend("ProviderDown")
    client.force_login(steunpunt_medewerker)
    bericht = send_message(client, bijeenkomst, django_capture_on_commit_callbacks)
    settings.EMAIL_BACKEND = LOCMEM

    client.force_login(request.getfixturevalue(role))
    secrets = (SUBJECT, "zaal 2", "Fatima", "fatima@example.org", "Jan Jansen", "jan@example.org", "451")
    for method, path in [
        ("get", url("message_detail", bericht.pk)),
        ("post", url("message_retry", bericht.pk)),
        ("get", url("attendees", bijeenkomst.pk)),
    ]:
        response = getattr(client, method)(path)
        assert response.status_code == 403, (role, path)
        assert not leaks(response, secrets), (role, path)
    assert set(statuses(bericht).values()) == {(Status.MISLUKT, 1)}  # the refused retry changed nothing
    assert mail.outbox == []

    # What they may see (the overview, the page's history) has no text and no names.
    for path in (url("overview"), reverse("wagtailadmin_pages:history", args=[bijeenkomst.pk])):
        response = client.get(path)
        assert response.status_code in ((200,) if role == "redacteur" else (200, 302, 403)), (role, path)
        if response.status_code == 200:
            assert not leaks(response, secrets), (role, path)
    stored = json.dumps(
        [[e.label, e.data, e.message] for e in PageLogEntry.objects.filter(action__startswith="agenda.")]
    )
    assert not any(s in stored for s in secrets)


# --- Retention ---------------------------------------------------------------------------------


def test_messages_are_purged_with_the_registrations(
    client, steunpunt_medewerker, maak_bijeenkomst, django_capture_on_commit_callbacks
):
    from distro.extensions import retention_rules

    rule = retention_rules.get(RULE_NAME)
    now = timezone.now()
    oud = maak_bijeenkomst(
        sessies=[(now - timedelta(days=rule.days() + 1, hours=2), now - timedelta(days=rule.days() + 1))]
    )
    recent = maak_bijeenkomst(
        sessies=[(now - timedelta(days=rule.days() - 1, hours=2), now - timedelta(days=rule.days() - 1))]
    )
    for b in (oud, recent):
        aanmelding(b, "Fatima de Vries", "fatima@example.org")
        aanmelding(b, "Jan Jansen", "jan@example.org")
    client.force_login(steunpunt_medewerker)
    oud_bericht = send_message(client, oud, django_capture_on_commit_callbacks, subject="Bedankt voor uw komst")
    recent_bericht = send_message(client, recent, django_capture_on_commit_callbacks, subject="Tot de volgende keer")

    # 2 registrations anonymised, 1 message and its 2 deliveries deleted.
    assert rule.purge(now - timedelta(days=rule.days())) == 5
    assert not Bericht.objects.filter(pk=oud_bericht.pk).exists()
    assert not BerichtVerzending.objects.filter(bericht_id=oud_bericht.pk).exists()
    # Their deliveries in the outbox go too; the recent message keeps its two.
    assert Verzending.objects.filter(kind="agenda.bericht").count() == 2
    assert client.get(url("message_detail", oud_bericht.pk)).status_code == 404
    assert "Bedankt voor uw komst" not in client.get(url("attendees", oud.pk)).content.decode()
    # The meeting still within its period keeps its message.
    assert recent_bericht.verzendingen.count() == 2
    assert rule.purge(now - timedelta(days=rule.days())) == 0
