"""What a synthesis reads: whose texts, who was expected, who stayed silent, and the text as
the engine gets it."""

from __future__ import annotations

from typing import Any

import pytest

from khth.reports.actions import open_report
from khth.reports.models import Report
from khth.synthesis.scopes import CHILDREN, SUBTREE
from khth.synthesis.sources import (
    NOT_SENT,
    NOT_WRITTEN,
    gather,
    plain_paragraphs,
    section_sources,
)
from tests.reports.conftest import MONTHLY, PERIOD
from tests.synthesis.conftest import (
    OPTIONAL,
    REQUEST_TEXTS,
    SECTION,
    TEXTS,
    add_company,
    request_reports,
    sent,
)

pytestmark = pytest.mark.django_db


def test_plain_paragraphs_keep_one_paragraph_a_line():
    html = (
        "<p>Một <b>đoạn</b>.</p><ul><li>Ý thứ nhất</li><li>Ý thứ hai</li></ul>"
        "<p>Dòng đầu<br>dòng sau</p><table><tr><td>c1</td><td>12 buổi</td></tr></table><p> </p>"
    )
    assert plain_paragraphs(html) == (
        "Một đoạn.\nÝ thứ nhất\nÝ thứ hai\nDòng đầu\ndòng sau\nc1; 12 buổi"
    )


def test_the_direct_subordinates_texts_in_tree_order(
    world: Any, battalion_report: Report, company_reports: dict[str, Report]
):
    gathered = gather(battalion_report, CHILDREN)
    section = section_sources(gathered, SECTION, required=True)
    assert [(s.ref, s.unit) for s in section.sources] == [
        (str(company_reports["C1"].pk), "Đại đội 1"),
        (str(company_reports["C2"].pk), "Đại đội 2"),
    ]
    assert section.sources[0].text == (
        "Tổ chức 12 buổi học tập chính trị cho bộ đội, quân số tham gia đạt 98%.\n"
        "Có 1 đồng chí vi phạm kỷ luật, đã xử lý theo quy định."
    )
    assert (section.expected, section.silent, section.left_out) == (2, (), 0)


def test_silent_units_did_not_report_or_did_not_write_a_required_section(world: Any):
    sent(world, "C1", {SECTION: TEXTS["C1"], OPTIONAL: None})
    sent(world, "C2", {SECTION: None, OPTIONAL: None})
    add_company(world, "C4", "B1")  # owes the report, has not sent it
    draft = open_report(world.unit("C4"), MONTHLY, PERIOD, by=world.users["admin_d"])
    assert draft.status == Report.DRAFT  # a draft is not a report sent: still silent
    battalion = open_report(world.unit("B1"), MONTHLY, PERIOD, by=world.users["po_b1"])
    gathered = gather(battalion, CHILDREN)
    required = section_sources(gathered, SECTION, required=True)
    assert required.expected == 3
    assert [s.unit for s in required.sources] == ["Đại đội 1"]
    assert [(s.unit, s.reason) for s in required.silent] == [
        ("Đại đội 2", str(NOT_WRITTEN)),
        ("Đại đội C4", str(NOT_SENT)),
    ]
    # Nobody had to write an optional section: only the unit that sent nothing is silent.
    optional = section_sources(gathered, OPTIONAL, required=False)
    assert [(s.unit, s.reason) for s in optional.silent] == [("Đại đội C4", str(NOT_SENT))]


def test_the_subtree_reads_every_unit_below(world: Any, company_reports: dict[str, Report]):
    sent(world, "C3", {SECTION: "<p>Tổ chức 10 buổi học tập chính trị.</p>"})
    regiment = open_report(world.unit("R"), MONTHLY, PERIOD, by=world.users["cu_r"])
    children = section_sources(gather(regiment, CHILDREN), SECTION, required=True)
    # The battalions owe the report and have not sent it: nothing to read at their level.
    assert children.sources == ()
    assert [s.unit for s in children.silent] == ["Tiểu đoàn 1", "Tiểu đoàn 2"]
    subtree = section_sources(gather(regiment, SUBTREE), SECTION, required=True)
    assert [s.unit for s in subtree.sources] == ["Đại đội 1", "Đại đội 2", "Đại đội 3"]
    assert subtree.expected == 5


def test_units_of_the_same_short_name_are_told_apart(world: Any, company_reports):
    add_company(world, "C1B2", "B2", short_name="Đại đội 1")
    sent(world, "C1B2", {SECTION: "<p>Tổ chức 9 buổi học tập chính trị.</p>"})
    regiment = open_report(world.unit("R"), MONTHLY, PERIOD, by=world.users["cu_r"])
    section = section_sources(gather(regiment, SUBTREE), SECTION, required=True)
    assert [s.unit for s in section.sources] == [
        "Đại đội 1 (Tiểu đoàn 1)",
        "Đại đội 2",
        "Đại đội 1 (Tiểu đoàn 2)",
    ]


def test_beyond_the_cap_units_are_counted_not_read(world: Any, battalion_report: Report):
    gathered = gather(battalion_report, CHILDREN, limit=1)
    section = section_sources(gathered, SECTION, required=True)
    assert [s.unit for s in section.sources] == ["Đại đội 1"]
    # Đại đội 2 sent its report: left out by the cap, not silent.
    assert (section.left_out, section.silent) == (1, ())


def test_an_ad_hoc_request_reads_the_addressees_below(world: Any):
    battalion = request_reports(world)
    section = section_sources(gather(battalion, CHILDREN), "su-viec", required=True)
    assert [(s.unit, s.text) for s in section.sources] == [
        ("Đại đội 1", "Mưa lớn làm sạt lở 30 mét đường vào doanh trại."),
        ("Đại đội 2", "Mưa lớn làm sạt lở 20 mét đường vào khu huấn luyện."),
    ]
    assert set(REQUEST_TEXTS) == {"C1", "C2"}


def test_a_request_that_skips_a_level_reports_straight_up(world: Any):
    # Asked without their battalion, the companies answer to the regiment directly.
    regiment = request_reports(world, addressees=("R", "C1", "C2"), asks="D")
    section = section_sources(gather(regiment, CHILDREN), "su-viec", required=True)
    assert [s.unit for s in section.sources] == ["Đại đội 1", "Đại đội 2"]
    # With their battalion asked too, they answer to it, not to the regiment.
    regiment = request_reports(world, addressees=("R", "B1", "C1", "C2"), asks="D")
    section = section_sources(gather(regiment, CHILDREN), "su-viec", required=True)
    assert section.sources == ()
    assert [s.unit for s in section.silent] == ["Tiểu đoàn 1"]
