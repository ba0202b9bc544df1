"""The public evaluation form as a visitor meets it (Django's test client; the browser journey is separate)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from plugins.evaluatie import services
from plugins.evaluatie.forms import field_name
from plugins.evaluatie.models import Antwoord, Kanaal, Reactie, Uitnodiging

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("captcha_passes")]

PROTECTION = {"website": "", "captcha_0": "x", "captcha_1": "PASSED"}


def ticket_of(response):
    return re.search(r'name="toegang" value="([^"]+)"', response.content.decode()).group(1)


def start_with_code(client, formulier, code):
    response = client.post(formulier.url, {"code": code})
    assert response.status_code == 302 and "?t=" in response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200 and "De vragen" in page.content.decode()
    return page


def test_a_parent_enters_the_code_answers_and_is_thanked(client, formulier):
    code = services.invite(formulier, Kanaal.GESPREK)
    page = client.get(formulier.url)
    assert "Vul uw code in" in page.content.decode() and "no-store" in page["Cache-Control"]

    form_page = start_with_code(client, formulier, code.lower())
    data = {"toegang": ticket_of(form_page), field_name(formulier.vraag("likert")): "4", **PROTECTION}
    done = client.post(formulier.url, data)
    assert done.status_code == 302 and done["Location"].endswith("?bedankt=1")
    assert "Dank u wel!" in client.get(done["Location"]).content.decode()
    assert Antwoord.objects.get().waarde == 4

    again = client.post(formulier.url, data)  # the back button and "send" once more
    assert again.status_code == 400 and "al verstuurd" in again.content.decode()
    assert Reactie.objects.count() == 1


def test_missing_answers_are_shown_in_dutch_and_nothing_is_stored(client, formulier):
    form_page = start_with_code(client, formulier, services.invite(formulier, Kanaal.MAIL))
    response = client.post(
        formulier.url, {"toegang": ticket_of(form_page), field_name(formulier.vraag("cijfer")): "12", **PROTECTION}
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Geef hier een antwoord." in text and "Kies een van de antwoorden." in text
    assert Reactie.objects.count() == 0
    # The ticket is still good: the visitor corrects the answers and sends.
    fixed = {"toegang": ticket_of(response), field_name(formulier.vraag("likert")): "3", **PROTECTION}
    assert client.post(formulier.url, fixed).status_code == 302


def test_wrong_used_and_expired_codes_are_explained(client, formulier):
    assert "kennen we niet" in client.post(formulier.url, {"code": "ZZZZ-ZZZZ"}).content.decode()
    code = services.invite(formulier, Kanaal.MAIL)
    start_with_code(client, formulier, code)
    used = client.post(formulier.url, {"code": code})
    assert used.status_code == 400 and "al ingevuld" in used.content.decode()
    expired = services.invite(formulier, Kanaal.MAIL)
    Uitnodiging.objects.filter(keer_gebruikt=0).update(geldig_tot=timezone.now() - timedelta(days=1))
    assert "verlopen" in client.post(formulier.url, {"code": expired}).content.decode()
    assert client.post(formulier.url, {"code": ""}).status_code == 400


def test_guessing_codes_is_limited(client, formulier, settings):
    for _ in range(20):
        client.post(formulier.url, {"code": "AAAA-AAAA"})
    response = client.post(formulier.url, {"code": services.invite(formulier, Kanaal.MAIL)})
    assert response.status_code == 429 and "over een uur" in response.content.decode()
    assert Uitnodiging.objects.get().keer_gebruikt == 0


def test_a_forged_ticket_shows_the_code_field_and_stores_nothing(client, formulier):
    response = client.get(formulier.url + "?t=forged")
    assert response.status_code == 400 and "Vul uw code in" in response.content.decode()
    post = client.post(formulier.url, {"toegang": "forged", field_name(formulier.vraag("likert")): "4", **PROTECTION})
    assert post.status_code == 400 and Reactie.objects.count() == 0


def test_a_closed_form_takes_no_answers(client, formulier):
    signed = services.open_ticket(formulier).sign()
    formulier.open_tot = timezone.now() - timedelta(minutes=1)
    formulier.save_revision().publish()
    response = client.post(formulier.url, {"toegang": signed, field_name(formulier.vraag("likert")): "4", **PROTECTION})
    assert response.status_code == 400 and "gesloten" in response.content.decode()
    assert Reactie.objects.count() == 0


def test_the_invitation_link_does_not_use_the_code_until_the_visitor_starts(client, formulier):
    code = services.invite(formulier, Kanaal.MAIL)
    page = client.get(f"/evaluatie/c/{code}/")  # also what a mail scanner does
    assert page.status_code == 200 and "Begin met de vragen" in page.content.decode()
    assert Uitnodiging.objects.get().keer_gebruikt == 0
    start_with_code(client, formulier, code)
    assert Uitnodiging.objects.get().keer_gebruikt == 1
    unknown = client.get("/evaluatie/c/ZZZZ-ZZZZ/")
    assert unknown.status_code == 200 and "kennen we niet" in unknown.content.decode()
    assert "Begin met de vragen" not in unknown.content.decode()


def test_a_link_to_a_closed_form_says_so_logs_no_code_and_keeps_the_code(client, formulier, home, caplog):
    import logging

    from django.utils import timezone as tz

    from plugins.evaluatie.models import Evaluatieformulier

    other = home.add_child(instance=Evaluatieformulier(title="Ander formulier", slug="ander", vragen=[]))
    other.save_revision().publish()
    code = services.invite(other, Kanaal.GESPREK)
    Evaluatieformulier.objects.filter(pk=other.pk).update(open_tot=tz.now())
    caplog.set_level(logging.DEBUG)
    closed = client.get(f"/evaluatie/c/{code}/")
    assert closed.status_code == 200 and "gesloten" in closed.content.decode()
    # Typed into another form's code field: refused before the code is used up.
    typed = client.post(formulier.url, {"code": code})
    assert typed.status_code == 400 and "gesloten" in typed.content.decode()
    assert Uitnodiging.objects.get().keer_gebruikt == 0
    assert not any(code in record.getMessage() for record in caplog.records)

    for _ in range(25):
        guessed = client.get("/evaluatie/c/AAAA-AAAA/")
    assert "veel codes achter elkaar" in guessed.content.decode()


def test_each_question_can_be_read_aloud_without_script(client, formulier, flite):
    code = services.invite(formulier, Kanaal.GESPREK)
    html = start_with_code(client, formulier, code).content.decode()
    players = re.findall(r'<audio controls preload="none" src="([^"]+)" aria-label="Voorlezen: ([^"]+)"', html)
    assert [label for _src, label in players] == [block.value["vraag"] for block in formulier.vragen]
    wav = client.get(players[0][0])
    assert wav.status_code == 200 and wav["Content-Type"] == "audio/wav" and wav.content[:4] == b"RIFF"
    assert "Set-Cookie" not in wav and "public" in wav["Cache-Control"]

    missing = players[0][0].replace(formulier.vraag("likert"), "geen-vraag")
    assert client.get(missing).status_code == 404
    formulier.unpublish()
    assert client.get(players[0][0]).status_code == 404


def test_without_flite_no_player_is_offered(client, formulier, monkeypatch):
    from captcha.conf import settings as captcha_settings

    monkeypatch.setattr(captcha_settings, "CAPTCHA_FLITE_PATH", "")
    code = services.invite(formulier, Kanaal.GESPREK)
    html = start_with_code(client, formulier, code).content.decode()
    assert "<audio" not in html


def test_the_smiley_scale_has_faces_and_words(client, formulier):
    code = services.invite(formulier, Kanaal.GESPREK)
    html = start_with_code(client, formulier, code).content.decode()
    smileys = re.findall(r'<input type="radio" name="vraag_[^"]+" value="(\d)" data-schaal="smiley"[^>]*>', html)
    assert smileys == ["1", "2", "3", "4", "5"]
    assert "Heel goed" in html and "evaluatie/evaluatie.css" in html


def test_answering_through_the_site_writes_and_logs_nothing_that_leads_to_the_visitor(client, formulier, caplog):
    """The whole request, middleware included: every table written and every log line."""
    import logging

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    code = services.invite(formulier, Kanaal.MAIL, onderwerp="agenda.bijeenkomst:3")
    agent = "Mozilla/5.0 (Bezoeker-Test 1.0)"
    client.get(formulier.url)  # the logo's rendition is made on the first view of any page
    caplog.set_level(logging.DEBUG)
    with CaptureQueriesContext(connection) as queries:
        started = client.post(formulier.url, {"code": code}, HTTP_USER_AGENT=agent, REMOTE_ADDR="203.0.113.7")
        ticket = ticket_of(client.get(started["Location"], HTTP_USER_AGENT=agent, REMOTE_ADDR="203.0.113.7"))
        data = {"toegang": ticket, field_name(formulier.vraag("likert")): "4", **PROTECTION}
        done = client.post(formulier.url, data, HTTP_USER_AGENT=agent, REMOTE_ADDR="203.0.113.7")
    assert done.status_code == 302
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    tables = {re.search(r'(?:INTO|UPDATE|FROM) "?(\w+)"?', sql).group(1) for sql in writes}
    # The invitation counted as used, the spent ticket, the response; the captcha challenge used up;
    # the per-address limit, under a keyed hash of the address and only for the current hour.
    assert tables <= {
        "steunpunt_ratelimit_teller",
        "evaluatie_uitnodiging",
        "evaluatie_gebruiktetoegang",
        "evaluatie_reactie",
        "evaluatie_antwoord",
        "captcha_captchastore",
    }, tables
    secrets = ("203.0.113.7", "Bezoeker-Test", services.normalise(code), code, ticket)
    for sql in writes:
        assert not any(s in sql for s in secrets), sql
    for model in (Reactie, Antwoord):
        for row in model.objects.values():
            assert not any(s in str(row) for s in secrets)
    for record in caplog.records:
        line = record.getMessage() + str(getattr(record, "args", ""))
        assert not any(s in line for s in secrets), line


def test_a_form_behind_a_password_asks_for_it_first(client, formulier):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=formulier, restriction_type="password", password="geheim")
    page = client.get(formulier.url)
    assert "Vul uw code in" not in page.content.decode() and 'name="password"' in page.content.decode()
    block = formulier.vraag("likert")
    assert client.get(f"/evaluatie/voorlezen/{formulier.pk}/{block}.wav").status_code == 404
