"""A target's figure is checked against the column and the indicator before the plan is stored,
so no figure sent can leave a plan that fails to read."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from khth.plans.actions import create_plan
from khth.plans.models import Plan
from tests.api.test_api import api
from tests.plans.conftest import YEAR, YEARLY

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world: Any) -> Plan:
    return create_plan(world.unit("B1"), YEARLY, period_id=YEAR, by=world.users["po_b1"])


def patch(plan: Plan, value: str, indicator: str = "quan-so") -> Any:
    target = {"text": "Quân số", "template": "bc-thang", "indicator": indicator}
    content = {"targets": [{**target, "comparison": ">=", "value": value}]}
    return api("po_b1").patch(
        f"/api/v1/plans/{plan.pk}",
        json.dumps({"revision": plan.revision, "content": content}),
        content_type="application/json",
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9999999999999999", "tối đa 11 chữ số phần nguyên"),  # SQLite would read 10**16 back
        ("100000000000", "tối đa 11 chữ số phần nguyên"),
        ("-5", "Quân số không được nhỏ hơn 0"),
        ("101", "không được lớn hơn 100"),
    ],
)
def test_a_target_figure_out_of_bounds_is_named_and_the_plan_stays_readable(
    world: Any, plan: Plan, value: str, message: str
) -> None:
    indicator = "gdct-ty-le" if value == "101" else "quan-so"
    response = patch(plan, value, indicator)
    assert response.status_code == 400, response.content
    [problem] = response.json()["problems"]
    assert problem["place"] == "Chỉ tiêu 1" and message in problem["message"]
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision
    assert api("po_b1").get(f"/api/v1/plans/{plan.pk}").status_code == 200
    assert world.client("po_b1").get(f"/plans/{plan.pk}/").status_code == 200


def test_the_largest_target_figure_is_kept(world: Any, plan: Plan) -> None:
    response = patch(plan, "99999999999.9999")
    assert response.status_code == 200, response.content
    read = api("po_b1").get(f"/api/v1/plans/{plan.pk}").json()
    assert Decimal(read["content"]["targets"][0]["value"]) == Decimal("99999999999.9999")
