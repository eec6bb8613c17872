"""A battalion's monthly report over its companies' reports (tests/conftest.py's world).

C1 and C2 have sent July 2024's report, each with its own text for the political education
section (``SECTION``); then B1's political officer opens the battalion's report, whose sections
start prefilled with the companies' texts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from khth.reports.actions import (
    Content,
    create_request,
    open_report,
    open_request_report,
    save_report,
    submit_report,
)
from khth.reports.models import Report
from khth.units.actions import create_unit
from khth.units.models import Unit
from tests.conftest import FOUNDED
from tests.reports.conftest import MONTHLY, PERIOD, complete_content

SECTION = "giao-duc-chinh-tri"
OPTIONAL = "kinh-nghiem"  # «Bài học kinh nghiệm»: required: false in the default template
TEXTS = {
    "C1": (
        "<p>Tổ chức 12 buổi học tập chính trị cho bộ đội, quân số tham gia đạt 98%.</p>"
        "<p>Có 1 đồng chí vi phạm kỷ luật, đã xử lý theo quy định.</p>"
    ),
    "C2": "<p>Tổ chức 8 buổi học tập chính trị cho bộ đội, quân số tham gia đạt 97%.</p>",
}
OFFICERS = {"C1": "po_c1", "C2": "po_c2", "B1": "po_b1", "R": "cu_r"}


def sent(world: Any, code: str, texts: dict[str, str | None] | None = None) -> Report:
    """``code``'s July report, complete, submitted; ``texts`` replaces sections' texts (None:
    left blank, with a written reason)."""
    by = world.users[OFFICERS.get(code, "cu_r")]
    report = open_report(world.unit(code), MONTHLY, PERIOD, by=by)
    content = complete_content(report)
    assert content.sections is not None
    justifications = {}
    for section, html in (texts or {}).items():
        if html is None:
            del content.sections[section]
            justifications[("section", section)] = "Không có nội dung trong tháng"
        else:
            content.sections[section] = html
    content = replace(content, justifications=justifications)
    report = save_report(report, content, by=by, base_version=report.version)
    return submit_report(report, by=by)


@pytest.fixture
def company_reports(world: Any) -> dict[str, Report]:
    return {code: sent(world, code, {SECTION: html}) for code, html in TEXTS.items()}


@pytest.fixture
def battalion_report(world: Any, company_reports: dict[str, Report]) -> Report:
    return open_report(world.unit("B1"), MONTHLY, PERIOD, by=world.users["po_b1"])


def add_company(world: Any, code: str, parent: str, short_name: str | None = None) -> Unit:
    return create_unit(
        code=code,
        name=f"Đại đội {code}",
        short_name=short_name or f"Đại đội {code}",
        level="dai-doi",
        parent=world.unit(parent),
        by=None,
        valid_from=FOUNDED,
    )


def page(report: Report, section: str = SECTION) -> str:
    return f"/reports/{report.pk}/tong-hop/{section}/"


def api(report: Report) -> str:
    return f"/api/v1/reports/{report.pk}/synthesis"


REQUEST_TEXTS = {
    "C1": "<p>Mưa lớn làm sạt lở 30 mét đường vào doanh trại.</p>",
    "C2": "<p>Mưa lớn làm sạt lở 20 mét đường vào khu huấn luyện.</p>",
}


def request_reports(
    world: Any, addressees: tuple[str, ...] = ("B1", "C1", "C2"), *, asks: str = "R"
) -> Report:
    """``asks`` (the regiment) asks ``addressees`` for an ad hoc report; the companies among
    them answer (``REQUEST_TEXTS`` in «Sự việc, diễn biến»); returns the first addressee's
    report, opened."""
    by = world.users["cu_r"]
    request = create_request(
        from_unit=world.unit(asks),
        template_code="bc-dot-xuat",
        title="Báo cáo mưa lũ",
        content="<p>Thiệt hại do mưa lũ</p>",
        period_start=dt.date(2024, 9, 1),
        period_end=dt.date(2024, 9, 10),
        deadline=dt.date(2024, 9, 12),
        addressees=[world.unit(code) for code in addressees],
        by=by,
    )
    for code, html in REQUEST_TEXTS.items():
        if code not in addressees:
            continue
        officer = world.users[OFFICERS[code]]
        report = open_request_report(request, world.unit(code), by=officer)
        content = Content(
            sections={"su-viec": html, "nguyen-nhan": "<p>Mưa lớn kéo dài.</p>",
                      "xu-ly": "<p>Đã khắc phục.</p>"}
        )  # fmt: skip
        report = save_report(report, content, by=officer, base_version=report.version)
        submit_report(report, by=officer)
    first = addressees[0]
    return open_request_report(request, world.unit(first), by=world.users[OFFICERS[first]])
