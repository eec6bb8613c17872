"""Typed work survives what people meet on a late evening: the session ending mid-edit, a page
left open across a new login, a reload, a closed tab. The browser keeps a copy
(static/web/keep.js) and the page offers it back."""

from __future__ import annotations

import pytest

from khth.reports.models import Report, SectionText
from tests.browser.test_report_cycle import MISSING, prepared_draft
from tests.browser.test_scope_in_browser import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

TYPED = "Đơn vị duy trì nghiêm chế độ trực sẵn sàng chiến đấu, không để bị động bất ngờ."


def type_into_section(page, report: Report) -> None:
    page.goto(f"/reports/{report.pk}/edit/")
    area = page.get_by_test_id(f"section-{MISSING}")
    area.click()
    area.type(TYPED)
    page.wait_for_timeout(700)  # the copy is taken half a second after the last key


def log_in_here(page) -> None:
    """The login form the page was sent to, filled in place."""
    page.get_by_label("Tên đăng nhập").fill("po_c1")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def restore_and_save(page, report: Report) -> None:
    page.get_by_role("button", name="Khôi phục nội dung đã gõ").click()
    assert TYPED in page.get_by_test_id(f"section-{MISSING}").inner_text()
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    assert TYPED in saved_section(report)


def saved_section(report: Report) -> str:
    text = SectionText.objects.filter(report=report, section_code=MISSING).first()
    return text.html if text else ""


def test_the_session_ends_mid_edit(page, world):
    report = prepared_draft(world)
    log_in(page, "po_c1")
    type_into_section(page, report)
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_url("**/login/**")
    assert TYPED not in saved_section(report)
    log_in_here(page)
    assert page.url.endswith(f"/reports/{report.pk}/edit/")
    assert "chưa được lưu" in page.get_by_test_id("keep-typed").inner_text()
    restore_and_save(page, report)


def test_a_page_left_open_across_a_new_login(page, world):
    report = prepared_draft(world)
    log_in(page, "po_c1")
    type_into_section(page, report)
    other = page.context.new_page()  # the user logs in again in another tab: a new token
    other.goto("/")
    other.get_by_role("button", name="Đăng xuất").click()
    log_in(other, "po_c1")
    other.close()
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    assert "Trang đã cũ" in page.get_by_test_id("stale-form").inner_text()
    page.get_by_role("link", name="Mở lại trang").click()
    page.wait_for_load_state()
    restore_and_save(page, report)


def test_a_reload_asks_first_and_keeps_the_text(page, world):
    report = prepared_draft(world)
    log_in(page, "po_c1")
    type_into_section(page, report)
    asked = []

    def answer(dialog) -> None:
        asked.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    page.reload()
    assert asked == ["beforeunload"]
    restore_and_save(page, report)
    # Saved: the copy is gone, and the page opens without the offer.
    page.goto(f"/reports/{report.pk}/edit/")
    assert page.get_by_test_id("keep-typed").count() == 0


def test_logging_out_takes_the_copies_along(page, world):
    report = prepared_draft(world)
    log_in(page, "po_c1")
    type_into_section(page, report)
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login/")
    log_in(page, "po_c1")
    page.goto(f"/reports/{report.pk}/edit/")
    assert page.get_by_test_id("keep-typed").count() == 0
