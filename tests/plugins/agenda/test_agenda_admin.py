"""Staff screens of the agenda: overview, attendee list, export, check-in, cancel, move, message."""

import csv
import io
import json

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry, PageLogEntry

from distro.outbox.models import Verzending
from plugins.agenda import services
from plugins.agenda.models import Aanmelding, Bezetting

# The mail hooks are recorded, not run (mail_calls in conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_calls")]

BEVESTIGD = Aanmelding.Status.BEVESTIGD
WACHTLIJST = Aanmelding.Status.WACHTLIJST
GEANNULEERD = Aanmelding.Status.GEANNULEERD


def meld_aan(bijeenkomst, gegevens, **overrides):
    aanmelding, _created = services.aanmelden(bijeenkomst, **gegevens(**overrides))
    return aanmelding


@pytest.fixture
def gevuld(bijeenkomst, gegevens):
    """10 places: Fatima (2, with answers) and Jan (1) confirmed ... and a full house with Piet waiting."""
    fatima = meld_aan(
        bijeenkomst,
        gegevens,
        persons=2,
        answers=[{"question": "Wat wilt u bespreken?", "answer": "Thuiszitten"}],
    )
    jan = meld_aan(bijeenkomst, gegevens, name="Jan Jansen", email="jan@example.org", role="professional")
    for i in range(7):
        meld_aan(bijeenkomst, gegevens, name=f"Ouder {i}", email=f"ouder{i}@example.org")
    piet = meld_aan(bijeenkomst, gegevens, name="Piet Wacht", email="piet@example.org", role="jongere")
    assert piet.status == WACHTLIJST
    return {"bijeenkomst": bijeenkomst, "fatima": fatima, "jan": jan, "piet": piet}


def url(name, *args):
    return reverse(f"agenda_admin:{name}", args=args)


# --- Overview ----------------------------------------------------------------------


def test_overview_shows_counts_and_cancelled_state(client, steunpunt_medewerker, gevuld, maak_bijeenkomst):
    afgelast = maak_bijeenkomst(title="Avond die niet doorgaat", cancelled=True, capacity=None)
    client.force_login(steunpunt_medewerker)
    response = client.get(url("overview"))
    assert response.status_code == 200
    html = response.content.decode()
    bijeenkomst = gevuld["bijeenkomst"]
    assert bijeenkomst.title in html and afgelast.title in html
    row = html.split(bijeenkomst.title, 1)[1].split("</tr>", 1)[0]
    # 10 of 10 places taken, 1 person waiting.
    assert "<td>10</td>" in row and "<td>1</td>" in row
    afgelast_row = html.split(afgelast.title, 1)[1].split("</tr>", 1)[0]
    assert "Afgelast" in afgelast_row and "onbeperkt" in afgelast_row
    assert url("attendees", bijeenkomst.pk) in html


def test_overview_for_redacteur_has_counts_and_edit_links_but_no_people(client, redacteur, gevuld):
    client.force_login(redacteur)
    response = client.get(url("overview"))
    assert response.status_code == 200
    html = response.content.decode()
    bijeenkomst = gevuld["bijeenkomst"]
    assert bijeenkomst.title in html
    assert reverse("wagtailadmin_pages:edit", args=[bijeenkomst.pk]) in html
    assert url("attendees", bijeenkomst.pk) not in html
    for secret in ("Fatima", "fatima@example.org", "Thuiszitten"):
        assert secret not in html


def test_past_meetings_have_their_own_tab(client, steunpunt_medewerker, maak_bijeenkomst):
    from datetime import timedelta

    oud = maak_bijeenkomst(title="Avond van vorige maand", begint_over=timedelta(days=-30))
    nieuw = maak_bijeenkomst(title="Avond van volgende week", begint_over=timedelta(days=7))
    client.force_login(steunpunt_medewerker)
    komend = client.get(url("overview")).content.decode()
    voorbij = client.get(url("overview") + "?wanneer=voorbij").content.decode()
    assert nieuw.title in komend and oud.title not in komend
    assert oud.title in voorbij and nieuw.title not in voorbij


def test_menu_item_for_steunpunt_and_redacteur_only(client, steunpunt_medewerker, redacteur, beheerder, bestuurder):
    for user, shown in ((steunpunt_medewerker, True), (redacteur, True), (beheerder, False), (bestuurder, False)):
        client.force_login(user)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert (url("overview") in html) is shown, user.username


# --- Attendee list ----------------------------------------------------------------------


def test_attendee_list_shows_people_answers_status_and_failed_mail(client, steunpunt_medewerker, gevuld):
    # The provider refused Jan's mail (the state is kept in the core outbox).
    Verzending.objects.update_or_create(
        kind="agenda.status", object_id=gevuld["jan"].pk, defaults={"status": Verzending.Status.MISLUKT, "attempts": 1}
    )
    client.force_login(steunpunt_medewerker)
    response = client.get(url("attendees", gevuld["bijeenkomst"].pk))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Fatima de Vries",
        "fatima@example.org",
        "Wat wilt u bespreken?",
        "Thuiszitten",
        "Jan Jansen",
        "Professional",
    ):
        assert text in html
    assert "Op de wachtlijst" in html and "Piet Wacht" in html
    assert "Mislukt" in html and "Bij 1 aanmelding is de e-mail mislukt" in html
    # Confirmed people come before the waiting list.
    assert html.index("Jan Jansen") < html.index("Piet Wacht")


def test_free_text_is_escaped_in_the_attendee_list(client, steunpunt_medewerker, bijeenkomst, gegevens):
    meld_aan(
        bijeenkomst, gegevens, name="<script>alert(1)</script>", answers=[{"question": "Vraag", "answer": "<b>vet</b>"}]
    )
    client.force_login(steunpunt_medewerker)
    html = client.get(url("attendees", bijeenkomst.pk)).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>vet</b>" not in html and "&lt;b&gt;vet&lt;/b&gt;" in html


# --- Export ------------------------------------------------------------------------------


def read_csv(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_csv_export(client, steunpunt_medewerker, gevuld):
    client.force_login(steunpunt_medewerker)
    response = client.get(url("export", gevuld["bijeenkomst"].pk, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="deelnemers-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert "no-store" in response["Cache-Control"]
    rows = read_csv(response)
    assert rows[0] == [
        "Naam",
        "E-mailadres",
        "Aantal personen",
        "Ik ben",
        "Status",
        "Aanwezig",
        "E-mail",
        "Aangemeld op",
        "Taal",
        "Wat wilt u bespreken?",
    ]
    assert len(rows) == 1 + 10  # 9 confirmed + 1 waiting
    fatima = next(r for r in rows if r[0] == "Fatima de Vries")
    assert fatima[1:5] == ["fatima@example.org", "2", "Ouder of verzorger", "Aangemeld"]
    assert fatima[-1] == "Thuiszitten"
    piet = next(r for r in rows if r[0] == "Piet Wacht")
    assert piet[4] == "Op de wachtlijst" and piet[-1] == ""


def test_exports_neutralise_formulas(client, steunpunt_medewerker, bijeenkomst, gegevens):
    meld_aan(
        bijeenkomst,
        gegevens,
        name='=HYPERLINK("http://evil.example","klik")',
        email="formule@example.org",
        answers=[
            {"question": "Telefoon", "answer": "+31 6 12345678"},
            {"question": "@Vraag", "answer": "-2+3"},
        ],
    )
    meld_aan(bijeenkomst, gegevens, name="@SUM(A1:A2)", email="at@example.org")
    client.force_login(steunpunt_medewerker)

    rows = read_csv(client.get(url("export", bijeenkomst.pk, "csv")))
    assert rows[0][-2:] == ["Telefoon", "'@Vraag"]
    names = [r[0] for r in rows[1:]]
    assert names == ['\'=HYPERLINK("http://evil.example","klik")', "'@SUM(A1:A2)"]
    assert rows[1][-2:] == ["'+31 6 12345678", "'-2+3"]

    response = client.get(url("export", bijeenkomst.pk, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Naam"
    assert values[1][0] == '\'=HYPERLINK("http://evil.example","klik")'
    assert values[1][2] == 1  # numbers stay numbers
    assert values[1][-2:] == ["'+31 6 12345678", "'-2+3"]
    # No cell is a formula.
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_export_content(client, steunpunt_medewerker, gevuld):
    client.force_login(steunpunt_medewerker)
    sheet = load_workbook(io.BytesIO(client.get(url("export", gevuld["bijeenkomst"].pk, "xlsx")).content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Naam", "E-mailadres", "Aantal personen"]
    assert ["Fatima de Vries", "fatima@example.org", 2] == rows[1][:3]
    assert len(rows) == 11


# --- Check-in -----------------------------------------------------------------------------


def test_checkin_sets_attendance_and_keeps_counts(client, steunpunt_medewerker, gevuld):
    client.force_login(steunpunt_medewerker)
    fatima, jan = gevuld["fatima"], gevuld["jan"]
    response = client.post(url("checkin", fatima.pk), {"aanwezig": "ja"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#aanmelding-{fatima.pk}")
    client.post(url("checkin", jan.pk), {"aanwezig": "nee"})
    fatima.refresh_from_db()
    jan.refresh_from_db()
    assert fatima.attended is True and jan.attended is False
    bezetting = Bezetting.objects.get(bijeenkomst=gevuld["bijeenkomst"])
    assert (bezetting.attended, bezetting.no_show) == (2, 1)
    assert bezetting.confirmed == 10  # the place counters are untouched
    # Undo.
    client.post(url("checkin", fatima.pk), {"aanwezig": "leeg"})
    fatima.refresh_from_db()
    assert fatima.attended is None
    assert Bezetting.objects.get(pk=bezetting.pk).attended == 0


def test_checkin_refuses_waiting_list_bad_values_and_get(client, steunpunt_medewerker, gevuld):
    client.force_login(steunpunt_medewerker)
    client.post(url("checkin", gevuld["piet"].pk), {"aanwezig": "ja"})
    client.post(url("checkin", gevuld["jan"].pk), {"aanwezig": "misschien"})
    assert client.get(url("checkin", gevuld["jan"].pk)).status_code == 405
    assert Aanmelding.objects.filter(attended__isnull=False).count() == 0


# --- Cancel and move -------------------------------------------------------------------------


def test_cancel_asks_first_then_promotes_from_the_waiting_list(client, steunpunt_medewerker, gevuld, mail_calls):
    client.force_login(steunpunt_medewerker)
    jan, piet = gevuld["jan"], gevuld["piet"]
    confirm = client.get(url("cancel", jan.pk))
    assert confirm.status_code == 200 and "Jan Jansen" in confirm.content.decode()
    jan.refresh_from_db()
    assert jan.status == BEVESTIGD  # a GET changes nothing

    response = client.post(url("cancel", jan.pk), follow=True)
    assert "1 aanmelding van de wachtlijst heeft nu een plek" in response.content.decode()
    jan.refresh_from_db()
    piet.refresh_from_db()
    assert jan.status == GEANNULEERD and piet.status == BEVESTIGD
    assert ("promotie", piet.pk) in mail_calls
    bezetting = Bezetting.objects.get(bijeenkomst=gevuld["bijeenkomst"])
    assert (bezetting.confirmed, bezetting.waiting) == (10, 0)
    # Twice is harmless.
    client.post(url("cancel", jan.pk))
    assert Bezetting.objects.get(pk=bezetting.pk).confirmed == 10


def test_move_to_another_meeting(client, steunpunt_medewerker, gevuld, maak_bijeenkomst, mail_calls):
    ander = maak_bijeenkomst(title="Tweede avond", capacity=5)
    client.force_login(steunpunt_medewerker)
    fatima = gevuld["fatima"]
    form = client.get(url("move", fatima.pk))
    assert form.status_code == 200
    html = form.content.decode()
    assert "Tweede avond" in html
    assert f'value="{gevuld["bijeenkomst"].pk}"' not in html  # not to the same meeting

    response = client.post(url("move", fatima.pk), {"naar": ander.pk})
    assert response.status_code == 302
    fatima.refresh_from_db()
    assert fatima.bijeenkomst_id == ander.pk and fatima.status == BEVESTIGD
    assert Bezetting.objects.get(bijeenkomst=ander).confirmed == 2
    # Freed places went to Piet on the waiting list of the first meeting.
    gevuld["piet"].refresh_from_db()
    assert gevuld["piet"].status == BEVESTIGD
    assert ("bevestiging", fatima.pk) in mail_calls


def test_move_to_a_full_meeting_without_waiting_list_shows_why(
    client, steunpunt_medewerker, gevuld, maak_bijeenkomst, gegevens
):
    vol = maak_bijeenkomst(title="Kleine avond", capacity=1, waiting_list=False)
    meld_aan(vol, gegevens, email="iemand@example.org")
    client.force_login(steunpunt_medewerker)
    response = client.post(url("move", gevuld["jan"].pk), {"naar": vol.pk})
    assert response.status_code == 200
    assert "vol en heeft geen wachtlijst" in response.content.decode()
    gevuld["jan"].refresh_from_db()
    assert gevuld["jan"].bijeenkomst_id == gevuld["bijeenkomst"].pk


# --- Message to all ------------------------------------------------------------------------------


def test_message_is_mailed_after_commit_to_each_registrant_escaped(
    client, steunpunt_medewerker, gevuld, django_capture_on_commit_callbacks
):
    services.afmelden(gevuld["jan"])  # a cancelled registration gets nothing; Piet moves up
    client.force_login(steunpunt_medewerker)
    data = {
        "aan": "alle",
        "onderwerp": "Andere zaal",
        "tekst": "We zitten in zaal 2.\n\n<script>alert('x')</script> & meer",
    }
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url("message", gevuld["bijeenkomst"].pk), data)
    assert response.status_code == 302
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert len(mail.outbox) == 9 and all(len(m.to) == 1 for m in mail.outbox)
    assert "jan@example.org" not in recipients and "piet@example.org" in recipients
    message = next(m for m in mail.outbox if m.to == ["fatima@example.org"])
    assert message.subject == "Andere zaal"
    assert "Beste Fatima de Vries" in message.body
    assert "<script>alert('x')</script> & meer" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; meer" in html
    assert gevuld["bijeenkomst"].title in html
    # Each mail carries the registrant's own cancel link.
    assert "Kunt u niet komen? Meld u dan af via deze link:" in message.body and "Meld u dan af</a>" in html
    jan_link = [line for line in message.body.splitlines() if line.startswith("http")]
    other = next(m for m in mail.outbox if m.to == ["piet@example.org"])
    assert len(jan_link) == 1 and jan_link[0] not in other.body


def test_message_to_confirmed_only_and_form_errors(
    client, steunpunt_medewerker, gevuld, django_capture_on_commit_callbacks
):
    client.force_login(steunpunt_medewerker)
    response = client.post(url("message", gevuld["bijeenkomst"].pk), {"aan": "alle", "onderwerp": "", "tekst": ""})
    assert response.status_code == 200
    assert "Vul een onderwerp in." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("message", gevuld["bijeenkomst"].pk),
            {"aan": "bevestigd", "onderwerp": "Tot morgen", "tekst": "Fijn dat u komt."},
        )
    assert len(mail.outbox) == 9
    assert "piet@example.org" not in [m.to[0] for m in mail.outbox]


# --- Audit log -------------------------------------------------------------------------------------


def test_audit_log_names_the_staff_member_but_no_personal_data(
    client, steunpunt_medewerker, gevuld, maak_bijeenkomst, django_capture_on_commit_callbacks
):
    ander = maak_bijeenkomst(title="Tweede avond", capacity=5)
    client.force_login(steunpunt_medewerker)
    bijeenkomst = gevuld["bijeenkomst"]
    client.get(url("export", bijeenkomst.pk, "csv"))
    client.get(url("export", bijeenkomst.pk, "xlsx"))
    client.post(url("checkin", gevuld["fatima"].pk), {"aanwezig": "ja"})
    client.post(url("cancel", gevuld["jan"].pk))
    client.post(url("move", gevuld["fatima"].pk), {"naar": ander.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("message", bijeenkomst.pk), {"aan": "alle", "onderwerp": "Geheim onderwerp", "tekst": "Geheime tekst"}
        )

    entries = list(PageLogEntry.objects.filter(action__startswith="agenda.")) + list(
        ModelLogEntry.objects.filter(action__startswith="agenda.")
    )
    actions = {e.action for e in entries}
    assert actions >= {
        "agenda.deelnemers_export",
        "agenda.aanwezigheid",
        "agenda.aanmelding_afgemeld",
        "agenda.aanmelding_verplaatst",
        "agenda.bericht_verstuurd",
    }
    assert all(e.user_id == steunpunt_medewerker.pk for e in entries)
    message_entry = next(e for e in entries if e.action == "agenda.bericht_verstuurd")
    assert message_entry.data == {"ontvangers": 8}  # Fatima moved away, Jan cancelled, Piet moved up
    stored = json.dumps([[e.label, e.data, e.message] for e in entries])
    for secret in ("Fatima", "fatima@", "Jan Jansen", "jan@", "Piet", "Thuiszitten", "Geheim"):
        assert secret not in stored
    # The history shows it in words.
    assert message_entry.message == "Bericht verstuurd aan 8 aanmeldingen"
