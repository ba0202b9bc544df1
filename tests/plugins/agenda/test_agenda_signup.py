"""Signing up for a meeting through the public form, and cancelling through the link in the mail."""

import re

import pytest
from agenda_signup_helpers import form_data, post_signup, signup_url
from bs4 import BeautifulSoup
from django.core import mail

from plugins.agenda import services
from plugins.agenda.models import Aanmelding, Bezetting
from plugins.agenda.tokens import cancel_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("captcha_passes")]


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def cancel_link_from(message) -> str:
    match = re.search(r"https?://[^/\s]+(/[^\s]*agenda/afmelden/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


# --- The form -------------------------------------------------------------------------------


def test_sign_up_page_offers_the_spoken_captcha(client, bijeenkomst, flite):
    form = BeautifulSoup(client.get(signup_url(bijeenkomst)).content, "html.parser").find(
        "form", class_="agenda-aanmelden-form"
    )
    assert form.find("a", href=lambda h: h and h.startswith("/captcha/audio/")) is not None


def test_meeting_page_links_to_the_sign_up_page_and_writes_nothing(client, bijeenkomst):
    response = client.get(bijeenkomst.url)
    assert response.status_code == 200 and not response.cookies
    html = BeautifulSoup(response.content, "html.parser")
    # The form's captcha and CSRF cookie would keep the meeting page out of the page cache.
    assert html.find("form", class_="agenda-aanmelden-form") is None
    assert html.find("a", string="Aanmelden")["href"] == signup_url(bijeenkomst)


def test_sign_up_page_shows_the_form_that_posts_to_itself(client, bijeenkomst):
    response = client.get(signup_url(bijeenkomst))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = BeautifulSoup(response.content, "html.parser")
    form = html.find("form", class_="agenda-aanmelden-form")
    assert form is not None and form["action"] == signup_url(bijeenkomst)
    names = {el.get("name") for el in form.find_all(["input", "textarea", "select"])}
    assert {"name", "email", "persons", "role", "consent", "website", "captcha_0", "captcha_1"} <= names
    # Persons: 1 up to the meeting's maximum (2).
    assert [o["value"] for o in form.find("select", attrs={"name": "persons"}).find_all("option")] == ["1", "2"]
    # The roles, the captcha image with its spoken alternative, and a hidden honeypot.
    assert {i["value"] for i in form.find_all("input", attrs={"name": "role"})} == {"ouder", "jongere", "professional"}
    assert form.find("img", src=lambda s: s and s.startswith("/captcha/image/")).get("alt")
    honeypot = form.find("input", attrs={"name": "website"})
    assert honeypot["tabindex"] == "-1" and honeypot.find_parent(attrs={"aria-hidden": "true"}) is not None
    # Every visible field has a label.
    for field in form.find_all(["input", "textarea", "select"]):
        if field.get("type") in ("hidden", "radio", "submit"):
            continue
        assert form.find("label", attrs={"for": field["id"]}) is not None, field["name"]


def test_consent_names_the_retention_period(client, bijeenkomst, settings):
    settings.STEUNPUNT_AANMELDING_BEWAARTERMIJN_DAGEN = 45
    text = BeautifulSoup(client.get(signup_url(bijeenkomst)).content, "html.parser").get_text(" ")
    assert "We bewaren uw gegevens tot 45 dagen na de bijeenkomst" in text


def test_extra_questions_become_fields(client, maak_bijeenkomst):
    b = maak_bijeenkomst(
        capacity=5,
        extra_questions=[
            ("question", {"label": "Wat wilt u bespreken?", "help_text": "", "required": True, "long_answer": True}),
            (
                "question",
                {"label": "Heeft u hulp nodig om te komen?", "help_text": "", "required": False, "long_answer": False},
            ),
        ],
    )
    html = BeautifulSoup(client.get(signup_url(b)).content, "html.parser")
    assert html.find("textarea", attrs={"name": "vraag_0"}) is not None
    assert html.find("label", attrs={"for": "id_vraag_0"}).get_text().startswith("Wat wilt u bespreken?")
    assert html.find("input", attrs={"name": "vraag_1"}) is not None


def test_only_one_person_means_no_question_about_persons(client, maak_bijeenkomst, django_capture_on_commit_callbacks):
    b = maak_bijeenkomst(capacity=5, max_persons=1)
    html = BeautifulSoup(client.get(signup_url(b)).content, "html.parser")
    assert html.find(attrs={"name": "persons"}) is None
    response = post_signup(client, b, django_capture_on_commit_callbacks, persons="")
    assert response.status_code == 302
    assert Aanmelding.objects.get().persons == 1


# --- Success ---------------------------------------------------------------------------------


def test_sign_up_is_stored_confirmed_and_mailed(client, bijeenkomst, django_capture_on_commit_callbacks):
    response = post_signup(client, bijeenkomst, django_capture_on_commit_callbacks, persons="2", role="jongere")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/agenda/aanmelden/{bijeenkomst.pk}/bedankt/?r=")

    aanmelding = Aanmelding.objects.get()
    assert (aanmelding.name, aanmelding.email, aanmelding.persons, aanmelding.role) == (
        "Fatima de Vries",
        "fatima@example.org",
        2,
        "jongere",
    )
    assert aanmelding.status == Aanmelding.Status.BEVESTIGD and aanmelding.language == "nl"
    assert aanmelding.mail_status == Aanmelding.MailStatus.VERSTUURD
    assert Bezetting.objects.get(bijeenkomst=bijeenkomst).confirmed == 2

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fatima@example.org"]
    assert message.subject == f"U bent aangemeld: {bijeenkomst.title}"

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "U bent aangemeld" in thanks.content.decode()


def test_answers_are_stored_with_their_question(client, maak_bijeenkomst, django_capture_on_commit_callbacks):
    b = maak_bijeenkomst(
        capacity=5,
        extra_questions=[
            ("question", {"label": "Wat wilt u bespreken?", "help_text": "", "required": True, "long_answer": True})
        ],
    )
    response = post_signup(client, b, django_capture_on_commit_callbacks, vraag_0="  Thuiszitten  ")
    assert response.status_code == 302
    assert Aanmelding.objects.get().answers == [{"question": "Wat wilt u bespreken?", "answer": "Thuiszitten"}]


def test_full_meeting_puts_people_on_the_waiting_list(client, maak_bijeenkomst, django_capture_on_commit_callbacks):
    b = maak_bijeenkomst(capacity=1, waiting_list=True)
    post_signup(client, b, django_capture_on_commit_callbacks, email="een@example.org")
    response = post_signup(client, b, django_capture_on_commit_callbacks, email="twee@example.org")
    assert response.status_code == 302
    tweede = Aanmelding.objects.get(email="twee@example.org")
    assert tweede.status == Aanmelding.Status.WACHTLIJST
    assert mail.outbox[-1].subject == f"U staat op de wachtlijst: {b.title}"
    thanks = client.get(response["Location"]).content.decode()
    assert "U staat op de wachtlijst" in thanks
    # The form now offers the waiting list.
    assert "Aanmelden voor de wachtlijst" in client.get(signup_url(b)).content.decode()


# --- The same address again: the page tells nothing, the registration stays, the address is mailed ---


def thanks_page(client, response):
    """What the visitor sees after the POST: the status, and the text of the page it leads to."""
    if response.status_code != 302:
        return response.status_code, BeautifulSoup(response.content, "html.parser").get_text(" ").split()
    page = client.get(response["Location"])
    return (302, page.status_code), BeautifulSoup(page.content, "html.parser").get_text(" ").split()


def test_repeat_sign_up_looks_like_a_new_one_changes_nothing_and_mails_the_address(client, bijeenkomst, capture):
    post_signup(client, bijeenkomst, capture, persons="1")
    fatima = Aanmelding.objects.get()
    mail.outbox.clear()

    new = post_signup(client, bijeenkomst, capture, email="sam@example.org", name="Sam Jansen")
    repeat = post_signup(
        client, bijeenkomst, capture, email=" FATIMA@example.org", name="Iemand Anders", persons="2", role="jongere"
    )
    assert thanks_page(client, new) == thanks_page(client, repeat)
    assert "U bent aangemeld" in " ".join(thanks_page(client, repeat)[1])

    fatima.refresh_from_db()
    assert (fatima.name, fatima.persons, fatima.role, fatima.status) == (
        "Fatima de Vries",
        1,
        "ouder",
        Aanmelding.Status.BEVESTIGD,
    )
    assert Aanmelding.objects.count() == 2
    assert Bezetting.objects.get(bijeenkomst=bijeenkomst).confirmed == 2

    to_sam, to_fatima = mail.outbox
    assert to_sam.to == ["sam@example.org"] and to_sam.subject == f"U bent aangemeld: {bijeenkomst.title}"
    assert to_fatima.to == ["fatima@example.org"]
    assert to_fatima.subject == f"U bent al aangemeld: {bijeenkomst.title}"
    body = to_fatima.body
    assert "Beste Fatima de Vries," in body and "Iemand Anders" not in body
    assert "We hebben niets aan uw aanmelding veranderd." in body and "U heeft een plek." in body
    assert "Aantal personen: 1" in body
    assert "Meld u dan eerst af met de link hieronder. Meld u daarna opnieuw aan." in body
    assert "Heeft u dit niet zelf gedaan? Dan hoeft u niets te doen." in body
    # Their own cancel link, which works.
    link = cancel_link_from(to_fatima)
    assert link.endswith(f"/{cancel_token(fatima)}/")
    assert client.get(link).status_code == 200


def test_repeat_on_a_full_meeting_looks_like_joining_the_waiting_list(client, maak_bijeenkomst, capture):
    b = maak_bijeenkomst(capacity=1, waiting_list=True)
    post_signup(client, b, capture)
    waiting = post_signup(client, b, capture, email="wacht@example.org", name="Wim Wachter")
    mail.outbox.clear()

    new = post_signup(client, b, capture, email="sam@example.org", name="Sam Jansen")
    repeat_confirmed = post_signup(client, b, capture, email="fatima@example.org", name="Iemand Anders")
    repeat_waiting = post_signup(client, b, capture, email="wacht@example.org", name="Iemand Anders")
    assert waiting.status_code == 302
    assert thanks_page(client, new) == thanks_page(client, repeat_confirmed) == thanks_page(client, repeat_waiting)
    assert "U staat op de wachtlijst" in " ".join(thanks_page(client, new)[1])

    statuses = dict(Aanmelding.objects.values_list("email", "status"))
    assert statuses == {
        "fatima@example.org": Aanmelding.Status.BEVESTIGD,
        "wacht@example.org": Aanmelding.Status.WACHTLIJST,
        "sam@example.org": Aanmelding.Status.WACHTLIJST,
    }
    assert not Aanmelding.objects.filter(name="Iemand Anders").exists()
    bez = Bezetting.objects.get(bijeenkomst=b)
    assert (bez.confirmed, bez.waiting) == (1, 2)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"sam@example.org", "fatima@example.org", "wacht@example.org"}
    assert "U heeft een plek." in by_address["fatima@example.org"].body
    assert "U staat op de wachtlijst." in by_address["wacht@example.org"].body
    assert by_address["wacht@example.org"].subject.startswith("U bent al aangemeld")


def test_repeat_on_a_full_meeting_without_waiting_list_gets_what_anyone_gets(client, maak_bijeenkomst, capture):
    b = maak_bijeenkomst(capacity=1, waiting_list=False)
    post_signup(client, b, capture)
    mail.outbox.clear()
    stranger = post_signup(client, b, capture, email="sam@example.org")
    repeat = post_signup(client, b, capture, email="fatima@example.org", name="Iemand Anders")
    assert thanks_page(client, stranger) == thanks_page(client, repeat)
    assert stranger.status_code == 400
    assert Aanmelding.objects.get().name == "Fatima de Vries"
    assert mail.outbox == []


def test_sign_up_in_english_is_remembered(client, bijeenkomst, django_capture_on_commit_callbacks):
    response = post_signup(client, bijeenkomst, django_capture_on_commit_callbacks, prefix="/en")
    assert response.status_code == 302 and response["Location"].startswith("/en/agenda/aanmelden/")
    assert Aanmelding.objects.get().language == "en"


def test_honeypot_pretends_success_and_stores_nothing(client, bijeenkomst, django_capture_on_commit_callbacks):
    response = post_signup(client, bijeenkomst, django_capture_on_commit_callbacks, website="http://spam.example")
    assert response.status_code == 302
    assert not Aanmelding.objects.exists() and mail.outbox == []


def test_thanks_page_needs_a_signed_outcome(client, bijeenkomst):
    response = client.get(f"/agenda/aanmelden/{bijeenkomst.pk}/bedankt/?r=vervalst")
    assert response.status_code == 302 and response["Location"] == signup_url(bijeenkomst)


def test_unknown_or_unpublished_meeting_is_not_found(client, maak_bijeenkomst):
    draft = maak_bijeenkomst(capacity=5, publish=False)
    assert client.get(signup_url(draft)).status_code == 404
    assert client.get("/agenda/aanmelden/999999/").status_code == 404
    assert client.post(signup_url(draft), form_data()).status_code == 404
    assert not Aanmelding.objects.exists()


# --- Cancelling --------------------------------------------------------------------------------


def test_cancel_link_asks_first_then_cancels(client, bijeenkomst, django_capture_on_commit_callbacks):
    post_signup(client, bijeenkomst, django_capture_on_commit_callbacks, persons="2")
    link = cancel_link_from(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ja, meld mij af" in text and "U bent aangemeld met 2 personen" in text
    assert page["Referrer-Policy"] == "same-origin" and "no-store" in page["Cache-Control"]
    # Looking is not cancelling.
    assert Aanmelding.objects.get().status == Aanmelding.Status.BEVESTIGD

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 302 and response["Location"] == link + "klaar/"
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.status == Aanmelding.Status.GEANNULEERD and aanmelding.cancelled_at is not None
    assert Bezetting.objects.get(bijeenkomst=bijeenkomst).confirmed == 0
    assert "U bent afgemeld" in client.get(response["Location"]).content.decode()


def test_cancelling_promotes_the_waiting_list_and_mails_them(
    client, maak_bijeenkomst, django_capture_on_commit_callbacks
):
    b = maak_bijeenkomst(capacity=2, waiting_list=True, max_persons=2)
    post_signup(client, b, django_capture_on_commit_callbacks, email="een@example.org", persons="2")
    post_signup(client, b, django_capture_on_commit_callbacks, email="twee@example.org", persons="1", name="Twee")
    assert Aanmelding.objects.get(email="twee@example.org").status == Aanmelding.Status.WACHTLIJST
    link = cancel_link_from(mail.outbox[0])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    tweede = Aanmelding.objects.get(email="twee@example.org")
    assert tweede.status == Aanmelding.Status.BEVESTIGD and tweede.promoted_at is not None
    assert [m.to for m in mail.outbox] == [["twee@example.org"]]
    assert mail.outbox[0].subject == f"Er is plek voor u: {b.title}"
    assert "Nu bent u aangemeld" in mail.outbox[0].body


def test_reused_cancel_link_changes_nothing(client, maak_bijeenkomst, django_capture_on_commit_callbacks):
    b = maak_bijeenkomst(capacity=1, waiting_list=True)
    post_signup(client, b, django_capture_on_commit_callbacks, email="een@example.org")
    link = cancel_link_from(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    # Signs up again, then someone else fills the waiting list.
    post_signup(client, b, django_capture_on_commit_callbacks, email="een@example.org")
    post_signup(client, b, django_capture_on_commit_callbacks, email="twee@example.org")
    before = list(Aanmelding.objects.order_by("pk").values_list("status", flat=True))
    mails_before = len(mail.outbox)

    page = client.get(link)
    assert page.status_code == 200 and "U bent al afgemeld" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(link)
    assert again.status_code == 200 and "U bent al afgemeld" in again.content.decode()
    assert list(Aanmelding.objects.order_by("pk").values_list("status", flat=True)) == before
    assert len(mail.outbox) == mails_before


@pytest.mark.parametrize("token", ["onzin", "123:abc", "00000000000000000000000000000000:kapot"])
def test_forged_cancel_link_gives_a_clear_message(client, bijeenkomst, token, django_capture_on_commit_callbacks):
    post_signup(client, bijeenkomst, django_capture_on_commit_callbacks)
    for response in (client.get(f"/agenda/afmelden/{token}/"), client.post(f"/agenda/afmelden/{token}/")):
        assert response.status_code == 400
        text = BeautifulSoup(response.content, "html.parser").get_text(" ")
        assert "Deze link werkt niet" in text
    assert Aanmelding.objects.get().status == Aanmelding.Status.BEVESTIGD


def test_tampered_real_cancel_link_is_refused(client, bijeenkomst, django_capture_on_commit_callbacks):
    post_signup(client, bijeenkomst, django_capture_on_commit_callbacks)
    aanmelding = Aanmelding.objects.get()
    token = cancel_token(aanmelding)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(f"/agenda/afmelden/{tampered}/").status_code == 400
    assert Aanmelding.objects.get().status == Aanmelding.Status.BEVESTIGD


def test_cancel_link_after_the_meeting_has_expired(client, maak_bijeenkomst, gegevens):
    from datetime import timedelta

    b = maak_bijeenkomst(capacity=5)
    aanmelding, _ = services.aanmelden(b, **gegevens())
    token = cancel_token(aanmelding)
    b.sessies.update(start=b.starts_at - timedelta(days=3), end=b.ends_at - timedelta(days=3))
    response = client.post(f"/agenda/afmelden/{token}/")
    assert response.status_code == 400
    assert "de bijeenkomst is voorbij" in response.content.decode()
    assert Aanmelding.objects.get().status == Aanmelding.Status.BEVESTIGD


def test_done_page_is_only_shown_when_really_cancelled(client, bijeenkomst, gegevens):
    aanmelding, _ = services.aanmelden(bijeenkomst, **gegevens())
    token = cancel_token(aanmelding)
    response = client.get(f"/agenda/afmelden/{token}/klaar/")
    assert response.status_code == 302 and response["Location"] == f"/agenda/afmelden/{token}/"


def test_cancel_pages_do_not_show_personal_data(client, bijeenkomst, gegevens):
    # The link may be forwarded: the page shows the meeting, not the name or address.
    aanmelding, _ = services.aanmelden(bijeenkomst, **gegevens(name="Geheime Naam", email="geheim@example.org"))
    text = client.get(f"/agenda/afmelden/{cancel_token(aanmelding)}/").content.decode()
    assert "Geheime Naam" not in text and "geheim@example.org" not in text


# --- Escaping ------------------------------------------------------------------------------------


SCRIPT = '<script>alert("x")</script><b>vet</b>'


def test_html_in_meeting_title_and_answers_is_escaped_on_the_pages(
    client, maak_bijeenkomst, django_capture_on_commit_callbacks
):
    b = maak_bijeenkomst(
        capacity=5,
        title=f"Avond {SCRIPT}",
        location_name=SCRIPT,
        extra_questions=[
            ("question", {"label": f"Vraag {SCRIPT}", "help_text": SCRIPT, "required": False, "long_answer": False})
        ],
    )
    form_page = client.get(signup_url(b)).content.decode()
    response = post_signup(client, b, django_capture_on_commit_callbacks, name=SCRIPT[:100], vraag_0=SCRIPT)
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    link = cancel_link_from(mail.outbox[0])
    cancel_page = client.get(link).content.decode()
    for html in (form_page, thanks, cancel_page):
        assert "<script>alert" not in html and "<b>vet</b>" not in html
        assert "&lt;script&gt;" in html
    # Stored as typed: escaping happens when it is shown.
    assert Aanmelding.objects.get().answers[0]["answer"] == SCRIPT


def test_errors_re_show_typed_html_escaped(client, bijeenkomst):
    response = client.post(signup_url(bijeenkomst), form_data(name=SCRIPT[:100], email=f"{SCRIPT}@x"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
