"""The completeness checklist in a browser: a blank report shows calm progress, clicking an item
puts the cursor in its field, and a word typed in a number field is named beside that field."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from khth.reports.actions import open_report
from tests.browser.test_scope_in_browser import log_in
from tests.reports.conftest import MONTHLY, PERIOD

pytestmark = pytest.mark.browser


def test_blank_report_checklist_and_jumping_to_fields(page, world):
    report = open_report(world.unit("C1"), MONTHLY, PERIOD, by=world.users["po_c1"])
    log_in(page, "po_c1")
    page.goto(f"/reports/{report.pk}/edit/")

    checklist = page.get_by_test_id("completeness")
    progress = checklist.get_by_test_id("completeness-progress").inner_text()
    assert re.fullmatch(r"0/\d+ đã đủ", progress), progress
    # Calm: nothing in red before the user has typed anything.
    assert checklist.locator(".bad").count() == 0
    assert checklist.locator("li[data-state=missing]").count() > 20
    color = checklist.locator("li[data-code=quan-so]").evaluate("e => getComputedStyle(e).color")
    assert color != "rgb(161, 29, 29)"  # --bad in khth.css

    checklist.get_by_role("link", name="Quân số", exact=True).click()
    assert page.evaluate("document.activeElement.id") == "v-quan-so"

    checklist.get_by_role("link", name="IV.1. Ưu điểm").click()
    focused = page.evaluate("document.activeElement.getAttribute('data-testid')")
    assert focused == "section-uu-diem"

    # A word in a number field: the live check names it beside the field.
    page.locator("#v-quan-so").fill("hai")
    error = page.locator("#e-quan-so")
    error.filter(has_text="chưa được lưu").wait_for()
    assert page.locator("#v-quan-so").get_attribute("aria-invalid") == "true"
    page.locator("#v-quan-so").fill("120")
    expect(error).to_have_text("")
    expect(checklist.locator("li[data-code=quan-so]")).to_have_attribute("data-state", "done")
    assert page.locator("#v-quan-so").get_attribute("aria-invalid") is None
    # Leave through a link, as a user does: the editor's leaving (its draft saved on the way out)
    # is over before the test's database is emptied.
    page.get_by_role("link", name="Xem", exact=True).click()
    page.wait_for_url(f"**/reports/{report.pk}/")
    page.wait_for_load_state("networkidle")
