"""Dates and counts in the agenda mails read as correct language for Polish and Ukrainian readers.

Polish and Ukrainian put the month in the genitive after a day number
("25 listopada", not "25 Listopad"), as the public agenda pages do; the number
of persons takes the plural form of the reader's language.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from plugins.agenda import mails
from plugins.agenda.models import Aanmelding

pytestmark = pytest.mark.django_db

# Monday 25 November 2030, 19:30-21:30 in Amsterdam: far enough ahead to stay a future meeting.
START = datetime(2030, 11, 25, 18, 30, tzinfo=UTC)
END = START + timedelta(hours=2)

DATES = {
    "nl": "maandag 25 november 2030",
    "pl": "Poniedziałek, 25 listopada 2030",
    "uk": "Понеділок, 25 листопада 2030",
}
# In the reminder's subject the year is left out.
SUBJECT_DATES = {
    "nl": "maandag 25 november",
    "pl": "Poniedziałek, 25 listopada",
    "uk": "Понеділок, 25 листопада",
}
# What Django's plain month name would give: the nominative, capitalised.
WRONG_MONTH = {"pl": "Listopad", "uk": "Листопад"}


@pytest.fixture
def november(maak_bijeenkomst):
    return maak_bijeenkomst(title="Ouderavond", slug="ouderavond-november", capacity=10, sessies=[(START, END)])


def registration(meeting, lang, persons=1, email="sam@example.org"):
    return Aanmelding.objects.create(
        bijeenkomst=meeting,
        status=Aanmelding.Status.BEVESTIGD,
        language=lang,
        name="Sam Jones",
        email=email,
        persons=persons,
        role="ouder",
    )


def html_of(message):
    [(html, _mimetype)] = message.alternatives
    return html


@pytest.mark.parametrize("lang", ["nl", "pl", "uk"])
def test_confirmation_mail_shows_the_date_as_the_reader_writes_it(november, lang):
    mails.send(registration(november, lang), mails.AANMELDING)
    [message] = mail.outbox
    for body in (message.body, html_of(message)):
        assert DATES[lang] in body, body
        if lang in WRONG_MONTH:
            assert WRONG_MONTH[lang] not in body


@pytest.mark.parametrize("lang", ["nl", "pl", "uk"])
def test_reminder_subject_shows_the_date_as_the_reader_writes_it(november, lang):
    mails.send(registration(november, lang), mails.HERINNERING)
    [message] = mail.outbox
    assert message.subject.endswith(SUBJECT_DATES[lang]), message.subject
    assert "2030" not in message.subject


def test_a_meeting_past_midnight_shows_both_dates_in_the_genitive(maak_bijeenkomst):
    night = maak_bijeenkomst(capacity=10, sessies=[(START, START + timedelta(hours=6))])
    mails.send(registration(night, "pl"), mails.AANMELDING)
    body = mail.outbox[0].body
    # Polish writes 19:30 (the catalogue's "time of day format"), the dates as on the pages.
    assert "Poniedziałek, 25 listopada 2030, 19:30 - Wtorek, 26 listopada 2030, 01:30" in body


@pytest.mark.parametrize(
    ("lang", "persons", "sentence"),
    [
        ("nl", 2, "U komt met 2 personen."),
        ("pl", 2, "Zapisano 2 osoby."),
        ("pl", 5, "Zapisano 5 osób."),
        ("uk", 3, "Зареєстровано 3 особи."),
        ("uk", 5, "Зареєстровано 5 осіб."),
        ("en", 2, "You signed up 2 people."),
    ],
)
def test_number_of_persons_takes_the_plural_form_of_the_language(november, lang, persons, sentence):
    mails.send(registration(november, lang, persons=persons), mails.AANMELDING)
    assert sentence in mail.outbox[0].body
