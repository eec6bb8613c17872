"""A unit's document system: what each level must have for the current periods and for its
tasks, and the state of each."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from khth.docsystem.records.actions import add_entry, create_typed_document
from khth.docsystem.records.compliance import (
    DRAFT,
    MISSING,
    NOT_DUE,
    OUTDATED,
    PRESENT,
    compliance_of,
    matrix_of,
)
from khth.docsystem.records.models import BookEntry
from khth.plans.actions import approve_plan, create_plan
from khth.regulations.access import active_regulation
from khth.reports.actions import open_report, submit_report
from khth.units.regulation import regulations_for
from tests.reports.conftest import fill

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 7, 20)


def states(world, code: str, day: dt.date = DAY) -> dict[str, str]:
    return {
        item.key: item.state for item in compliance_of(world.unit(code), active_regulation(), day)
    }


def test_a_company_owes_its_monthly_resolution_plan_reports_and_books(world):
    found = states(world, "C1")
    assert found["doc:nq-thang:202407"] == MISSING
    assert found["doc:kh-ctd-thang:202407"] == MISSING
    assert found["doc:kh-ctd-nam:2024"] == MISSING
    # July's report covers 15 June – 14 July and is due on the 16th: missing on the 20th.
    assert found["doc:bc-dinh-ky:202407"] == MISSING
    assert states(world, "C1", dt.date(2024, 7, 15))["doc:bc-dinh-ky:202407"] == NOT_DUE
    assert found["book:so-tong-hop-ctd"] == MISSING
    # Documents of higher levels are not asked of a company.
    assert not any(key.startswith("doc:nq-quy:") or key.startswith("doc:hd-ctd:") for key in found)
    # A regiment's Đảng ủy cơ sở resolves monthly, as a chi bộ does; the quarterly resolution is
    # the division's.
    regiment = states(world, "R")
    assert "doc:nq-thang:202407" in regiment and "doc:nq-quy:2024Q3" not in regiment


def test_states_follow_what_the_unit_holds(world):
    po, unit = world.users["po_c1"], world.unit("C1")
    resolution = create_typed_document(
        unit,
        "nq-thang",
        dated=dt.date(2024, 7, 2),
        title="Nghị quyết tháng 7",
        period_id="202407",
        by=po,
    )
    plan = create_plan(unit, "kh-ctd-thang", period_id="202407", by=po)
    assert states(world, "C1")["doc:nq-thang:202407"] == DRAFT
    resolution.status = resolution.FINAL
    resolution.save(update_fields=["status"])
    approve_plan(plan, by=po)
    with time_machine.travel(dt.datetime(2024, 6, 14, 2, tzinfo=dt.UTC), tick=False):
        submit_report(fill(open_report(unit, "bc-thang", "202406", by=None), po), by=po)
    row = {"ngay": "08/07/2024", "mat-cong-tac": "Dân vận", "noi-dung": "Giúp dân"}
    entry = add_entry(unit, "so-tong-hop-ctd", row, by=po)
    # Written on 8 July 2024 (the accounts of the named world start today: no time travel).
    written = dt.datetime(2024, 7, 8, 2, tzinfo=dt.UTC)
    BookEntry.objects.filter(pk=entry.pk).update(created_at=written)
    found = states(world, "C1")
    assert found["doc:nq-thang:202407"] == PRESENT
    assert found["doc:kh-ctd-thang:202407"] == PRESENT
    # A weekly book: fresh for 7 days after its last entry.
    assert states(world, "C1", dt.date(2024, 7, 15))["book:so-tong-hop-ctd"] == PRESENT
    assert states(world, "C1", dt.date(2024, 7, 16))["book:so-tong-hop-ctd"] == OUTDATED
    # June's report was submitted: on the first of July it is the current month's that is owed.
    assert states(world, "C1", dt.date(2024, 6, 30))["doc:bc-dinh-ky:202406"] == PRESENT


def test_a_typed_resolution_keeps_the_resolution_book_fresh(world):
    po, unit = world.users["po_c1"], world.unit("C1")
    create_typed_document(
        unit,
        "nq-thang",
        dated=dt.date(2024, 7, 2),
        title="Nghị quyết tháng 7",
        period_id="202407",
        by=po,
    )
    assert states(world, "C1", timezone.localdate())["book:so-nghi-quyet"] == PRESENT


def test_a_task_plan_in_force_above_brings_the_task_s_documents(world):
    officer = world.users["cu_r"]
    plan = create_plan(
        world.unit("R"),
        "kh-nhiem-vu",
        starts_on=dt.date(2024, 7, 1),
        ends_on=dt.date(2024, 8, 31),
        task_code="dien-tap",
        by=officer,
    )
    assert not any(key.startswith("task:") for key in states(world, "C1"))
    approve_plan(plan, by=officer)
    found = states(world, "C1")
    assert found["task:dien-tap:kh-nhiem-vu"] == MISSING
    assert found["task:dien-tap:nq-chuyen-de"] == MISSING
    assert "task:dien-tap:hd-ctd" not in found  # guidance is for regiment and above
    assert states(world, "R")["task:dien-tap:kh-nhiem-vu"] == PRESENT
    assert "task:dien-tap:hd-ctd" in states(world, "R")


def test_the_matrix_counts_states_across_units(world, django_assert_max_num_queries):
    units = [world.unit("C1"), world.unit("C2"), world.unit("C3")]
    create_typed_document(
        units[0],
        "nq-thang",
        dated=dt.date(2024, 7, 2),
        title="NQ",
        period_id="202407",
        by=world.users["po_c1"],
    )
    with django_assert_max_num_queries(14):
        # The regulation each unit follows: two queries whatever the number of units.
        matrix = matrix_of(units, regulations_for(units), DAY)
    assert matrix.cells[(units[0].pk, "doc:nq-thang:202407")].state == DRAFT
    assert matrix.cells[(units[1].pk, "doc:nq-thang:202407")].state == MISSING
    assert sum(matrix.counts.values()) == len(matrix.cells)
    assert matrix.counts[DRAFT] >= 1


def test_compliance_never_asks_for_an_abolished_title(world):
    """Seed 001: titles cut in 2017 are never asked of a company, even from a file that (not
    validated) still lists one for its level."""
    regulation = active_regulation()
    abolished = regulation.level("dai-doi").abolished
    assert abolished is not None
    gone = {title.code for title in abolished.titles}
    asked = {item.code for item in compliance_of(world.unit("C1"), regulation, DAY)}
    assert "so-thong-ke-chat-luong-chinh-tri" in asked and not asked & gone
    # A stale book of the old list, named as the level abolished it, with another code.
    old = regulation.record_book("so-tong-hop-ctd").model_copy(
        update={"code": "so-cu", "name": "sổ theo dõi GIÁO DỤC chính trị", "levels": ("dai-doi",)}
    )
    stale = regulation.model_copy(update={"record_books": (*regulation.record_books, old)})
    asked = {item.code for item in compliance_of(world.unit("C1"), stale, DAY)}
    assert "so-cu" not in asked and "so-tong-hop-ctd" in asked
