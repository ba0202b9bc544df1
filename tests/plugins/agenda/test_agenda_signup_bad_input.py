"""Bad input on the sign-up form: each case stores nothing and mails nobody."""

from datetime import timedelta

import pytest
from agenda_signup_helpers import form_data, post_signup
from bs4 import BeautifulSoup
from captcha.models import CaptchaStore
from django.core import mail
from django.utils import timezone

from plugins.agenda.forms import MAX_LONG_ANSWER, MAX_NAME_LENGTH, MAX_SHORT_ANSWER
from plugins.agenda.models import Aanmelding, Bezetting

pytestmark = pytest.mark.django_db


def post(client, bijeenkomst, capture, **overrides):
    return post_signup(client, bijeenkomst, capture, **overrides)


def field_errors(response):
    assert response.status_code == 400, response.status_code
    return {name: [str(e) for e in errors] for name, errors in response.context["form"].errors.items()}


def nothing_stored_or_mailed(bijeenkomst=None):
    counts_untouched = (
        bijeenkomst is None or not Bezetting.objects.filter(bijeenkomst=bijeenkomst, confirmed__gt=0).exists()
    )
    return not Aanmelding.objects.exists() and not mail.outbox and counts_untouched


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


# --- Missing and invalid fields -------------------------------------------------------------


def test_empty_form_gives_dutch_errors(client, bijeenkomst, captcha_passes, capture):
    with capture(execute=True):
        response = client.post(f"/agenda/aanmelden/{bijeenkomst.pk}/", {})
    errors = field_errors(response)
    assert errors["name"] == ["Vul uw naam in."]
    assert errors["email"] == ["Vul uw e-mailadres in."]
    assert errors["persons"] == ["Kies met hoeveel personen u komt."]
    assert errors["role"] == ["Kies wie u bent."]
    assert errors["consent"] == ["Geef toestemming, anders kunnen we u niet aanmelden."]
    assert errors["captcha"] == ["Typ de letters die u ziet."]
    html = BeautifulSoup(response.content, "html.parser")
    assert html.title.get_text().startswith("Fout:")
    summary = html.find(attrs={"role": "alert"})
    assert "Niet alles is goed ingevuld" in summary.get_text()
    # Each error in the summary links to its field.
    hrefs = {a["href"] for a in summary.find_all("a")}
    assert {"#id_name", "#id_email", "#id_role_0", "#id_consent"} <= hrefs
    assert html.find(id="id_name")["aria-invalid"] == "true"
    assert nothing_stored_or_mailed(bijeenkomst)


def test_only_spaces_as_name(client, bijeenkomst, captcha_passes, capture):
    assert field_errors(post(client, bijeenkomst, capture, name="    ")) == {"name": ["Vul uw naam in."]}
    assert nothing_stored_or_mailed(bijeenkomst)


@pytest.mark.parametrize(
    "email", ["fatima", "fatima@", "fatima@example", "a b@example.org", "x@example.org\nBcc: y@example.org"]
)
def test_invalid_email(client, bijeenkomst, captcha_passes, capture, email):
    errors = field_errors(post(client, bijeenkomst, capture, email=email))
    assert errors == {"email": ["Dit is geen geldig e-mailadres. Controleer het nog eens."]}
    assert nothing_stored_or_mailed(bijeenkomst)


@pytest.mark.parametrize("role", ["", "directeur", "<b>ouder</b>"])
def test_invalid_role(client, bijeenkomst, captcha_passes, capture, role):
    errors = field_errors(post(client, bijeenkomst, capture, role=role))
    assert list(errors) == ["role"]
    assert nothing_stored_or_mailed(bijeenkomst)


@pytest.mark.parametrize("persons", ["0", "-1", "3", "twee", "1.5", "99999999999999999999"])
def test_persons_outside_one_to_the_maximum(client, bijeenkomst, captcha_passes, capture, persons):
    # bijeenkomst allows at most 2 persons per sign-up
    errors = field_errors(post(client, bijeenkomst, capture, persons=persons))
    assert errors == {"persons": ["Kies een aantal uit de lijst."]}
    assert nothing_stored_or_mailed(bijeenkomst)


def test_more_persons_than_allowed_is_refused_by_the_service_too(
    client, bijeenkomst, captcha_passes, capture, monkeypatch
):
    # Even if the form let it through, the service refuses it with its own message.
    from plugins.agenda import forms

    original = forms.AanmeldenForm.__init__

    def lenient(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if "persons" in self.fields:
            self.fields["persons"].choices = [(n, str(n)) for n in range(1, 10)]

    monkeypatch.setattr(forms.AanmeldenForm, "__init__", lenient)
    response = post(client, bijeenkomst, capture, persons="5")
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["U kunt zich aanmelden met maximaal 2 personen."]
    assert nothing_stored_or_mailed(bijeenkomst)


def test_required_extra_question(client, maak_bijeenkomst, captcha_passes, capture):
    b = maak_bijeenkomst(
        capacity=5,
        extra_questions=[
            ("question", {"label": "Wat wilt u bespreken?", "help_text": "", "required": True, "long_answer": True}),
            ("question", {"label": "Iets anders?", "help_text": "", "required": False, "long_answer": False}),
        ],
    )
    assert field_errors(post(client, b, capture, vraag_0="   ")) == {"vraag_0": ["Geef hier een antwoord op."]}
    assert nothing_stored_or_mailed(b)


def test_missing_consent(client, bijeenkomst, captcha_passes, capture):
    errors = field_errors(post(client, bijeenkomst, capture, consent=None))
    assert errors == {"consent": ["Geef toestemming, anders kunnen we u niet aanmelden."]}
    assert nothing_stored_or_mailed(bijeenkomst)


# --- Oversized input ------------------------------------------------------------------------------


def test_name_too_long(client, bijeenkomst, captcha_passes, capture):
    errors = field_errors(post(client, bijeenkomst, capture, name="a" * (MAX_NAME_LENGTH + 1)))
    assert errors == {"name": [f"Uw naam is te lang. Gebruik hoogstens {MAX_NAME_LENGTH} tekens."]}
    assert nothing_stored_or_mailed(bijeenkomst)


def test_email_too_long(client, bijeenkomst, captcha_passes, capture):
    errors = field_errors(post(client, bijeenkomst, capture, email="a" * 300 + "@example.org"))
    assert list(errors) == ["email"]
    assert nothing_stored_or_mailed(bijeenkomst)


def test_answers_too_long(client, maak_bijeenkomst, captcha_passes, capture):
    b = maak_bijeenkomst(
        capacity=5,
        extra_questions=[
            ("question", {"label": "Lang", "help_text": "", "required": False, "long_answer": True}),
            ("question", {"label": "Kort", "help_text": "", "required": False, "long_answer": False}),
        ],
    )
    errors = field_errors(
        post(client, b, capture, vraag_0="x" * (MAX_LONG_ANSWER + 1), vraag_1="y" * (MAX_SHORT_ANSWER + 1))
    )
    assert errors == {
        "vraag_0": [f"Uw antwoord is te lang. Gebruik hoogstens {MAX_LONG_ANSWER} tekens."],
        "vraag_1": [f"Uw antwoord is te lang. Gebruik hoogstens {MAX_SHORT_ANSWER} tekens."],
    }
    assert nothing_stored_or_mailed(b)


def test_huge_request_body_is_refused(client, bijeenkomst, captcha_passes, capture):
    with capture(execute=True):
        response = client.post(f"/agenda/aanmelden/{bijeenkomst.pk}/", form_data(name="a" * (3 * 1024 * 1024)))
    assert response.status_code == 400
    assert nothing_stored_or_mailed(bijeenkomst)


# --- Bots -------------------------------------------------------------------------------------------


def test_wrong_captcha(client, bijeenkomst, captcha_checked, capture):
    hashkey = CaptchaStore.generate_key()
    errors = field_errors(post(client, bijeenkomst, capture, captcha_0=hashkey, captcha_1="fout"))
    assert errors == {"captcha": ["De letters kloppen niet. Probeer het opnieuw met de nieuwe letters."]}
    assert nothing_stored_or_mailed(bijeenkomst)


def test_captcha_answer_passed_is_refused_outside_test_mode(client, bijeenkomst, captcha_checked, capture):
    assert list(field_errors(post(client, bijeenkomst, capture))) == ["captcha"]
    assert nothing_stored_or_mailed(bijeenkomst)


def test_real_captcha_answer_is_accepted(client, bijeenkomst, captcha_checked, capture):
    hashkey = CaptchaStore.generate_key()
    answer = CaptchaStore.objects.get(hashkey=hashkey).response
    assert post(client, bijeenkomst, capture, captcha_0=hashkey, captcha_1=answer).status_code == 302
    assert Aanmelding.objects.count() == 1


def test_filled_honeypot(client, bijeenkomst, captcha_passes, capture):
    response = post(client, bijeenkomst, capture, website="https://spam.example")
    # The bot is told it worked, and learns nothing.
    assert response.status_code == 302
    assert nothing_stored_or_mailed(bijeenkomst)


def test_rate_limit(client, maak_bijeenkomst, captcha_passes, capture, settings):
    settings.STEUNPUNT_FORM_LIMIT_PER_HOUR = 2
    b = maak_bijeenkomst(capacity=50)
    for n in range(2):
        assert post(client, b, capture, email=f"mens{n}@example.org").status_code == 302
    mail.outbox.clear()
    response = post(client, b, capture, email="derde@example.org", name="Derde Persoon")
    assert response.status_code == 429
    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert "Probeer het over een uur opnieuw" in text
    # What they typed is kept for later.
    assert response.context["form"]["name"].value() == "Derde Persoon"
    assert Aanmelding.objects.count() == 2 and not Aanmelding.objects.filter(email="derde@example.org").exists()
    assert mail.outbox == []


# --- Meetings that take no sign-ups now ------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"cancelled": True}, "Deze bijeenkomst gaat niet door"),
        ({"begint_over": timedelta(hours=-1)}, "al begonnen of voorbij"),
        ({"begint_over": timedelta(days=-10)}, "al begonnen of voorbij"),
        ({"signup_opens_in": timedelta(days=1)}, "U kunt zich nog niet aanmelden"),
        ({"signup_closes_in": timedelta(hours=-1)}, "Aanmelden voor deze bijeenkomst is gesloten"),
    ],
    ids=["afgelast", "begonnen", "voorbij", "nog-niet-open", "gesloten"],
)
def test_meeting_that_takes_no_sign_ups(client, maak_bijeenkomst, captcha_passes, capture, fields, message):
    fields = dict(fields)
    now = timezone.now()
    if "signup_opens_in" in fields:
        fields["signup_opens"] = now + fields.pop("signup_opens_in")
    if "signup_closes_in" in fields:
        fields["signup_closes"] = now + fields.pop("signup_closes_in")
    b = maak_bijeenkomst(capacity=10, **fields)

    page = client.get(f"/agenda/aanmelden/{b.pk}/")
    assert message in page.content.decode()
    assert BeautifulSoup(page.content, "html.parser").find("form", class_="agenda-aanmelden-form") is None

    response = post(client, b, capture)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_stored_or_mailed(b)


def test_sign_up_closing_between_page_and_post_is_refused_by_the_service(
    client, bijeenkomst, captcha_passes, capture, monkeypatch
):
    # The page said "open", but by the time the form arrives the editor cancelled the meeting.
    from plugins.agenda import views

    monkeypatch.setattr(views, "closed_reason", lambda b: None)
    bijeenkomst.cancelled = True
    bijeenkomst.save_revision().publish()
    response = post(client, bijeenkomst, capture)
    assert response.status_code == 400
    assert "Deze bijeenkomst gaat niet door" in response.context["form"].non_field_errors()[0]
    assert nothing_stored_or_mailed(bijeenkomst)


def test_full_meeting_without_waiting_list(client, maak_bijeenkomst, captcha_passes, capture):
    b = maak_bijeenkomst(capacity=1, waiting_list=False)
    assert post(client, b, capture, email="een@example.org").status_code == 302
    mail.outbox.clear()
    response = post(client, b, capture, email="twee@example.org")
    assert response.status_code == 400
    assert "vol" in response.content.decode()
    assert list(Aanmelding.objects.values_list("email", flat=True)) == ["een@example.org"]
    assert mail.outbox == []


# --- Script in every free-text field ------------------------------------------------------------------

SCRIPT = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_script_in_every_free_text_field_is_escaped_in_page_and_mail(client, maak_bijeenkomst, captcha_passes, capture):
    b = maak_bijeenkomst(
        capacity=5,
        extra_questions=[
            ("question", {"label": "Wat wilt u bespreken?", "help_text": "", "required": False, "long_answer": True})
        ],
    )
    response = post(client, b, capture, name=SCRIPT, vraag_0=SCRIPT)
    assert response.status_code == 302
    message = mail.outbox[0]
    html_body = message.alternatives[0][0]
    assert "<script>" not in html_body and "<img src=x" not in html_body
    assert "&lt;script&gt;" in html_body
    # The plain text part shows it as typed: it is text, never rendered.
    assert SCRIPT in message.body
    assert "<script>" not in client.get(response["Location"]).content.decode()
