"""Coordination fixtures on the named world (tests/conftest.py).

Battalion B1 coordinates with a provincial Party Organisation Board (``partner``) under an
agreement (``agreement``) signed on 2 January 2024: quarterly exchanges of two indicators —
the candidates for admission, taken from the quarterly reports (``quan-chung-uu-tu``), and the
Party members among militia and reserve forces, entered by hand. C1 and C2 reported their
candidates for 2024Q3 (``quarter_reports``): 5 and 7.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from khth.coordination.actions import AgreementIn, PartnerIn, create_agreement, create_partner
from khth.coordination.models import Agreement, Partner
from khth.reports.actions import open_report, submit_report
from tests.reports.conftest import fill

QUARTERLY = "bc-quy"
QUARTER = "2024Q3"
FROM_REPORTS = "quan-chung-uu-tu"
ENTERED = "dang-vien-dqtv-dbdv"
# In the regulation's order, which the agreement keeps.
AGREED = [ENTERED, FROM_REPORTS]
# The regulation's other coordination indicators: agreed with nobody here.
NOT_AGREED = ["chuyen-sinh-hoat-ve-dia-phuong", "chuyen-sinh-hoat-vao-quan-doi"]
CANDIDATES = {"C1": 5, "C2": 7}
PARTNER = "Ban Tổ chức Tỉnh ủy Sóc Trăng"
# After the third quarter ended.
TODAY = dt.date(2024, 10, 5)


def quarter_report(
    world: Any, code: str, user: str, numbers: dict[str, Any], period: str = QUARTER
) -> None:
    report = open_report(world.unit(code), QUARTERLY, period, by=world.users[user])
    submit_report(fill(report, world.users[user], numbers), by=world.users[user])


@pytest.fixture
def quarter_reports(world: Any) -> None:
    quarter_report(world, "C1", "po_c1", {FROM_REPORTS: CANDIDATES["C1"]})
    quarter_report(world, "C2", "po_c2", {FROM_REPORTS: CANDIDATES["C2"]})


@pytest.fixture
def partner(world: Any) -> Partner:
    return create_partner(
        world.unit("B1"),
        PartnerIn(name=PARTNER, short_name="Ban Tổ chức Tỉnh ủy", contact="Đ/c Trưởng ban"),
        by=world.users["po_b1"],
    )


@pytest.fixture
def agreement(world: Any, partner: Partner) -> Agreement:
    return create_agreement(
        partner,
        AgreementIn(
            title="Quy chế phối hợp số 05/QCPH",
            signed_on=dt.date(2024, 1, 2),
            valid_from=dt.date(2024, 1, 1),
            indicators=tuple(AGREED),
            frequency="quarterly",
        ),
        by=world.users["po_b1"],
    )
