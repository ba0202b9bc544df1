"""Signed cancel links (plugins.agenda.tokens)."""

from datetime import timedelta

import pytest
from django.core import signing
from django.test import override_settings
from django.utils import timezone

from plugins.agenda.models import Aanmelding, Sessie
from plugins.agenda.services import aanmelden, afmelden
from plugins.agenda.tokens import SALT, OngeldigeLink, VerlopenLink, aanmelding_for_token, cancel_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def aanmelding(bijeenkomst, gegevens):
    return aanmelden(bijeenkomst, **gegevens())[0]


def test_valid_token_finds_the_registration(aanmelding):
    token = cancel_token(aanmelding)
    assert "/" not in token and aanmelding.token.hex in token
    assert aanmelding_for_token(token).pk == aanmelding.pk


@pytest.mark.parametrize(
    "wijzig",
    [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: t.split(":")[0], lambda t: "", lambda t: "x:y:z"],
)
def test_damaged_token_is_refused(aanmelding, wijzig):
    with pytest.raises(OngeldigeLink) as exc:
        aanmelding_for_token(wijzig(cancel_token(aanmelding)))
    assert not isinstance(exc.value, VerlopenLink)
    assert "werkt niet" in exc.value.message


def test_forged_token_for_another_registration_is_refused(aanmelding, bijeenkomst, gegevens):
    other = aanmelden(bijeenkomst, **gegevens(email="ander@example.org"))[0]
    forged = other.token.hex + ":" + cancel_token(aanmelding).split(":")[1]
    with pytest.raises(OngeldigeLink):
        aanmelding_for_token(forged)


def test_token_signed_with_another_salt_or_key_is_refused(aanmelding):
    with pytest.raises(OngeldigeLink):
        aanmelding_for_token(signing.Signer(salt="iets-anders").sign(aanmelding.token.hex))
    with override_settings(SECRET_KEY="een-andere-sleutel"):
        other_key = signing.Signer(salt=SALT).sign(aanmelding.token.hex)
    with pytest.raises(OngeldigeLink):
        aanmelding_for_token(other_key)


def test_signed_but_unknown_or_not_a_uuid_is_refused(aanmelding):
    with pytest.raises(OngeldigeLink):
        aanmelding_for_token(signing.Signer(salt=SALT).sign("0" * 32))
    with pytest.raises(OngeldigeLink):
        aanmelding_for_token(signing.Signer(salt=SALT).sign("geen-uuid"))


def test_token_expires_when_the_meeting_has_ended(aanmelding, bijeenkomst):
    token = cancel_token(aanmelding)
    sessie = Sessie.objects.get(bijeenkomst=bijeenkomst)
    # during the meeting it still works
    sessie.start, sessie.end = timezone.now() - timedelta(hours=1), timezone.now() + timedelta(hours=1)
    sessie.save()
    assert aanmelding_for_token(token).pk == aanmelding.pk
    sessie.end = timezone.now() - timedelta(minutes=1)
    sessie.save()
    with pytest.raises(VerlopenLink) as exc:
        aanmelding_for_token(token)
    assert isinstance(exc.value, OngeldigeLink)
    assert "voorbij" in exc.value.message


def test_reused_after_cancel_resolves_with_status_cancelled(aanmelding):
    token = cancel_token(aanmelding)
    afmelden(aanmelding_for_token(token))
    again = aanmelding_for_token(token)
    assert again.status == Aanmelding.Status.GEANNULEERD
    assert afmelden(again) == []


def test_anonymised_registration_has_no_valid_link(aanmelding):
    token = cancel_token(aanmelding)
    Aanmelding.objects.filter(pk=aanmelding.pk).update(anonymised_at=timezone.now())
    with pytest.raises(OngeldigeLink):
        aanmelding_for_token(token)
