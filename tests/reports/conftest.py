"""Report fixtures on top of the named world (tests/conftest.py).

``complete_content(report)`` fills every required section and indicator of a report's template
with valid values, so a test can then remove exactly the item it is about.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from khth.reports.actions import Content, open_report, save_report, template
from khth.reports.models import Report
from khth.reports.template import entered_indicators, outline

MONTHLY = "bc-thang"
PERIOD = "202407"

# Values that satisfy the default template's rules (admitted ≤ candidates, members ≤ personnel…).
SAFE_NUMBERS: dict[str, Decimal] = {"quan-so": Decimal(120)}


def complete_content(report: Report, numbers: dict[str, Any] | None = None) -> Content:
    tmpl = template(report)
    sections = {
        row.code: f"<p>Nội dung {row.title} của {report.unit.short_name}.</p>"
        for row in outline(tmpl)
        if row.is_leaf
    }
    values: dict[str, str | None] = {}
    for indicator in entered_indicators(tmpl):
        if indicator.type == "boolean":
            values[indicator.code] = "có"
        elif indicator.type == "text":
            values[indicator.code] = "Ghi chú"
        else:
            values[indicator.code] = "0"
    values["quan-so"] = "120"
    for code, number in (numbers or {}).items():
        values[code] = str(number)
    return Content(sections=sections, values=values)


def fill(report: Report, by: Any, numbers: dict[str, Any] | None = None) -> Report:
    return save_report(
        report, complete_content(report, numbers), by=by, base_version=report.version
    )


@pytest.fixture
def company_report(world: Any) -> Report:
    """Company C1's monthly report for July 2024, empty."""
    return open_report(world.unit("C1"), MONTHLY, PERIOD, by=world.users["po_c1"])
