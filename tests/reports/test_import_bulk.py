"""The values import writes many reports at once (issue 15) and stores what the single path
stores — open_report then save_report, report by report — with one audit entry per report, all
or nothing; the editor's save goes through the same writer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khth.audit.models import AuditEntry
from khth.lib.importing import ImportRejected
from khth.reports import bulk, imports
from khth.reports.actions import Content, open_report, save_report, submit_report
from khth.reports.imports import import_values
from khth.reports.models import IndicatorValue, Report
from khth.units.actions import NewUnit, create_units
from tests.reports.conftest import MONTHLY, PERIOD, fill

pytestmark = pytest.mark.django_db

HEADER = "unit_code,template_code,period,indicator_code,value\n"
Figures = dict[str, dict[str, str | None]]
FIGURES: Figures = {
    "C1": {"quan-so": "120", "dang-vien": "30", "chinh-sach-kinh-phi": "12,5"},
    "C2": {"quan-so": "80", "hoan-thanh-nhiem-vu": "có", "ghi-chu-khac": None},
    "C3": {"quan-so": "1.234", "nhan-thuc-diem": "8,75"},
}


def csv_file(figures: Figures, period: str = PERIOD) -> bytes:
    rows = [
        f'{unit},{MONTHLY},{period},{code},"{value}"\n'
        for unit, values in figures.items()
        for code, value in values.items()
        if value is not None
    ]
    return (HEADER + "".join(rows)).encode()


def stored(period: str) -> dict[tuple[str, str], tuple[Any, ...]]:
    return {
        (v.report.unit.code, v.indicator_code): (v.number, v.flag, v.text)
        for v in IndicatorValue.objects.filter(report__period_id=period).select_related(
            "report__unit"
        )
    }


def history(period: str) -> dict[str, list[tuple[str, Any, Any]]]:
    """Each report's audit entries: action, actor, what they say."""
    found: dict[str, list[tuple[str, Any, Any]]] = {}
    for report in Report.objects.filter(period_id=period).select_related("unit"):
        entries = AuditEntry.objects.filter(
            object_type="reports.report", object_id=str(report.pk)
        ).order_by("id")
        after = [
            {k: v for k, v in (e.after or {}).items() if k != "period"} for e in entries
        ]  # the period differs, on purpose
        found[report.unit.code] = [
            (e.action, e.actor_id, a) for e, a in zip(entries, after, strict=True)
        ]
        assert all(e.unit_path == report.unit.path for e in entries)
    return found


def reports(period: str) -> dict[str, tuple[Any, ...]]:
    return {
        r.unit.code: (r.version, r.status, r.created_by_id, r.updated_by_id, r.regulation_id)
        for r in Report.objects.filter(period_id=period).select_related("unit")
    }


def test_the_import_stores_what_the_single_path_stores(world):
    po = world.users["cu_r"]
    summary = import_values(csv_file(FIGURES), by=po)
    assert (summary.reports, summary.values, summary.opened) == (3, 7, 3)
    # The same figures for the next month, report by report through the actions.
    for unit, values in FIGURES.items():
        report = open_report(world.unit(unit), MONTHLY, "202408", by=po)
        typed: dict[str, str | None] = {c: v for c, v in values.items() if v is not None}
        save_report(report, Content(values=typed), by=po, base_version=report.version)
    assert stored(PERIOD) == {
        (unit, code): value for (unit, code), value in stored("202408").items()
    }
    assert stored(PERIOD)[("C1", "chinh-sach-kinh-phi")] == (Decimal("12.5"), None, "")
    assert stored(PERIOD)[("C2", "hoan-thanh-nhiem-vu")] == (None, True, "")
    assert reports(PERIOD) == reports("202408")
    assert history(PERIOD) == history("202408")
    # One entry for the opening and one for the values, per report: never one per value.
    assert [action for action, _actor, _after in history(PERIOD)["C1"]] == [
        "reports.report.opened",
        "reports.report.updated",
    ]
    assert history(PERIOD)["C1"][1][2] == {
        "changed": ["value:quan-so", "value:dang-vien", "value:chinh-sach-kinh-phi"],
        "version": 2,
    }


def test_a_second_import_writes_only_what_changed(world, company_report):
    po = world.users["cu_r"]
    import_values(csv_file(FIGURES), by=po)
    versions = {r.unit.code: r.version for r in Report.objects.select_related("unit")}
    entries = AuditEntry.objects.count()
    again: Figures = {
        "C1": {"quan-so": "121", "dang-vien": "30", "chinh-sach-kinh-phi": ""},  # one change
        "C2": {"quan-so": "80"},  # the same
    }
    import_values(csv_file(again), by=po)
    after = {r.unit.code: r.version for r in Report.objects.select_related("unit")}
    assert after == {**versions, "C1": versions["C1"] + 1}
    assert AuditEntry.objects.count() == entries + 1
    entry = AuditEntry.objects.filter(action="reports.report.updated").order_by("-id").first()
    assert entry is not None and entry.after == {
        "changed": ["value:quan-so"],
        "version": versions["C1"] + 1,
    }
    # A blank cell is skipped, never a deletion.
    assert stored(PERIOD)[("C1", "chinh-sach-kinh-phi")] == (Decimal("12.5"), None, "")
    assert stored(PERIOD)[("C1", "quan-so")] == (Decimal(121), None, "")


def test_a_refusal_of_the_last_report_while_saving_writes_nothing(world, monkeypatch):
    po = world.users["cu_r"]
    c3 = open_report(world.unit("C3"), MONTHLY, PERIOD, by=po)
    check = imports._check

    def and_meanwhile(rows, scope):
        found = check(rows, scope)
        # C3's report goes up between the check of the file and its save.
        submit_report(fill(c3, po), by=po)
        return found

    monkeypatch.setattr(imports, "_check", and_meanwhile)
    with pytest.raises(ImportRejected) as refused:
        import_values(csv_file(FIGURES), by=po)
    # Named at the period cell of C3's first row, the last report of the file.
    line = 2 + sum(v is not None for v in [*FIGURES["C1"].values(), *FIGURES["C2"].values()])
    assert [(p.line, p.column) for p in refused.value.problems] == [(line, "period")]
    assert "không sửa được" in refused.value.problems[0].message
    assert list(Report.objects.all()) == [c3]
    assert not Report.objects.filter(unit__code__in=["C1", "C2"]).exists()
    assert stored(PERIOD)[("C3", "quan-so")] == (Decimal(120), None, "")  # fill's, not the file's
    assert not AuditEntry.objects.filter(action="reports.report.updated").exclude(
        object_id=str(c3.pk)
    )


def test_a_content_refusal_names_the_cell_of_its_report(world, monkeypatch):
    # A figure only the save refuses (the file was checked against another template): the
    # problem points at its value cell, and nothing is written.
    po = world.users["cu_r"]
    monkeypatch.setattr(bulk, "checked_values", lambda tmpl, values: ({}, [("Quân số", "sai")]))
    with pytest.raises(ImportRejected) as refused:
        import_values(csv_file({"C2": {"dang-vien": "3", "quan-so": "80"}}), by=po)
    assert [(p.line, p.column, p.message) for p in refused.value.problems] == [(3, "value", "sai")]
    assert not Report.objects.exists()


def test_a_report_opened_by_someone_else_meanwhile_is_used(world, monkeypatch):
    # Someone opens C2's report after the import read the reports and before it inserts its
    # own: the first read does not see it (as a read before the other's commit would not).
    theirs = open_report(world.unit("C2"), MONTHLY, PERIOD, by=world.users["po_c2"])
    locked = bulk._locked
    calls: list[int] = []

    def read_too_early(items):
        found = locked(items)
        if not calls:
            found = {key: report for key, report in found.items() if report.pk != theirs.pk}
        calls.append(1)
        return found

    monkeypatch.setattr(bulk, "_locked", read_too_early)
    import_values(csv_file(FIGURES), by=world.users["cu_r"])
    assert len(calls) == 2  # read again after the insert met the other report
    assert Report.objects.get(unit__code="C2") == theirs
    assert Report.objects.count() == 3
    assert stored(PERIOD)[("C2", "quan-so")] == (Decimal(80), None, "")
    assert stored(PERIOD)[("C1", "quan-so")] == (Decimal(120), None, "")


def test_the_import_takes_the_same_queries_for_more_reports(world):
    create_units(
        [NewUnit(f"CX{i}", f"Đại đội {i}", f"c{i}", "dai-doi", "B2") for i in range(30)],
        parents={"B2": world.unit("B2")},
        by=None,
        on=world.unit("B2").valid_from,
    )

    def queries(units: list[str]) -> int:
        figures: Figures = {unit: {"quan-so": "10", "dang-vien": "3"} for unit in units}
        data = csv_file(figures)
        with CaptureQueriesContext(connection) as captured:
            import_values(data, by=None)
        return len(captured)

    few = queries([f"CX{i}" for i in range(3)])
    many = queries([f"CX{i}" for i in range(3, 30)])
    assert many == few
    again = queries([f"CX{i}" for i in range(30)])  # 3 + 27 existing reports, values changed
    assert again <= few + 2


def test_the_editor_save_writes_deletes_and_keeps_through_the_same_writer(world, company_report):
    po = world.users["po_c1"]
    report = save_report(
        company_report,
        Content(values={"quan-so": "120", "dang-vien": "30"}),
        by=po,
        base_version=company_report.version,
    )
    assert report.version == company_report.version + 1
    # The same figures: nothing changes, no new version.
    same = save_report(
        report, Content(values={"quan-so": "120", "dang-vien": "30"}), by=po, base_version=2
    )
    assert same.version == 2
    # Emptied: the stored value goes; changed: it is updated in place.
    value = IndicatorValue.objects.get(report=report, indicator_code="quan-so")
    changed = save_report(
        report, Content(values={"quan-so": "121", "dang-vien": ""}), by=po, base_version=2
    )
    assert changed.version == 3
    assert list(
        IndicatorValue.objects.filter(report=report).values_list("pk", "indicator_code", "number")
    ) == [(value.pk, "quan-so", Decimal(121))]
    entry = AuditEntry.objects.filter(action="reports.report.updated").order_by("-id").first()
    assert entry is not None and entry.after == {
        "changed": ["value:quan-so", "value:dang-vien"],
        "version": 3,
    }
