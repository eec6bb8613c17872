"""The regiment enters Chỉ thị 05, a company records that it studied it, and the regiment sees
that in the directive's matrix, drilling down to the battalion."""

from __future__ import annotations

import datetime as dt

import pytest

from khth.lib import clock
from tests.browser.test_report_cycle import log_out
from tests.browser.test_scope_in_browser import log_in

pytestmark = pytest.mark.browser


def test_directive_entered_studied_and_seen(page, world):
    today = clock.today()
    log_in(page, "cu_r")
    page.goto("/directives/R/")
    form = page.get_by_test_id("directive-form")
    form.get_by_label("Số, ký hiệu").fill("05-CT/TW")
    form.get_by_label("Trích yếu").fill("Về đẩy mạnh học tập và làm theo tư tưởng Hồ Chí Minh")
    form.get_by_label("Cơ quan ban hành").fill("Bộ Chính trị")
    form.get_by_label("Ngày ban hành").fill((today - dt.timedelta(days=30)).strftime("%d/%m/%Y"))
    form.get_by_role("button", name="Nhập văn bản").click()
    page.wait_for_load_state()
    assert "05-CT/TW" in page.get_by_test_id("directive-title").inner_text()
    detail = page.url
    log_out(page)

    log_in(page, "po_c1")
    page.goto(detail)
    page.get_by_test_id("record-C1").click()
    study = page.get_by_test_id("study-form")
    study.get_by_label("Ngày quán triệt").fill(today.strftime("%d/%m/%Y"))
    study.get_by_label("Hình thức").select_option("sinh-hoat-chi-bo")
    study.get_by_label("Tổng số phải học tập").fill("40")
    study.get_by_label("Số có mặt").fill("36")
    study.get_by_label("Người chủ trì").fill("Đ/c Phạm Văn Một")
    study.get_by_role("button", name="Lưu kết quả quán triệt").click()
    page.wait_for_load_state()
    assert "36/40 (90%)" in page.get_by_test_id("attendance").inner_text()
    log_out(page)

    log_in(page, "cu_r")
    page.goto(detail)
    assert "1 đã quán triệt" in page.get_by_test_id("matrix-counts").inner_text()
    page.get_by_test_id("drill-B1").click()
    page.wait_for_load_state()
    row = page.locator('[data-testid="matrix"] tr[data-unit="C1"]').inner_text()
    assert today.strftime("%d/%m/%Y") in row and "90%" in row
