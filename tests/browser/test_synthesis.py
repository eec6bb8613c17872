"""The battalion's political officer synthesises a section from the companies' texts: sees the
groups and their units, puts the draft into the report, edits it, sends the report up; the
consolidated DOCX prints the edited text. The synthesis page fits a phone and a desk."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from khth.reports.actions import open_report, save_report
from khth.reports.models import Report, SectionText
from tests.browser.test_scope_in_browser import log_in
from tests.reports.conftest import MONTHLY, PERIOD, complete_content
from tests.synthesis.conftest import SECTION, TEXTS, sent

pytestmark = pytest.mark.browser

EDIT = "Tiểu đoàn duy trì nghiêm nền nếp học tập chính trị hằng tuần."


def battalion_draft(world: Any) -> Report:
    """The companies have sent theirs; the battalion's report is written, all but ``SECTION``,
    which still holds the companies' texts as it was opened with."""
    for code, html in TEXTS.items():
        sent(world, code, {SECTION: html})
    report = open_report(world.unit("B1"), MONTHLY, PERIOD, by=world.users["po_b1"])
    content = complete_content(report)
    assert content.sections is not None
    del content.sections[SECTION]
    return save_report(report, content, by=world.users["po_b1"], base_version=report.version)


def test_synthesise_insert_edit_send_and_print(page: Any, world: Any):
    report = battalion_draft(world)
    log_in(page, "po_b1")
    page.goto(f"/reports/{report.pk}/edit/")
    page.get_by_test_id(f"synthesis-link-{SECTION}").click()
    page.wait_for_url(f"**/reports/{report.pk}/tong-hop/{SECTION}/")

    groups = page.get_by_test_id("group")
    assert groups.count() >= 1
    units = page.get_by_test_id("group-units").all_inner_texts()
    assert any("Đại đội 1" in u and "Đại đội 2" in u for u in units), units
    assert "2/2 đơn vị" in page.get_by_test_id("group-count").all_inner_texts()
    # Each sentence leads back to where a company wrote it.
    assert page.locator(f'a[href$="#muc-{SECTION}"]').count() >= 2

    page.get_by_role("button", name="Đưa bản nháp vào báo cáo").click()
    page.wait_for_url(f"**/reports/{report.pk}/edit/**")
    assert page.get_by_test_id(f"unedited-{SECTION}").is_visible()
    area = page.get_by_test_id(f"section-{SECTION}")
    assert "<b>Đại đội 1:</b>" not in area.inner_html()
    area.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(EDIT)
    page.get_by_role("button", name="Lưu và gửi cấp trên").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("report-status").inner_text() == "Đã gửi"
    stored = SectionText.objects.get(report=report, section_code=SECTION)
    assert EDIT in stored.html and not stored.prefilled

    # Whoever reads the report sees where the section came from.
    page.goto(f"/reports/{report.pk}/")
    kept = page.get_by_test_id(f"kept-{SECTION}")
    kept.get_by_text("Nguồn tổng hợp", exact=True).click()
    assert "Đại đội 1" in kept.inner_text()

    page.goto(f"/reports/consolidation/B1/{MONTHLY}/{PERIOD}/")
    with page.expect_download() as info:
        page.get_by_test_id("consolidation-docx").click()
    document = Document(io.BytesIO(Path(info.value.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert EDIT in text


@pytest.mark.parametrize("width", [390, 1366])
def test_the_synthesis_page_fits_the_screen(page: Any, world: Any, width: int):
    report = battalion_draft(world)
    page.set_viewport_size({"width": width, "height": 844})
    log_in(page, "po_b1")
    for scope in ("children", "subtree"):
        page.goto(f"/reports/{report.pk}/tong-hop/{SECTION}/?scope={scope}")
        assert page.get_by_test_id("group").count() >= 1
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("link", name="Về báo cáo").click()
    page.wait_for_url(f"**/reports/{report.pk}/**")
