"""From the reporting-status page a superior reaches the consolidation of each period; the
status counts add up to the units that owe the report; the consolidation says beside its
figures how many of those units they come from."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from khth.lib import clock
from khth.periods import period_of
from tests.reports.conftest import MONTHLY, PERIOD
from tests.reports.test_rates import JULY, at_local, deadline, submitted

pytestmark = pytest.mark.django_db

SPAN = f"?template={MONTHLY}&from=202406&to={PERIOD}"


def summary_counts(body: str) -> dict[str, list[int]]:
    """Each summary row of the status table: its counts, one per period."""
    footer = body[body.index('data-testid="rates-summary"') :]
    footer = footer[: footer.index("</tfoot>")]
    rows = {}
    for name, cells in re.findall(r'<tr data-count="(\w+)">(.*?)</tr>', footer, re.S):
        rows[name] = [int(n) for n in re.findall(r'<span class="count">(\d+)</span>', cells)]
    return rows


def test_the_status_counts_add_up_to_the_units_expected(world: Any):
    # Three months up to this one: the first is due for everyone, this one for no one yet.
    current = period_of(clock.today(), "monthly")
    first = current.previous().previous()
    submitted(world, "C1", at_local(deadline("dai-doi", first), 8), first.id)  # on time
    late = deadline("dai-doi", first) + dt.timedelta(days=1)
    submitted(world, "C2", at_local(late, 8), first.id)
    span = f"?template={MONTHLY}&from={first.id}&to={current.id}"
    body = world.client("cu_r").get("/reports/rates/R/" + span).content.decode()
    counts = summary_counts(body)
    assert set(counts) == {"on_time", "late", "missing", "not_due", "expected"}
    # The rows are the battalions; the counts are the whole subtree's five units.
    assert re.findall(r'<tr data-unit="([^"]+)"', body) == ["B1", "B2"]
    assert counts["expected"] == [5] * 3
    for index in range(3):
        parts = sum(counts[name][index] for name in ("on_time", "late", "missing", "not_due"))
        assert parts == counts["expected"][index]
    assert [counts[n][0] for n in ("on_time", "late", "missing", "not_due")] == [1, 1, 3, 0]
    assert counts["not_due"][2] == 5


def test_the_status_page_links_each_period_to_its_consolidation(world: Any):
    body = world.client("cu_r").get("/reports/rates/R/" + SPAN).content.decode()
    for period in ("202406", PERIOD):
        assert f'href="/reports/consolidation/R/{MONTHLY}/{period}/"' in body
    page = world.client("cu_r").get(f"/reports/consolidation/R/{MONTHLY}/{PERIOD}/")
    assert page.status_code == 200


def test_the_consolidation_says_how_many_units_its_figures_come_from(world: Any):
    submitted(world, "C1", at_local(deadline("dai-doi"), 8))
    body = world.client("po_b1").get(f"/reports/consolidation/B1/{MONTHLY}/{PERIOD}/")
    text = body.content.decode()
    coverage = text[text.index('data-testid="figures-coverage"') :].split("</p>")[0]
    assert "Số liệu của 1/2 đơn vị; 1 đơn vị chưa gửi" in coverage
    assert "tag bad" in coverage
    # Beside the figures, not below the table.
    assert text.index('data-testid="figures-coverage"') < text.index('data-testid="figures"')

    submitted(world, "C2", at_local(deadline("dai-doi", JULY) - dt.timedelta(days=1), 8))
    text = world.client("po_b1").get(f"/reports/consolidation/B1/{MONTHLY}/{PERIOD}/")
    coverage = text.content.decode().split('data-testid="figures-coverage"')[1].split("</p>")[0]
    assert "Số liệu của 2/2 đơn vị" in coverage and "chưa gửi" not in coverage
