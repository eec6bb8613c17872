"""``khth plan export``: DOCX, XLSX and .ics of a plan found by unit, kind and period or by id;
clear errors; binary output to a file or a non-terminal standard output."""

from __future__ import annotations

import io

import icalendar
import openpyxl
import pytest
from django.core.management import call_command

from khth.plans.actions import amend_plan, approve_plan
from tests.cli.helpers import run
from tests.documents.helpers import docx_text
from tests.plans.conftest import TARGET_TEXT, WEEK, WEEKLY, YEAR, YEARLY

pytestmark = pytest.mark.django_db


def export(*args: str):
    return run("plan", "export", *args)


def test_docx_and_xlsx_to_files(battalion_plan, tmp_path):
    out = tmp_path / "kh.docx"
    result = export(
        "--unit", "B1", "--kind", YEARLY, "--period", YEAR, "--format", "docx", "--out", str(out)
    )
    assert not result.failed, result.errors
    assert "Đã ghi" in result.err
    text = docx_text(out.read_bytes())
    assert "KẾ HOẠCH" in text and TARGET_TEXT in text and "DỰ THẢO" in text
    sheet = tmp_path / "kh.xlsx"
    result = export(
        "--unit", "B1", "--kind", YEARLY, "--period", YEAR, "--format", "xlsx", "--out", str(sheet)
    )
    assert not result.failed, result.errors
    workbook = openpyxl.load_workbook(sheet)
    assert workbook.sheetnames == ["Chỉ tiêu", "Nhiệm vụ"]
    assert workbook["Chỉ tiêu"]["B2"].value == TARGET_TEXT


def test_the_version_in_force_is_exported_unless_an_id_is_given(world, battalion_plan, tmp_path):
    po = world.users["po_b1"]
    approved = approve_plan(battalion_plan, by=po)
    draft = amend_plan(approved, by=po, note="Bổ sung chỉ tiêu")
    out = tmp_path / "kh.docx"
    args = ["--unit", "B1", "--kind", YEARLY, "--format", "docx", "--out", str(out)]
    assert not export(*args, "--period", YEAR).failed
    assert "DỰ THẢO" not in docx_text(out.read_bytes())
    assert not export(*args, "--id", str(draft.pk)).failed
    assert "DỰ THẢO" in docx_text(out.read_bytes())


def test_ics_goes_to_standard_output_as_text(battalion_schedule):
    result = export("--unit", "B1", "--kind", WEEKLY, "--period", WEEK, "--format", "ics")
    assert not result.failed, result.errors
    assert result.out.startswith("BEGIN:VCALENDAR\r\n")
    events = icalendar.Calendar.from_ical(result.out).walk("VEVENT")
    assert str(events[0]["SUMMARY"]) == "Giao ban tuần, triển khai nhiệm vụ"


def test_ics_to_a_file_keeps_crlf(battalion_schedule, tmp_path):
    out = tmp_path / "lich.ics"
    result = export(
        "--unit",
        "B1",
        "--kind",
        WEEKLY,
        "--id",
        str(battalion_schedule.pk),
        "--format",
        "ics",
        "--out",
        str(out),
    )
    assert not result.failed, result.errors
    assert out.read_bytes().count(b"\r\n") > 10


def test_binary_goes_to_a_binary_stdout(battalion_plan):
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command(
        "plan",
        "export",
        "--unit",
        "B1",
        "--kind",
        YEARLY,
        "--period",
        YEAR,
        "--format",
        "docx",
        stdout=stdout,
    )
    stdout.flush()
    raw = stdout.buffer
    assert isinstance(raw, io.BytesIO)
    assert raw.getvalue().startswith(b"PK")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "XX", "--kind", YEARLY, "--period", YEAR], "Không có đơn vị mã «XX»"),
        (["--unit", "B1", "--kind", "no-such", "--period", YEAR], "Không có loại kế hoạch"),
        (["--unit", "B1", "--kind", YEARLY, "--period", "2024x"], "2024x"),
        (["--unit", "B2", "--kind", YEARLY, "--period", YEAR], "Tiểu đoàn 2 chưa lập kế hoạch"),
        (["--unit", "B1", "--kind", YEARLY, "--id", "999999"], "Không có kế hoạch số 999999"),
    ],
)
def test_errors_say_what_is_wrong(battalion_plan, args, message):
    result = export(*args, "--format", "docx", "--out", "/dev/null")
    assert result.failed
    assert message in result.error


def test_ics_of_a_plan_that_is_not_a_schedule_is_refused(battalion_plan):
    result = export("--unit", "B1", "--kind", YEARLY, "--period", YEAR, "--format", "ics")
    assert result.failed and "không phải lịch hoạt động" in result.error


def test_binary_to_a_text_stream_is_refused(battalion_plan):
    result = export("--unit", "B1", "--kind", YEARLY, "--period", YEAR, "--format", "xlsx")
    assert result.failed and "--out" in result.error
