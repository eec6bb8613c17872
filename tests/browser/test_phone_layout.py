"""A phone is a real screen: at 390 px no page is wider than the screen, and the menu folds
behind one button."""

from __future__ import annotations

import pytest

from khth.reports.actions import open_report, submit_report
from tests.browser.test_scope_in_browser import log_in
from tests.reports.conftest import MONTHLY, PERIOD, fill
from tests.web.test_vietnamese_pages import SKIP

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


# Links a page offers, as the browser resolves them: same site, no downloads, no fragments.
LINKS = """() => [...document.querySelectorAll('a[href]:not([download])')]
  .map(a => a.href).filter(h => h.startsWith(location.origin))
  .map(h => h.slice(location.origin.length).split('#')[0])"""


def test_every_page_a_user_reaches_fits_a_phone(page, world):
    """Clicking through from the home page, one address per kind of page (one unit's page
    stands for all units'), as a battalion's political officer with a report in and a report
    being written: no page is wider than the phone."""
    from django.urls import Resolver404, resolve
    from playwright.sync_api import Error as PlaywrightError

    done = open_report(world.unit("C1"), MONTHLY, PERIOD, by=world.users["po_c1"])
    submit_report(fill(done, world.users["po_c1"]), by=world.users["po_c1"])
    open_report(world.unit("B1"), MONTHLY, PERIOD, by=world.users["po_b1"])
    page.set_viewport_size(PHONE)
    log_in(page, "po_b1")
    seen: set[str] = set()
    kinds: set[str] = set()
    queue = ["/"]
    too_wide: dict[str, int] = {}
    while queue and len(seen) < 120:
        path = queue.pop(0)
        if path in seen or SKIP.search(path):
            continue
        try:
            kind = resolve(path.split("?")[0]).view_name
        except Resolver404:
            continue
        if kind in kinds:
            continue
        seen.add(path)
        kinds.add(kind)
        try:
            response = page.goto(path)
        except PlaywrightError:  # a link that answers with a file, not a page
            continue
        if response is None or response.status != 200:
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
        queue.extend(page.evaluate(LINKS))
    assert len(kinds) > 30  # the walk reached the whole site, not just the menu
    assert too_wide == {}
