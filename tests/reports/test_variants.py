"""Reports under regulation variants: a report keeps the version it was opened under, a unit
owes what its own regulation says, and a superior's consolidation combines by indicator code
and lists what it cannot combine (issue 13)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings

from khth.reports.access import due_reports
from khth.reports.actions import open_report, submit_report, template
from khth.reports.consolidation import as_json, consolidate
from khth.units.regulation import assign_regulation
from tests.regulations.variants import BDBP, BORDER_INDICATOR, load_bdbp
from tests.reports.conftest import MONTHLY, PERIOD, fill

TZ = ZoneInfo(settings.TIME_ZONE)
AFTER = dt.date(2024, 9, 30)


def submitted(world: Any, code: str, **numbers: Any) -> None:
    by = world.users["cu_r"]
    report = open_report(world.unit(code), MONTHLY, PERIOD, by=by)
    known = {i.code for i in template(report).indicators}
    fill(report, by, {k: v for k, v in numbers.items() if k in known})
    with time_machine.travel(dt.datetime(2024, 7, 15, 8, tzinfo=TZ), tick=False):
        submit_report(report, by=by)


def test_a_report_keeps_the_version_it_was_opened_under(world: Any, edited_regulation: Any) -> None:
    variant = load_bdbp()
    assign_regulation(BDBP, root=world.unit("B1"), by=None)
    report = open_report(world.unit("C1"), MONTHLY, PERIOD, by=world.users["po_c1"])
    assert report.regulation_id == variant.pk
    assert BORDER_INDICATOR in {i.code for i in template(report).indicators}
    # The base changes, and the variant gets a new version: the report still reads its own.
    edited_regulation(lambda data: None, "2017.1-khth.90")
    load_bdbp("2024.9")
    report.refresh_from_db()
    assert report.regulation_id == variant.pk
    assert BORDER_INDICATOR in {i.code for i in template(report).indicators}
    # A unit outside the scope opens under the (new) base.
    other = open_report(world.unit("C3"), MONTHLY, PERIOD, by=world.users["cu_r"])
    assert other.regulation.code == "ctd-ctct" and other.regulation.version == "2017.1-khth.90"


def test_due_reports_follow_each_units_regulation(world: Any) -> None:
    load_bdbp()
    # Company deadline of the monthly report: 2 working days by default, 3 in the variant.
    base_due = {d.title: d.deadline for d in due_reports(world.users["po_c1"], dt.date(2024, 7, 1))}
    assign_regulation(BDBP, root=world.unit("C1"), by=None)
    variant_due = {
        d.title: d.deadline for d in due_reports(world.users["po_c1"], dt.date(2024, 7, 1))
    }
    name = next(t for t in base_due if t.startswith("Báo cáo") and "tháng" in t.lower())
    assert variant_due[name] > base_due[name]


def test_consolidation_lists_what_it_cannot_combine(world: Any) -> None:
    load_bdbp()
    assign_regulation(BDBP, root=world.unit("B1"), by=None)
    submitted(world, "B1", **{"quan-so": 20, "tin-bai": 4, BORDER_INDICATOR: 9})
    submitted(world, "B2", **{"quan-so": 30, "tin-bai": 5})
    c = consolidate(world.unit("R"), MONTHLY, period_id=PERIOD, today=AFTER)
    # Combined by code where both count the same thing.
    assert c.indicators["quan-so"].value == 50
    # "tin, bài" and "bài" are not one count: only B2's value is in the figure.
    assert c.indicators["tin-bai"].value == 5
    assert BORDER_INDICATOR not in c.indicators
    listed = {(u.code, tuple(x.code for x in u.units)) for u in c.uncombined}
    assert listed == {(BORDER_INDICATOR, ("B1",)), ("tin-bai", ("B1",))}
    reasons = {u.code: u.reason for u in c.uncombined}
    assert reasons[BORDER_INDICATOR] == "Mẫu báo cáo của cấp trên không có chỉ tiêu này"
    assert "«bài»" in reasons["tin-bai"] and "«tin, bài»" in reasons["tin-bai"]
    data = as_json(c)
    assert data["uncombined"][0]["units"] == ["B1"]
    # The drill-down agrees with the figure.
    assert [row.unit.code for row in c.drilldown("tin-bai")] == ["B2"]


def test_one_version_consolidates_as_before(world: Any) -> None:
    submitted(world, "B1", **{"quan-so": 20, "tin-bai": 4})
    submitted(world, "B2", **{"quan-so": 30, "tin-bai": 5})
    c = consolidate(world.unit("R"), MONTHLY, period_id=PERIOD, today=AFTER)
    assert (c.indicators["quan-so"].value, c.indicators["tin-bai"].value) == (50, 9)
    assert c.uncombined == [] and "uncombined" not in as_json(c)
    assert c.scope.excluded == ()


def test_the_page_and_the_api_say_what_could_not_be_combined(world: Any) -> None:
    load_bdbp()
    assign_regulation(BDBP, root=world.unit("B1"), by=None)
    submitted(world, "B1", **{"quan-so": 20, BORDER_INDICATOR: 9})
    client = world.client("cu_r")
    page = client.get(f"/reports/consolidation/R/{MONTHLY}/{PERIOD}/").content.decode()
    assert "Số liệu không tổng hợp được" in page and "Số lượt tuần tra biên giới" in page
    api = client.get(f"/api/v1/consolidations/R/{MONTHLY}/{PERIOD}").json()
    assert {u["indicator"] for u in api["uncombined"]} == {BORDER_INDICATOR, "tin-bai"}
    # Another unit's officer still cannot read the regiment's consolidation.
    assert (
        world.client("po_c1").get(f"/api/v1/consolidations/R/{MONTHLY}/{PERIOD}").status_code == 404
    )
