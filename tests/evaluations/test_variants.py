"""An evaluation is made under the regulation its unit follows and keeps it (issue 13)."""

from __future__ import annotations

from typing import Any

from khth.evaluations.actions import open_evaluation
from khth.units.regulation import assign_regulation
from tests.evaluations.conftest import HALF
from tests.regulations.variants import BDBP, load_bdbp


def test_an_evaluation_keeps_the_version_of_its_units_regulation(
    world: Any, edited_regulation: Any
) -> None:
    variant = load_bdbp()
    assign_regulation(BDBP, root=world.unit("C1"), by=None)
    evaluation = open_evaluation(world.unit("C1"), HALF, by=world.users["po_c1"])
    other = open_evaluation(world.unit("C2"), HALF, by=world.users["po_c2"])
    assert evaluation.regulation_id == variant.pk
    assert other.regulation.code == "ctd-ctct"
    edited_regulation(lambda data: None, "2017.1-khth.92")
    evaluation.refresh_from_db()
    assert evaluation.regulation_id == variant.pk
