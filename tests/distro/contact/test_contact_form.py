""" "Stel je vraag": the form on the contact page, posted to the page's own URL."""

import pytest
from bs4 import BeautifulSoup
from captcha.models import CaptchaStore
from django.core import mail
from django.test import Client

from distro.contact.forms import MAX_QUESTION_LENGTH
from distro.contact.models import Vraag
from distro.core.models import SteunpuntSettings

pytestmark = pytest.mark.django_db

THANKS = "/stel-je-vraag/bedankt/"


def post(client, url, data, callbacks=None, **extra):
    """POST, then run what was registered to happen after the commit (the e-mail)."""
    return client.post(url, data, **extra)


def field_errors(response):
    assert response.status_code == 400, response.status_code
    return {name: [str(e) for e in errors] for name, errors in response.context["form"].errors.items()}


def nothing_stored_or_mailed():
    return not Vraag.objects.exists() and not mail.outbox


# --- The form as a visitor sees it --------------------------------------------------


def test_contact_page_offers_the_spoken_captcha(client, contact_url, flite):
    form = BeautifulSoup(client.get(contact_url).content, "html.parser").find("form", method="post")
    assert form.find("a", href=lambda h: h and h.startswith("/captcha/audio/")) is not None


def test_contact_page_shows_the_form_with_captcha(client, contact_url):
    response = client.get(contact_url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    form = html.find("form", method="post")
    assert form is not None and form.get("action") in (None, "")  # posts to the page itself
    names = {el.get("name") for el in form.find_all(["input", "textarea", "select"])}
    assert {"name", "email", "phone", "role", "question", "consent", "website", "captcha_0", "captcha_1"} <= names
    # Every visible field has a label.
    for field in form.find_all(["input", "textarea"]):
        if field.get("type") in ("hidden", "radio", "submit"):
            continue
        assert form.find("label", attrs={"for": field["id"]}) is not None, field["name"]
    # The captcha image, its spoken alternative and the field to type the letters in.
    captcha_img = form.find("img", src=lambda s: s and s.startswith("/captcha/image/"))
    assert captcha_img is not None and captcha_img.get("alt")
    # The honeypot is hidden from people and skipped by the keyboard.
    honeypot = form.find("input", attrs={"name": "website"})
    assert honeypot["tabindex"] == "-1" and honeypot.find_parent(attrs={"aria-hidden": "true"}) is not None


def test_consent_help_text_names_the_retention_period(client, contact_url, settings):
    settings.STEUNPUNT_VRAAG_BEWAARTERMIJN_DAGEN = 30
    text = BeautifulSoup(client.get(contact_url).content, "html.parser").get_text(" ")
    assert "Na 30 dagen verwijderen we ze" in text


# --- A good question -----------------------------------------------------------------


def test_valid_question_is_stored_mailed_and_thanked(
    client, contact_url, valid_data, captcha_passes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url, valid_data)
    assert response.status_code == 302
    assert response["Location"] == THANKS

    vraag = Vraag.objects.get()
    assert (vraag.name, vraag.email, vraag.phone, vraag.role) == ("Fatima de Vries", "fatima@example.org", "", "ouder")
    assert vraag.question == valid_data["question"]
    assert vraag.language == "nl" and vraag.status == Vraag.Status.NIEUW
    assert vraag.site.is_default_site
    vraag.refresh_from_db()
    assert vraag.mail_status == Vraag.MailStatus.VERSTUURD and vraag.mail_attempts == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mailbox@steunpunt.test"]
    assert message.subject == f"Nieuwe vraag via de website ({vraag.pk})"
    # By default a link to the question, not the question: personal data stays on the site.
    assert f"http://127.0.0.1:8000/admin/snippets/contact/vraag/inspect/{vraag.pk}/" in message.body
    assert valid_data["question"] not in message.body
    assert "fatima" not in message.body.lower() and "Fatima" not in message.subject
    assert message.reply_to == []

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Bedankt, uw vraag is verstuurd" in thanks.content.decode()


def test_mail_is_sent_only_after_the_commit(
    client, contact_url, valid_data, captcha_passes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(contact_url, valid_data)
        assert response.status_code == 302
        # Stored, but nothing mailed while the transaction is still open.
        assert Vraag.objects.get().mail_status == Vraag.MailStatus.WACHT
        assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    assert Vraag.objects.get().mail_status == Vraag.MailStatus.VERSTUURD


def test_phone_number_alone_is_enough(
    client, contact_url, valid_data, captcha_passes, django_capture_on_commit_callbacks, settings
):
    settings.STEUNPUNT_VRAAG_MAIL_MET_INHOUD = True
    data = valid_data | {"email": "", "phone": "06 12 34 56 78", "name": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url, data)
    assert response.status_code == 302
    vraag = Vraag.objects.get()
    assert vraag.phone == "06 12 34 56 78" and vraag.email == ""
    # No address to reply to: the staff call back.
    assert mail.outbox[0].reply_to == []
    assert "06 12 34 56 78" in mail.outbox[0].body


def test_real_captcha_answer_is_accepted(
    client, contact_url, valid_data, captcha_checked, django_capture_on_commit_callbacks
):
    hashkey = CaptchaStore.generate_key()
    answer = CaptchaStore.objects.get(hashkey=hashkey).response
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url, valid_data | {"captcha_0": hashkey, "captcha_1": answer.upper()})
    assert response.status_code == 302
    assert Vraag.objects.count() == 1


def test_question_in_english_is_thanked_in_english_url(
    client, site, valid_data, captcha_passes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/stel-je-vraag/", valid_data)
    assert response.status_code == 302 and response["Location"] == "/en/stel-je-vraag/bedankt/"
    assert Vraag.objects.get().language == "en"
    assert len(mail.outbox) == 1


def test_only_the_needed_data_is_stored(
    client, contact_url, valid_data, captcha_passes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact_url, valid_data, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Testbrowser/1.0")
    stored = " ".join(str(v) for v in Vraag.objects.values().get().values())
    assert "203.0.113.7" not in stored and "Testbrowser" not in stored


# --- Bad input ----------------------------------------------------------------------


def test_empty_form_gives_dutch_errors_and_stores_nothing(client, contact_url, captcha_passes):
    response = client.post(contact_url, {})
    errors = field_errors(response)
    assert errors["role"] == ["Kies wie u bent."]
    assert errors["question"] == ["Schrijf uw vraag op."]
    assert errors["consent"] == ["Geef toestemming, anders kunnen we uw vraag niet beantwoorden."]
    assert errors["email"] == ["Vul een e-mailadres of een telefoonnummer in."]
    assert errors["captcha"] == ["Typ de letters die u ziet."]
    html = BeautifulSoup(response.content, "html.parser")
    summary = html.find(attrs={"role": "alert"})
    assert "Niet alles is goed ingevuld" in summary.get_text()
    assert html.title.get_text().startswith("Fout:")
    assert nothing_stored_or_mailed()


def test_no_email_and_no_phone(client, contact_url, valid_data, captcha_passes):
    errors = field_errors(client.post(contact_url, valid_data | {"email": "", "phone": ""}))
    assert errors == {"email": ["Vul een e-mailadres of een telefoonnummer in."]}
    assert nothing_stored_or_mailed()


@pytest.mark.parametrize(
    "email", ["fatima", "fatima@", "fatima@example", "a b@example.org", "x@example.org\nBcc: y@example.org"]
)
def test_invalid_email(client, contact_url, valid_data, captcha_passes, email):
    errors = field_errors(client.post(contact_url, valid_data | {"email": email}))
    assert errors == {"email": ["Dit is geen geldig e-mailadres. Controleer het nog eens."]}
    assert nothing_stored_or_mailed()


@pytest.mark.parametrize("phone", ["bel me maar", "06-abc", "+", "12"])
def test_invalid_phone(client, contact_url, valid_data, captcha_passes, phone):
    errors = field_errors(client.post(contact_url, valid_data | {"email": "", "phone": phone}))
    assert list(errors) == ["phone"]
    assert errors["phone"][0].startswith("Dit is geen geldig telefoonnummer")
    assert nothing_stored_or_mailed()


def test_wrong_captcha(client, contact_url, valid_data, captcha_checked):
    hashkey = CaptchaStore.generate_key()
    errors = field_errors(client.post(contact_url, valid_data | {"captcha_0": hashkey, "captcha_1": "fout"}))
    assert errors == {"captcha": ["De letters kloppen niet. Probeer het opnieuw met de nieuwe letters."]}
    assert nothing_stored_or_mailed()
    # A captcha can be tried once: the right answer afterwards does not work either.
    assert not CaptchaStore.objects.filter(hashkey=hashkey).exists()


def test_captcha_answer_passed_is_refused_outside_test_mode(client, contact_url, valid_data, captcha_checked):
    errors = field_errors(client.post(contact_url, valid_data))
    assert list(errors) == ["captcha"]
    assert nothing_stored_or_mailed()


def test_question_too_long(client, contact_url, valid_data, captcha_passes):
    errors = field_errors(client.post(contact_url, valid_data | {"question": "a" * (MAX_QUESTION_LENGTH + 1)}))
    assert errors == {"question": ["Uw vraag is te lang. Maak hem korter dan 3000 tekens."]}
    assert nothing_stored_or_mailed()


def test_question_of_maximum_length_is_fine(client, contact_url, valid_data, captcha_passes):
    assert client.post(contact_url, valid_data | {"question": "a" * MAX_QUESTION_LENGTH}).status_code == 302


def test_question_of_only_spaces_is_missing(client, contact_url, valid_data, captcha_passes):
    errors = field_errors(client.post(contact_url, valid_data | {"question": "   \n  "}))
    assert errors == {"question": ["Schrijf uw vraag op."]}


def test_name_too_long_and_unknown_role(client, contact_url, valid_data, captcha_passes):
    errors = field_errors(client.post(contact_url, valid_data | {"name": "n" * 101, "role": "directeur"}))
    assert set(errors) == {"name", "role"}
    assert "100" in errors["name"][0] and "tekens" in errors["name"][0]
    assert "geldige keuze" in errors["role"][0]
    assert nothing_stored_or_mailed()


def test_missing_consent(client, contact_url, valid_data, captcha_passes):
    data = dict(valid_data)
    del data["consent"]
    errors = field_errors(client.post(contact_url, data))
    assert errors == {"consent": ["Geef toestemming, anders kunnen we uw vraag niet beantwoorden."]}
    assert nothing_stored_or_mailed()


def test_typed_input_is_kept_after_an_error(client, contact_url, valid_data, captcha_passes):
    response = client.post(contact_url, valid_data | {"email": "fout"})
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("textarea", attrs={"name": "question"}).get_text().strip() == valid_data["question"]


# --- Spam and abuse -------------------------------------------------------------------


def test_filled_honeypot_stores_and_mails_nothing_but_thanks(
    client, contact_url, valid_data, captcha_passes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url, valid_data | {"website": "https://spam.example.com"})
    assert response.status_code == 302 and response["Location"] == THANKS
    assert nothing_stored_or_mailed()


def test_filled_honeypot_gives_a_bot_no_field_errors(client, contact_url, captcha_checked):
    """Whatever else a bot sends, it learns nothing about the form."""
    response = client.post(contact_url, {"website": "https://spam.example.com", "question": "buy"})
    assert response.status_code == 302 and response["Location"] == THANKS
    assert nothing_stored_or_mailed()


def test_rate_limit(client, contact_url, valid_data, captcha_passes, settings, django_capture_on_commit_callbacks):
    settings.STEUNPUNT_FORM_LIMIT_PER_HOUR = 2
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert client.post(contact_url, valid_data).status_code == 302
        response = client.post(contact_url, valid_data)
    assert response.status_code == 429
    html = BeautifulSoup(response.content, "html.parser")
    assert "Probeer het over een uur opnieuw" in html.find(attrs={"role": "alert"}).get_text()
    # What they typed is still there, for later (the consent and the captcha are asked again).
    assert html.find("textarea", attrs={"name": "question"}).get_text().strip() == valid_data["question"]
    assert html.find("input", attrs={"name": "email"})["value"] == valid_data["email"]
    assert not html.find("input", attrs={"name": "consent"}).has_attr("checked")
    assert Vraag.objects.count() == 2 and len(mail.outbox) == 2
    # Another visitor is not affected.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(contact_url, valid_data, REMOTE_ADDR="198.51.100.20").status_code == 302
    assert Vraag.objects.count() == 3


def test_rate_limit_counts_failed_attempts_too(client, contact_url, valid_data, captcha_checked, settings):
    """Guessing captchas is also limited."""
    settings.STEUNPUNT_FORM_LIMIT_PER_HOUR = 3
    for _ in range(3):
        assert client.post(contact_url, valid_data | {"captcha_1": "gok"}).status_code == 400
    assert client.post(contact_url, valid_data).status_code == 429


def test_rate_limit_does_not_keep_ip_addresses(client, contact_url, valid_data, captcha_passes, settings):
    from django.core.cache import cache

    from distro.core.ratelimit.models import Teller

    client.post(contact_url, valid_data, REMOTE_ADDR="203.0.113.99")
    # The count is in the database (shared by all workers), under a hash of the address.
    [counter] = Teller.objects.all()
    assert counter.count == 1 and "203.0.113.99" not in counter.key
    keys = list(cache._cache.keys())  # locmem internals: the stored keys
    assert not any("203.0.113.99" in key for key in keys)


def test_csrf_token_is_required(site, contact_url, valid_data, captcha_passes):
    client = Client(enforce_csrf_checks=True)
    assert client.post(contact_url, valid_data).status_code == 403
    assert nothing_stored_or_mailed()


# --- Escaping -------------------------------------------------------------------------

SCRIPT = '<script>alert("hallo")</script><b>vet</b>'


def test_html_in_the_question_is_escaped_on_the_page(client, contact_url, valid_data, captcha_passes):
    response = client.post(contact_url, valid_data | {"question": SCRIPT, "email": "geen-adres"})
    assert response.status_code == 400
    body = response.content.decode()
    assert SCRIPT not in body and "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;hallo&quot;)&lt;/script&gt;" in body


def test_the_email_is_plain_text_with_the_question_as_typed(
    client, contact_url, valid_data, captcha_passes, django_capture_on_commit_callbacks, settings
):
    settings.STEUNPUNT_VRAAG_MAIL_MET_INHOUD = True
    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact_url, valid_data | {"question": SCRIPT, "name": "Jan & <Piet>"})
    message = mail.outbox[0]
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", None)
    # Plain text is not HTML: shown as typed, not entity-encoded.
    assert SCRIPT in message.body and "Jan & <Piet>" in message.body
    assert "&lt;" not in message.body and "&amp;" not in message.body


def test_the_thanks_page_does_not_echo_the_question(client, contact_url, valid_data, captcha_passes):
    response = client.post(contact_url, valid_data | {"question": SCRIPT}, follow=True)
    assert response.status_code == 200
    assert "vet" not in BeautifulSoup(response.content, "html.parser").get_text()


def test_settings_without_mailbox_store_with_status_geen_mailbox(
    client, site, contact_url, valid_data, captcha_passes, django_capture_on_commit_callbacks
):
    site_settings = SteunpuntSettings.for_site(site)
    site_settings.mailbox = ""
    site_settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url, valid_data)
    assert response.status_code == 302
    assert Vraag.objects.get().mail_status == Vraag.MailStatus.GEEN_MAILBOX
    assert mail.outbox == []
