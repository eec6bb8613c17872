"""The drill-down of a consolidated figure comes a page at a time (issue 15).

At the top of a 20,000-unit tree it once answered every contributing unit (19,406 rows, 1.5 MB
on the page, 2.4 MB from the API). Now the page lists ``COVERAGE_ROWS`` (500) units a page and
the API ``limit`` (at most 500) from ``offset``. Here, on a regiment with 1,105 reporting units
under it: the pages add up to the whole drill-down, each answer stays under ``MAX_BYTES``, and
the number of queries does not grow with the tree.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest

from khth.api.schemas import MAX_LIMIT
from khth.lib import clock
from khth.regulations.access import active_regulation
from khth.regulations.models import RegulationVersion
from khth.reports.consolidation import consolidate
from khth.reports.consolidation.coverage import OwedForPeriod
from khth.reports.models import IndicatorValue, Report
from khth.reports.timeliness import period_for
from khth.reports.views.consolidation import COVERAGE_ROWS
from khth.units.actions import move_unit
from khth.units.models import Unit
from tests.reports.conftest import MONTHLY, PERIOD
from tests.units.helpers import bulk_tree

pytestmark = pytest.mark.django_db

MAX_BYTES = 300_000
PAGE = f"/reports/consolidation/R/{MONTHLY}/{PERIOD}/"
API = f"/api/v1/consolidations/R/{MONTHLY}/{PERIOD}"
BATTALIONS, EACH = 5, 220  # under R: 5 battalions of 220 companies, 1,105 units that report
UNITS = BATTALIONS + BATTALIONS * EACH


def reporting(units: list[Unit]) -> None:
    """A submitted monthly report for each of ``units`` with its own "quan-so", in bulk."""
    version = RegulationVersion.objects.get(is_active=True)
    period = period_for(active_regulation().report_template(MONTHLY), PERIOD)
    now = clock.now()
    reports = Report.objects.bulk_create(
        Report(
            unit=unit, unit_path=unit.path, regulation=version, template_code=MONTHLY,
            period_id=PERIOD,
            period_start=period.start, period_end=period.end, status=Report.SUBMITTED,
            created_at=now, updated_at=now, submitted_at=now, first_submitted_at=now,
        )
        for unit in units
    )  # fmt: skip
    IndicatorValue.objects.bulk_create(
        IndicatorValue(report=report, indicator_code="quan-so", number=Decimal(index % 97 + 1))
        for index, report in enumerate(reports)
    )


def grow(world: Any) -> list[Unit]:
    levels = [("tieu-doan", "Tiểu đoàn", BATTALIONS), ("dai-doi", "Đại đội", EACH)]
    units = bulk_tree(world.unit("R"), levels, prefix="K")
    reporting(units)
    return units


@pytest.fixture
def big(world: Any) -> list[Unit]:
    return grow(world)


def contributors() -> list[str]:
    c = consolidate(Unit.objects.get(code="R"), MONTHLY, period_id=PERIOD)
    return [row.unit.code for row in c.drilldown("quan-so")]


def codes(html: str) -> list[str]:
    return re.findall(r'<tr data-unit="([^"]+)"', html)


def test_the_pages_add_up_to_the_drilldown(world, big):
    everyone = contributors()
    assert len(everyone) == len(set(everyone)) == UNITS
    client = world.client("cu_r")
    seen: list[str] = []
    for number in (1, 2, 3):
        html = client.get(PAGE + "drilldown/quan-so/", {"page": number}).content.decode()
        assert f"Trang {number}/3" in html
        seen += codes(html)
        assert len(codes(html)) == (COVERAGE_ROWS if number < 3 else len(everyone) - 1000)
    assert seen == everyone
    html = client.get(PAGE + "drilldown/quan-so/", {"page": 1}).content.decode()
    assert f'href="{PAGE}drilldown/quan-so/?page=2"' in html and "Trang trước" not in html
    # Past the last page: no row, and the way back.
    html = client.get(PAGE + "drilldown/quan-so/", {"page": 9}).content.decode()
    assert codes(html) == [] and "?page=3" in html


def test_the_api_pages_add_up_to_the_drilldown(world, big):
    client = world.client("cu_r")
    seen: list[str] = []
    total = Decimal(0)
    for offset in range(0, UNITS + 300, 300):
        rows = client.get(API + "/drilldown/quan-so", {"limit": 300, "offset": offset}).json()
        assert len(rows) <= 300
        seen += [r["unit"] for r in rows]
        total += sum(Decimal(r["value"]) for r in rows)
    assert seen == contributors()
    # The units of the pages make the figure, R's own value aside (it has no report here).
    assert total == Decimal(client.get(API).json()["indicators"]["quan-so"])
    assert len(client.get(API + "/drilldown/quan-so").json()) == 100
    assert client.get(API + "/drilldown/quan-so", {"limit": MAX_LIMIT + 1}).status_code == 422


def test_answers_at_the_top_stay_small(world, big):
    client = world.client("cu_r")
    for url, params in [
        (PAGE, {}),
        (PAGE + "drilldown/quan-so/", {}),
        (PAGE + "drilldown/quan-so/", {"page": 2}),
        (API + "/drilldown/quan-so", {"limit": MAX_LIMIT}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200, url
        assert len(response.content) < MAX_BYTES, url
    fragment = client.get(PAGE + "drilldown/quan-so/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and len(codes(fragment)) == COVERAGE_ROWS


def test_query_count_does_not_grow_with_the_tree(world, django_assert_max_num_queries):
    client = world.client("cu_r")
    reporting([world.unit(code) for code in ("B1", "C1", "C2", "B2", "C3")])
    # As tests/reports/test_consolidation.py pins for the first page: session, user, scope,
    # regulation, unit, the tree and its reports, the figures, the texts, the drill-down's rows.
    bound = 16

    def each() -> None:
        for url, params in [
            (PAGE + "drilldown/quan-so/", {"page": 2}),
            (API + "/drilldown/quan-so", {"limit": 50, "offset": 3}),
        ]:
            with django_assert_max_num_queries(bound):
                assert client.get(url, params).status_code == 200, url

    each()
    grow(world)
    each()


def test_the_drilldown_follows_the_period_s_tree_and_reads_only_its_page_of_units(
    world, monkeypatch
):
    reporting([world.unit(code) for code in ("B1", "C1", "C2", "B2", "C3")])
    # C1 moves under B2 after July: July's drill-down still lists it under B1, in July's tree.
    move_unit(world.unit("C1"), world.unit("B2"), by=None, on=dt.date(2024, 9, 1))
    c = consolidate(Unit.objects.get(code="R"), MONTHLY, period_id=PERIOD)
    in_order = [row.unit.code for row in c.coverage]
    assert in_order == ["B1", "C1", "C2", "B2", "C3"]

    def whole_list(self):
        raise AssertionError("the drill-down read every unit that owes the report")

    monkeypatch.setattr(OwedForPeriod, "all", whole_list)
    c = consolidate(Unit.objects.get(code="R"), MONTHLY, period_id=PERIOD)
    page, total = c.drilldown_slice("quan-so", slice(1, 3))
    assert total == 5
    assert [(x.unit.code, x.unit.name) for x in page] == [
        ("C1", "Đại đội 1"),
        ("C2", "Đại đội 2"),
    ]


def test_scope_of_the_pages(world, big):
    assert world.client("cmd_b1").get(PAGE + "drilldown/quan-so/?page=2").status_code == 404
    assert world.client("po_c1").get(API + "/drilldown/quan-so?offset=500").status_code == 404


def test_the_consolidation_api_lists_the_first_units_and_counts_them_all(world):
    # Nobody has reported: every one of the 1,105 units is missing.
    bulk_tree(
        world.unit("R"),
        [("tieu-doan", "Tiểu đoàn", BATTALIONS), ("dai-doi", "Đại đội", EACH)],
        prefix="K",
    )
    body = world.client("cu_r").get(API)
    data = body.json()
    missing = [
        c.unit.code
        for c in consolidate(Unit.objects.get(code="R"), MONTHLY, period_id=PERIOD).missing
    ]
    assert data["missing_count"] == len(missing) > 500
    assert data["missing"] == missing[:500]
    assert len(body.content) < MAX_BYTES
