"""A company's monthly report goes up, comes back, goes up again and is accepted; the battalion's
consolidation shows it and downloads as DOCX."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from khth.reports.actions import open_report, save_report
from khth.reports.models import Report
from tests.browser.test_scope_in_browser import log_in
from tests.reports.conftest import MONTHLY, PERIOD, complete_content

pytestmark = pytest.mark.browser

MISSING = "tinh-hinh"
TITLE = "Đặc điểm tình hình"


def prepared_draft(world) -> Report:
    """Everything but one required section typed in beforehand: the browser does the rest."""
    report = open_report(world.unit("C1"), MONTHLY, PERIOD, by=world.users["po_c1"])
    content = complete_content(report)
    assert content.sections is not None and content.values is not None
    del content.sections[MISSING]
    del content.values["quan-so"]
    return save_report(report, content, by=world.users["as_c1"], base_version=report.version)


def log_out(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login/")


def test_monthly_report_cycle(page, world):
    report = prepared_draft(world)
    log_in(page, "po_c1")
    page.goto(f"/reports/{report.pk}/edit/")
    page.locator("#v-quan-so").fill("1.234")
    # The live check lists the section still missing, by name.
    completeness = page.get_by_test_id("completeness")
    assert TITLE in completeness.inner_text()
    page.get_by_role("button", name="Lưu và gửi cấp trên").click()
    page.wait_for_load_state()
    assert f"Thiếu nội dung theo quy định: mục I. {TITLE}" in page.content()
    assert Report.objects.get(pk=report.pk).status == Report.DRAFT
    area = page.get_by_test_id(f"section-{MISSING}")
    area.click()
    area.type("Đơn vị duy trì nghiêm chế độ trực sẵn sàng chiến đấu.")
    page.get_by_role("button", name="Lưu và gửi cấp trên").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("report-status").inner_text() == "Đã gửi"
    log_out(page)

    log_in(page, "po_b1")
    page.goto(f"/reports/{report.pk}/")
    page.get_by_label("Nhận xét khi trả lại").fill("Bổ sung số tin, bài trong tháng")
    page.get_by_role("button", name="Trả lại").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("report-status").inner_text() == "Bị trả lại"
    log_out(page)

    log_in(page, "po_c1")
    page.goto(f"/reports/{report.pk}/")
    assert "Bổ sung số tin, bài trong tháng" in page.get_by_test_id("comments").inner_text()
    page.get_by_role("link", name="Sửa báo cáo").click()
    page.locator("#v-tin-bai").fill("7")
    page.get_by_role("button", name="Lưu và gửi cấp trên").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("report-status").inner_text() == "Đã gửi"
    log_out(page)

    log_in(page, "po_b1")
    page.goto(f"/reports/{report.pk}/")
    page.get_by_role("button", name="Tiếp nhận").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("report-status").inner_text() == "Đã tiếp nhận"

    page.goto(f"/reports/consolidation/B1/{MONTHLY}/{PERIOD}/")
    body = page.get_by_test_id("consolidation").inner_text()
    assert "1.234" in body
    assert "Đơn vị duy trì nghiêm chế độ trực sẵn sàng chiến đấu." in page.content()

    with page.expect_download() as info:
        page.get_by_test_id("consolidation-docx").click()
    document = Document(io.BytesIO(Path(info.value.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "1.234" in text
    assert "Đơn vị duy trì nghiêm chế độ trực sẵn sàng chiến đấu." in text
