"""Import of indicator values: CSV and the XLSX sheet, all or nothing, every problem named by line
and column, through the one save path; the upload page and the API."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from khth.audit.models import AuditEntry
from khth.lib.importing import ImportRejected
from khth.reports.actions import open_report, submit_report
from khth.reports.imports import (
    SHEET_FIRST_ROW,
    ImportSummary,
    SheetError,
    import_values,
    values_sheet,
)
from khth.reports.models import IndicatorValue, Report
from tests.reports.conftest import MONTHLY, PERIOD, fill

HEADER = "unit_code,template_code,period,indicator_code,value\n"
GOOD = 'C1,bc-thang,202407,quan-so,"1.234"\n'  # line 2 of every file below


def csv_bytes(*rows: str, bom: bool = False) -> bytes:
    return (("\ufeff" if bom else "") + HEADER + "".join(rows)).encode()


def number(unit: str, code: str) -> Decimal | None:
    value = IndicatorValue.objects.filter(
        report__unit__code=unit, report__template_code=MONTHLY, indicator_code=code
    ).first()
    return None if value is None else value.number


def problems_of(data: bytes, by: Any) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRejected) as info:
        import_values(data, by=by)
    return [(p.line, p.column, p.message) for p in info.value.problems]


# --- the happy paths ---------------------------------------------------------------------------


def test_csv_with_bom_and_vietnamese_numbers(world):
    data = csv_bytes(
        GOOD,
        'C1,bc-thang,202407,chinh-sach-kinh-phi,"12,5"\n',
        "C1,bc-thang,202407,hoan-thanh-nhiem-vu,có\n",
        "C1,bc-thang,202407,tin-bai,\n",  # a blank value is skipped, not a deletion
        bom=True,
    )
    summary = import_values(data, by=world.users["po_c1"])
    assert summary == ImportSummary(reports=1, values=3, opened=1, dry_run=False)
    assert number("C1", "quan-so") == Decimal(1234)
    assert number("C1", "chinh-sach-kinh-phi") == Decimal("12.5")
    flag = IndicatorValue.objects.get(indicator_code="hoan-thanh-nhiem-vu")
    assert flag.flag is True
    report = Report.objects.get(unit__code="C1")
    # One save per report: one version step and one audit entry, by the importing user.
    assert report.version == 2
    updates = AuditEntry.objects.filter(action="reports.report.updated", object_id=str(report.pk))
    assert [(e.actor, e.after["version"] if e.after else None) for e in updates] == [
        (world.users["po_c1"], 2)
    ]


def test_rows_are_grouped_by_report_and_saved_once_each(world, company_report):
    before = company_report.version
    data = csv_bytes(
        GOOD,
        "C2,bc-thang,202407,quan-so,80\n",
        "C1,bc-thang,202407,dang-vien,30\n",
        "C2,bc-thang,202407,dang-vien,20\n",
    )
    summary = import_values(data, by=world.users["cu_r"])
    assert (summary.reports, summary.values, summary.opened) == (2, 4, 1)
    company_report.refresh_from_db()
    assert company_report.version == before + 1
    assert (number("C1", "dang-vien"), number("C2", "quan-so")) == (Decimal(30), Decimal(80))


def test_dry_run_writes_nothing(world):
    summary = import_values(csv_bytes(GOOD), by=world.users["po_c1"], dry_run=True)
    assert (summary.reports, summary.values, summary.dry_run) == (1, 1, True)
    assert Report.objects.count() == 0 and IndicatorValue.objects.count() == 0


def fill_sheet(data: bytes, values: dict[str, Any]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    for row in range(SHEET_FIRST_ROW, sheet.max_row + 1):
        code = str(sheet.cell(row, 1).value)
        if code in values:
            sheet.cell(row, 4).value = values[code]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_round_trip(world):
    sheet = values_sheet(world.unit("C1"), MONTHLY, PERIOD)
    book = openpyxl.load_workbook(io.BytesIO(sheet))
    codes = [book.worksheets[0].cell(r, 1).value for r in range(SHEET_FIRST_ROW, 40)]
    assert "quan-so" in codes
    assert "gdct-ty-le" not in codes  # percentages are computed, never entered

    filled = fill_sheet(
        sheet,
        {
            "quan-so": 120,  # a spreadsheet number
            "dang-vien": "45",  # typed as text
            "chinh-sach-kinh-phi": 1234.5,  # a decimal number
            "nhan-thuc-diem": "8,75",  # Vietnamese text
            "hoan-thanh-nhiem-vu": "có",
        },
    )
    summary = import_values(filled, by=world.users["po_c1"])
    assert (summary.reports, summary.values) == (1, 5)
    assert number("C1", "quan-so") == 120
    assert number("C1", "chinh-sach-kinh-phi") == Decimal("1234.5")
    assert number("C1", "nhan-thuc-diem") == Decimal("8.75")

    # The sheet comes back with the stored values; importing it again changes nothing.
    again = values_sheet(world.unit("C1"), MONTHLY, PERIOD)
    rows = {
        row[0]: row[3]
        for row in openpyxl.load_workbook(io.BytesIO(again))
        .worksheets[0]
        .iter_rows(min_row=SHEET_FIRST_ROW, values_only=True)
    }
    assert (rows["quan-so"], rows["chinh-sach-kinh-phi"], rows["hoan-thanh-nhiem-vu"]) == (
        120,
        1234.5,
        "có",
    )
    version = Report.objects.get(unit__code="C1").version
    import_values(again, by=world.users["po_c1"])
    assert Report.objects.get(unit__code="C1").version == version


# --- bad input: named by line and column, nothing imported -------------------------------------

BAD_ROWS = [
    ("ZZ,bc-thang,202407,quan-so,5\n", "unit_code", "không có đơn vị mã ZZ"),
    # C2 is C1's sibling: for po_c1 it looks exactly like an unknown code.
    ("C2,bc-thang,202407,quan-so,5\n", "unit_code", "không có đơn vị mã C2 trong phạm vi"),
    (",bc-thang,202407,quan-so,5\n", "unit_code", "không được để trống"),
    ("C1,bc-khong-co,202407,quan-so,5\n", "template_code", "không có mẫu báo cáo mã bc-khong-co"),
    ("C1,bc-dot-xuat,202407,quan-so,5\n", "template_code", "báo cáo đột xuất"),
    ("C1,bc-thang,202407,khong-co,5\n", "indicator_code", "không có chỉ tiêu mã khong-co"),
    ("C1,bc-thang,202407,gdct-ty-le,95\n", "indicator_code", "tính tự động"),
    ("C1,bc-thang,202407,don-vi-vi-pham-nghiem-trong,1\n", "indicator_code", "tính tự động"),
    ('C1,bc-thang,202407,dang-vien,"1,234.5"\n', "value", "không phải là số hợp lệ"),
    ('C1,bc-thang,202407,dang-vien,"12,5"\n', "value", "không phải số nguyên"),
    ("C1,bc-thang,202407,hoan-thanh-nhiem-vu,có lẽ\n", "value", "ghi «có» hoặc «không»"),
    ("C1,bc-thang,2024Q3,dang-vien,5\n", "period", "không đúng loại kỳ"),
    ("C1,bc-thang,202413,dang-vien,5\n", "period", "tháng phải từ 1 đến 12"),
    ("C1,bc-thang,201901,dang-vien,5\n", "period", "không tồn tại trong Tháng 1/2019"),
    ("C1,bc-thang,202407,quan-so,7\n", "indicator_code", "đã có ở dòng 2"),
    ("C1,bc-thang,202407,dang-vien\n", "", "có 4 ô, tiêu đề có 5 cột"),
]


@pytest.mark.parametrize(("row", "column", "message"), BAD_ROWS)
def test_each_bad_row_is_named_and_nothing_is_imported(world, company_report, row, column, message):
    fill(company_report, world.users["po_c1"])
    counts = (IndicatorValue.objects.count(), Report.objects.count(), AuditEntry.objects.count())
    problems = problems_of(csv_bytes(GOOD, row), world.users["po_c1"])
    assert len(problems) == 1, problems
    line, found_column, found_message = problems[0]
    assert (line, found_column) == (3, column)
    assert message in found_message
    assert (
        IndicatorValue.objects.count(),
        Report.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
    assert number("C1", "quan-so") == 120  # the good row was not applied either


def test_every_problem_is_listed_at_once(world):
    rows = [row for row, _c, _m in BAD_ROWS[:8]]
    problems = problems_of(csv_bytes(*rows), world.users["po_c1"])
    assert [line for line, _c, _m in problems] == list(range(2, 10))
    # The system (the CLI) has no scope: C1's sibling C2 is no problem for it.
    assert 3 not in [line for line, _c, _m in problems_of(csv_bytes(*rows), None)]


def test_a_unit_the_importer_may_see_but_not_prepare(world):
    # The commander reads B1's subtree but prepares nothing.
    problems = problems_of(csv_bytes(GOOD), world.users["cmd_b1"])
    assert problems == [(2, "unit_code", "bạn không có quyền lập báo cáo của đơn vị C1")]


def test_a_submitted_report_refuses_imported_values(world, company_report):
    po = world.users["po_c1"]
    submit_report(fill(company_report, po), by=po)
    problems = problems_of(csv_bytes(GOOD, "C1,bc-thang,202407,dang-vien,3\n"), po)
    assert len(problems) == 1
    assert problems[0][:2] == (2, "period")
    assert "đã gửi hoặc đã được tiếp nhận" in problems[0][2]
    assert number("C1", "quan-so") == 120


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"", 1, "tệp rỗng"),
        (b"unit_code,template_code,period,indicator_code\n", 1, "thiếu cột: value"),
        (HEADER.replace("\n", ",note\n").encode(), 1, "cột không hợp lệ: note"),
        (HEADER.encode(), 1, "không có giá trị nào"),
        (HEADER.encode() + b"C1,bc-thang,202407,quan-so,\xd0\xe0\n", 2, "UTF-8"),
    ],
)
def test_bad_files(world, data, line, message):
    problems = problems_of(data, None)
    assert problems[0][0] == line and message in problems[0][2]


def test_xlsx_problems_point_at_cells_and_are_said_once(world):
    sheet = fill_sheet(
        values_sheet(world.unit("C1"), MONTHLY, PERIOD),
        {"quan-so": "mười", "dang-vien": 5, "ket-nap": 1},
    )
    book = openpyxl.load_workbook(io.BytesIO(sheet))
    book.worksheets[0]["B1"] = "ZZ"
    out = io.BytesIO()
    book.save(out)
    problems = problems_of(out.getvalue(), None)
    quan_so_row = next(
        r for r in range(SHEET_FIRST_ROW, 60) if book.worksheets[0].cell(r, 1).value == "quan-so"
    )
    assert problems[0] == (1, "B", "không có đơn vị mã ZZ")
    assert [(p[0], p[1]) for p in problems[1:]] == [(quan_so_row, "D")]
    assert IndicatorValue.objects.count() == 0


def test_not_a_spreadsheet(world):
    problems = problems_of(b"PK\x03\x04 not really a zip", None)
    assert problems[0][:2] == (0, "") and "XLSX" in problems[0][2]


def test_the_sheet_refuses_what_cannot_be_imported(world):
    with pytest.raises(SheetError, match="đột xuất"):
        values_sheet(world.unit("C1"), "bc-dot-xuat", PERIOD)
    with pytest.raises(SheetError, match="không đúng loại kỳ"):
        values_sheet(world.unit("C1"), MONTHLY, "2024Q3")
    with pytest.raises(SheetError, match="Không có mẫu"):
        values_sheet(world.unit("C1"), "khong-co", PERIOD)


# --- the upload page and the API ---------------------------------------------------------------


def upload(data: bytes, name: str = "so-lieu.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_upload_page(world):
    client = world.client("po_c1")
    assert client.get("/reports/import/").status_code == 200
    bad = client.post("/reports/import/", {"file": upload(csv_bytes(GOOD, BAD_ROWS[8][0]))})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "dòng 3, cột value:" in html and "không phải là số hợp lệ" in html
    assert IndicatorValue.objects.count() == 0

    good = client.post(
        "/reports/import/",
        {"file": upload(csv_bytes(GOOD, "C1,bc-thang,202407,dang-vien,30\n"))},
    )
    assert good.status_code == 200
    assert "1 báo cáo, 2 giá trị" in good.content.decode()
    assert number("C1", "dang-vien") == 30


def test_upload_page_needs_report_prepare(world):
    assert world.client("cmd_b1").get("/reports/import/").status_code == 403
    assert world.client("nobody").get("/reports/import/").status_code == 403


def test_sheet_download_is_scoped(world):
    client = world.client("po_c1")
    ok = client.get(f"/reports/import/template/?unit=C1&template={MONTHLY}&period={PERIOD}")
    assert ok.status_code == 200
    assert ok["Content-Type"].startswith("application/vnd.openxmlformats")
    assert openpyxl.load_workbook(io.BytesIO(ok.content)).worksheets[0]["B1"].value == "C1"
    assert (
        client.get(f"/reports/import/template/?unit=C2&template={MONTHLY}&period={PERIOD}")
    ).status_code == 404
    bad = client.get(f"/reports/import/template/?unit=C1&template={MONTHLY}&period=2024Q3")
    assert bad.status_code == 400 and "không đúng loại kỳ" in bad.content.decode()


def test_api_import(world):
    client = world.client("po_c1")
    good = client.post("/api/v1/values/import", {"file": upload(csv_bytes(GOOD))})
    assert good.status_code == 200
    assert good.json() == {"reports": 1, "values": 1, "opened": 1, "dry_run": False}

    bad = client.post(
        "/api/v1/values/import", {"file": upload(csv_bytes("C1,bc-thang,202407,quan-so,x\n"))}
    )
    assert bad.status_code == 400
    assert bad.json()["problems"] == [
        {"line": 2, "column": "value", "message": bad.json()["problems"][0]["message"]}
    ]
    assert number("C1", "quan-so") == 1234

    dry = client.post(
        "/api/v1/values/import?dry_run=true",
        {"file": upload(csv_bytes("C1,bc-thang,202407,quan-so,5\n"))},
    )
    assert dry.status_code == 200 and dry.json()["dry_run"] is True
    assert number("C1", "quan-so") == 1234


def test_api_import_of_a_sibling_and_without_prepare(world):
    sibling = world.client("po_c2").post("/api/v1/values/import", {"file": upload(csv_bytes(GOOD))})
    assert sibling.status_code == 400
    assert sibling.json()["problems"][0]["column"] == "unit_code"
    refused = world.client("cmd_b1").post(
        "/api/v1/values/import", {"file": upload(csv_bytes(GOOD))}
    )
    assert refused.status_code == 403
    assert IndicatorValue.objects.count() == 0


def test_api_import_in_the_schema(world):
    schema = world.client("po_c1").get("/api/v1/openapi.json").json()
    assert "/api/v1/values/import" in schema["paths"]


def test_report_opened_by_the_import_is_a_normal_draft(world):
    import_values(csv_bytes(GOOD), by=world.users["po_c1"])
    report = open_report(world.unit("C1"), MONTHLY, PERIOD, by=world.users["po_c1"])
    assert report.status == Report.DRAFT and report.created_by == world.users["po_c1"]
