"""Tree operations: create, move, dissolve, merge, and the tree as it was on a date."""

from __future__ import annotations

import datetime as dt

import pytest

from khth.audit.models import AuditEntry
from khth.units.actions import (
    UnitError,
    create_unit,
    dissolve_unit,
    merge_unit,
    move_unit,
    subtree_on,
    tree_on,
    update_unit,
)
from khth.units.models import Unit, UnitPlacement

pytestmark = pytest.mark.django_db

MOVE_DAY = dt.date(2024, 7, 1)


def codes(units: object) -> set[str]:
    return {u.code for u in units}  # type: ignore[attr-defined]


def test_paths_give_subtree_and_ancestors(world):
    r = world.unit("R")
    assert codes(Unit.objects.subtree_of(r)) == {"R", "B1", "B2", "C1", "C2", "C3"}
    assert codes(Unit.objects.subtree_of(r, include_self=False)) == {"B1", "B2", "C1", "C2", "C3"}
    assert [u.code for u in Unit.objects.ancestors_of(world.unit("C1"))] == ["D", "R", "B1"]
    assert world.unit("C1").depth == 3


def test_subtree_is_one_query(world, django_assert_num_queries):
    r, c3 = world.unit("R"), world.unit("C3")
    with django_assert_num_queries(1):
        assert len(list(Unit.objects.subtree_of(r))) == 6
    with django_assert_num_queries(1):
        assert len(list(Unit.objects.ancestors_of(c3))) == 3


def test_code_is_never_reused(world):
    with pytest.raises(UnitError, match="C1 đã dùng rồi"):
        create_unit(
            code="C1", name="X", short_name="X", level="dai-doi", parent=world.unit("B2"), by=None
        )


@pytest.mark.parametrize(
    ("level", "parent", "message"),
    [
        ("khong-co", "B1", "không có trong quy định"),
        ("tieu-doan", "B1", "không thấp hơn"),
        ("trung-doan", "B1", "không thấp hơn"),
    ],
)
def test_level_rules(world, level, parent, message):
    with pytest.raises(UnitError, match=message):
        create_unit(
            code="X", name="X", short_name="X", level=level, parent=world.unit(parent), by=None
        )
    assert not Unit.objects.filter(code="X").exists()


def test_levels_may_be_skipped(world):
    unit = create_unit(
        code="CD",
        name="Đại đội Trinh sát",
        short_name="c Trinh sát",
        level="dai-doi",
        parent=world.unit("R"),
        by=None,
    )
    assert unit.parent == world.unit("R")


def test_move_keeps_history_and_moves_subtree(world):
    b1, b2, r = world.unit("B1"), world.unit("B2"), world.unit("R")
    move_unit(world.unit("C1"), b2, by=world.users["admin_d"], on=MOVE_DAY)
    c1 = world.unit("C1")
    assert c1.parent == b2
    assert c1.path == f"{b2.path}{c1.pk}/"
    assert codes(Unit.objects.subtree_of(b2)) == {"B2", "C1", "C3"}
    assert codes(Unit.objects.subtree_of(b1)) == {"B1", "C2"}
    # The day before the move the company was under B1; from the move on, under B2.
    before = {p.unit.code: p.parent for p in tree_on(MOVE_DAY - dt.timedelta(days=1))}
    after = {p.unit.code: p.parent for p in tree_on(MOVE_DAY)}
    assert before["C1"] == b1
    assert after["C1"] == b2
    assert {p.unit.code for p in subtree_on(b1, dt.date(2024, 6, 30))} == {"B1", "C1", "C2"}
    assert {p.unit.code for p in subtree_on(b1, MOVE_DAY)} == {"B1", "C2"}
    assert {p.unit.code for p in subtree_on(r, MOVE_DAY)} == {"R", "B1", "B2", "C1", "C2", "C3"}
    entry = AuditEntry.objects.get(action="units.unit.moved")
    assert entry.before["parent"] == "B1"
    assert entry.after["parent"] == "B2"
    assert entry.actor == world.users["admin_d"]


def test_moving_a_battalion_moves_its_companies(world):
    create_unit(
        code="R2",
        name="Trung đoàn 2",
        short_name="e2",
        level="trung-doan",
        parent=world.unit("D"),
        by=None,
        valid_from=dt.date(2020, 1, 1),
    )
    move_unit(world.unit("B1"), world.unit("R2"), by=None, on=MOVE_DAY)
    r2 = world.unit("R2")
    assert codes(Unit.objects.subtree_of(r2)) == {"R2", "B1", "C1", "C2"}
    assert world.unit("C1").depth == 3
    assert world.unit("C1").path.startswith(r2.path)
    # Every unit of the moved subtree got a new placement from the move day.
    open_placements = UnitPlacement.objects.filter(
        valid_to__isnull=True, unit__code__in=["B1", "C1", "C2"]
    )
    assert {p.valid_from for p in open_placements} == {MOVE_DAY}
    assert {p.unit.code for p in subtree_on(world.unit("R"), dt.date(2024, 6, 1))} >= {"B1", "C1"}


@pytest.mark.parametrize(
    ("unit", "target", "message"),
    [
        ("B1", "C1", "nằm trong chính đơn vị"),
        ("B1", "B1", "nằm trong chính đơn vị"),
        ("C1", "B1", "đã trực thuộc"),
        ("C1", "C2", "không thấp hơn"),
    ],
)
def test_bad_moves_are_refused(world, unit, target, message):
    with pytest.raises(UnitError, match=message):
        move_unit(world.unit(unit), world.unit(target), by=None, on=MOVE_DAY)


def test_history_cannot_be_rewritten(world):
    move_unit(world.unit("C1"), world.unit("B2"), by=None, on=MOVE_DAY)
    with pytest.raises(UnitError, match="lịch sử không được viết lại"):
        move_unit(world.unit("C1"), world.unit("B1"), by=None, on=dt.date(2024, 1, 1))


def test_dissolve_keeps_data_readable_and_ends_memberships(world):
    po_c2 = world.users["po_c2"]
    dissolve_unit(
        world.unit("C2"), by=world.users["admin_d"], on=MOVE_DAY, reason="giải thể theo quyết định"
    )
    c2 = world.unit("C2")
    assert c2.valid_to == MOVE_DAY
    assert c2.is_active_on(dt.date(2024, 6, 30))
    assert not c2.is_active_on(MOVE_DAY)
    # Still in the battalion's subtree for reading its records; absent from the tree from the day.
    assert "C2" in codes(Unit.objects.subtree_of(world.unit("B1")))
    assert "C2" not in codes(Unit.objects.subtree_of(world.unit("B1")).active_on(MOVE_DAY))
    assert "C2" not in {p.unit.code for p in tree_on(MOVE_DAY)}
    assert "C2" in {p.unit.code for p in tree_on(dt.date(2024, 6, 30))}
    assert po_c2.memberships.get().ended_on == MOVE_DAY
    assert AuditEntry.objects.filter(action="units.unit.dissolved", object_id=str(c2.pk)).exists()


def test_dissolve_refuses_a_unit_with_subordinates(world):
    with pytest.raises(UnitError, match="C1, C2"):
        dissolve_unit(world.unit("B1"), by=None, on=MOVE_DAY)
    assert world.unit("B1").valid_to is None


def test_merge_moves_children_and_keeps_records_under_successor(world):
    merge_unit(world.unit("B1"), world.unit("B2"), by=None, on=MOVE_DAY)
    b1, b2 = world.unit("B1"), world.unit("B2")
    assert b1.valid_to == MOVE_DAY
    assert b1.successor == b2
    assert world.unit("C1").parent == b2
    # The dissolved battalion's records now sit under its successor, so B2's people can read them.
    assert codes(Unit.objects.subtree_of(b2)) == {"B2", "B1", "C1", "C2", "C3"}
    # But the history still says where B1 really stood.
    assert {p.unit.code for p in subtree_on(b1, dt.date(2024, 6, 30))} == {"B1", "C1", "C2"}
    assert [p.parent for p in tree_on(dt.date(2024, 6, 30)) if p.unit.code == "B1"] == [
        world.unit("R")
    ]


def test_update_is_audited_with_before_and_after(world):
    c1 = world.unit("C1")
    update_unit(c1, by=world.users["admin_d"], name="Đại đội 1 Anh hùng", place="Sóc Trăng")
    entry = AuditEntry.objects.get(action="units.unit.updated")
    assert entry.before["name"] == "Đại đội 1"
    assert entry.after["name"] == "Đại đội 1 Anh hùng"
    assert ("place", "", "Sóc Trăng") in entry.changed_fields()


def test_update_without_change_writes_nothing(world):
    count = AuditEntry.objects.count()
    update_unit(world.unit("C1"), by=None, name="Đại đội 1")
    assert AuditEntry.objects.count() == count


def test_failed_action_leaves_nothing(world):
    """One transaction per action: a merge that fails half-way (after moving one subordinate)
    leaves no move, no placement and no audit row behind."""
    create_unit(
        code="A-P",
        name="Trung đội 1",
        short_name="b1",
        level="trung-doi",
        parent=world.unit("B1"),
        by=None,
        valid_from=dt.date(2020, 1, 1),
    )
    placements, entries = UnitPlacement.objects.count(), AuditEntry.objects.count()
    with pytest.raises(UnitError, match="không thấp hơn"):
        # Children go in code order: the platoon fits under a company, then C1 does not.
        merge_unit(world.unit("B1"), world.unit("C3"), by=None, on=MOVE_DAY)
    assert world.unit("A-P").parent == world.unit("B1")
    assert (UnitPlacement.objects.count(), AuditEntry.objects.count()) == (placements, entries)
