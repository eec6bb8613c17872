"""The README's pictures are made here, by the test run, not by hand: the main pages at a desk
(1366 px) and on a phone (390 px), as the people who use them see them. Each page must also fit
its screen. Set KHTH_SCREENSHOTS_DIR=docs/screenshots to write them where the README shows them;
otherwise they go to a temporary folder and are only checked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from khth.reports.actions import open_report, submit_report
from tests.browser.test_scope_in_browser import log_in
from tests.reports.conftest import MONTHLY, PERIOD, fill

pytestmark = pytest.mark.browser

DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    chosen = os.environ.get("KHTH_SCREENSHOTS_DIR")
    return Path(chosen) if chosen else tmp_path


def shoot(page, folder: Path, name: str, size: dict[str, int]) -> None:
    page.set_viewport_size(size)
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], f"{name}: {width} px wide on a {size['width']} px screen"
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000  # a page, not a blank


def test_the_main_pages_as_people_see_them(page, world, folder):
    # The first company's monthly report is in; the second company's is half written.
    first = open_report(world.unit("C1"), MONTHLY, PERIOD, by=world.users["po_c1"])
    submit_report(fill(first, world.users["po_c1"]), by=world.users["po_c1"])
    second = open_report(world.unit("C2"), MONTHLY, PERIOD, by=world.users["po_c2"])

    log_in(page, "po_b1")  # the battalion's political officer: reviews the companies
    page.set_viewport_size(DESK)
    page.goto("/")
    shoot(page, folder, "home-battalion", DESK)
    page.goto(f"/reports/{first.pk}/")
    shoot(page, folder, "report-submitted", DESK)
    page.goto(f"/reports/consolidation/B1/{MONTHLY}/{PERIOD}/")
    shoot(page, folder, "consolidation", DESK)
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, "po_c2")  # the second company's political officer, writing the report
    page.goto(f"/reports/{second.pk}/edit/")
    shoot(page, folder, "report-editor", DESK)
    shoot(page, folder, "report-editor-phone", PHONE)
    page.goto("/")
    page.get_by_role("button", name="Danh mục").click()
    shoot(page, folder, "home-phone-menu", PHONE)
