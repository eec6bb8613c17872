"""What a unit must keep follows its own regulation and its unit type (issue 13)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from khth.docsystem.records.actions import RecordError, add_entry, create_typed_document
from khth.docsystem.records.compliance import compliance_of
from khth.units.actions import update_unit
from khth.units.regulation import assign_regulation, regulation_for
from tests.regulations.variants import BDBP, BORDER_BOOK, POST, load_bdbp

DAY = dt.date(2024, 7, 20)


def books(world: Any, code: str) -> set[str]:
    unit = world.unit(code)
    return {i.code for i in compliance_of(unit, regulation_for(unit), DAY) if i.kind == "book"}


def test_compliance_asks_a_border_post_for_its_own_book(world: Any) -> None:
    load_bdbp()
    assign_regulation(BDBP, root=world.unit("R"), by=None)
    assert BORDER_BOOK not in books(world, "B1")
    update_unit(world.unit("B1"), by=None, unit_type=POST)
    assert BORDER_BOOK in books(world, "B1")
    # A general battalion under the same variant keeps what it kept.
    assert BORDER_BOOK not in books(world, "B2")


def test_a_post_outside_the_variant_is_not_asked_for_it(world: Any) -> None:
    load_bdbp()
    update_unit(world.unit("B1"), by=None, unit_type=POST)
    assert BORDER_BOOK not in books(world, "B1")


def test_a_book_entry_and_a_typed_document_keep_the_units_version(world: Any) -> None:
    variant = load_bdbp()
    assign_regulation(BDBP, root=world.unit("B1"), by=None)
    update_unit(world.unit("B1"), by=None, unit_type=POST)
    entry = add_entry(
        world.unit("B1"), BORDER_BOOK, {"noi-dung": "Tuần tra"}, by=world.users["po_b1"]
    )
    assert entry.regulation_id == variant.pk
    document = create_typed_document(
        world.unit("C1"), "nq-thang", dated=DAY, title="NQ", period_id="202407",
        by=world.users["po_c1"],
    )  # fmt: skip
    assert document.regulation_id == variant.pk
    # B2 is no post: the book is not its.
    with pytest.raises(RecordError):
        add_entry(world.unit("B2"), BORDER_BOOK, {"noi-dung": "x"}, by=world.users["cu_r"])
