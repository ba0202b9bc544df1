"""Spreadsheet exports that never fail on stored data and never run a formula.

Every CSV or XLSX file the admin hands out goes through here: the plugins'
own exports (``csv_response``, ``xlsx_response``) and Wagtail's listing and
report exports (``guard_wagtail_exports``, installed by the core's app config).

* XLSX cannot hold most control characters; openpyxl raises on them, which
  made one sign-up with such a character in a name break the whole export.
  They are removed (tab, newline and carriage return stay).
* A cell that starts with = + - @ (or a tab or CR) is read as a formula by
  Excel and LibreOffice when they open a CSV file: a visitor's "name" could
  run one on a staff member's computer. Such text gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Lone surrogates cannot be written as UTF-8 XML either.
_NOT_IN_XLSX = re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|[\ud800-\udfff]")


def formula_safe(value):
    """Text a spreadsheet shows as text. Numbers and dates stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def xlsx_safe(value):
    """Text openpyxl can store: characters XLSX cannot hold are removed."""
    if isinstance(value, str):
        return _NOT_IN_XLSX.sub("", value)
    return value


def spreadsheet_safe(value):
    """Both: for values that go into CSV and XLSX alike."""
    return formula_safe(xlsx_safe(value))


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Exports hold personal data: no copies in browser or proxy caches.
    response["Cache-Control"] = "no-store, private"
    return response


def csv_response(filename: str, headers, rows) -> HttpResponse:
    """A CSV download that Excel with Dutch settings opens correctly (semicolons, BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([spreadsheet_safe(h) for h in headers])
    writer.writerows([spreadsheet_safe(v) for v in row] for row in rows)
    body = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return _attachment(HttpResponse(body, content_type="text/csv; charset=utf-8"), filename)


def xlsx_response(filename: str, sheet_title: str, headers, rows) -> HttpResponse:
    """An XLSX download in which every string is a text cell, never a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = xlsx_safe(str(sheet_title))[:31] or "Blad1"
    sheet.append([spreadsheet_safe(h) for h in headers])
    for row in rows:
        sheet.append([spreadsheet_safe(v) for v in row])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return _attachment(HttpResponse(out.getvalue(), content_type=XLSX_CONTENT_TYPE), filename)


def guard_wagtail_exports():
    """Make Wagtail's own exports (listings, reports, ``?export=csv|xlsx``) safe as well.

    Wagtail turns XLSX cells that look like formulas into text, but keeps
    control characters (the export fails) and writes CSV cells as they are.
    Its ``preprocess_field_value`` is the one place every cell passes through.
    """
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "steunpunt_safe", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        if export_format == SpreadsheetExportMixin.FORMAT_CSV:
            return formula_safe(value)
        return xlsx_safe(value)

    preprocess_field_value.steunpunt_safe = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
