"""Evidence from the document system and from inspections: documents held, books kept up to
date, inspections concluded."""

from __future__ import annotations

import datetime as dt

import pytest

from khth.docsystem.records.actions import add_entry, create_typed_document
from khth.docsystem.records.models import BookEntry, TypedDocument
from khth.evaluations.evidence import Gatherer
from khth.inspections.models import Inspection
from khth.periods import parse_period
from khth.regulations.access import active_regulation
from tests.evaluations.conftest import HALF

pytestmark = pytest.mark.django_db

AFTER = dt.date(2024, 8, 1)


def gather(world, code: str) -> Gatherer:
    return Gatherer(world.unit(code), parse_period(HALF), active_regulation(), AFTER)


def criterion(evidence: str):
    for group in active_regulation().evaluation.groups:
        for item in group.criteria:
            if item.evidence == evidence:
                return item
    raise AssertionError(evidence)


def counts(fact) -> tuple[int, int]:
    hits, total = fact.value.split("/")
    return int(hits), int(total)


def test_documents_held_over_the_period(world):
    rule = criterion("documents.complete")
    before = gather(world, "C1").fact(rule)
    assert before is not None and counts(before)[0] == 0 and counts(before)[1] > 0
    resolution = create_typed_document(
        world.unit("C1"),
        "nq-thang",
        dated=dt.date(2024, 3, 2),
        title="Nghị quyết tháng 3",
        period_id="202403",
        by=world.users["po_c1"],
    )
    TypedDocument.objects.filter(pk=resolution.pk).update(status=TypedDocument.FINAL)
    after = gather(world, "C1").fact(rule)
    assert after is not None
    assert counts(after) == (1, counts(before)[1])
    assert after.points is not None and 0 < after.points < rule.max_points
    assert after.links[0][1] == "/records/unit/C1/"


def test_books_up_to_date_at_the_end_of_the_period(world):
    rule = criterion("records.up_to_date")
    row = {"ngay": "28/06/2024", "mat-cong-tac": "Dân vận", "noi-dung": "Giúp dân"}
    entry = add_entry(world.unit("C1"), "so-tong-hop-ctd", row, by=world.users["po_c1"])
    # Written now (2026): it does not count for June 2024.
    assert counts(gather(world, "C1").fact(rule))[0] == 0
    written = dt.datetime(2024, 6, 28, 2, tzinfo=dt.UTC)  # a weekly book: fresh on the 30th
    BookEntry.objects.filter(pk=entry.pk).update(created_at=written)
    fact = gather(world, "C1").fact(rule)
    assert fact is not None
    hits, total = counts(fact)
    books = [b for b in active_regulation().record_books if "dai-doi" in b.levels]
    assert (hits, total) == (1, len(books))


def test_inspections_concluded_of_those_planned(world):
    rule = criterion("inspections.done")
    common = {
        "by_unit": world.unit("R"),
        "title": "Kiểm tra",
        "starts_on": dt.date(2024, 3, 1),
        "created_at": dt.datetime(2024, 3, 1, tzinfo=dt.UTC),
        "created_by": world.users["cu_r"],
        "updated_at": dt.datetime(2024, 3, 1, tzinfo=dt.UTC),
    }
    Inspection.objects.create(ends_on=dt.date(2024, 3, 5), status=Inspection.CONCLUDED, **common)
    Inspection.objects.create(ends_on=dt.date(2024, 4, 5), **common)
    Inspection.objects.create(ends_on=dt.date(2024, 9, 5), **common)  # after the period
    fact = gather(world, "R").fact(rule)
    assert fact is not None
    assert counts(fact) == (1, 2)
    assert fact.points == 2  # 4 points × 1/2
