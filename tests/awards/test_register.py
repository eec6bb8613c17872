"""The awards register: what is recorded and refused, and the counts over a span for reviews
("10 tập thể, 5 cá nhân"), checked against the awards counted here by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from khth.audit.models import AuditEntry
from khth.awards.actions import AwardError, confirm_proposal, draft_proposals, remove_award
from khth.awards.counts import AwardCounts, counts
from khth.awards.models import Award, Proposal
from tests.awards.conftest import EXCELLENT, GIAY_KHEN, QUYET_THANG, TODAY, award, decided

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 5, 19)


def test_a_collective_award_takes_the_title_s_issuer_by_default(world):
    given = award(world, "C1", QUYET_THANG, DAY, "05/QĐ-SĐ", reason="Hai năm liền xuất sắc")
    assert given.recipient == Award.COLLECTIVE
    assert given.issuer == "Thủ trưởng cấp sư đoàn và tương đương"
    assert given.person_name == ""
    entry = AuditEntry.objects.get(action="awards.award.registered")
    assert entry.after["decision_number"] == "05/QĐ-SĐ"
    other = award(world, "C2", GIAY_KHEN, DAY, issuer="Trung đoàn trưởng Trung đoàn 1")
    assert other.issuer == "Trung đoàn trưởng Trung đoàn 1"


def test_an_individual_award_names_the_person(world):
    given = award(
        world,
        "C1",
        "chien-si-thi-dua-co-so",
        DAY,
        person="  Nguyễn Văn   An ",
        person_rank="Thượng sĩ, Tiểu đội trưởng",
    )
    assert (given.recipient, given.person_name) == (Award.INDIVIDUAL, "Nguyễn Văn An")
    with pytest.raises(AwardError, match="họ và tên"):
        award(world, "C1", "chien-si-thi-dua-co-so", DAY, "2/QĐ")
    with pytest.raises(AwardError, match="tập thể"):
        award(world, "C1", GIAY_KHEN, DAY, "3/QĐ", person="Nguyễn Văn An")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "bang-khen-khong-co"}, "Không có danh hiệu"),
        ({"number": " "}, "số quyết định"),
        ({"day": dt.date(2999, 1, 1)}, "chưa tới"),
        ({"day": dt.date(2019, 12, 31)}, "chưa thành lập"),
    ],
)
def test_what_is_refused(world, changes, message):
    args = {"title": GIAY_KHEN, "day": DAY, "number": "7/QĐ"} | changes
    with pytest.raises(AwardError, match=message):
        award(world, "C1", args["title"], args["day"], args["number"] or " ")


def test_the_same_award_is_not_registered_twice(world):
    award(world, "C1", GIAY_KHEN, DAY, "7/QĐ")
    with pytest.raises(AwardError, match="Đã vào sổ"):
        award(world, "C1", GIAY_KHEN, DAY, "7/QĐ")
    award(world, "C2", GIAY_KHEN, DAY, "7/QĐ")  # one decision awards several units
    award(world, "C1", "giay-khen-ca-nhan", DAY, "7/QĐ", person="Lê Văn Bình")
    award(world, "C1", "giay-khen-ca-nhan", DAY, "7/QĐ", person="Trần Thị Cúc")
    with pytest.raises(AwardError, match="Đã vào sổ"):
        award(world, "C1", "giay-khen-ca-nhan", DAY, "7/QĐ", person="LÊ VĂN  BÌNH")
    # A tone makes another name: "Bính" is not "Bình", so both are registered (issue 13).
    award(world, "C1", "giay-khen-ca-nhan", DAY, "7/QĐ", person="Lê Văn Bính")


def test_registering_needs_award_manage_over_the_unit(world):
    award(world, "C1", GIAY_KHEN, DAY, "1/QĐ", user="po_b1")  # the battalion, for its company
    award(world, "C1", GIAY_KHEN, DAY, "2/QĐ", user="as_c1")  # the company's own assistant
    for user in ("po_c2", "cmd_b1", "admin_d", "nobody"):
        with pytest.raises(PermissionDenied):
            award(world, "C1", GIAY_KHEN, DAY, "3/QĐ", user=user)
    with pytest.raises(PermissionDenied):
        award(world, "B1", GIAY_KHEN, DAY, "4/QĐ", user="po_c1")  # not over its superior


def test_removing_an_award_entered_by_mistake_reopens_its_proposal(world):
    decided(world, "C1", "2024", EXCELLENT)
    draft_proposals(world.unit("R"), TODAY)
    given = confirm_proposal(
        Proposal.objects.get(), decision_number="9/QĐ", decision_date=TODAY, by=world.users["cu_r"]
    )
    with pytest.raises(AwardError, match="lý do"):
        remove_award(given, by=world.users["cu_r"], reason="")
    with pytest.raises(PermissionDenied):
        remove_award(given, by=world.users["po_c2"], reason="Nhầm")
    remove_award(given, by=world.users["cu_r"], reason="Nhầm số quyết định")
    assert not Award.objects.exists()
    assert Proposal.objects.get().status == Proposal.PROPOSED
    entry = AuditEntry.objects.get(action="awards.award.removed")
    assert entry.before["decision_number"] == "9/QĐ"


def spread(world: Any) -> None:
    """Awards across the tree and across two years."""
    award(world, "R", "co-thi-dua-quan-khu", dt.date(2023, 12, 31))
    award(world, "B1", QUYET_THANG, dt.date(2024, 1, 1))
    award(world, "C1", GIAY_KHEN, dt.date(2024, 3, 5))
    award(world, "C2", GIAY_KHEN, dt.date(2024, 3, 5))
    award(world, "C3", GIAY_KHEN, dt.date(2024, 6, 30))
    award(world, "C1", "chien-si-tien-tien", dt.date(2024, 6, 30), person="Nguyễn Văn An")
    award(world, "C3", "chien-si-tien-tien", dt.date(2024, 12, 31), person="Lê Văn Bình")
    award(world, "B2", "giay-khen-ca-nhan", dt.date(2025, 1, 1), person="Trần Thị Cúc")


def by_hand(world: Any, code: str, start: dt.date, end: dt.date) -> tuple[int, int, dict[str, int]]:
    """The same counts, from the rows one by one."""
    root = world.unit(code)
    rows = [
        a
        for a in Award.objects.select_related("unit")
        if a.unit.path.startswith(root.path) and start <= a.decision_date <= end
    ]
    titles: dict[str, int] = {}
    for a in rows:
        titles[a.title_code] = titles.get(a.title_code, 0) + 1
    return (
        sum(a.recipient == "collective" for a in rows),
        sum(a.recipient == "individual" for a in rows),
        titles,
    )


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("D", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("R", dt.date(2023, 1, 1), dt.date(2025, 12, 31)),
        ("B1", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("B2", dt.date(2024, 6, 30), dt.date(2025, 1, 1)),
        ("C1", dt.date(2024, 3, 6), dt.date(2024, 6, 29)),
        ("R", dt.date(2024, 7, 1), dt.date(2024, 12, 30)),
    ],
)
def test_counts_over_spans(world, code, start, end):
    spread(world)
    found = counts(world.unit(code), start, end)
    collective, individual, titles = by_hand(world, code, start, end)
    assert (found.collective, found.individual, found.by_title) == (collective, individual, titles)
    assert found.total == collective + individual


def test_counts_of_the_regiment_in_2024(world):
    spread(world)
    found = counts(world.unit("R"), dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert found == AwardCounts(
        collective=4,
        individual=2,
        by_title={QUYET_THANG: 1, GIAY_KHEN: 3, "chien-si-tien-tien": 2},
    )
    assert found.phrase == "4 tập thể, 2 cá nhân"
    # The regulation's order of titles, whatever the order of the awards.
    assert list(found.by_title) == [QUYET_THANG, GIAY_KHEN, "chien-si-tien-tien"]
    battalion = counts(world.unit("B2"), dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert (battalion.collective, battalion.individual) == (1, 1)
