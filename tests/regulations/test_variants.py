"""Several regulations in force at once: one active version per code, one base, scopes, and
which regulation a unit follows (khth.units.regulation)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from khth.audit.models import AuditEntry
from khth.regulations.access import active_regulation, base_version
from khth.regulations.actions import activate_version, load_regulation
from khth.regulations.loader import RegulationError
from khth.regulations.models import RegulationVersion
from khth.units.actions import update_unit
from khth.units.models import RegulationScope
from khth.units.regulation import (
    ScopeError,
    assign_regulation,
    load_variant,
    remove_scope,
    requirements_for_unit,
    version_for,
    versions_for,
)
from tests.regulations.helpers import to_yaml
from tests.regulations.variants import BDBP, BORDER_BOOK, POST, bdbp_data, load_bdbp

BASE = "ctd-ctct"


def codes(world: Any) -> dict[str, str]:
    units = [world.unit(k) for k in ("D", "R", "B1", "C1", "C2", "B2", "C3")]
    by_pk = versions_for(units)
    return {u.code: by_pk[u.pk].code for u in units}


def test_a_variant_is_active_beside_the_base(world: Any) -> None:
    base = base_version()
    variant = load_bdbp()
    base.refresh_from_db()
    assert (base.is_active, base.is_base) == (True, True)
    assert (variant.is_active, variant.is_base) == (True, False)
    # The base is still what active_regulation() answers: levels and roles come from it.
    assert active_regulation().regulation.code == BASE
    # Without a scope nobody follows the variant.
    assert set(codes(world).values()) == {BASE}


def test_a_new_version_of_a_code_replaces_only_that_code(world: Any) -> None:
    base = base_version()
    first = load_bdbp("2024.1")
    second = load_bdbp("2024.2")
    first.refresh_from_db()
    base.refresh_from_db()
    assert (first.is_active, second.is_active, base.is_active) == (False, True, True)
    assert RegulationVersion.objects.filter(is_active=True).count() == 2


def test_the_database_keeps_one_active_version_per_code_and_one_base(world: Any) -> None:
    variant = load_bdbp()
    base = base_version()
    with pytest.raises(IntegrityError), transaction.atomic():
        RegulationVersion.objects.filter(pk=variant.pk).update(is_base=True)
    old = load_bdbp("2024.2")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegulationVersion.objects.filter(pk=variant.pk).update(is_active=True)
    assert base.is_base and old.is_active


def test_a_variant_with_a_level_the_base_lacks_is_refused(world: Any) -> None:
    data = bdbp_data()
    data["levels"][-1]["code"] = "to-doi"
    for book in data["record_books"]:
        book["levels"] = [lv if lv != "trung-doi" else "to-doi" for lv in book["levels"]]
    for kind in data["document_kinds"]:
        kind["issuing_levels"] = [
            lv if lv != "trung-doi" else "to-doi" for lv in kind["issuing_levels"]
        ]
    with pytest.raises(RegulationError) as info:
        load_regulation(to_yaml(data), "bdbp.yaml", by=None)
    assert "to-doi" in str(info.value)
    assert "các cấp phải trùng mã với quy định chung" in str(info.value)
    assert not RegulationVersion.objects.filter(code=BDBP).exists()


def test_load_base_makes_another_code_the_base(world: Any) -> None:
    variant = load_bdbp()
    activate_version(variant, by=None, base=True)
    old = RegulationVersion.objects.get(code=BASE, is_active=True)
    assert not old.is_base
    assert active_regulation().regulation.code == BDBP


@pytest.mark.parametrize(
    ("scopes", "expected"),
    [
        # A subtree: B1 and everything below it.
        ([("B1", "")], {"B1": BDBP, "C1": BDBP, "C2": BDBP, "B2": BASE, "R": BASE}),
        # A nested subtree back to the base: the deepest root wins.
        ([("R", ""), ("C1", "")], {"R": BDBP, "B1": BDBP, "C1": "BASE2", "C2": BDBP}),
        # A type anywhere: only the units of that type.
        ([(None, POST)], {"B1": BDBP, "B2": BASE, "C1": BASE}),
        # A type within a subtree: B2 is a post but outside R's… inside R: both posts.
        ([("B1", POST)], {"B1": BDBP, "C1": BASE, "B2": BASE}),
        # No scope: the base.
        ([], {"D": BASE, "C3": BASE}),
    ],
)
def test_a_unit_follows_the_nearest_scope(
    world: Any, scopes: list[tuple[str | None, str]], expected: dict[str, str]
) -> None:
    load_bdbp()
    update_unit(world.unit("B1"), by=None, unit_type=POST)
    for root, unit_type in scopes:
        code = BASE if root == "C1" else BDBP
        assign_regulation(
            code, root=world.unit(root) if root else None, unit_type=unit_type, by=None
        )
    found = codes(world)
    for unit, code in expected.items():
        assert found[unit] == (BASE if code == "BASE2" else code), unit


def test_a_type_scope_at_the_same_root_wins_over_one_for_every_type(world: Any) -> None:
    load_bdbp()
    update_unit(world.unit("B1"), by=None, unit_type=POST)
    assign_regulation(BASE, root=world.unit("R"), by=None)
    assign_regulation(BDBP, root=world.unit("R"), unit_type=POST, by=None)
    found = codes(world)
    assert (found["B1"], found["B2"], found["C1"]) == (BDBP, BASE, BASE)


def test_a_rooted_scope_wins_over_a_type_anywhere(world: Any) -> None:
    load_bdbp()
    update_unit(world.unit("B1"), by=None, unit_type=POST)
    assign_regulation(BDBP, root=None, unit_type=POST, by=None)
    assign_regulation(BASE, root=world.unit("B1"), by=None)
    assert codes(world)["B1"] == BASE


def test_the_bulk_resolver_is_a_fixed_number_of_queries(
    world: Any, django_assert_num_queries: Any
) -> None:
    load_bdbp()
    assign_regulation(BDBP, root=world.unit("B1"), by=None)
    units = [world.unit(k) for k in ("D", "R", "B1", "C1", "C2", "B2", "C3")]
    with django_assert_num_queries(2):
        found = versions_for(units)
    assert len(found) == 7
    with django_assert_num_queries(2):
        assert version_for(units[3]).code == BDBP


def test_scopes_are_audited_and_removable(world: Any) -> None:
    load_bdbp()
    scope = assign_regulation(BDBP, root=world.unit("B1"), by=None)
    assert codes(world)["C1"] == BDBP
    remove_scope(scope, by=None)
    assert codes(world)["C1"] == BASE
    actions = list(
        AuditEntry.objects.filter(action__startswith="regulations.scope.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["regulations.scope.assigned", "regulations.scope.removed"]


@pytest.mark.parametrize(
    ("code", "root", "unit_type", "message"),
    [
        ("khong-co", "B1", "", "không có quy định mã «khong-co»"),
        (BDBP, None, "", "cần chọn đơn vị gốc hoặc loại hình"),
        (BDBP, "B1", "khong-co", "Loại hình đơn vị: «khong-co»"),
    ],
)
def test_a_bad_scope_is_refused_with_a_reason(
    world: Any, code: str, root: str | None, unit_type: str, message: str
) -> None:
    load_bdbp()
    with pytest.raises(ScopeError) as info:
        assign_regulation(
            code, root=world.unit(root) if root else None, unit_type=unit_type, by=None
        )
    assert message in str(info.value)
    assert not RegulationScope.objects.exists()


def test_the_same_place_cannot_have_two_scopes(world: Any) -> None:
    load_bdbp()
    assign_regulation(BDBP, root=world.unit("B1"), by=None)
    with pytest.raises(ScopeError, match="đã theo quy định"):
        assign_regulation(BASE, root=world.unit("B1"), by=None)


def test_a_unit_user_cannot_assign_or_remove_scopes(world: Any) -> None:
    load_bdbp()
    for username in ("po_c1", "cu_r"):
        with pytest.raises(ScopeError, match="quản trị quy định"):
            assign_regulation(BDBP, root=world.unit("C1"), by=world.users[username])
    scope = assign_regulation(BDBP, root=world.unit("C1"), by=None)
    with pytest.raises(ScopeError):
        remove_scope(scope, by=world.users["po_c1"])
    # The administrator of the root unit holds regulation.manage there.
    remove_scope(scope, by=world.users["admin_d"])


def test_load_with_a_scope_is_one_step(world: Any) -> None:
    version, created = load_variant(
        to_yaml(bdbp_data()), "bdbp.yaml", root=world.unit("B2"), by=None
    )
    assert created and version.is_active and not version.is_base
    assert codes(world)["C3"] == BDBP


def test_load_of_the_base_with_a_scope_is_refused_and_nothing_stays(world: Any) -> None:
    from tests.regulations.variants import default_data

    data = default_data()
    data["regulation"]["version"] = "2017.1-khth.99"
    with pytest.raises(ScopeError, match="quy định chung"):
        load_variant(to_yaml(data), "x.yaml", root=world.unit("B2"), by=None)
    assert not RegulationVersion.objects.filter(version="2017.1-khth.99").exists()


def test_requirements_differ_by_variant_and_by_unit_type(world: Any) -> None:
    load_bdbp()
    assign_regulation(BDBP, root=world.unit("R"), by=None)
    update_unit(world.unit("B1"), by=None, unit_type=POST)
    post = requirements_for_unit(world.unit("B1"))
    general = requirements_for_unit(world.unit("B2"))
    assert BORDER_BOOK in {b.code for b in post.books}
    assert BORDER_BOOK not in {b.code for b in general.books}
    assert post.unit_type is not None and post.unit_type.name == "Đồn Biên phòng"
    company = requirements_for_unit(world.unit("C1"))
    monthly = next(r for r in company.reports if r.code == "bc-thang")
    assert (company.regulation_code, monthly.deadline_working_days) == (BDBP, 3)
    elsewhere = requirements_for_unit(world.unit("C1"), active_regulation())
    assert next(r for r in elsewhere.reports if r.code == "bc-thang").deadline_working_days == 2


def test_the_burden_of_a_post_counts_its_own_book(world: Any) -> None:
    from khth.regulations.access import regulation_of
    from khth.regulations.burden import burden_of_level

    variant = regulation_of(load_bdbp())
    general = burden_of_level(variant, "tieu-doan")
    post = burden_of_level(variant, "tieu-doan", POST)
    assert post.books == general.books + 1
    assert post.book_updates == general.book_updates + 12


def test_unit_types_named_by_items_must_be_declared(world: Any) -> None:
    data = bdbp_data()
    data["record_books"][-1]["unit_types"] = ["khong-co"]
    data["unit_types"][0]["levels"] = ["khong-co-cap"]
    with pytest.raises(RegulationError) as info:
        load_regulation(to_yaml(data), "bdbp.yaml", by=None)
    problems = "\n".join(info.value.problems)
    index = len(data["record_books"]) - 1
    assert f"bdbp.yaml: record_books[{index}].unit_types[0]: không có loại hình đơn vị" in problems
    assert "bdbp.yaml: unit_types[0].levels[0]: không có cấp 'khong-co-cap'" in problems
