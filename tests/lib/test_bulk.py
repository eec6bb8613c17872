"""``update_rows`` writes what ``bulk_update`` writes, on SQLite and PostgreSQL alike: every
type the models store, NULLs, text that needs quoting, batches, rows left out untouched."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, transaction

from khth.lib.bulk import update_rows
from khth.reports.actions import open_report
from khth.reports.models import IndicatorValue, Report
from khth.units.models import Unit
from tests.reports.conftest import MONTHLY, PERIOD

pytestmark = pytest.mark.django_db


def test_dates_text_and_nulls(world: Any) -> None:
    units = list(Unit.objects.order_by("code"))
    untouched = units.pop()  # R
    tricky = ['O\'Neil "x" \\ đội', "", "Đại đội ; DROP TABLE x; --", "a\nb", "Ấp Bắc", "  "]
    for unit, name in zip(units, tricky, strict=True):
        unit.name = name
        unit.valid_to = dt.date(2030, 1, 31) if unit.code.startswith("C") else None
    update_rows(units, ["name", "valid_to"], batch_size=4)
    stored = {u.code: (u.name, u.valid_to) for u in Unit.objects.all()}
    assert stored == {
        **{u.code: (u.name, u.valid_to) for u in units},
        untouched.code: (untouched.name, None),
    }
    assert Unit.objects.get(code="R").name == "Trung đoàn 1"


def test_numbers_flags_timestamps_and_keys(world: Any) -> None:
    report = open_report(world.unit("C1"), MONTHLY, PERIOD, by=None)
    rows = IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(report=report, indicator_code=code, number=Decimal(1))
            for code in ("a", "b", "c")
        ]
    )
    values: list[tuple[Decimal | None, bool | None, str]] = [
        (Decimal("1234567.8901"), None, ""),
        (None, True, ""),
        (None, False, "ghi chú"),
    ]
    for row, (number, flag, text) in zip(rows, values, strict=True):
        row.number, row.flag, row.text = number, flag, text
    update_rows(rows, ["number", "flag", "text"])
    assert [
        (v.number, v.flag, v.text) for v in IndicatorValue.objects.order_by("indicator_code")
    ] == values

    moment = dt.datetime(2024, 8, 1, 9, 30, tzinfo=dt.UTC)
    report.version, report.updated_at, report.updated_by = 7, moment, world.users["po_c1"]
    update_rows([report], ["version", "updated_at", "updated_by"])
    again = Report.objects.get(pk=report.pk)
    assert (again.version, again.updated_at, again.updated_by) == (7, moment, world.users["po_c1"])
    report.updated_by = None
    update_rows([report], ["updated_by"])
    assert Report.objects.get(pk=report.pk).updated_by is None


def test_nothing_to_write_runs_no_query(world: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        update_rows([], ["name"])


def test_only_stored_columns(world: Any) -> None:
    with pytest.raises(TypeError):
        update_rows([world.unit("C1")], ["placements"])
    with pytest.raises(TypeError):
        update_rows([world.unit("C1")], ["id"])


def outcome(write: Any) -> str:
    try:
        with transaction.atomic():
            write()
            transaction.set_rollback(True)
    except DatabaseError as exc:
        return type(exc).__name__
    return "written"


def test_a_text_too_long_is_refused_as_save_refuses_it_never_cut(world: Any) -> None:
    # PostgreSQL refuses a name longer than its column (bulk_update's cast to varchar(200) would
    # cut it short without a word); SQLite stores it. The same as save() either way.
    unit = world.unit("C1")
    unit.name = "Đ" * 300
    expected = outcome(lambda: unit.save(update_fields=["name"]))
    assert outcome(lambda: update_rows([unit], ["name"])) == expected
    if expected == "written":
        update_rows([unit], ["name"])
        assert Unit.objects.get(code="C1").name == "Đ" * 300
