"""The captcha of the public forms (ControleField): one try per challenge, Dutch messages, no clean-up on the way.

These use real challenges in the database, not django-simple-captcha's test mode.
"""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from captcha.models import CaptchaStore
from django import forms
from django.utils import timezone

from distro.core.captcha import ControleField
from distro.jobs.runner import run_due_jobs

pytestmark = pytest.mark.django_db

WRONG = "De letters kloppen niet. Probeer het opnieuw met de nieuwe letters."
EMPTY = "Typ de letters die u ziet."


class Formulier(forms.Form):
    captcha = ControleField()


@pytest.fixture(autouse=True)
def real_captcha(captcha_checked):
    """Every test here checks real challenges."""


def challenge(expires_in=timedelta(minutes=10)):
    return CaptchaStore.objects.create(challenge="KRWTS", response="krwts", expiration=timezone.now() + expires_in)


def answer(store, text):
    return Formulier({"captcha_0": store.hashkey, "captcha_1": text})


def test_right_answer_is_accepted_once():
    store = challenge()
    # People type in capitals or with a space at the end; that is still right.
    assert answer(store, " KRWTS ").is_valid()
    again = answer(store, "krwts")
    assert not again.is_valid()
    assert again.errors["captcha"] == [WRONG]


def test_wrong_answer_is_refused_and_uses_the_challenge_up():
    store = challenge()
    wrong = answer(store, "krwtz")
    assert not wrong.is_valid()
    assert wrong.errors["captcha"] == [WRONG]
    assert not CaptchaStore.objects.filter(hashkey=store.hashkey).exists()
    # No second guess at the same image.
    assert not answer(store, "krwts").is_valid()


def test_expired_challenge_is_refused_even_with_the_right_answer():
    store = challenge(expires_in=timedelta(seconds=-1))
    late = answer(store, "krwts")
    assert not late.is_valid()
    assert late.errors["captcha"] == [WRONG]


def test_unknown_challenge_is_refused():
    form = Formulier({"captcha_0": "bestaat-niet", "captcha_1": "krwts"})
    assert not form.is_valid() and form.errors["captcha"] == [WRONG]


def test_empty_answer_asks_for_the_letters():
    form = answer(challenge(), "")
    assert not form.is_valid()
    assert form.errors["captcha"] == [EMPTY]


def test_checking_an_answer_leaves_other_expired_challenges_to_the_clean_up_job():
    # Deleting every expired challenge in each form post would lock the table
    # while others sign up; the hourly job "captcha_opruimen" does it instead.
    expired = [challenge(expires_in=timedelta(minutes=-m)) for m in (1, 60)]
    assert answer(challenge(), "krwts").is_valid()
    assert not answer(challenge(), "fout").is_valid()
    assert CaptchaStore.objects.filter(pk__in=[s.pk for s in expired]).count() == 2

    waiting = challenge()
    [outcome] = run_due_jobs(names=["captcha_opruimen"], force=True)
    assert outcome.status == "ok"
    assert not CaptchaStore.objects.filter(pk__in=[s.pk for s in expired]).exists()
    assert CaptchaStore.objects.filter(pk=waiting.pk).exists()  # still valid: someone may be typing it


def test_field_has_a_dutch_label_and_help_text(flite):
    field = Formulier().fields["captcha"]
    assert str(field.label) == "Controle"
    assert str(field.help_text) == "Typ de letters die u ziet. U kunt ze ook laten voorlezen."


def test_contact_form_shows_the_dutch_message_and_new_letters(client, site):
    store = challenge()
    response = client.post(
        "/stel-je-vraag/",
        {
            "name": "Fatima de Vries",
            "email": "fatima@example.org",
            "phone": "",
            "role": "ouder",
            "question": "Mijn zoon zit al drie weken thuis.",
            "consent": "on",
            "website": "",
            "captcha_0": store.hashkey,
            "captcha_1": "fout",
        },
    )
    assert response.status_code == 400
    html = BeautifulSoup(response.content, "html.parser")
    assert WRONG in html.get_text(" ", strip=True)
    # The form offers a fresh challenge: the old one is used up.
    new_key = html.find("input", attrs={"name": "captcha_0"})["value"]
    assert new_key != store.hashkey and CaptchaStore.objects.filter(hashkey=new_key).exists()
