"""The weight stored beside a weighted average's value (khth.reports.weights): kept right by
every write — the editor, an edit of the weight alone, an emptied weight, the bulk import —
filled for stored values by the migration, and a variant that weighs otherwise not combined."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from khth.regulations.actions import load_regulation
from khth.reports.actions import Content, open_report, save_report, submit_report, template
from khth.reports.bulk import ValuesFor, save_values
from khth.reports.consolidation import consolidate
from khth.reports.consolidation.figures import fetch_rows
from khth.reports.models import IndicatorValue, Report
from khth.reports.rollup import rollup_flat
from khth.units.regulation import assign_regulation
from tests.migrating import latest, migrated
from tests.regulations.helpers import to_yaml
from tests.regulations.variants import BDBP, bdbp_data
from tests.reports.conftest import MONTHLY, PERIOD, fill

pytestmark = pytest.mark.django_db

TZ = ZoneInfo(settings.TIME_ZONE)
AFTER = dt.date(2024, 9, 30)
SCORE, TESTED = "nhan-thuc-diem", "nhan-thuc-so-kiem-tra"
WEIGHTS = ("reports", "0004_indicatorvalue_weight")


def weights() -> dict[tuple[str, str], Decimal | None]:
    return {
        (v.report.unit.code, v.indicator_code): v.weight
        for v in IndicatorValue.objects.select_related("report__unit").filter(
            indicator_code__in=[SCORE, TESTED]
        )
    }


def drafted(world: Any, code: str, **numbers: Any) -> Report:
    by = world.users["cu_r"]
    report = open_report(world.unit(code), MONTHLY, PERIOD, by=by)
    return fill(report, by, numbers)


def edit(world: Any, report: Report, **values: str | None) -> Report:
    return save_report(
        report, Content(values=dict(values)), by=world.users["cu_r"], base_version=report.version
    )


def submit(world: Any, *reports: Report) -> None:
    with time_machine.travel(dt.datetime(2024, 7, 15, 8, tzinfo=TZ), tick=False):
        for report in reports:
            submit_report(report, by=world.users["cu_r"])


def average(world: Any, unit: str = "B1") -> tuple[Any, int]:
    c = consolidate(world.unit(unit), MONTHLY, period_id=PERIOD, today=AFTER)
    value = c.indicators[SCORE].value
    assert isinstance(value, Decimal | None)
    return value and round(value, 4), c.indicators[SCORE].contributors


def reference(world: Any, unit: str = "B1") -> Any:
    c = consolidate(world.unit(unit), MONTHLY, period_id=PERIOD, today=AFTER)
    return rollup_flat(c.template, fetch_rows(c.scope, None), only=[SCORE])[SCORE].value


def test_the_weight_follows_every_edit_of_the_value_or_of_the_weight_alone(world: Any) -> None:
    c1 = drafted(world, "C1", **{SCORE: 8, TESTED: 50})
    c2 = drafted(world, "C2", **{SCORE: 6, TESTED: 10})
    assert weights()[("C1", SCORE)] == 50 and weights()[("C2", SCORE)] == 10
    # The weight alone changes: the value's row follows.
    c1 = edit(world, c1, **{TESTED: "30"})
    assert weights()[("C1", SCORE)] == 30
    # The value alone changes: it keeps its weight.
    c2 = edit(world, c2, **{SCORE: "9"})
    assert weights()[("C2", SCORE)] == 10
    # The weight itself carries none.
    assert weights()[("C1", TESTED)] is None
    submit(world, c1, c2)
    # (8·30 + 9·10) / 40, and the same as the reference rollup over the stored values.
    assert average(world) == (Decimal("8.25"), 2)
    assert reference(world) == Decimal("8.25")


def test_an_emptied_weight_leaves_the_unit_out_of_the_average(world: Any) -> None:
    c1 = drafted(world, "C1", **{SCORE: 8, TESTED: 50})
    c2 = drafted(world, "C2", **{SCORE: 6, TESTED: 10})
    c2 = edit(world, c2, **{TESTED: ""})
    assert weights()[("C2", SCORE)] is None
    submit(world, c1, c2)
    assert average(world) == (Decimal(8), 1)
    assert reference(world) == Decimal(8)
    # Filled again: counted again.
    Report.objects.filter(pk=c2.pk).update(status=Report.DRAFT)
    c2.refresh_from_db()
    edit(world, c2, **{TESTED: "10"})
    Report.objects.filter(pk=c2.pk).update(status=Report.SUBMITTED)
    assert average(world) == (Decimal("7.6667"), 2)


def test_the_import_stores_the_weights_it_writes(world: Any) -> None:
    by = world.users["cu_r"]
    items = [
        ValuesFor(world.unit("C1"), MONTHLY, PERIOD, {SCORE: "8,5", TESTED: "40"}),
        ValuesFor(world.unit("C2"), MONTHLY, PERIOD, {TESTED: "20"}),
    ]
    save_values(items, by=by)
    assert weights()[("C1", SCORE)] == 40
    assert ("C2", SCORE) not in weights()
    # The score arrives later, alone: it takes the weight already stored.
    save_values([ValuesFor(world.unit("C2"), MONTHLY, PERIOD, {SCORE: "6"})], by=by)
    assert weights()[("C2", SCORE)] == 20


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_weights_of_stored_values(world: Any) -> None:
    c1 = drafted(world, "C1", **{SCORE: 8, TESTED: 50})
    c2 = drafted(world, "C2", **{SCORE: 6, TESTED: 10})
    submit(world, c1, c2)
    before = average(world)
    IndicatorValue.objects.update(weight=None)
    try:
        # The database as the migration found it (the regulation's content on its version).
        old = migrated([WEIGHTS, ("regulations", "0002_version_per_code_and_base")])
        importlib.import_module(f"khth.reports.migrations.{WEIGHTS[1]}").fill(old, None)
    finally:
        latest()
    assert weights()[("C1", SCORE)] == 50 and weights()[("C2", SCORE)] == 10
    assert average(world) == before == (Decimal("7.6667"), 2)


def test_a_variant_that_weighs_otherwise_is_not_combined(world: Any) -> None:
    data = bdbp_data()
    monthly = next(t for t in data["report_templates"] if t["code"] == MONTHLY)
    score = next(i for i in monthly["indicators"] if i["code"] == SCORE)
    score["weight_indicator"] = "quan-so"
    load_regulation(to_yaml(data), "bdbp.yaml", by=None)
    assign_regulation(BDBP, root=world.unit("C2"), by=None)
    c1 = drafted(world, "C1", **{SCORE: 8, TESTED: 50})
    c2 = drafted(world, "C2", **{SCORE: 6, TESTED: 10, "quan-so": 100})
    assert {i.code: i.weight_indicator for i in template(c2).indicators}[SCORE] == "quan-so"
    assert weights()[("C2", SCORE)] == 100
    submit(world, c1, c2)
    c = consolidate(world.unit("B1"), MONTHLY, period_id=PERIOD, today=AFTER)
    # C2's score was weighed by its headcount: not the battalion's measure, so left out, and said.
    assert (c.indicators[SCORE].value, c.indicators[SCORE].contributors) == (Decimal(8), 1)
    listed = {u.code: ([x.code for x in u.units], u.reason) for u in c.uncombined}
    assert listed[SCORE][0] == ["C2"]
    assert "trọng số" in listed[SCORE][1]
