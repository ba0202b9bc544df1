"""Invitations e-mailed after a meeting (``meeting_ended``), and what is left of them afterwards."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from distro.extensions import meeting_ended
from distro.outbox.models import Verzending
from plugins.evaluatie import mailing, services
from plugins.evaluatie.models import Evaluatieformulier, Kanaal, Onderwerp, Uitnodiging, Uitnodigingsmail

pytestmark = pytest.mark.django_db

CODE = re.compile(r"/evaluatie/c/([A-Z0-9-]+)/")


def meeting(pk=41, title="Thema-avond dyslexie", ended_ago=timedelta(minutes=10)):
    end = timezone.now() - ended_ago
    return SimpleNamespace(
        pk=pk,
        title=title,
        starts_at=end - timedelta(hours=2),
        ends_at=end,
        _meta=SimpleNamespace(label_lower="agenda.bijeenkomst"),
    )


@pytest.fixture
def na_bijeenkomst(formulier):
    formulier.na_bijeenkomst = True
    formulier.uren_na_afloop = 2
    formulier.save_revision().publish()
    return formulier


def end(m, attendees):
    meeting_ended.send_robust(sender=None, meeting=m, attendees=attendees)


def test_attendees_get_a_mail_with_a_working_code_after_the_delay_and_their_address_is_then_deleted(
    na_bijeenkomst, django_capture_on_commit_callbacks
):
    end(
        meeting(),
        [
            ("Fatima", "fatima@example.org", "nl"),
            ("Fatima again", "FATIMA@example.org ", "nl"),  # one person, one invitation
            ("Geen mail", "", "nl"),
            ("Jan", "jan@example.org", "en"),
        ],
    )
    assert Uitnodiging.objects.filter(kanaal=Kanaal.MAIL, onderwerp="agenda.bijeenkomst:41").count() == 2
    assert Onderwerp.objects.get(sleutel="agenda.bijeenkomst:41").naam.startswith("Thema-avond dyslexie (")
    # Not before the configured time after the meeting.
    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.send_due().startswith("0 invitations queued")
    assert mail.outbox == []

    later = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.send_due(later).startswith("2 invitations queued")
    assert sorted(m.to[0] for m in mail.outbox) == ["fatima@example.org", "jan@example.org"]
    message = mail.outbox[0]
    assert "Thema-avond dyslexie" in message.body and "anoniem" in message.body
    code = CODE.search(message.body).group(1)
    assert code in message.alternatives[0][0]
    # The code is in the mail only: the database holds its keyed hash.
    for row in Uitnodiging.objects.values():
        assert code not in str(row) and services.normalise(code) not in str(row)
    ticket = services.redeem(code)
    assert ticket.onderwerp == "agenda.bijeenkomst:41"

    # Sent: the next run forgets the addresses (the delivery rows follow with the outbox's purge).
    mailing.send_due(later)
    assert not Uitnodigingsmail.objects.exists()
    assert Uitnodiging.objects.filter(kanaal=Kanaal.MAIL).count() == 2  # still counted for the response rate
    assert not any("example.org" in str(row) for row in Verzending.objects.values())


def test_a_retried_mail_gets_a_new_code_and_the_old_one_stops_working(na_bijeenkomst):
    end(meeting(ended_ago=timedelta(hours=3)), [("Fatima", "fatima@example.org", "nl")])
    row = Uitnodigingsmail.objects.get()
    first = CODE.search(mailing.build(SimpleNamespace(object_id=row.pk)).body).group(1)
    second = CODE.search(mailing.build(SimpleNamespace(object_id=row.pk)).body).group(1)
    assert first != second
    with pytest.raises(services.Refused, match="kennen we niet"):
        services.redeem(first)
    services.redeem(second)


def test_no_form_that_invites_no_mail_and_a_form_closed_by_then_lapses(formulier, na_bijeenkomst):
    na_bijeenkomst.na_bijeenkomst = False
    na_bijeenkomst.save_revision().publish()
    end(meeting(), [("Fatima", "fatima@example.org", "nl")])
    assert not Uitnodiging.objects.exists()

    na_bijeenkomst.na_bijeenkomst = True
    na_bijeenkomst.save_revision().publish()
    end(meeting(pk=42, ended_ago=timedelta(hours=3)), [("Fatima", "fatima@example.org", "nl")])
    Evaluatieformulier.objects.filter(pk=na_bijeenkomst.pk).update(open_tot=timezone.now())
    row = Uitnodigingsmail.objects.get()
    with pytest.raises(mailing.Lapsed):
        mailing.build(SimpleNamespace(object_id=row.pk))


def test_unsent_addresses_are_purged_after_the_retention_period(na_bijeenkomst):
    end(meeting(), [("Fatima", "fatima@example.org", "nl")])
    assert mailing.purge() == 0
    Uitnodigingsmail.objects.update(versturen_na=timezone.now() - timedelta(days=mailing.KEEP_UNSENT_DAYS + 1))
    assert mailing.purge() == 1
    assert not Uitnodigingsmail.objects.exists()


def test_only_one_meeting_form_at_a_time_and_only_of_the_meeting_kind(na_bijeenkomst, home):
    other = home.add_child(instance=Evaluatieformulier(title="Tweede", slug="tweede", vragen=[]))
    other.na_bijeenkomst = True
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "nodigt al uit" in str(error.value)
    other.na_bijeenkomst, other.soort = True, "gesprek"
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "Na een bijeenkomst" in str(error.value)


def test_the_mail_asks_the_provider_not_to_track_it(na_bijeenkomst):
    end(meeting(ended_ago=timedelta(hours=3)), [("Fatima", "fatima@example.org", "nl")])
    message = mailing.build(SimpleNamespace(object_id=Uitnodigingsmail.objects.get().pk))
    assert message.track_clicks is False and message.track_opens is False
