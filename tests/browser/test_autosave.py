"""A report's draft saves itself on the server (static/web/autosave.js): typed, left alone, the
text is on the server — a reload with the browser's own copy gone still shows it, and leaving
asks nothing. The form carries the new version, so the user's own «Lưu» is not refused."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from khth.reports.models import Report
from tests.browser.test_report_cycle import MISSING, prepared_draft
from tests.browser.test_scope_in_browser import log_in
from tests.browser.test_typed_work_kept import TYPED, saved_section

pytestmark = pytest.mark.browser


def test_a_report_draft_saves_itself_and_survives_a_reload(page, world):
    report = prepared_draft(world)
    log_in(page, "po_c1")
    page.goto(f"/reports/{report.pk}/edit/")
    area = page.get_by_test_id(f"section-{MISSING}")
    area.click()
    area.type(TYPED)
    # Every second instead of every 45: the test does not wait the whole interval.
    page.locator("#report-form").evaluate("form => form.dataset.autosaveSeconds = '1'")
    expect(page.get_by_test_id("autosave-status")).to_contain_text("Đã lưu nháp lúc")
    assert TYPED in saved_section(report)
    version = Report.objects.get(pk=report.pk).version
    assert version == report.version + 1
    assert page.locator("input[name=base_version]").input_value() == str(version)

    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    page.evaluate("localStorage.clear()")
    page.reload()
    assert asked == []  # everything typed was saved: nothing to ask about
    area = page.get_by_test_id(f"section-{MISSING}")
    assert TYPED in area.inner_text()
    assert page.get_by_test_id("keep-typed").count() == 0
