"""Plan exports: the official DOCX (and LibreOffice opening it), the XLSX of targets and tasks or
of a schedule, the print page, the schedule's .ics — and the scope of every download URL.

Fixtures here are shared with test_calendar.py and test_cli.py:
- ``battalion_plan``: B1's 2024 annual plan (draft) covering what the regiment assigns, with
  narrative, targets, tasks and milestones;
- ``battalion_schedule``: B1's weekly activity schedule for week 28/2024, approved;
- ``company_schedule``: C1's schedule for the same week, still a draft.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any
from urllib.parse import unquote

import icalendar
import openpyxl
import pytest

from khth.documents.render.docx import render_docx
from khth.documents.render.xlsx import render_workbook
from khth.plans.actions import approve_plan, create_plan, report_progress, save_plan
from khth.plans.content import PlanContent, TargetIn
from khth.plans.documents import plan_document, plan_spreadsheet
from khth.plans.ical import calendar, escape_text, fold_line
from khth.plans.models import Plan, Task
from tests.documents.helpers import LIBREOFFICE, docx_text, libreoffice_text
from tests.plans.conftest import LONG, SECTION_TEXT, TARGET_TEXT, YEAR, YEARLY, at

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# --- DOCX ------------------------------------------------------------------------------------


def test_the_plan_document_holds_the_official_parts(world, battalion_plan):
    text = docx_text(render_docx(plan_document(battalion_plan, on=dt.date(2024, 2, 5))))
    for expected in [
        "TRUNG ĐOÀN 1",
        "TIỂU ĐOÀN 1",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Sóc Trăng, ngày 05 tháng 02 năm 2024",
        "KẾ HOẠCH",
        "DỰ THẢO",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. CHỈ TIÊU",
        "III. NỘI DUNG VÀ BIỆN PHÁP",
        "IV. TỔ CHỨC THỰC HIỆN",
        "V. CÔNG TÁC BẢO ĐẢM",
        SECTION_TEXT,
        "Bảo đảm 20 bộ tài liệu cho các đại đội.",
        # The targets table.
        "STT",
        "Đơn vị được giao",
        TARGET_TEXT,
        "≥ 95%",
        "31/12/2024",
        "Đại đội 1, Đại đội 2",
        "Không để xảy ra vi phạm kỷ luật nghiêm trọng (0 vụ)",
        # The tasks table.
        "Nội dung – biện pháp",
        "Trọng tâm",
        "Giáo dục chính trị cho chiến sĩ mới",
        "Tổ chức 12 buổi học, kiểm tra nhận thức cuối đợt cho 100% quân số",
        "Sinh hoạt chuyên đề «Học tập và làm theo tấm gương đạo đức Hồ Chí Minh»",
        "01/06/2024",
        "Đoàn cơ sở",
        # Milestones under "Tổ chức thực hiện".
        "- Ngày 15/06/2024: Sơ kết 6 tháng, báo cáo trung đoàn",
        # Closing.
        "Nơi nhận:",
        "- Trung đoàn 1;",
        "- Đại đội 1;",
        "- Lưu: VT.",
        "CHÍNH TRỊ VIÊN",
    ]:
        assert expected in text, expected
    # "Số: …/KH-TĐ1": administrative family, the kind's abbreviation, the number left blank.
    assert re.search(r"^Số: +/KH-TĐ1$", text, re.MULTILINE)
    lines = text.splitlines()
    # Sections in the outline's order, each table under its own section.
    order = [
        lines.index(s)
        for s in ("II. CHỈ TIÊU", "STT", "III. NỘI DUNG VÀ BIỆN PHÁP", "IV. TỔ CHỨC THỰC HIỆN")
    ]
    assert order == sorted(order)
    assert lines.index("Nội dung – biện pháp") > lines.index("III. NỘI DUNG VÀ BIỆN PHÁP")
    assert lines.index("- Lưu: VT.") > lines.index("- Đại đội 2;")


def test_an_approved_plan_is_dated_and_signed_without_a_draft_mark(world, battalion_plan):
    plan = approve_plan(battalion_plan, by=world.users["po_b1"])
    plan = Plan.objects.select_related("unit", "unit__parent", "regulation").get(pk=plan.pk)
    document = plan_document(plan)
    assert not document.draft
    text = docx_text(render_docx(document))
    assert "DỰ THẢO" not in text
    assert "Vũ Văn Ba" in text  # the approver signs
    assert document.header.number.startswith("Số:")


def test_a_schedule_document_has_the_kinds_columns(world, battalion_schedule):
    text = docx_text(render_docx(plan_document(battalion_schedule)))
    assert "LỊCH HOẠT ĐỘNG" in text
    for column in ["Thời gian", "Nội dung", "Người chủ trì", "Thành phần", "Địa điểm", "Ghi chú"]:
        assert column in text
    for expected in [
        "Thứ Hai\n08/07/2024\n07:30 – 09:00",
        "Giao ban tuần, triển khai nhiệm vụ",
        "Hội trường Tiểu đoàn 1",
        "Mang sổ tay; báo cáo tình hình",
        LONG,
    ]:
        assert expected in text, expected
    # A schedule has no type abbreviation (Decree 30/2020 gives none): number and issuer only.
    assert re.search(r"^Số: +/\S+$", text, re.MULTILINE)
    assert "LHĐ" not in text


@pytest.mark.skipif(
    LIBREOFFICE is None,
    reason="LIBREOFFICE MISSING: apt-get install libreoffice-writer-nogui — "
    "the DOCX was not checked with an office suite",
)
def test_libreoffice_opens_the_plan_with_vietnamese_intact(world, battalion_plan, tmp_path):
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes(render_docx(plan_document(battalion_plan, on=dt.date(2024, 2, 5))))
    text = libreoffice_text(source, tmp_path / "profile")
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TIỂU ĐOÀN 1",
        "Sóc Trăng, ngày 05 tháng 02 năm 2024",
        "KẾ HOẠCH",
        "III. NỘI DUNG VÀ BIỆN PHÁP",
        SECTION_TEXT,
        TARGET_TEXT,
        "Sinh hoạt chuyên đề «Học tập và làm theo tấm gương đạo đức Hồ Chí Minh»",
        "CHÍNH TRỊ VIÊN",
    ]:
        assert expected in text, expected


# --- XLSX ------------------------------------------------------------------------------------


def sheet_values(data: bytes, name: str) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data))[name]
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def test_the_spreadsheet_has_targets_and_tasks_with_their_state(world, battalion_plan):
    plan = approve_plan(battalion_plan, by=world.users["po_b1"])
    task = plan.tasks.get(position=2)
    report_progress(
        task, progress=Task.IN_PROGRESS, note="Đã học 3/5 buổi", by=world.users["po_c1"]
    )
    data = render_workbook(plan_spreadsheet(plan, today=dt.date(2024, 6, 20)))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Chỉ tiêu", "Nhiệm vụ"]
    for name in workbook.sheetnames:
        assert workbook[name].freeze_panes == "A2"
    assert workbook["Nhiệm vụ"].column_dimensions["B"].width == 45
    targets = sheet_values(data, "Chỉ tiêu")
    assert targets[0][:5] == ("STT", "Chỉ tiêu", "Mức", "Thời hạn", "Đơn vị được giao")
    assert targets[1][:3] == (1, TARGET_TEXT, "≥ 95%")
    assert targets[1][3].date() == dt.date(2024, 12, 31)  # a real date, shown dd/mm/yyyy
    assert targets[1][4] == "Đại đội 1, Đại đội 2"
    assert targets[1][5] == "Chưa hết kỳ"
    assert targets[2][5] == "Đánh giá theo báo cáo"
    tasks = sheet_values(data, "Nhiệm vụ")
    assert tasks[0][1] == "Nội dung" and tasks[0][9] == "Tiến độ"
    # The first task ended on 31/05 and is not done: overdue on 20 June.
    assert tasks[1][1] == "Giáo dục chính trị cho chiến sĩ mới"
    assert tasks[1][7] == "x" and tasks[1][9] == "Quá hạn"
    assert tasks[2][3] == "Đại đội 1; Chính trị viên"
    assert tasks[2][4] == "Đại đội 2; Đoàn cơ sở"
    assert tasks[2][9] == "Đang thực hiện" and tasks[2][10] == "Đã học 3/5 buổi"


def test_a_schedule_spreadsheet_lists_the_entries(world, battalion_schedule):
    data = render_workbook(plan_spreadsheet(battalion_schedule))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Lịch hoạt động"]
    rows = sheet_values(data, "Lịch hoạt động")
    assert rows[0] == (
        "Bắt đầu",
        "Kết thúc",
        "Nội dung",
        "Người chủ trì",
        "Thành phần",
        "Địa điểm",
        "Ghi chú",
    )
    # Local wall time (Asia/Ho_Chi_Minh), not UTC.
    start, end, content = rows[1][:3]
    assert (start.isoformat(), end.isoformat()) == ("2024-07-08T07:30:00", "2024-07-08T09:00:00")
    assert content == "Giao ban tuần, triển khai nhiệm vụ"
    assert rows[2][2] == LONG


# --- HTTP ------------------------------------------------------------------------------------


def test_docx_download(world, battalion_plan):
    response = world.client("po_b1").get(f"/plans/{battalion_plan.pk}/export.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.isascii()
    assert 'filename="ke-hoach-ctd-ctct-nam-2024-tieu-doan-1-du-thao.docx"' in disposition
    readable = unquote(disposition.split("filename*=UTF-8''", 1)[1])
    assert readable == "Kế hoạch CTĐ, CTCT năm 2024 - Tiểu đoàn 1 (dự thảo).docx"
    text = docx_text(response.content)
    assert "KẾ HOẠCH" in text and TARGET_TEXT in text and "DỰ THẢO" in text


def test_xlsx_download(world, battalion_plan):
    response = world.client("cu_r").get(f"/plans/{battalion_plan.pk}/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    encoded = response["Content-Disposition"].split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded).endswith("Tiểu đoàn 1 (dự thảo).xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Chỉ tiêu", "Nhiệm vụ"]


def test_print_page(world, battalion_plan):
    response = world.client("po_b1").get(f"/plans/{battalion_plan.pk}/print/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert '<td class="number" data-testid="number-line">Số:' in page
    for expected in ["/KH-TĐ1", "II. Chỉ tiêu", TARGET_TEXT, "DỰ THẢO", "@page { size: A4"]:
        assert expected in page, expected
    assert f'href="/plans/{battalion_plan.pk}/export.docx"' in page
    assert "schedule.ics" not in page  # not a schedule


def test_print_page_of_a_schedule_links_its_calendar_file(world, battalion_schedule):
    page = world.client("po_b1").get(f"/plans/{battalion_schedule.pk}/print/").content.decode()
    assert f'href="/plans/{battalion_schedule.pk}/schedule.ics"' in page
    assert "Giao ban tuần, triển khai nhiệm vụ" in page


def plan_urls(pk: int) -> list[str]:
    return [
        f"/plans/{pk}/export.docx",
        f"/plans/{pk}/export.xlsx",
        f"/plans/{pk}/print/",
    ]


@pytest.mark.parametrize(
    ("username", "status"),
    [("po_b1", 200), ("cu_r", 200), ("cmd_b1", 200), ("po_c1", 404), ("nobody", 404)],
)
def test_plan_downloads_follow_the_scope(
    world, battalion_plan, battalion_schedule, username, status
):
    client = world.client(username)
    for url in [*plan_urls(battalion_plan.pk), f"/plans/{battalion_schedule.pk}/schedule.ics"]:
        assert client.get(url).status_code == status, url


def test_plan_downloads_need_a_login(client, battalion_plan, battalion_schedule):
    for url in [*plan_urls(battalion_plan.pk), f"/plans/{battalion_schedule.pk}/schedule.ics"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login"), url


def test_an_unknown_plan_is_not_found(world):
    assert world.client("cu_r").get("/plans/999999/export.docx").status_code == 404


# --- iCalendar -------------------------------------------------------------------------------


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def test_plan_ics_parses_back_with_vietnamese_intact(world, battalion_schedule):
    response = world.client("po_b1").get(f"/plans/{battalion_schedule.pk}/schedule.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].endswith(".ics")
    body = response.content
    assert body.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    cal = parse(body)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert "KHTH" in str(cal["PRODID"])
    events = cal.walk("VEVENT")
    assert len(events) == 2
    first, second = events
    keys = {str(e.key) for e in battalion_schedule.entries.all()}
    assert {str(first["UID"]), str(second["UID"])} == {f"{k}@khth" for k in keys}
    assert first.decoded("DTSTART") == at(8, 7, 30)
    assert first.decoded("DTSTART").utcoffset() == dt.timedelta(0)  # written in UTC
    assert first.decoded("DTEND") == at(8, 9)
    assert first.decoded("DTSTAMP").tzinfo is not None
    assert str(first["SUMMARY"]) == "Giao ban tuần, triển khai nhiệm vụ"
    assert str(first["LOCATION"]) == "Hội trường Tiểu đoàn 1"
    description = str(first["DESCRIPTION"])
    assert "Người chủ trì: Chính trị viên Vũ Văn Ba" in description
    assert "Thành phần: Cán bộ tiểu đoàn, đại đội" in description
    assert "Ghi chú: Mang sổ tay; báo cáo tình hình" in description
    assert str(second["SUMMARY"]) == LONG  # folded over several lines, joined back whole
    assert str(first["STATUS"]) == "CONFIRMED"
    # Escaped as RFC 5545 says: "\," and "\;" in the (unfolded) file.
    unfolded = body.replace(b"\r\n ", b"")
    assert b"Giao ban tu\xe1\xba\xa7n\\, tri\xe1\xbb\x83n khai" in unfolded
    assert b"Mang s\xe1\xbb\x95 tay\\; b\xc3\xa1o c\xc3\xa1o" in unfolded


def test_a_draft_schedule_is_tentative_in_the_calendar_file(world, company_schedule):
    body = world.client("po_c1").get(f"/plans/{company_schedule.pk}/schedule.ics").content
    (event,) = parse(body).walk("VEVENT")
    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["SUMMARY"]) == "[Dự thảo] Đọc báo, nghe tin thời sự"


def test_a_plan_that_is_not_a_schedule_has_no_calendar_file(world, battalion_plan):
    assert world.client("po_b1").get(f"/plans/{battalion_plan.pk}/schedule.ics").status_code == 404


def test_escaping_and_folding():
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    line = "SUMMARY:" + "Đảng ủy " * 30
    folded = fold_line(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    # Unfolding gives the line back: no character was cut in two.
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line
    assert fold_line("SHORT:x") == "SHORT:x"


def test_an_empty_calendar_is_valid():
    text = calendar([], name="Lịch trống", stamp=dt.datetime(2024, 7, 1, tzinfo=dt.UTC))
    cal = parse(text.encode("utf-8"))
    assert cal.walk("VEVENT") == []
    assert str(cal["X-WR-CALNAME"]) == "Lịch trống"


def test_the_spreadsheet_of_a_value_without_indicator_keeps_its_number(world):
    po = world.users["po_b1"]
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=po)
    target = TargetIn(text="Kết nạp đảng viên mới", comparison=">=", value=Decimal("12.5"))
    plan = save_plan(plan, PlanContent(targets=[target]), by=po, base_revision=plan.revision)
    rows = sheet_values(render_workbook(plan_spreadsheet(plan)), "Chỉ tiêu")
    assert rows[1][2] == "≥ 12,5"
