"""The README's pictures are made here, by the test run, not by hand: the main pages at a desk
(1366 px) and on a phone (390 px), as the people who use them see them. Each page must also fit
its screen. Set KHTH_SCREENSHOTS_DIR=docs/screenshots to write them where the README shows them;
otherwise they go to a temporary folder and are only checked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from khth.accounts.models import User
from khth.demo.builder import build_demo
from khth.demo.management.commands.demo import ensure_regulation
from khth.lib import clock
from khth.periods import period_of
from khth.reports.actions import open_report
from khth.reports.models import Report
from khth.units.models import Membership, Unit
from tests.browser.test_scope_in_browser import log_in
from tests.conftest import PASSWORD
from tests.reports.conftest import MONTHLY

pytestmark = pytest.mark.browser

DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
BATTALION = "SD330-E1-D1"
COMPANY = "SD330-E1-D1-C2"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    chosen = os.environ.get("KHTH_SCREENSHOTS_DIR")
    return Path(chosen) if chosen else tmp_path


def shoot(page, folder: Path, name: str, size: dict[str, int]) -> None:
    page.set_viewport_size(size)
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], f"{name}: {width} px wide on a {size['width']} px screen"
    assert page.get_by_role("heading", name="Không tìm thấy").count() == 0, name
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000  # a page, not a blank


@pytest.fixture
def demo_year(transactional_db: None) -> None:
    """The demo organisation and its year of work: the pictures show what a real unit sees."""
    ensure_regulation()
    build_demo(password=PASSWORD)


def test_the_main_pages_as_people_see_them(page, demo_year, folder):
    battalion = Unit.objects.get(code=BATTALION)
    # A company's report waiting for the battalion, and a company report being written.
    submitted = (
        Report.objects.filter(
            unit__parent=battalion, status=Report.SUBMITTED, template_code=MONTHLY
        )
        .order_by("-period_end")
        .first()
    )
    assert submitted is not None, "the demo year leaves a company report to review"
    draft = Report.objects.filter(unit__parent=battalion, status=Report.DRAFT).first()
    if draft is None:
        company = Unit.objects.get(code=COMPANY)
        month = period_of(clock.today(), "monthly")
        draft = open_report(company, MONTHLY, month.id, by=User.objects.get(username="pctv.e1d1c2"))

    log_in(page, "ctv.e1d1")  # the battalion's political officer: reviews the companies
    page.set_viewport_size(DESK)
    page.goto("/")
    shoot(page, folder, "home-battalion", DESK)
    page.goto(f"/reports/{submitted.pk}/")
    shoot(page, folder, "report-submitted", DESK)
    page.goto(
        f"/reports/consolidation/{BATTALION}/{submitted.template_code}/{submitted.period_id}/"
    )
    shoot(page, folder, "consolidation", DESK)
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, draft_writer(draft))  # who writes the company's report
    page.goto(f"/reports/{draft.pk}/edit/")
    shoot(page, folder, "report-editor", DESK)
    shoot(page, folder, "report-editor-phone", PHONE)
    page.goto("/")
    page.get_by_role("button", name="Danh mục").click()
    shoot(page, folder, "home-phone-menu", PHONE)


def draft_writer(report: Report) -> str:
    """The deputy political officer of the report's company (he prepares there)."""
    return (
        Membership.objects.filter(unit=report.unit, role="deputy_political_officer")
        .values_list("user__username", flat=True)
        .get()
    )
