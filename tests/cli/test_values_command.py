"""``khth values``: import (all or nothing, as the system) and the XLSX sheet of one report."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from khth.audit.models import AuditEntry
from khth.cli import main
from khth.reports.imports import SHEET_FIRST_ROW
from khth.reports.models import IndicatorValue, Report
from tests.cli.helpers import run

HEADER = "unit_code,template_code,period,indicator_code,value\n"
ROWS = (
    'C1,bc-thang,202407,quan-so,"1.234"\n'
    "C2,bc-thang,202407,quan-so,80\n"
    'C2,bc-thang,202407,chinh-sach-kinh-phi,"12,5"\n'
)


def write(tmp_path: Path, data: str | bytes, name: str = "so-lieu.csv") -> str:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


def test_import_as_the_system(world: Any, tmp_path: Path) -> None:
    result = run("values", "import", write(tmp_path, "\ufeff" + HEADER + ROWS))
    assert not result.failed, result.errors
    assert result.out.strip() == "Đã nhập: 2 báo cáo, 3 giá trị (2 báo cáo mới lập)"
    assert IndicatorValue.objects.count() == 3
    entries = AuditEntry.objects.filter(action="reports.report.updated")
    assert entries.count() == 2 and {e.actor for e in entries} == {None}


def test_dry_run_writes_nothing(world: Any, tmp_path: Path) -> None:
    result = run("values", "import", write(tmp_path, HEADER + ROWS), "--dry-run")
    assert not result.failed, result.errors
    assert result.out.strip() == "Tệp hợp lệ (chưa ghi): 2 báo cáo, 3 giá trị"
    assert Report.objects.count() == 0 and IndicatorValue.objects.count() == 0


def test_problems_go_to_stderr_and_nothing_is_imported(world: Any, tmp_path: Path) -> None:
    bad = HEADER + ROWS + "C1,bc-thang,202407,dang-vien,nhiều\nZZ,bc-thang,202407,quan-so,1\n"
    result = run("values", "import", write(tmp_path, bad))
    assert result.failed
    assert result.err.splitlines()[0].startswith("dòng 5, cột value: ")
    assert result.err.splitlines()[1] == "dòng 6, cột unit_code: không có đơn vị mã ZZ"
    assert result.error == "Tệp so-lieu.csv có 2 lỗi; chưa nhập giá trị nào."
    assert IndicatorValue.objects.count() == 0 and Report.objects.count() == 0


def test_missing_file(world: Any, tmp_path: Path) -> None:
    result = run("values", "import", str(tmp_path / "khong-co.csv"))
    assert result.failed and "Không đọc được tệp" in (result.error or "")


# Django's command runner closes every connection when a command ends; only a transactional
# test survives that on PostgreSQL (the next query reconnects).
@pytest.mark.django_db(transaction=True)
def test_console_script_exit_codes(world: Any, tmp_path: Path) -> None:
    good = write(tmp_path, HEADER + ROWS)
    main(["values", "import", good])  # returns normally: exit status 0
    assert IndicatorValue.objects.count() == 3
    bad = write(tmp_path, HEADER + "C1,bc-thang,202407,quan-so,x\n", "bad.csv")
    with pytest.raises(SystemExit) as exit_info:
        main(["values", "import", bad])
    assert exit_info.value.code != 0
    assert IndicatorValue.objects.get(report__unit__code="C1").number == 1234


def test_template_then_import_round_trip(world: Any, tmp_path: Path) -> None:
    out = tmp_path / "c1.xlsx"
    written = run(
        "values", "template", "--unit", "C1", "--template", "bc-thang", "--period", "202407",
        "--out", str(out),
    )  # fmt: skip
    assert not written.failed, written.errors
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    assert (sheet["B1"].value, sheet["B2"].value, sheet["B3"].value) == ("C1", "bc-thang", "202407")
    for row in range(SHEET_FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(row, 1).value == "quan-so":
            sheet.cell(row, 4).value = 95
    buffer = io.BytesIO()
    book.save(buffer)

    result = run("values", "import", write(tmp_path, buffer.getvalue(), "c1-filled.xlsx"))
    assert not result.failed, result.errors
    assert result.out.strip() == "Đã nhập: 1 báo cáo, 1 giá trị (1 báo cáo mới lập)"
    assert IndicatorValue.objects.get(indicator_code="quan-so").number == 95


@pytest.mark.parametrize(
    ("unit", "template", "period", "message"),
    [
        ("ZZ", "bc-thang", "202407", "Không có đơn vị mã ZZ"),
        ("C1", "khong-co", "202407", "Không có mẫu báo cáo mã khong-co"),
        ("C1", "bc-thang", "2024Q3", "không đúng loại kỳ"),
    ],
)
def test_template_refusals(
    world: Any, tmp_path: Path, unit: str, template: str, period: str, message: str
) -> None:
    out = tmp_path / "x.xlsx"
    result = run(
        "values", "template", "--unit", unit, "--template", template, "--period", period,
        "--out", str(out),
    )  # fmt: skip
    assert result.failed and message in (result.error or "")
    assert not out.exists()
