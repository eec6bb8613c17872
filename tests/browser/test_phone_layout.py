"""A phone is a real screen: at 390 px no page is wider than the screen, and the menu folds
behind one button."""

from __future__ import annotations

import pytest

from tests.browser.test_scope_in_browser import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = [
    "/",
    "/reports/",
    "/plans/",
    "/records/",
    "/evaluations/",
    "/awards/",
    "/coordination/",
    "/inspections/",
    "/reviews/",
    "/units/",
    "/units/R/",
    "/regulation/",
    "/notifications/",
]


def test_no_page_is_wider_than_a_phone(page, world):
    page.set_viewport_size(PHONE)
    log_in(page, "cu_r")
    too_wide = {}
    for path in PAGES:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    assert too_wide == {}


def test_the_menu_folds_behind_one_button_on_a_phone(page, world):
    page.set_viewport_size(PHONE)
    log_in(page, "cu_r")
    menu = page.get_by_role("navigation", name="Chức năng")
    toggle = page.get_by_role("button", name="Danh mục")
    assert menu.is_hidden()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    menu.get_by_role("link", name="Báo cáo").click()
    page.wait_for_url("**/reports/")


def test_the_menu_stays_open_on_a_desk(page, world):
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "cu_r")
    assert page.get_by_role("navigation", name="Chức năng").is_visible()
    assert page.get_by_role("button", name="Danh mục").is_hidden()
