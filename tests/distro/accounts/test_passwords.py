"""The password rules refuse what an attacker tries first, in Dutch, and keep good passphrases."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse


def refusal(password, user=None):
    with pytest.raises(ValidationError) as excinfo:
        validate_password(password, user)
    return " ".join(excinfo.value.messages)


@pytest.mark.parametrize(
    "password", ["Aaaaaaaaaaaa", "abcabcabcabc", "xyxyxyxyxyxyxy", "aaaaaaaaaab1", "Wachtwoord!Wachtwoord!"]
)
def test_repetitions_are_refused(password):
    assert "herhaalt" in refusal(password)


@pytest.mark.parametrize("password", ["123456789012", "abcdefghijkl", "zyxwvutsrqpo", "qwertyuiop12", "abcdef-123456"])
def test_sequences_are_refused(password):
    assert "reeks" in refusal(password)


@pytest.mark.parametrize("password", ["Steunpunt2024!", "wachtwoord-123", "Welkom2025!!!", "SWVtestregio2024"])
def test_site_words_with_digits_are_refused(password, settings):
    settings.WAGTAIL_SITE_NAME = "SWV Testregio"
    assert "lijkt te veel op" in refusal(password)


def test_user_name_and_mail_name_are_refused(db):
    user = get_user_model()(username="jdevries", email="jan.de.vries@swv.nl", first_name="Jan", last_name="Vries")
    assert "lijkt te veel op" in refusal("jdevries2024!!", user)
    assert "lijkt te veel op" in refusal("jan.de.vries#2024", user)


@pytest.mark.parametrize(
    "password", ["paard-batterij-nietje-42", "een-lang-wachtwoord-2024", "overgenomen-2024-x", "Koffie met 3 klontjes!"]
)
def test_good_passphrases_pass(password, db):
    user = get_user_model()(username="jdevries", email="jan@swv.nl")
    validate_password(password, user)


def test_the_admin_user_form_refuses_a_weak_password_in_dutch(client, beheerder):
    client.force_login(beheerder)
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "nieuw",
            "email": "nieuw@example.org",
            "first_name": "N",
            "last_name": "W",
            "password1": "Aaaaaaaaaaaa",
            "password2": "Aaaaaaaaaaaa",
        },
    )
    assert response.status_code == 200
    assert "herhaalt steeds dezelfde tekens" in response.content.decode()
    assert not get_user_model().objects.filter(username="nieuw").exists()
