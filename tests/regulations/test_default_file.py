"""The shipped default regulation: it validates and says what the brief and domain notes say."""

from __future__ import annotations

import unicodedata

from khth.regulations.loader import parse_regulation
from khth.regulations.permissions import ROLE_CODES
from khth.regulations.schema import Regulation, Section

LEVELS = ("tong-cuc", "quan-khu", "su-doan", "trung-doan", "tieu-doan", "dai-doi", "trung-doi")


def _parse(text: str) -> Regulation:
    return parse_regulation(text, "default.yaml")


def _walk(sections: tuple[Section, ...]) -> list[Section]:
    found: list[Section] = []
    for section in sections:
        found += [section, *_walk(section.children)]
    return found


def test_default_file_validates(default_text: str) -> None:
    reg = _parse(default_text)
    assert reg.regulation.code == "ctd-ctct"
    assert reg.regulation.version == "2017.1-khth.5"


def test_default_file_is_nfc(default_text: str) -> None:
    assert unicodedata.normalize("NFC", default_text) == default_text


def test_levels_are_the_codes_the_unit_tree_uses(default_text: str) -> None:
    reg = _parse(default_text)
    assert reg.level_codes() == LEVELS
    assert reg.level("tieu-doan").political_agency is None
    assert reg.level("tieu-doan").planning_by == "political_officer"
    assert reg.level("trung-doan").political_agency == "Ban Chính trị"


def test_roles_and_default_permissions(default_text: str) -> None:
    reg = _parse(default_text)
    assert {role.code for role in reg.roles} == set(ROLE_CODES)
    assistant = set(reg.role("assistant").permissions)
    officer = set(reg.role("political_officer").permissions)
    assert officer - assistant == {
        "report.submit",
        "plan.approve",
        "evaluation.decide",
        "document.read_toi_mat",
        "document.read_tuyet_mat",
    }
    # Commanders read, including secret documents; they prepare nothing.
    assert set(reg.role("commander").permissions) == {
        "unit.view",
        "audit.view",
        "document.read_mat",
        "document.read_toi_mat",
        "document.read_tuyet_mat",
    }
    assert "regulation.manage" in reg.role("admin").permissions


def test_report_templates_cover_every_kind_of_regime(default_text: str) -> None:
    reg = _parse(default_text)
    periodic = {t.frequency for t in reg.report_templates if t.kind == "periodic"}
    assert periodic == {"weekly", "monthly", "quarterly", "sixmonthly", "yearly"}
    assert any(t.kind == "thematic" for t in reg.report_templates)
    ad_hoc = [t for t in reg.report_templates if t.kind == "ad_hoc"]
    assert ad_hoc and ad_hoc[0].frequency is None and ad_hoc[0].cutoff is None
    monthly = reg.report_template("bc-thang")
    assert monthly.deadlines == {
        "quan-khu": 9,
        "su-doan": 7,
        "trung-doan": 5,
        "tieu-doan": 3,
        "dai-doi": 2,
    }
    weekly = reg.report_template("bc-tuan")
    assert weekly.cutoff is not None and weekly.cutoff.kind == "nominal"
    assert set(weekly.deadlines.values()) == {1}


def test_report_outline_has_six_parts_and_eleven_areas(default_text: str) -> None:
    reg = _parse(default_text)
    outline = reg.report_template("bc-6-thang").sections
    assert len(outline) == 6
    areas = next(s for s in outline if s.code == "ket-qua").children
    assert len(areas) == 11


def test_percentages_are_ratios_of_integer_indicators(default_text: str) -> None:
    reg = _parse(default_text)
    monthly = reg.report_template("bc-thang")
    share = reg.indicator("bc-thang", "gdct-ty-le")
    assert (share.numerator, share.denominator, share.aggregation) == (
        "gdct-tham-gia",
        "quan-so",
        "ratio",
    )
    for indicator in monthly.indicators:
        if indicator.type == "percentage":
            assert (indicator.min, indicator.max) == (0, 100)
    units = reg.indicator("bc-nam", "vmtd-mau-muc")
    assert (units.type, units.aggregation) == ("boolean", "count_true")


def test_admitted_members_rule(default_text: str) -> None:
    rule = next(
        r
        for r in _parse(default_text).report_template("bc-thang").rules
        if r.code.startswith("ket-nap")
    )
    assert (rule.expression.left, rule.expression.op, rule.expression.right) == (
        "ket-nap",
        "<=",
        "quan-chung-uu-tu",
    )
    assert rule.message == "Số kết nạp không được lớn hơn số quần chúng ưu tú"


def test_evaluation_shape(default_text: str) -> None:
    evaluation = _parse(default_text).evaluation
    assert len(evaluation.groups) == 3
    assert sum(c.max_points for g in evaluation.groups for c in g.criteria) == 100
    assert [(lv.name, lv.min_score) for lv in evaluation.levels] == [
        ("Hoàn thành xuất sắc nhiệm vụ", 90),
        ("Hoàn thành tốt nhiệm vụ", 70),
        ("Hoàn thành nhiệm vụ", 50),
        ("Không hoàn thành nhiệm vụ", 0),
    ]
    assert evaluation.quota is not None and evaluation.quota.ratio == 0.2
    assert evaluation.periods == ("sixmonthly", "yearly")


def test_registers_follow_decree_30(default_text: str) -> None:
    book = _parse(default_text).record_book("so-dang-ky-van-ban-di")
    assert book.basis == "fact"
    assert [c.name for c in book.columns] == [
        "Số, ký hiệu văn bản",
        "Ngày tháng văn bản",
        "Tên loại và trích yếu nội dung văn bản",
        "Người ký",
        "Nơi nhận văn bản",
        "Đơn vị, người nhận bản lưu",
        "Số lượng bản",
        "Ngày chuyển",
        "Ký nhận",
        "Ghi chú",
    ]


def test_catalogue_covers_the_domain_notes(default_text: str) -> None:
    reg = _parse(default_text)
    abbreviations = {kind.abbreviation for kind in reg.document_kinds}
    assert {
        "NQ",
        "KH",
        "CTr",
        "HD",
        "BC",
        "BB",
        "TB",
        "CV",
        "TTr",
        "QĐ",
        "KL",
    } <= abbreviations
    assert reg.document_kind("hd-ctd").issuing_levels == (
        "tong-cuc",
        "quan-khu",
        "su-doan",
        "trung-doan",
    )
    assert {task.code for task in reg.tasks} >= {
        "huan-luyen",
        "san-sang-chien-dau",
        "dien-tap",
        "pctt-tkcn",
        "tuyen-quan",
    }


def test_every_name_is_one_clean_string(default_text: str) -> None:
    # An unquoted comma inside a flow mapping splits a name into a stray key; the schema refuses
    # stray keys, so here we only check that no name was left dangling or empty.
    reg = _parse(default_text)
    names = [kind.name for kind in reg.document_kinds]
    names += [c.name for book in reg.record_books for c in book.columns]
    names += [s.title for t in reg.report_templates for s in _walk(t.sections)]
    assert all(name and name == name.strip() for name in names)


def test_every_basis_is_used(default_text: str) -> None:
    def bases(node: object) -> set[str]:
        if isinstance(node, dict):
            own = {node["basis"]} if "basis" in node else set()
            return own.union(*(bases(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(bases(v) for v in node))
        return set()

    assert bases(_parse(default_text).model_dump(mode="json")) == {"fact", "seed", "default"}
