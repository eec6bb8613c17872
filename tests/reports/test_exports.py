"""Report exports through HTTP and the CLI: DOCX, XLSX, the print page and JSON, in scope."""

from __future__ import annotations

import io
import json
import zipfile
from urllib.parse import unquote

import docx
import openpyxl
import pytest
from django.core.management import call_command

from khth.reports.actions import open_report, submit_report
from tests.cli.helpers import run
from tests.documents.helpers import docx_text, mm
from tests.reports.conftest import MONTHLY, PERIOD, fill

pytestmark = pytest.mark.django_db

FIGURES = {"quan-so": 1234, "gdct-tham-gia": 1182}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def filled(world, company_report):
    return fill(company_report, world.users["po_c1"], FIGURES)


def urls(pk: int) -> list[str]:
    return [f"/reports/{pk}/export.docx", f"/reports/{pk}/export.xlsx", f"/reports/{pk}/print/"]


def test_docx_download(world, filled):
    response = world.client("po_c1").get(f"/reports/{filled.pk}/export.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="bao-cao-thang-7-2024-dai-doi-1.docx"; ')
    assert disposition.isascii()
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "Báo cáo tháng 7-2024 - Đại đội 1.docx"
    assert "no-store" in response["Cache-Control"]
    text = docx_text(response.content)
    assert "ĐẠI ĐỘI 1" in text and "1.234" in text and "95,8%" in text


def test_xlsx_download(world, filled):
    response = world.client("po_c1").get(f"/reports/{filled.pk}/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="bao-cao-thang-7-2024-dai-doi-1.xlsx"' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Chỉ tiêu", "Tình hình báo cáo"]
    sheet = workbook["Chỉ tiêu"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["Mã", "Chỉ tiêu", "Đơn vị tính", "Giá trị"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows["quan-so"][3].value == 1234
    assert rows["quan-so"][3].number_format == "#,##0"
    assert rows["gdct-ty-le"][3].value == pytest.approx(0.9578, abs=1e-4)
    assert rows["gdct-ty-le"][3].number_format == "0.0%"
    assert rows["quan-so"][1].value == "Quân số"
    assert sheet.column_dimensions["B"].width == 60
    coverage = list(workbook["Tình hình báo cáo"].iter_rows(min_row=2, values_only=True))
    assert coverage[0][:2] == ("Đại đội 1", "Dự thảo")


def test_print_page(world, filled):
    response = world.client("po_c1").get(f"/reports/{filled.pk}/print/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "@page { size: A4; margin: 20mm 15mm 20mm 30mm; }" in body
    assert 'font-family: "Times New Roman"' in body
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        ">Đại đội 1<",  # as stored; the style sheet prints it in capitals
        "Kết quả công tác Đảng, công tác chính trị tháng 7/2024",
        "I. Đặc điểm tình hình",
        "1.234",
        "95,8%",
        "Nơi nhận:",
        f"/reports/{filled.pk}/export.docx",
    ]:
        assert expected in body, expected
    assert "Số:" in body and "/BC-" in body


def test_print_page_escapes_narrative_markup(world, company_report):
    from khth.reports.actions import Content, save_report

    save_report(
        company_report,
        Content(sections={"tinh-hinh": "<p>a &lt;script&gt;alert(1)&lt;/script&gt; <b>b</b></p>"}),
        by=world.users["po_c1"],
        base_version=company_report.version,
    )
    body = world.client("po_c1").get(f"/reports/{company_report.pk}/print/").content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <b>b</b>" in body


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("po_c1", 200),
        ("as_c1", 200),
        ("cmd_b1", 200),
        ("cu_r", 200),
        ("po_c2", 404),
        ("nobody", 404),
    ],
)
def test_exports_follow_the_report_scope(world, company_report, username, status):
    client = world.client(username)
    for url in urls(company_report.pk):
        assert client.get(url).status_code == status, url


def test_exports_need_a_login(company_report, client):
    for url in urls(company_report.pk):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_a_superior_downloads_the_consolidation(world):
    for code, user in (("C1", "po_c1"), ("C2", "po_c2")):
        report = fill(open_report(world.unit(code), MONTHLY, PERIOD, by=None), world.users[user])
        submit_report(report, by=world.users[user])
    battalion = open_report(world.unit("B1"), MONTHLY, PERIOD, by=None)
    response = world.client("cmd_b1").get(f"/reports/{battalion.pk}/export.xlsx")
    header = [c.value for c in openpyxl.load_workbook(io.BytesIO(response.content))["Chỉ tiêu"][1]]
    assert header == ["Mã", "Chỉ tiêu", "Đơn vị tính", "Tổng hợp", "Đại đội 1", "Đại đội 2"]
    text = docx_text(world.client("cmd_b1").get(f"/reports/{battalion.pk}/export.docx").content)
    assert "240" in text  # 120 + 120
    drafts = world.client("cmd_b1").get(f"/reports/{battalion.pk}/print/?drafts=1")
    assert "Số liệu tổng hợp từ báo cáo của 2/2 đơn vị" in drafts.content.decode()


def consolidation_urls() -> list[str]:
    base = f"/reports/consolidation/B1/{MONTHLY}/{PERIOD}/"
    return [base + "export.docx", base + "export.xlsx"]


def test_the_consolidation_page_downloads_before_the_battalion_opens_its_report(world):
    report = fill(open_report(world.unit("C1"), MONTHLY, PERIOD, by=None), world.users["po_c1"])
    submit_report(report, by=world.users["po_c1"])
    client = world.client("po_b1")
    page = client.get(f"/reports/consolidation/B1/{MONTHLY}/{PERIOD}/").content.decode()
    docx_url, xlsx_url = consolidation_urls()
    assert docx_url in page and xlsx_url in page
    response = client.get(docx_url)
    assert response["Content-Type"] == DOCX
    assert 'filename="bao-cao-thang-7-2024-tieu-doan-1.docx"' in response["Content-Disposition"]
    text = docx_text(response.content)
    assert "TIỂU ĐOÀN 1" in text and "120" in text
    assert "Đại đội 1:" in text  # the subordinates' texts, labelled, as the draft to start from
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(xlsx_url).content))["Chỉ tiêu"]
    assert [c.value for c in sheet[1]][3:] == ["Tổng hợp", "Đại đội 1", "Đại đội 2"]


@pytest.mark.parametrize(
    ("username", "status"),
    [("po_b1", 200), ("cu_r", 200), ("po_c1", 404), ("nobody", 404)],
)
def test_consolidation_downloads_follow_the_unit_scope(world, username, status):
    client = world.client(username)
    for url in consolidation_urls():
        assert client.get(url).status_code == status, url


def test_a_consolidation_download_of_an_unknown_period_is_not_found(world):
    client = world.client("po_b1")
    assert client.get(f"/reports/consolidation/B1/{MONTHLY}/2024x/export.docx").status_code == 404
    assert client.get(f"/reports/consolidation/B1/no-such/{PERIOD}/export.xlsx").status_code == 404


# --- CLI ------------------------------------------------------------------------------------


def export(*args: str, **options):
    return run("report", "export", "--template", MONTHLY, "--period", PERIOD, *args, **options)


def test_cli_json_of_a_unit_without_subordinates(filled):
    result = export("--unit", "C1", "--format", "json")
    assert not result.failed, result.errors
    data = json.loads(result.out)
    assert {"unit", "template", "period", "indicators", "missing", "late", "sections"} <= set(data)
    assert (data["unit"], data["template"], data["period"]) == ("C1", MONTHLY, PERIOD)
    assert data["indicators"]["quan-so"] == "1234"
    assert data["indicators"]["gdct-ty-le"].startswith("95.78")
    assert data["sections"]["tinh-hinh"] == [
        {"unit": "C1", "text": "<p>Nội dung Đặc điểm tình hình của Đại đội 1.</p>"}
    ]


def test_cli_json_of_a_consolidation(world, filled):
    submit_report(filled, by=world.users["po_c1"])
    result = export("--unit", "B1", "--format", "json")
    assert not result.failed, result.errors
    data = json.loads(result.out)
    assert data["unit"] == "B1" and data["indicators"]["quan-so"] == "1234"
    assert data["missing"] == ["C2"]
    with_drafts = json.loads(export("--unit", "B1", "--format", "json", "--include-drafts").out)
    assert with_drafts["includes_drafts"] is True
    # A unit's own report comes out in the same shape as a consolidation.
    own = json.loads(export("--unit", "C1", "--format", "json").out)
    assert set(own) == set(data)


def test_cli_docx_and_xlsx_to_files(filled, tmp_path):
    out = tmp_path / "bc.docx"
    result = export("--unit", "C1", "--format", "docx", "--out", str(out))
    assert not result.failed, result.errors
    assert "95,8%" in docx_text(out.read_bytes())
    assert mm(docx.Document(str(out)).sections[0].left_margin) == 30
    sheet = tmp_path / "bc.xlsx"
    assert not export("--unit", "C1", "--format", "xlsx", "--out", str(sheet)).failed
    assert openpyxl.load_workbook(sheet)["Chỉ tiêu"]["D2"].value == 1234


def test_cli_writes_bytes_to_a_binary_stdout(filled):
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command(
        "report", "export", "--unit", "C1", "--template", MONTHLY, "--period", PERIOD,
        "--format", "docx", stdout=stdout,
    )  # fmt: skip
    stdout.flush()
    buffer = stdout.buffer
    assert isinstance(buffer, io.BytesIO)
    data = buffer.getvalue()
    assert zipfile.is_zipfile(io.BytesIO(data))
    assert "ĐẠI ĐỘI 1" in docx_text(data)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--unit", "KHONG", "--format", "json"), "Không có đơn vị mã «KHONG»"),
        (("--unit", "C2", "--format", "docx", "--out", "x.docx"), "Đại đội 2 chưa lập báo cáo"),
        (("--unit", "C1", "--format", "docx"), "dùng --out"),
    ],
)
def test_cli_errors(filled, args, message):
    result = export(*args)
    assert result.failed and message in result.errors


def test_cli_refuses_a_bad_period(filled):
    result = run(
        "report",
        "export",
        "--unit",
        "C1",
        "--template",
        MONTHLY,
        "--period",
        "2024-13",
        "--format",
        "json",
    )
    assert result.failed
