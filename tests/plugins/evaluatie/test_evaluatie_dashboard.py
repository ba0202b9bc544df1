"""The dashboard "Evaluaties": only the Steunpunt role, and never a small number."""

import csv
import io
import re

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from plugins.evaluatie import services
from plugins.evaluatie.admin_access import LOG_EXPORT
from plugins.evaluatie.models import Antwoord, Reactie, Uitnodiging

pytestmark = pytest.mark.django_db


def respond(formulier, n, likert=None, onderwerp="", open_text=""):
    for i in range(n):
        ticket = services.Ticket(str(formulier.translation_key), onderwerp, f"n{onderwerp}{i}{likert}{open_text}")
        answers = {formulier.vraag("likert"): [(likert if likert is not None else 1 + i % 5, "")]}
        if open_text:
            answers[formulier.vraag("open")] = [(None, open_text)]
        services.store_response(formulier, ticket, answers)
    release_all()


def release_all():
    """As if enough had come in: these tests are about what released responses show (the release has its own)."""
    Reactie.objects.update(vrijgegeven=True)
    Antwoord.objects.update(vrijgegeven=True)


def urls(formulier):
    return [
        reverse("evaluatie_admin:index"),
        reverse("evaluatie_admin:results", args=[formulier.pk]),
        reverse("evaluatie_admin:export", args=[formulier.pk, "csv"]),
        reverse("evaluatie_admin:export", args=[formulier.pk, "xlsx"]),
        reverse("evaluatie_admin:export", args=[formulier.pk, "csv"]) + "?onbeschermd=1",
    ]


@pytest.mark.parametrize("role", ["redacteur", "beheerder", "bestuurder", "superuser"])
def test_every_role_but_steunpunt_gets_403_on_every_dashboard_and_export_address(client, formulier, role, request):
    respond(formulier, 6, open_text="Mijn zoon Daan vond het fijn")
    client.force_login(request.getfixturevalue(role))
    for url in urls(formulier):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"Daan" not in response.content
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("evaluatie_admin:index") not in menu


def test_steunpunt_sees_the_menu_the_forms_and_the_results(client, formulier, steunpunt_medewerker):
    respond(formulier, 25)
    client.force_login(steunpunt_medewerker)
    assert reverse("evaluatie_admin:index") in client.get(reverse("wagtailadmin_home")).content.decode()
    index = client.get(reverse("evaluatie_admin:index")).content.decode()
    assert "Hoe was de thema-avond?" in index and ">25<" in index
    page = client.get(reverse("evaluatie_admin:results", args=[formulier.pk])).content.decode()
    assert "Vraag 1: De avond was nuttig" in page and "gemiddeld 3,0" in page
    assert '<svg class="chart" role="img"' in page and "<caption>Antwoorden op vraag 1</caption>" in page


def test_fewer_than_k_responses_show_nothing_per_question(client, formulier, steunpunt_medewerker):
    respond(formulier, 4, likert=5)
    client.force_login(steunpunt_medewerker)
    page = client.get(reverse("evaluatie_admin:results", args=[formulier.pk])).content.decode()
    assert "Aantal reacties: <strong>&lt; 5</strong>" in page and "Te weinig reacties" in page
    assert "Vraag 1" not in page and "De vragenlijst staat nog open" in page


def test_a_small_answer_count_is_hidden_and_cannot_be_worked_out(client, formulier, steunpunt_medewerker):
    respond(formulier, 10, likert=4)
    respond(formulier, 2, likert=1)
    client.force_login(steunpunt_medewerker)
    page = client.get(reverse("evaluatie_admin:results", args=[formulier.pk])).content.decode()
    table = page.split("<caption>Antwoorden op vraag 1</caption>")[1].split("</table>")[0]
    assert "&lt; 5" in table  # the 2
    assert "<td>10</td>" not in table  # hidden too: total 12 minus 10 would give the 2 back
    assert "<td>12</td>" in table
    # 1 x n1 + 4 x n4 = mean x 12 and n1 + n4 = 12 would give both hidden counts back.
    assert "gemiddeld" not in page.split("Vraag 1:")[1].split("Vraag 2:")[0]


def test_a_filter_that_narrows_the_group_below_k_says_so(client, formulier, steunpunt_medewerker):
    respond(formulier, 8, onderwerp="agenda.bijeenkomst:1")
    respond(formulier, 3, onderwerp="agenda.bijeenkomst:2")
    client.force_login(steunpunt_medewerker)
    url = reverse("evaluatie_admin:results", args=[formulier.pk])
    narrowed = client.get(url, {"onderwerp": "agenda.bijeenkomst:2"}).content.decode()
    assert "Met deze filters zijn er minder dan 5 reacties" in narrowed and "Vraag 1" not in narrowed
    # Meeting 1 alone would leave out 3: all responses minus these would give them.
    rest = client.get(url, {"onderwerp": "agenda.bijeenkomst:1"}).content.decode()
    assert "Buiten deze filters zijn er minder dan 5 reacties" in rest and "Vraag 1" not in rest
    assert "Aantal reacties: <strong>te weinig reacties</strong>" in rest  # not 8, next to 11 overall

    respond(formulier, 6, onderwerp="agenda.bijeenkomst:3")
    shown = client.get(url, {"onderwerp": "agenda.bijeenkomst:1"}).content.decode()
    assert "Vraag 1" in shown and "Aantal reacties: <strong>8</strong>" in shown


def test_open_answers_are_escaped_and_personal_data_is_marked(client, formulier, steunpunt_medewerker):
    respond(formulier, 6, open_text="<img src=x onerror=alert(1)> Bel me: 06-12345678")
    client.force_login(steunpunt_medewerker)
    page = client.get(reverse("evaluatie_admin:results", args=[formulier.pk])).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert '<mark class="personal-data" title="telefoonnummer">06-12345678' in page


def test_exports_are_protected_unless_the_true_counts_are_asked_for_and_that_is_logged(
    client, formulier, steunpunt_medewerker
):
    respond(formulier, 10, likert=4)
    respond(formulier, 2, likert=1)
    client.force_login(steunpunt_medewerker)
    url = reverse("evaluatie_admin:export", args=[formulier.pk, "csv"])
    protected = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig")), delimiter=";"))
    counts = {row[1]: row[2] for row in protected[1:] if row[0] == "De avond was nuttig"}
    assert counts["Helemaal niet mee eens"] == "< 5" and counts["Mee eens"] == "×"
    true = list(csv.reader(io.StringIO(client.get(url + "?onbeschermd=1").content.decode("utf-8-sig")), delimiter=";"))
    assert {row[1]: row[2] for row in true[1:] if row[0] == "De avond was nuttig"}["Helemaal niet mee eens"] == "2"
    entries = list(PageLogEntry.objects.filter(action=LOG_EXPORT)) + list(
        ModelLogEntry.objects.filter(action=LOG_EXPORT)
    )
    assert sorted(e.data["onbeschermd"] for e in entries) == [False, True]
    assert Reactie.objects.count() == 12


def test_steunpunt_makes_a_code_that_is_shown_once_and_works(client, formulier, steunpunt_medewerker):
    client.force_login(steunpunt_medewerker)
    url = reverse("evaluatie_admin:invitation")
    response = client.post(url, {"formulier": str(formulier.pk), "kanaal": "gesprek", "dagen": "7"})
    text = response.content.decode()
    code = re.search(r'evaluatie-invitation__code">([A-Z0-9-]+)<', text).group(1)
    assert "no-store" in response["Cache-Control"] and "<svg" in text and f"/evaluatie/c/{code}/" in text
    assert code not in str(list(Uitnodiging.objects.values()))
    assert services.redeem(code).formulier == str(formulier.translation_key)


def test_bad_invitation_input_is_explained_and_makes_nothing(client, formulier, steunpunt_medewerker):
    client.force_login(steunpunt_medewerker)
    response = client.post(
        reverse("evaluatie_admin:invitation"), {"formulier": "999999", "kanaal": "mail", "dagen": "0"}
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Kies een gepubliceerd formulier." in text and "Kies 1 dag of meer." in text
    assert not Uitnodiging.objects.exists()


@pytest.mark.parametrize("role", ["redacteur", "beheerder", "bestuurder", "superuser"])
def test_only_steunpunt_makes_invitations(client, formulier, role, request):
    client.force_login(request.getfixturevalue(role))
    url = reverse("evaluatie_admin:invitation")
    assert client.get(url).status_code == 403
    assert client.post(url, {"formulier": str(formulier.pk), "kanaal": "gesprek", "dagen": "7"}).status_code == 403
    assert not Uitnodiging.objects.exists()


def test_an_unknown_filter_says_so_instead_of_quietly_showing_everything(client, formulier, steunpunt_medewerker):
    respond(formulier, 6)
    client.force_login(steunpunt_medewerker)
    url = reverse("evaluatie_admin:results", args=[formulier.pk])
    page = client.get(url, {"onderwerp": "agenda.bijeenkomst:999"}).content.decode()
    assert "Een van de filters kennen we niet" in page


def test_the_mean_is_compared_with_the_period_before(client, formulier, steunpunt_medewerker):
    from plugins.evaluatie.results import _add_months

    this_month = Reactie._meta.get_field("maand").default()
    last_month = _add_months(this_month, -1)
    respond(formulier, 10, likert=4)
    respond(formulier, 10, likert=2, onderwerp="eerder")
    # Answers copy their response's month and subject (models.Antwoord): move both.
    Antwoord.objects.filter(reactie__onderwerp="eerder").update(maand=last_month, onderwerp="")
    Reactie.objects.filter(onderwerp="eerder").update(maand=last_month, onderwerp="")
    client.force_login(steunpunt_medewerker)
    url = reverse("evaluatie_admin:results", args=[formulier.pk])

    page = client.get(url, {"van": f"{this_month:%Y-%m}", "tot": f"{this_month:%Y-%m}"}).content.decode()
    assert "Aantal reacties: <strong>10</strong> · de periode ervoor: 10" in page
    assert "gemiddeld 4,0 · 2,0 hoger dan de periode ervoor (2,0)" in page

    page = client.get(url, {"van": f"{last_month:%Y-%m}", "tot": f"{last_month:%Y-%m}"}).content.decode()
    assert "de periode ervoor: 0" in page and "gemiddeld 2,0" in page and "periode ervoor (" not in page

    both = client.get(url).content.decode()  # no period chosen: all together, and how to compare
    assert "gemiddeld 3,0" in both and "Kies een begin- en eindmaand" in both


def test_names_of_meetings_in_the_filter_and_the_response_rate_per_meeting(client, formulier, steunpunt_medewerker):
    from plugins.evaluatie.models import Kanaal, Onderwerp

    Onderwerp.objects.create(sleutel="agenda.bijeenkomst:1", naam="Thema-avond dyslexie (12 maart 2027)")
    for _ in range(6):
        services.invite(formulier, Kanaal.MAIL, onderwerp="agenda.bijeenkomst:1")
    services.invite(formulier, Kanaal.MAIL, onderwerp="agenda.bijeenkomst:2")
    respond(formulier, 6, onderwerp="agenda.bijeenkomst:1")
    client.force_login(steunpunt_medewerker)
    url = reverse("evaluatie_admin:results", args=[formulier.pk])
    page = client.get(url).content.decode()
    assert '<option value="agenda.bijeenkomst:1">Thema-avond dyslexie (12 maart 2027)</option>' in page
    rates = client.get(url, {"onderwerp": "agenda.bijeenkomst:1"}).content.decode()
    assert re.search(r"E-mail na een bijeenkomst</th><td>6</td>", rates)


def test_a_year_that_cannot_be_counted_back_is_ignored_not_an_error(client, formulier, steunpunt_medewerker):
    respond(formulier, 5)
    client.force_login(steunpunt_medewerker)
    response = client.get(reverse("evaluatie_admin:results", args=[formulier.pk]), {"van": "0001-01", "tot": "0001-03"})
    assert response.status_code == 200 and "Aantal reacties: <strong>5</strong>" in response.content.decode()


@pytest.mark.parametrize("role", ["redacteur", "superuser"])
def test_others_cannot_tell_which_forms_exist(client, formulier, role, request):
    client.force_login(request.getfixturevalue(role))
    for pk in (formulier.pk, 999_999):
        assert client.get(reverse("evaluatie_admin:results", args=[pk])).status_code == 403
        assert client.get(reverse("evaluatie_admin:export", args=[pk, "csv"])).status_code == 403


def test_new_responses_wait_until_there_are_k_and_the_dashboard_says_so(client, formulier, steunpunt_medewerker):
    respond(formulier, 5, likert=4)  # released
    for i in range(2):
        ticket = services.Ticket(str(formulier.translation_key), "", f"later{i}")
        services.store_response(formulier, ticket, {formulier.vraag("likert"): [(1, "")]})
    client.force_login(steunpunt_medewerker)
    page = client.get(reverse("evaluatie_admin:results", args=[formulier.pk])).content.decode()
    assert "Aantal reacties: <strong>5</strong>" in page
    assert "Nieuwe reacties die nog niet meetellen: &lt; 5" in page
    assert "Helemaal niet mee eens" in page and "gemiddeld 4,0" in page  # the two 1s not yet counted


def test_a_choice_written_as_a_formula_is_exported_as_text(client, home, steunpunt_medewerker):
    from plugins.evaluatie.models import Evaluatieformulier

    question = {"vraag": "=cmd|' /C calc'!A0", "uitleg": "", "verplicht": True}
    choice = {**question, "vraag": "Waar hoorde u ervan?", "keuzes": ['=HYPERLINK("http://x")', "School"]}
    form = home.add_child(
        instance=Evaluatieformulier(
            title="Formules", slug="formules", vragen=[("likert", question), ("keuze", {**choice, "meerdere": False})]
        )
    )
    form.save_revision().publish()
    form.refresh_from_db()
    for i in range(5):
        ticket = services.Ticket(str(form.translation_key), "", f"f{i}")
        services.store_response(form, ticket, {b.id: [(4 if b.block_type == "likert" else 0, "")] for b in form.vragen})
    release_all()
    client.force_login(steunpunt_medewerker)
    text = client.get(reverse("evaluatie_admin:export", args=[form.pk, "csv"])).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and '\'=HYPERLINK("http://x")' in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
