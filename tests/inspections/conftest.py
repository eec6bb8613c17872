"""Inspection fixtures on the named world, widened to the division:

    D   Sư đoàn 330                       po_d: political_officer — plans and records inspections
    ├ R   Trung đoàn 1 (… B1, C1, C2, B2, C3 as in tests/conftest.py)   cu_r
    └ R2  Trung đoàn 2                    cu_r2: political_officer — R2 only

``planned``: the division's inspection of R and R2 (4–8 March 2024) on Party building and on the
document system, not yet recorded. ``recorded``: the same with a strength and a weakness of R
(the weakness with a remedy owned by R, due 30 April 2024) and a violation of R2 (its remedy
owned by R2, due 15 April 2024).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from khth.accounts.actions import create_user
from khth.inspections.actions import InspectionData, add_finding, add_remedy, plan_inspection
from khth.inspections.models import Finding, Inspection, Remedy
from khth.units.actions import create_unit
from tests.conftest import FOUNDED, PASSWORD

PARTY = "xay-dung-dang"
DOCS = "he-thong-van-kien"
STARTS = dt.date(2024, 3, 4)
ENDS = dt.date(2024, 3, 8)
R_WEAKNESS = "Nghị quyết tháng của Đảng ủy Trung đoàn 1 chưa sát nhiệm vụ"
R2_VIOLATION = "Trung đoàn 2 không ghi sổ nghị quyết 3 tháng liền"
R_DEADLINE = dt.date(2024, 4, 30)
R2_DEADLINE = dt.date(2024, 4, 15)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    # Evidence files go to a temporary directory, never into ./data.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def division(world: Any) -> Any:
    """The world with R2 under D, the division's political officer and R2's commissar."""
    world.units["R2"] = create_unit(
        code="R2",
        name="Trung đoàn 2",
        short_name="Trung đoàn 2",
        level="trung-doan",
        parent=world.unit("D"),
        by=None,
        valid_from=FOUNDED,
    )
    for username, full_name, unit, role in [
        ("po_d", "Ngô Văn Đoàn", "D", "political_officer"),
        ("cu_r2", "Bùi Văn Hai", "R2", "political_officer"),
    ]:
        world.users[username] = create_user(
            username=username,
            full_name=full_name,
            unit=world.unit(unit),
            role=role,
            password=PASSWORD,
            by=None,
        )
    return world


def plan_data(**changes: Any) -> InspectionData:
    values: dict[str, Any] = {
        "title": "Kiểm tra công tác Đảng, công tác chính trị quý I/2024",
        "starts_on": STARTS,
        "ends_on": ENDS,
        "units": ["R", "R2"],
        "areas": [PARTY, DOCS],
        "document_kinds": ["nq-thang"],
        "team": "Đồng chí Ngô Văn Đoàn, trưởng đoàn; 3 trợ lý Phòng Chính trị",
    }
    values.update(changes)
    return InspectionData(**values)


@pytest.fixture
def planned(division: Any) -> Inspection:
    return plan_inspection(division.unit("D"), plan_data(), by=division.users["po_d"])


@dataclass
class Recorded:
    inspection: Inspection
    strength: Finding
    weakness: Finding
    violation: Finding
    r_remedy: Remedy
    r2_remedy: Remedy


@pytest.fixture
def recorded(division: Any, planned: Inspection) -> Recorded:
    po = division.users["po_d"]
    strength = add_finding(
        planned, unit_code="R", kind=Finding.STRENGTH, area=DOCS, text="Sổ sách đầy đủ", by=po
    )
    weakness = add_finding(
        planned, unit_code="R", kind=Finding.WEAKNESS, area=PARTY, text=R_WEAKNESS, by=po
    )
    violation = add_finding(
        planned, unit_code="R2", kind=Finding.VIOLATION, area=DOCS, text=R2_VIOLATION, by=po
    )
    r_remedy = add_remedy(
        weakness, action="Ra lại nghị quyết tháng 4 sát nhiệm vụ", deadline=R_DEADLINE, by=po
    )
    r2_remedy = add_remedy(
        violation, action="Ghi bổ sung sổ nghị quyết", deadline=R2_DEADLINE, by=po
    )
    return Recorded(planned, strength, weakness, violation, r_remedy, r2_remedy)
