"""Directives helpers on the named world (tests/conftest.py).

``entered(world)`` is Chỉ thị 05 entered at the regiment by ``cu_r`` (plan.prepare at R), for
every unit of R's subtree; ``studied(world, directive, "C1")`` records C1's study as ``po_c1``,
who holds report.prepare at C1 (each company's own people record; ``po_c2`` for C2).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from khth.directives.actions import DirectiveIn, StudyIn, enter_directive, record_study
from khth.directives.models import Directive, Study

TODAY = dt.date(2025, 6, 2)
ISSUED = dt.date(2025, 3, 15)
RECORDERS = {"C1": "po_c1", "C2": "po_c2", "B1": "po_b1", "R": "cu_r"}


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def entered(world: Any, levels: tuple[str, ...] = (), number: str = "05-CT/TW") -> Directive:
    return enter_directive(
        world.unit("R"),
        DirectiveIn(
            number=number,
            title="Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            issuer="Bộ Chính trị",
            issued_on=ISSUED,
            levels=levels,
        ),
        by=world.users["cu_r"],
    )


def study_in(**changes: Any) -> StudyIn:
    values: dict[str, Any] = {
        "held_on": dt.date(2025, 4, 10),
        "form": Study.CELL_MEETING,
        "present": 45,
        "total": 50,
        "presided": "Đ/c Phạm Văn Một, Bí thư chi bộ",
    }
    return StudyIn(**(values | changes))


def studied(world: Any, directive: Directive, code: str, **changes: Any) -> Study:
    user = world.users[RECORDERS[code]]
    return record_study(directive, world.unit(code), study_in(**changes), by=user)
