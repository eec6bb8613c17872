"""A superior's report: the consolidation of its subtree, with the breakdown by direct
subordinate, in the DOCX, the XLSX and the note on who is counted."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from khth.documents.render.docx import render_docx
from khth.documents.render.xlsx import render_xlsx
from khth.reports.actions import (
    Content,
    create_request,
    open_report,
    open_request_report,
    save_report,
    submit_report,
)
from khth.reports.consolidation import consolidate
from khth.reports.documents import (
    consolidation_document,
    consolidation_table,
    figures_for,
    indicator_table,
    report_document,
)
from khth.reports.documents.figures import figures_of
from khth.reports.models import Report
from khth.units.actions import create_unit, move_unit
from tests.documents.helpers import docx_text
from tests.reports.conftest import MONTHLY, PERIOD, fill

pytestmark = pytest.mark.django_db

# Session, user and scope, the report, the consolidation's fixed queries, the texts, every
# unit that owes the report with its first submission (read for the export only): 14, whatever
# the number of units; then each column of the export (the unit's own and one per direct
# subordinate, each that subtree's figures: one GROUP BY and one pass over its reports for the
# weighted averages, khth/reports/consolidation/columns.py), never per unit below.
FIXED_QUERIES = 14
PER_COLUMN = 2


def export_queries(direct_subordinates: int) -> int:
    return FIXED_QUERIES + PER_COLUMN * (1 + direct_subordinates)


def company(world: Any, code: str, user: str, numbers: dict[str, int], submit: bool) -> Report:
    report = open_report(world.unit(code), MONTHLY, PERIOD, by=world.users[user])
    report = fill(report, world.users[user], numbers)
    return submit_report(report, by=world.users[user]) if submit else report


@pytest.fixture
def battalion(world: Any) -> Report:
    """B1 over C1 (120 people, 110 at political education) and C2 (1.000 people, 900)."""
    company(world, "C1", "po_c1", {"quan-so": 120, "gdct-tham-gia": 110}, submit=True)
    company(world, "C2", "po_c2", {"quan-so": 1000, "gdct-tham-gia": 900}, submit=True)
    return open_report(world.unit("B1"), MONTHLY, PERIOD, by=world.users["cmd_b1"])


def sheet_rows(data: bytes, name: str) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return list(workbook[name].iter_rows(values_only=True))


def test_figures_are_the_subtree_s_with_one_column_per_subordinate(battalion):
    figures = figures_for(battalion)
    assert figures.consolidated
    assert [c.title for c in figures.columns] == ["Đại đội 1", "Đại đội 2"]
    assert figures.values["quan-so"] == Decimal(1120)
    assert figures.breakdown["quan-so"] == (Decimal(120), Decimal(1000))
    # Recomputed from the sums (1.010 / 1.120), never the average of 91,7% and 90%.
    share = figures.values["gdct-ty-le"]
    assert isinstance(share, Decimal) and round(share, 2) == Decimal("90.18")
    assert "Số liệu tổng hợp từ báo cáo của 2/2 đơn vị" in figures.note


def test_each_column_is_a_subtree_on_the_period_s_tree_and_they_add_up(world, battalion):
    by = world.users["cu_r"]
    company(world, "C3", "cu_r", {"quan-so": 80, "gdct-tham-gia": 70}, submit=True)
    for code, own in (("B1", 10), ("B2", 20)):
        report = open_report(world.unit(code), MONTHLY, PERIOD, by=by)
        submit_report(fill(report, by, {"quan-so": own, "gdct-tham-gia": own}), by=by)
    # C1 moves to B2 after the period: July's figures stay with B1, as July's tree had it.
    move_unit(world.unit("C1"), world.unit("B2"), by=None, on=dt.date(2024, 9, 1))
    regiment = open_report(world.unit("R"), MONTHLY, PERIOD, by=by)
    figures = figures_for(regiment)
    assert [c.title for c in figures.columns] == ["Tiểu đoàn 1", "Tiểu đoàn 2"]
    # Each battalion's column is its own report and its companies'; the columns add up.
    assert figures.breakdown["quan-so"] == (Decimal(10 + 120 + 1000), Decimal(20 + 80))
    assert figures.values["quan-so"] == Decimal(10 + 120 + 1000 + 20 + 80)


def test_the_docx_shows_totals_and_the_breakdown(battalion):
    text = docx_text(render_docx(report_document(battalion, on=dt.date(2024, 8, 20))))
    for expected in [
        "TRUNG ĐOÀN 1",
        "TIỂU ĐOÀN 1",
        "Tổng hợp",
        "Đại đội 1",
        "Đại đội 2",
        "1.120",
        "1.000",
        "90,2%",
        "91,7%",
        "- Trung đoàn 1;",
        # B1's own text starts from its companies' texts, labelled by unit.
        "Nội dung Đặc điểm tình hình của Đại đội 2.",
        "Ghi chú: Số liệu tổng hợp từ báo cáo của 2/2 đơn vị",
    ]:
        assert expected in text, expected


def test_the_xlsx_has_the_breakdown_columns_and_who_reported(battalion):
    data = render_xlsx(indicator_table(battalion, figures_for(battalion)))
    rows = sheet_rows(data, "Chỉ tiêu")
    assert rows[0] == ("Mã", "Chỉ tiêu", "Đơn vị tính", "Tổng hợp", "Đại đội 1", "Đại đội 2")
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["quan-so"][3:] == (1120, 120, 1000)
    assert by_code["gdct-ty-le"][3] == pytest.approx(0.9018, abs=1e-4)
    coverage = sheet_rows(data, "Tình hình báo cáo")
    assert [row[:2] for row in coverage[1:]] == [
        ("Đại đội 1", "Đã gửi"),
        ("Đại đội 2", "Đã gửi"),
    ]


def test_each_coverage_row_says_when_the_report_went_up_in_local_time_and_if_on_time(
    battalion, settings
):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    submitted = {
        r.unit.name: r.first_submitted_at
        for r in Report.objects.filter(status=Report.SUBMITTED).select_related("unit")
    }
    rows = figures_for(battalion).coverage
    assert [row.unit for row in rows] == ["Đại đội 1", "Đại đội 2"]
    for row in rows:
        stamp = submitted[row.unit]
        assert stamp is not None
        local = stamp.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
        assert row.submitted_at == f"{local:%d/%m/%Y %H:%M}"
        # Submitted long after July's deadline (the clock is today's): late, in words.
        assert row.timeliness == "Chậm"
        assert row.note == ""


def test_a_missing_report_is_named_and_drafts_count_only_when_asked(world):
    company(world, "C1", "po_c1", {"quan-so": 120, "gdct-tham-gia": 110}, submit=True)
    company(world, "C2", "po_c2", {"quan-so": 1000, "gdct-tham-gia": 900}, submit=False)
    report = open_report(world.unit("B1"), MONTHLY, PERIOD, by=world.users["cmd_b1"])
    figures = figures_for(report)
    assert figures.values["quan-so"] == Decimal(120)
    assert "chưa có báo cáo của Đại đội 2" in figures.note
    with_drafts = figures_for(report, include_drafts=True)
    assert with_drafts.includes_drafts
    assert with_drafts.values["quan-so"] == Decimal(1120)
    assert "gồm cả số liệu dự thảo chưa gửi của Đại đội 2" in with_drafts.note
    text = docx_text(render_docx(report_document(report, with_drafts)))
    assert "gồm cả số liệu dự thảo chưa gửi của Đại đội 2" in text
    coverage = sheet_rows(render_xlsx(indicator_table(report, with_drafts)), "Tình hình báo cáo")
    assert coverage[2][:2] == ("Đại đội 2", "Dự thảo")
    assert coverage[2][5] == "Tính cả số liệu dự thảo"


def test_many_subordinates_share_one_breakdown_column_in_the_docx(world, battalion):
    regiment = open_report(world.unit("R"), MONTHLY, PERIOD, by=world.users["cu_r"])
    figures = figures_for(regiment)
    # R's direct subordinates are the battalions; B1's column holds its whole subtree.
    assert [c.title for c in figures.columns] == ["Tiểu đoàn 1", "Tiểu đoàn 2"]
    assert figures.breakdown["quan-so"] == (Decimal(1120), None)
    narrow = figures.__class__(**{**figures.__dict__, "columns": figures.columns * 3})
    document = report_document(regiment, narrow)
    text = docx_text(render_docx(document))
    assert "Chi tiết theo đơn vị" in text
    assert "Tiểu đoàn 1: 1.120" in text


def test_a_consolidation_exports_before_the_unit_opens_its_report(world):
    company(world, "C1", "po_c1", {"quan-so": 120, "gdct-tham-gia": 110}, submit=True)
    company(world, "C2", "po_c2", {"quan-so": 1000, "gdct-tham-gia": 900}, submit=True)
    consolidation = consolidate(world.unit("B1"), MONTHLY, period_id=PERIOD)
    assert consolidation.own_report is None
    text = docx_text(render_docx(consolidation_document(consolidation, on=dt.date(2024, 8, 20))))
    for expected in [
        "TIỂU ĐOÀN 1",
        "Kết quả công tác Đảng, công tác chính trị tháng 7/2024",
        # The companies' texts side by side, labelled by unit: the draft to edit from.
        "Đại đội 1:",
        "Nội dung Đặc điểm tình hình của Đại đội 1.",
        "Đại đội 2:",
        "1.120",
    ]:
        assert expected in text, expected
    table = consolidation_table(consolidation)
    assert [c.title for c in table.breakdown] == ["Đại đội 1", "Đại đội 2"]
    assert next(r for r in table.rows if r.code == "quan-so").display == "1.120"


def test_the_export_of_a_consolidation_runs_a_fixed_number_of_queries(
    world, battalion, django_assert_max_num_queries
):
    client = world.client("cmd_b1")
    with django_assert_max_num_queries(export_queries(3)):
        assert client.get(f"/reports/{battalion.pk}/export.xlsx").status_code == 200
    # Two more companies: two more columns, nothing else.
    for n in (4, 5):
        create_unit(
            code=f"C{n}",
            name=f"Đại đội {n}",
            short_name=f"Đại đội {n}",
            level="dai-doi",
            parent=world.unit("B1"),
            by=None,
            valid_from=dt.date(2020, 1, 1),
        )
        report = open_report(world.unit(f"C{n}"), MONTHLY, PERIOD, by=None)
        submit_report(fill(report, world.users["po_c1"]), by=world.users["po_c1"])
    with django_assert_max_num_queries(export_queries(5)):
        assert client.get(f"/reports/{battalion.pk}/export.docx").status_code == 200
    # Units deeper in the tree add rows to the sums, not queries.
    for n in (1, 2):
        create_unit(
            code=f"C1T{n}",
            name=f"Trung đội {n}",
            short_name=f"b{n}",
            level="trung-doi",
            parent=world.unit("C1"),
            by=None,
            valid_from=dt.date(2020, 1, 1),
        )
    with django_assert_max_num_queries(export_queries(5)):
        assert client.get(f"/reports/{battalion.pk}/export.xlsx").status_code == 200


def test_an_ad_hoc_request_has_one_column_per_addressee(world):
    request = create_request(
        from_unit=world.unit("R"),
        template_code="bc-dot-xuat",
        title="Báo cáo nhanh tình hình mưa lũ",
        content="<p>Báo cáo nhanh</p>",
        period_start=dt.date(2024, 9, 8),
        period_end=dt.date(2024, 9, 12),
        deadline=dt.date(2024, 9, 13),
        addressees=[world.unit("B2"), world.unit("C1")],
        by=world.users["cu_r"],
    )
    for code, user in (("C1", "po_c1"), ("B2", "cu_r")):
        report = open_request_report(request, world.unit(code), by=world.users[user])
        save_report(
            report,
            Content(sections={"su-viec": f"<p>Diễn biến ở {code}.</p>"}),
            by=world.users[user],
            base_version=report.version,
        )
    consolidation = consolidate(
        world.unit("R"), "bc-dot-xuat", request=request, include_drafts=True
    )
    figures = figures_of(consolidation)
    assert [c.title for c in figures.columns] == ["Đại đội 1", "Tiểu đoàn 2"]  # tree order
    text = docx_text(render_docx(consolidation_document(consolidation, on=dt.date(2024, 9, 13))))
    assert "Báo cáo nhanh tình hình mưa lũ" in text
    assert "Diễn biến ở C1." in text and "Diễn biến ở B2." in text
