"""Awards helpers on the named world (tests/conftest.py).

``decided(world, code, period, level)`` records a unit's evaluation as decided at ``level``
— the state the evaluation workflow ends in (tests/evaluations drive the workflow itself; one
test here goes through it end to end). ``award(...)`` registers an award as ``cu_r``, who holds
``award.manage`` over the regiment's subtree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from khth.awards.actions import AwardIn, register_award
from khth.awards.models import Award
from khth.evaluations.models import Evaluation
from khth.lib import clock
from khth.periods import parse_period
from khth.regulations.models import RegulationVersion

EXCELLENT = "xuat-sac"
GOOD = "tot"
# The proposal rules of the default regulation.
QUYET_THANG = "don-vi-quyet-thang"
GIAY_KHEN = "giay-khen"
# A day after the 2024 evaluations were decided.
TODAY = dt.date(2025, 2, 1)


def decided(world: Any, code: str, period_id: str, level: str, status: str = "") -> Evaluation:
    period = parse_period(period_id)
    now = clock.now()
    return Evaluation.objects.create(
        unit=world.unit(code),
        regulation=RegulationVersion.objects.get(is_active=True),
        period_id=period.id,
        period_start=period.start,
        period_end=period.end,
        status=status or Evaluation.DECIDED,
        proposed_level=level,
        decided_level=level if not status or status == Evaluation.DECIDED else "",
        created_at=now,
        updated_at=now,
    )


def award(
    world: Any,
    code: str,
    title: str,
    day: dt.date,
    number: str = "",
    *,
    person: str = "",
    user: str = "cu_r",
    **more: Any,
) -> Award:
    return register_award(
        world.unit(code),
        AwardIn(
            title_code=title,
            decision_number=number or f"{day:%j}/QĐ-{code}-{title[:6]}",
            decision_date=day,
            person_name=person,
            **more,
        ),
        by=world.users[user],
    )
