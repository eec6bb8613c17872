"""The matrix: per unit, studied (date, %), planned, reported, with counts over each
subordinate's subtree; a fixed number of queries whatever the tree's size."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from khth.directives.actions import ResultIn, link_plan, report_result
from khth.directives.matrix import full_rows, matrix
from khth.directives.models import Directive
from khth.plans.actions import create_plan
from khth.units.actions import create_unit
from tests.conftest import FOUNDED
from tests.directives.conftest import entered, studied

pytestmark = pytest.mark.django_db


def _follow_up(world: Any, directive: Directive) -> None:
    studied(world, directive, "C1", present=45, total=50)
    studied(world, directive, "C2", present=30, total=30)
    po = world.users["po_c1"]
    plan = create_plan(world.unit("C1"), "kh-ctd-nam", period_id="2025", by=po)
    link_plan(directive, world.unit("C1"), plan, by=po)
    report_result(directive, world.unit("C1"), ResultIn("2025Q2", "Đạt yêu cầu"), by=po)


def test_the_regiment_sees_its_battalions_with_counts_below(world):
    directive = entered(world)
    _follow_up(world, directive)
    shown = matrix(directive, world.unit("R"))
    assert shown.own.unit.code == "R" and shown.own.follows and shown.own.study is None
    rows = {r.unit.code: r for r in shown.rows}
    assert list(rows) == ["B1", "B2"]
    b1 = rows["B1"].below
    assert (b1.required, b1.studied, b1.planned, b1.reported) == (3, 2, 1, 1)
    assert rows["B1"].drills and rows["B1"].study is None
    b2 = rows["B2"].below
    assert (b2.required, b2.studied) == (2, 0)
    t = shown.totals
    assert (t.required, t.studied, t.planned, t.reported) == (6, 2, 1, 1)
    assert str(t.studied_share) == "33.3"


def test_drilling_down_shows_each_company_with_its_own_records(world):
    directive = entered(world)
    _follow_up(world, directive)
    shown = matrix(directive, world.unit("B1"))
    rows = {r.unit.code: r for r in shown.rows}
    c1, c2 = rows["C1"], rows["C2"]
    assert c1.study is not None and c1.study.held_on == dt.date(2025, 4, 10)
    assert c1.plan is not None and c1.results == 1 and c1.last_period == "2025Q2"
    assert c2.plan is None and c2.results == 0 and not c2.drills
    assert (shown.totals.required, shown.totals.studied) == (3, 2)


def test_levels_limit_who_must_follow(world):
    directive = entered(world, levels=("dai-doi",))
    studied(world, directive, "C1")
    shown = matrix(directive, world.unit("R"))
    assert not shown.own.follows
    rows = {r.unit.code: r for r in shown.rows}
    assert not rows["B1"].follows
    assert (rows["B1"].below.required, rows["B1"].below.studied) == (2, 1)
    assert shown.totals.required == 3
    assert [r.unit.code for r in full_rows(directive, world.unit("R"))] == ["C1", "C2", "C3"]


def test_a_dissolved_or_empty_branch_counts_for_nothing(world):
    directive = entered(world, levels=("dai-doi",))
    create_unit(
        code="BT",
        name="Ban Tham mưu",
        short_name="BTM",
        level="tieu-doan",
        parent=world.unit("R"),
        by=None,
        valid_from=FOUNDED,
    )
    codes = [r.unit.code for r in matrix(directive, world.unit("R")).rows]
    assert codes == ["B1", "B2"]  # nothing to follow under BT: not listed


def _grow(world, companies: int) -> None:
    for n in range(companies):
        create_unit(
            code=f"X{n}",
            name=f"Đại đội {n + 10}",
            short_name=f"C{n + 10}",
            level="dai-doi",
            parent=world.unit("B2"),
            by=None,
            valid_from=FOUNDED,
        )


@pytest.mark.parametrize("companies", [0, 40])
def test_the_matrix_page_is_a_fixed_number_of_queries(
    world, companies, django_assert_max_num_queries
):
    directive = entered(world)
    _follow_up(world, directive)
    _grow(world, companies)
    client = world.client("cu_r")
    client.get(f"/directives/d/{directive.pk}/")  # warm the regulation cache
    with django_assert_max_num_queries(17):
        page = client.get(f"/directives/d/{directive.pk}/")
    assert page.status_code == 200
    with django_assert_max_num_queries(6):
        shown = matrix(directive, world.unit("R"))
    assert shown.totals.required == 6 + companies


def test_the_export_lists_every_unit_with_its_record(world):
    import io

    from openpyxl import load_workbook

    directive = entered(world)
    _follow_up(world, directive)
    response = world.client("cu_r").get(f"/directives/d/{directive.pk}/export.xlsx?unit=B1")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Theo dõi thực hiện"].iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["Tiểu đoàn 1", "Đại đội 1", "Đại đội 2"]
    c1 = rows[2]
    assert (
        c1[4:7] == (45, 50, 90) and c1[11]  # the linked plan's title
    )
    summary = list(book["Tổng hợp"].iter_rows(values_only=True))
    assert summary[2][:2] == ("Đã quán triệt", 2)
