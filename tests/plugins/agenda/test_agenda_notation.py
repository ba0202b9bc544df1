"""One notation for dates and times wherever the agenda shows a meeting (plugins/agenda/formatting.py).

Dutch (Taalunie, B1): "maandag 25 november 2030, 19.30 - 21.30 uur", never
19:30 next to 19.30. Machine formats (ISO 8601 in <time datetime> and
JSON-LD, iCalendar) are left alone.
"""

import importlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from plugins.agenda import formatting, mails, services
from plugins.agenda.models import Aanmelding

pytestmark = pytest.mark.django_db

# Monday 25 November 2030, 19.30 - 21.30 in Amsterdam (winter time, UTC+1).
START = datetime(2030, 11, 25, 18, 30, tzinfo=UTC)
END = START + timedelta(hours=2)
WHEN = "maandag 25 november 2030, 19.30 - 21.30 uur"
MOMENT = "maandag 25 november 2030, 19.30 uur"
# A colon time that is not part of an ISO timestamp (2030-11-25T19:30:00+01:00).
COLON_TIME = re.compile(r"(?<![T\d:+-])\d{1,2}:\d{2}(?![:\d])")


@pytest.fixture
def avond(maak_bijeenkomst):
    return maak_bijeenkomst(title="Ouderavond", capacity=10, sessies=[(START, END)])


def registration(meeting, email="sam@example.org"):
    aanmelding, _created = services.aanmelden(
        meeting, name="Sam Jones", email=email, persons=1, role="ouder", answers=[], language="nl"
    )
    return aanmelding


def assert_one_notation(text, expected=WHEN):
    assert expected in text
    # Links hold signed tokens, whose separators can look like "18:94".
    text = re.sub(r"https?://\S+", "", text)
    assert not COLON_TIME.findall(text), COLON_TIME.findall(text)


def test_the_formatter_writes_the_dutch_notation():
    assert formatting.format_sessie(START, END) == WHEN
    assert formatting.format_moment(START) == MOMENT
    assert formatting.format_time(START.replace(hour=8, minute=0)) == "9.00"  # no leading zero
    assert formatting.weekday(START) == "maandag"
    assert formatting.format_moment(None) == "—"


def test_meeting_page(client, avond):
    assert_one_notation(client.get(avond.url).content.decode())


def test_sign_up_page(client, avond):
    response = client.get(reverse("agenda:agenda_aanmelden", kwargs={"page_id": avond.pk}))
    assert response.status_code == 200
    assert_one_notation(response.content.decode())


def test_confirmation_mail(avond, mail_calls):
    mails.send(registration(avond), mails.AANMELDING)
    [message] = mail.outbox
    for body in (message.body, message.alternatives[0][0]):
        assert_one_notation(body)


def test_reminder_mail(avond, mail_calls):
    mails.send(registration(avond), mails.HERINNERING)
    [message] = mail.outbox
    assert message.subject == "Herinnering: Ouderavond op maandag 25 november"
    assert_one_notation(message.body)


def test_admin_overview_and_attendee_list(client, steunpunt_medewerker, avond, mail_calls):
    registration(avond)
    client.force_login(steunpunt_medewerker)
    overview = client.get(reverse("agenda_admin:overview")).content.decode()
    assert_one_notation(overview, MOMENT)
    attendees = client.get(reverse("agenda_admin:attendees", args=[avond.pk])).content.decode()
    assert_one_notation(attendees, WHEN)


def test_not_yet_open_message(maak_bijeenkomst):
    opens = datetime(2030, 11, 1, 9, 0, tzinfo=UTC)  # 10.00 in Amsterdam
    meeting = maak_bijeenkomst(capacity=10, sessies=[(START, END)], signup_opens=opens)
    with pytest.raises(services.NogNietOpen) as exc:
        services.controleer_open(meeting)
    assert exc.value.message == "U kunt zich nog niet aanmelden. Dat kan vanaf vrijdag 1 november 2030, 10.00 uur."


# --- The answers to the extra questions: one spelling ------------------------------------


def test_answers_in_old_spellings_are_migrated_to_the_one_the_form_writes(client, steunpunt_medewerker, avond):
    migration = importlib.import_module("plugins.agenda.migrations.0005_answers_one_spelling")
    shapes = {
        "a@example.org": [{"label": "Wat wilt u bespreken?", "value": "Pesten"}],
        "b@example.org": [{"vraag": "Wat wilt u bespreken?", "antwoord": "Thuiszitten"}],
        "c@example.org": [["Wat wilt u bespreken?", "Huiswerk"]],
        "d@example.org": {"Wat wilt u bespreken?": "Overstap"},
        "e@example.org": [{"question": "Wat wilt u bespreken?", "answer": "Al goed"}],
    }
    for email, answers in shapes.items():
        Aanmelding.objects.create(
            bijeenkomst=avond,
            status=Aanmelding.Status.BEVESTIGD,
            name=email,
            email=email,
            role="ouder",
            answers=answers,
        )

    migration.forwards(apps, None)

    stored = dict(Aanmelding.objects.values_list("email", "answers"))
    expected = {"a": "Pesten", "b": "Thuiszitten", "c": "Huiswerk", "d": "Overstap", "e": "Al goed"}
    for letter, answer in expected.items():
        assert stored[f"{letter}@example.org"] == [{"question": "Wat wilt u bespreken?", "answer": answer}]
    client.force_login(steunpunt_medewerker)
    export = client.get(reverse("agenda_admin:export", args=[avond.pk, "csv"])).content.decode("utf-8-sig")
    assert export.splitlines()[0].endswith("Wat wilt u bespreken?")
    for answer in expected.values():
        assert answer in export
