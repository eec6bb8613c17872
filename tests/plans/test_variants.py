"""A plan is made under the regulation its unit follows and keeps it (issue 13)."""

from __future__ import annotations

from typing import Any

from khth.plans.actions import create_plan
from khth.units.regulation import assign_regulation
from tests.plans.conftest import YEAR, YEARLY
from tests.regulations.variants import BDBP, load_bdbp


def test_a_plan_keeps_the_version_of_its_units_regulation(
    world: Any, edited_regulation: Any
) -> None:
    variant = load_bdbp()
    assign_regulation(BDBP, root=world.unit("B1"), by=None)
    plan = create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=world.users["po_b1"])
    outside = create_plan(world.unit("B2"), YEARLY, period_id=YEAR, by=world.users["cu_r"])
    assert plan.regulation_id == variant.pk
    assert outside.regulation.code == "ctd-ctct"
    edited_regulation(lambda data: None, "2017.1-khth.91")
    load_bdbp("2024.8")
    plan.refresh_from_db()
    assert plan.regulation_id == variant.pk
