"""The board report: its figures, its storage, the quarterly job and the mail to the board."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from signalen_helpers import register, themes

from plugins.signalen import jobs, report
from plugins.signalen.models import PaginaWeergave, Rapport

Q1 = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


def day(n):
    return datetime.date(2026, 1, 1) + datetime.timedelta(days=n)


@pytest.mark.django_db
def test_a_report_counts_protects_and_shows_no_free_text(site):
    thuis, vervoer = themes("Thuiszitten", "Leerlingenvervoer")
    for n in range(12):
        register(day(n), [thuis], kanaal="telefoon", minuten=20, notitie="Geheime notitie")
    for n in range(3):
        register(day(n), [thuis, vervoer], kanaal="whatsapp", aard="klacht", minuten=40)
    inhoud = report.make("kwartaal", *Q1).inhoud
    cells = inhoud["cellen"]
    assert cells["r"] == 15 and cells["r|kanaal=whatsapp"] is None and "r|kanaal=whatsapp" in inhoud["klein"]
    # With only WhatsApp hidden, 15 - 12 would give it away: the telephone count goes too (secondary).
    assert cells["r|kanaal=telefoon"] is None and "r|kanaal=telefoon" not in inhoud["klein"]
    assert cells["r|vraagsteller=ouder"] == 15 and cells["r|kanaal=email"] == 0
    # 18 mentions: the 3 of Leerlingenvervoer hidden, so the 15 of Thuiszitten as well.
    assert cells["t"] == 18 and cells[f"t|thema={vervoer.pk}"] is None and cells[f"t|thema={thuis.pk}"] is None
    assert inhoud["tijd"]["totaal"] == 360 and inhoud["tijd"]["gemiddeld"] == 24.0
    # Means per nature only where the groups left out hold none or at least k: 3 klachten are left out.
    assert inhoud["tijd"]["per"]["aard"] == {}
    assert "Geheime notitie" not in str(inhoud)


@pytest.mark.django_db
def test_a_report_is_stored_unchanged_with_its_parameters(site):
    register(day(1))
    rapport = report.make("kwartaal", *Q1)
    assert (rapport.titel, rapport.soort, rapport.k) == ("Verslag kwartaal 1 2026", "kwartaal", 5)
    register(day(2))
    rapport.refresh_from_db()
    assert rapport.inhoud["cellen"]["r"] is None  # 1, then hidden; the new registration changes nothing stored
    rapport.titel = "Anders"
    with pytest.raises(ValidationError):
        rapport.save()


@pytest.mark.django_db
def test_the_trend_compares_with_the_stored_report_before(site):
    for n in range(6):
        register(datetime.date(2025, 12, 1) + datetime.timedelta(days=n))
    report.make("kwartaal", datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
    for n in range(9):
        register(day(n))
    inhoud = report.make("kwartaal", *Q1).inhoud
    assert inhoud["trend"]["titel"] == "Verslag kwartaal 4 2025" and inhoud["trend"]["cellen"]["r"] == 6


@pytest.mark.django_db
def test_most_viewed_pages_and_the_other_plugins_figures_are_in_it(site, home):
    PaginaWeergave.objects.create(pagina=home, maand=datetime.date(2026, 2, 1), aantal=40)
    PaginaWeergave.objects.create(pagina=home, maand=datetime.date(2026, 4, 1), aantal=99)
    inhoud = report.make("kwartaal", *Q1).inhoud
    assert inhoud["paginas"] == [{"titel": home.title, "aantal": 40}]
    groups = {g["groep"] for g in inhoud["plugins"]}
    assert {"Agenda", "Landelijke informatieset"} <= groups


@pytest.mark.django_db
def test_the_report_screen_shows_charts_and_tables_and_the_csv_has_no_small_counts(site, client_of, rapport):
    client = client_of("steunpunt_medewerker")
    page = client.get(reverse("signalen_rapporten:detail", args=[rapport.pk])).content.decode()
    assert '<svg class="grafiek"' in page and 'role="img"' in page and "<table" in page
    assert "s per soort school" in page and "Zo leest u dit verslag" in page
    csv = client.get(reverse("signalen_rapporten:export", args=[rapport.pk, "csv"])).content.decode("utf-8-sig")
    for line in csv.splitlines()[1:]:
        figure = line.rsplit(";", 1)[1]
        assert figure in ("< 5", "×", "0") or int(figure) >= 5, line


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, message",
    [
        ({"soort": "kwartaal", "jaar": "2026", "nummer": "5"}, "Kies een getal van 1 tot en met 4"),
        ({"soort": "maand", "jaar": "2026", "nummer": ""}, "Kies een getal van 1 tot en met 12"),
        ({"soort": "jaar", "jaar": "1850"}, "Kies een jaar van 2000"),
        ({"soort": "jaar", "jaar": ""}, "Vul het jaar in"),
        ({"soort": "anders", "van": "2026-03-01", "tot": "2026-02-01"}, "De laatste dag ligt voor de eerste"),
        ({"soort": "anders", "van": "2026-02-30", "tot": "2026-03-01"}, "Dit is geen geldige datum"),
        ({"soort": "anders", "van": "2099-01-01", "tot": "2099-02-01"}, "nog niet voorbij"),
        ({"soort": "anders", "van": "2026-01-01", "tot": "9999-12-31"}, "nog niet voorbij"),
    ],
)
def test_a_wrong_period_gets_a_dutch_error_and_makes_no_report(site, client_of, data, message):
    response = client_of("steunpunt_medewerker").post(reverse("signalen_rapporten:index"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert Rapport.objects.count() == 0


@pytest.mark.django_db
def test_the_quarterly_job_makes_the_report_once_and_mails_it_to_the_board(site, bestuurder, outbox, settings):
    pytest.importorskip("weasyprint", reason="WeasyPrint (PDF) is not installed")
    bestuurder.email = "voorzitter@swv.test"
    bestuurder.save()
    register(day(3))
    assert jobs.quarterly_report(today=datetime.date(2026, 4, 2)).startswith("made and sent")
    assert jobs.quarterly_report(today=datetime.date(2026, 4, 3)) == "already made"
    rapport = Rapport.objects.get()
    assert (rapport.start, rapport.eind, rapport.automatisch) == (*Q1, True)
    outbox.run()
    [message] = outbox.sent()
    assert message.bcc == ["voorzitter@swv.test"] and message.to == []
    name, content, kind = message.attachments[0]
    assert kind == "application/pdf" and content.startswith(b"%PDF") and "kwartaal 1 2026" in name
    settings.STEUNPUNT_SIGNALEN_BESTUUR_EMAILS = ["bestuur@swv.test"]
    from plugins.signalen.mailing import board_addresses

    assert board_addresses() == ["bestuur@swv.test"]


@pytest.mark.django_db
def test_the_pdf_is_tagged_pdf_ua_with_its_title(site, rapport):
    pytest.importorskip("weasyprint", reason="WeasyPrint (PDF) is not installed")
    from plugins.signalen.pdf import render_pdf

    pdf = render_pdf(rapport, compress=False)
    assert pdf.startswith(b"%PDF") and b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf
    assert b"pdfuaid:part" in pdf and b"Verslag kwartaal 1 2026" in pdf
    # Headings and tables are tagged as such, so a screen reader can move through them.
    assert b"/H2" in pdf and b"/Table" in pdf and b"/TH" in pdf
    # The charts are drawn in the PDF as vector graphics, tagged as figures.
    assert b"/Figure" in pdf and b" re" in pdf


@pytest.mark.django_db
def test_the_demo_has_registrations_and_the_report_of_the_last_quarter(site):
    from plugins.signalen.models import Registratie
    from plugins.signalen.receivers import create_demo_registrations

    create_demo_registrations()
    rapport = Rapport.objects.get()
    # The test site is a demo without a steunpunt account: no demo registrations of its own.
    assert Registratie.objects.count() == 240 and rapport.soort == "kwartaal"
    assert 0 < rapport.inhoud["cellen"]["r"] < 240


def test_a_plugins_plain_counts_hide_enough_that_no_small_one_is_a_difference():
    from plugins.signalen.report import _protect_plain

    figures = [
        {"label": label, "waarde": value}
        for label, value in [("Aangemeld", 30), ("ouder", 27), ("jongere", 3), ("gemiddeld", 4.2)]
    ]
    _protect_plain(figures, plain=[0, 1, 2], threshold=5)
    # "jongere" 3 alone would be 30 - 27: the next smallest goes too, until the hidden add up to k.
    assert [f["waarde"] for f in figures] == [30, None, None, 4.2]
    untouched = [{"label": "a", "waarde": 0}, {"label": "b", "waarde": 12}]
    _protect_plain(untouched, plain=[0, 1], threshold=5)
    assert [f["waarde"] for f in untouched] == [0, 12]
