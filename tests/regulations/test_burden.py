"""The paperwork each level owes in a year (khth.regulations.burden), and the reform it keeps:
the base carries the least (seed 001)."""

from __future__ import annotations

from typing import Any

import pytest

from khth.regulations.burden import (
    Burden,
    burden_by_level,
    burden_of_level,
    heavier_than_above,
    table_lines,
)
from khth.regulations.loader import RegulationError, parse_regulation
from khth.regulations.schema import Regulation, Section
from tests.regulations.helpers import to_yaml


def _parse(data: dict[str, Any]) -> Regulation:
    return parse_regulation(to_yaml(data), "t.yaml")


def _by_level(reg: Regulation) -> dict[str, Burden]:
    return {b.level: b for b in burden_by_level(reg)}


def _small(reg: Regulation) -> Regulation:
    """The default cut down to what a company owes, so each figure can be counted by hand:
    the monthly resolution (no outline: 1 field), the weekly schedule (6 columns), the
    periodic report kind, the resolution book (monthly, 4 columns), the monthly report with
    3 leaf sections and 3 indicators (one a computed percentage). Built on the parsed model:
    the burden reads nothing else, and the rest of the file need not stay consistent."""
    kinds = tuple(
        k.model_copy(update={"required": k.code in {"nq-thang", "lhd-tuan", "bc-dinh-ky"}})
        for k in reg.document_kinds
    )
    books = (reg.record_book("so-nghi-quyet"),)
    monthly = reg.report_template("bc-thang")
    sections = (
        Section(code="a", title="A"),
        Section(
            code="b",
            title="B",
            children=(Section(code="b1", title="B1"), Section(code="b2", title="B2")),
        ),
    )
    indicators = tuple(
        reg.indicator("bc-thang", code) for code in ("quan-so", "gdct-tham-gia", "gdct-ty-le")
    )
    monthly = monthly.model_copy(update={"sections": sections, "indicators": indicators})
    return reg.model_copy(
        update={"document_kinds": kinds, "record_books": books, "report_templates": (monthly,)}
    )


def test_each_count_on_a_small_regulation(default_text: str) -> None:
    reg = _small(parse_regulation(default_text, "default.yaml"))
    company = burden_of_level(reg, "dai-doi")
    # nq-thang 12 a year; bc-dinh-ky monthly is the report, its quarterly occasion a document.
    assert company.documents == 12 + 4
    assert company.document_fields == 12 * 1 + 4 * 1
    assert (company.schedules, company.schedule_fields) == (52, 52 * 6)
    assert (company.books, company.book_updates, company.book_fields) == (1, 12, 12 * 4)
    # 3 leaf sections (A, B1, B2) + 2 entered indicators (the percentage is computed).
    assert (company.reports, company.report_fields) == (12, 12 * (3 + 2))
    assert company.total == 16 + 312 + 48 + 60
    assert burden_of_level(reg, "trung-doi").is_empty


def test_the_warning_names_a_level_heavier_than_the_one_above(
    default_data: dict[str, Any],
) -> None:
    reg = _parse(default_data)
    assert not [h for h in heavier_than_above(burden_by_level(reg)) if h.level == "dai-doi"]
    weekly = next(t for t in default_data["report_templates"] if t["code"] == "bc-tuan")
    # The written weekly report moved down from battalion to company.
    weekly["reporting_levels"] = ["su-doan", "trung-doan", "dai-doi"]
    weekly["deadlines"] = {"su-doan": 1, "trung-doan": 1, "dai-doi": 1}
    kind = next(k for k in default_data["document_kinds"] if k["code"] == "bc-tuan")
    kind["issuing_levels"].append("dai-doi")
    heavy = _parse(default_data)
    found = [h for h in heavier_than_above(burden_by_level(heavy)) if h.level == "dai-doi"]
    assert [(h.level, h.above) for h in found] == [("dai-doi", "tieu-doan")]
    assert found[0].total > found[0].above_total


def test_the_default_keeps_the_base_lowest(default_text: str) -> None:
    """The 2017 reform as data: battalion and company keep fewer titles than the regiment, the
    company fewer than the battalion, and neither carries more than the level above it."""
    reg = parse_regulation(default_text, "default.yaml")
    burden = _by_level(reg)
    regiment, battalion, company = burden["trung-doan"], burden["tieu-doan"], burden["dai-doi"]
    assert company.books < battalion.books <= regiment.books
    assert (battalion.books, company.books) == (6, 4)  # 11 and 9 before the reform was data
    assert company.total < battalion.total <= regiment.total
    heavier = {h.level for h in heavier_than_above(burden_by_level(reg))}
    assert not heavier & {"tieu-doan", "dai-doi"}
    # A company owes no written weekly report, only its weekly activity schedule.
    assert company.reports == 12 + 4 + 2 + 1 + 1
    assert company.schedules == 52


def test_the_default_abolishes_8_titles_at_battalion_and_7_at_company(default_text: str) -> None:
    reg = parse_regulation(default_text, "default.yaml")
    for level, count in (("tieu-doan", 8), ("dai-doi", 7)):
        abolished = reg.level(level).abolished
        assert abolished is not None
        assert (abolished.count, abolished.basis) == (count, "seed")
        assert len(abolished.titles) == count
        # The names are our reading, and say so.
        assert {t.basis for t in abolished.titles} == {"default"}
        kept = {b.code for b in reg.books_for_level(level)}
        assert not kept & {t.code for t in abolished.titles}
    book = reg.record_book("so-thong-ke-chat-luong-chinh-tri")
    assert [s.code for s in book.sections] == ["chat-luong-chinh-tri", "dang-vien", "ghi-chu"]
    assert [c.code for _s, cols in book.column_groups() for c in cols] == [
        c.code for c in book.columns
    ]


def test_validation_refuses_a_level_that_keeps_an_abolished_title(
    default_data: dict[str, Any],
) -> None:
    book = next(b for b in default_data["record_books"] if b["code"] == "so-danh-sach-dang-vien")
    book["levels"] = ["trung-doan", "tieu-doan"]
    company = next(lv for lv in default_data["levels"] if lv["code"] == "dai-doi")
    company["abolished"]["titles"][0]["name"] = "SỔ TỔNG HỢP  CTĐ, CTCT"  # kept by name
    with pytest.raises(RegulationError) as caught:
        _parse(default_data)
    problems = [p.removeprefix("t.yaml: ") for p in caught.value.problems]
    assert any(
        p.startswith("levels[4].abolished.titles[1]") and "vừa giữ vừa bỏ" in p for p in problems
    ), problems
    assert any(
        p.startswith("levels[5].abolished.titles[0]") and "so-tong-hop-ctd" in p for p in problems
    ), problems


def test_book_sections_must_split_the_columns_in_order(default_data: dict[str, Any]) -> None:
    book = next(
        b for b in default_data["record_books"] if b["code"] == "so-thong-ke-chat-luong-chinh-tri"
    )
    book["sections"][2]["columns"] = ["ho-ten"]
    with pytest.raises(RegulationError) as caught:
        _parse(default_data)
    text = str(caught.value.problems)
    assert "đã thuộc một mục khác" in text and "chưa thuộc mục nào: ghi-chu" in text


def test_the_table_has_vietnamese_headings(default_text: str) -> None:
    reg = parse_regulation(default_text, "default.yaml")
    lines = table_lines(reg, burden_by_level(reg))
    assert lines[0].split()[:3] == ["Cấp", "Văn", "kiện"]
    assert "Tổng số ô" in lines[0]
    assert lines[-2].startswith("Đại đội")
