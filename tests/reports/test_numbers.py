"""Numbers that enter a report are checked against the column and the indicator before anything
is stored, so no value sent can leave a report that fails to read, export or consolidate."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from khth.reports.actions import open_report
from khth.reports.imports import SHEET_FIRST_ROW
from khth.reports.models import IndicatorValue, Report
from tests.api.test_api import api
from tests.cli.helpers import run
from tests.reports.conftest import MONTHLY, PERIOD, fill
from tests.reports.test_pages import form_data

pytestmark = pytest.mark.django_db

# Eleven whole digits: with the four decimals, 15 digits, the most SQLite keeps exactly.
LARGEST = "99.999.999.999"
REFUSED = [
    "100.000.000.000",  # 12 whole digits
    "9.999.999.999.999.999",  # 16 digits: SQLite reads it back as 10**16, and then fails
    "100000000000000000",  # 17 digits
    "100.000.000.000.000.000",
    "9" * 400,
    "9" * 5000,
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "1e17",
    "-1e17",
    "1e-9",
    "120,5",  # an integer indicator
    "-1",  # below the indicator's minimum (0)
]


@pytest.fixture
def filled(world: Any, company_report: Report) -> Report:
    return fill(company_report, world.users["po_c1"])


def patch(report: Report, values: dict[str, str]) -> Any:
    return api("po_c1").patch(
        f"/api/v1/reports/{report.pk}",
        json.dumps({"version": report.version, "values": values}),
        content_type="application/json",
    )


def assert_readable(world: Any, report: Report, quan_so: str, tmp_path: Path) -> None:
    """The API, the pages, the export command and the values sheet all read the report."""
    response = api("po_c1").get(f"/api/v1/reports/{report.pk}")
    assert response.status_code == 200, response.content
    assert Decimal(response.json()["values"]["quan-so"]["number"]) == Decimal(quan_so)
    client = world.client("po_c1")
    for url in (f"/reports/{report.pk}/", f"/reports/{report.pk}/export.xlsx"):
        assert client.get(url).status_code == 200, url
    exported = run(
        "report", "export", "--unit", "C1", "--template", MONTHLY, "--period", PERIOD,
        "--format", "json",
    )  # fmt: skip
    assert not exported.failed, exported.errors
    sheet = run(
        "values", "template", "--unit", "C1", "--template", MONTHLY, "--period", PERIOD,
        "--out", str(tmp_path / "readable.xlsx"),
    )  # fmt: skip
    assert not sheet.failed, sheet.errors


@pytest.mark.parametrize("sent", REFUSED)
def test_the_api_refuses_a_number_out_of_bounds_and_the_report_stays_readable(
    world: Any, filled: Report, tmp_path: Path, sent: str
) -> None:
    response = patch(filled, {"quan-so": sent})
    assert response.status_code == 400, response.content
    problems = response.json()["problems"]
    assert [p["field"] for p in problems] == ["Quân số"]
    assert IndicatorValue.objects.get(report=filled, indicator_code="quan-so").number == 120
    assert Report.objects.get(pk=filled.pk).version == filled.version
    assert_readable(world, filled, "120", tmp_path)


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ("100000000000000000", "tối đa 11 chữ số phần nguyên"),
        ("-1", "Quân số không được nhỏ hơn 0"),
        ("120,5", "không phải số nguyên"),
    ],
)
def test_the_refusal_says_why_in_vietnamese(
    world: Any, filled: Report, sent: str, message: str
) -> None:
    problems = patch(filled, {"quan-so": sent}).json()["problems"]
    assert message in problems[0]["message"]


@pytest.mark.parametrize(
    ("code", "sent", "message"),
    [
        ("chinh-sach-kinh-phi", "12,34567", "tối đa 4 chữ số thập phân"),
        ("nhan-thuc-diem", "10,5", "không được lớn hơn 10"),
    ],
)
def test_decimals_beyond_the_stored_places_and_the_indicator_maximum_are_refused(
    world: Any, filled: Report, code: str, sent: str, message: str
) -> None:
    response = patch(filled, {code: sent})
    assert response.status_code == 400
    assert message in response.json()["problems"][0]["message"]


def test_the_largest_storable_number_is_kept_and_consolidates(
    world: Any, filled: Report, tmp_path: Path
) -> None:
    response = patch(filled, {"quan-so": LARGEST, "chinh-sach-kinh-phi": LARGEST + ",9999"})
    assert response.status_code == 200, response.content
    assert_readable(world, filled, "99999999999", tmp_path)
    # A second unit at the largest figure: the sum has more digits than a report holds, and
    # the consolidation still adds it up.
    c2 = open_report(world.unit("C2"), MONTHLY, PERIOD, by=world.users["po_c2"])
    # The weighted average multiplies a value by its weight: more than SQLite's integers hold.
    largest = {"quan-so": "99999999999", "nhan-thuc-diem": "10", "nhan-thuc-so-kiem-tra": LARGEST}
    fill(c2, world.users["po_c2"], largest)
    result = run(
        "report", "export", "--unit", "B1", "--template", MONTHLY, "--period", PERIOD,
        "--format", "json", "--include-drafts",
    )  # fmt: skip
    assert not result.failed, result.errors
    indicators = json.loads(result.out)["indicators"]
    assert Decimal(indicators["quan-so"]) == 2 * 99999999999
    assert round(Decimal(indicators["nhan-thuc-diem"])) == 10
    page = f"/reports/consolidation/B1/{MONTHLY}/{PERIOD}/?drafts=1"
    assert world.client("po_b1").get(page).status_code == 200


def test_the_edit_page_names_the_indicator_and_saves_nothing(
    world: Any, filled: Report, tmp_path: Path
) -> None:
    data = form_data(filled, **{"value-quan-so": "100.000.000.000.000.000"})
    response = world.client("po_c1").post(f"/reports/{filled.pk}/edit/", data)
    assert response.status_code == 200
    assert "Quân số: " in response.content.decode()
    assert Report.objects.get(pk=filled.pk).version == filled.version
    assert_readable(world, filled, "120", tmp_path)


# --- imports ------------------------------------------------------------------------------

HEADER = "unit_code,template_code,period,indicator_code,value\n"


def csv_file(tmp_path: Path, value: str) -> str:
    path = tmp_path / "so-lieu.csv"
    path.write_text(
        HEADER + f'C1,bc-thang,202407,tin-bai,"2"\nC1,bc-thang,202407,quan-so,"{value}"\n'
    )
    return str(path)


@pytest.mark.parametrize("sent", ["9" * 5000, "100.000.000.000.000.000", "-1", "1e17", "NaN"])
def test_a_csv_import_names_line_and_column_and_imports_nothing(
    world: Any, filled: Report, tmp_path: Path, sent: str
) -> None:
    result = run("values", "import", csv_file(tmp_path, sent))
    assert result.failed
    assert result.err.splitlines()[0].startswith("dòng 3, cột value: ")
    assert IndicatorValue.objects.get(report=filled, indicator_code="quan-so").number == 120
    assert Report.objects.get(pk=filled.pk).version == filled.version


def sheet_with(tmp_path: Path, value: Any, typed: str = "") -> tuple[Path, int]:
    """C1's values sheet with ``value`` for quan-so; ``typed`` replaces the cell's text in the
    file, for what a spreadsheet program may write but openpyxl never does ("1E400")."""
    out = tmp_path / "c1.xlsx"
    written = run(
        "values", "template", "--unit", "C1", "--template", MONTHLY, "--period", PERIOD,
        "--out", str(out),
    )  # fmt: skip
    assert not written.failed, written.errors
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    line = next(
        row
        for row in range(SHEET_FIRST_ROW, sheet.max_row + 1)
        if sheet.cell(row, 1).value == "quan-so"
    )
    sheet.cell(line, 4).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if typed:
        data = _retyped(data, f"<v>{value!r}</v>", f"<v>{typed}</v>")
    path = tmp_path / "c1-filled.xlsx"
    path.write_bytes(data)
    return path, line


def _retyped(data: bytes, old: str, new: str) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old.encode() in content
                content = content.replace(old.encode(), new.encode())
            target.writestr(item, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("sent", "typed"),
    [(10**17, ""), (1e17, ""), (1e300, ""), (-5, ""), (1e300, "1E400"), (1e300, "-1E400")],
)
def test_an_xlsx_import_names_the_cell_and_imports_nothing(
    world: Any, filled: Report, tmp_path: Path, sent: Any, typed: str
) -> None:
    path, line = sheet_with(tmp_path, sent, typed)
    result = run("values", "import", str(path))
    assert result.failed, result.out
    assert result.err.splitlines()[0].startswith(f"dòng {line}, cột D: "), result.err
    if typed:
        assert "không phải một số hữu hạn" in result.err
    assert IndicatorValue.objects.get(report=filled, indicator_code="quan-so").number == 120
    assert Report.objects.get(pk=filled.pk).version == filled.version
    assert_readable(world, filled, "120", tmp_path)


def test_the_live_check_names_a_refused_number(world: Any, filled: Report) -> None:
    data = form_data(filled, **{"value-quan-so": "-1"})
    body = world.client("po_c1").post(f"/reports/{filled.pk}/check/", data).content.decode()
    assert "Quân số không được nhỏ hơn 0" in body
