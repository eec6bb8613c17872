"""Formats are regulation data: an edited regulation changes the documents, not the code."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
import pytest
import yaml
from docx.shared import Pt

from khth.documents.formats import document_formats, family_of
from khth.documents.heading import number_line
from khth.documents.render.docx import render_docx
from khth.regulations.loader import RegulationError, default_regulation_path, parse_regulation
from khth.regulations.schema.formats import Numbering
from khth.reports.actions import open_report
from khth.reports.documents import report_document
from khth.reports.template import regulation_of
from tests.documents.helpers import mm
from tests.reports.conftest import MONTHLY, PERIOD

pytestmark = pytest.mark.django_db


def default_data() -> dict[str, Any]:
    data = yaml.safe_load(default_regulation_path().read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def company_docx(world: Any) -> docx.document.Document:
    report = open_report(world.unit("C1"), MONTHLY, PERIOD, by=world.users["po_c1"])
    data = render_docx(report_document(report, on=dt.date(2024, 8, 5)))
    return docx.Document(io.BytesIO(data))


def test_an_edited_margin_and_size_reach_the_docx(world, edited_regulation):
    def wider_left_margin(data: dict[str, Any]) -> None:
        formats = data["document_formats"]["administrative"]
        formats["margins"]["left"] = 35
        formats["margins"]["top"] = 25
        formats["body"]["size"] = 13

    edited_regulation(wider_left_margin, "2017.1-qk9.1")
    document = company_docx(world)
    section = document.sections[0]
    assert (mm(section.left_margin), mm(section.top_margin)) == (35, 25)
    assert document.styles["Normal"].font.size == Pt(13)
    heading = next(p for p in document.paragraphs if p.text.startswith("I. "))
    assert heading.runs[0].font.size == Pt(14)  # headings keep their own size


def test_an_edited_number_pattern_and_recipients_reach_the_docx(world, edited_regulation):
    def renumber(data: dict[str, Any]) -> None:
        formats = data["document_formats"]["administrative"]
        formats["numbering"]["pattern"] = "Số: {number}/{type}-{issuer}/TĐ"
        formats["recipients"]["lines"] = ["- {superior} (để báo cáo);", "- Lưu: VT, CT."]

    edited_regulation(renumber, "2017.1-qk9.2")
    document = company_docx(world)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Số: " + " " * 6 + "/BC-…/TĐ" in cells
    assert "- Tiểu đoàn 1 (để báo cáo);" in cells
    assert "- Lưu: VT, CT." in cells


def test_a_regulation_without_formats_prints_with_the_shipped_ones(world, edited_regulation):
    version = edited_regulation(lambda data: data.pop("document_formats"), "2017.1-cu.1")
    regulation = regulation_of(version)
    assert regulation.document_formats is None
    shipped = parse_regulation(default_regulation_path().read_text(encoding="utf-8"), "d.yaml")
    assert document_formats(regulation) == shipped.document_formats
    section = company_docx(world).sections[0]
    assert mm(section.left_margin) == 30


def test_the_family_comes_from_the_document_kind(regulation):
    reg = regulation_of(regulation)
    assert family_of(reg, reg.report_template("bc-thang")) == "administrative"
    assert reg.document_kind("nq-thang").family == "party"


def test_the_default_formats_follow_the_official_texts(regulation):
    formats = document_formats(regulation_of(regulation))
    admin, party = formats.administrative, formats.party
    assert admin.numbering.pattern == "Số: {number}/{type}-{issuer}"
    assert party.numbering.pattern == "Số {number}-{type}/{issuer}"
    assert (admin.numbering.restart, party.numbering.restart) == ("year", "term")
    assert [(m.text, m.size, m.bold) for m in admin.motto] == [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True),
        ("Độc lập - Tự do - Hạnh phúc", 13, True),
    ]
    assert [(m.text, m.size, m.bold) for m in party.motto] == [("ĐẢNG CỘNG SẢN VIỆT NAM", 15, True)]
    assert admin.font == party.font == "Times New Roman"
    assert (admin.recipients_label.size, admin.recipients_list.size) == (12, 11)
    assert admin.recipients_label.bold and admin.recipients_label.italic
    assert (party.recipients_label.underline, party.recipients_list.size) == (True, 12)
    assert party.signature.authority == "T/M {organ}" and party.signature.title == "BÍ THƯ"
    assert set(admin.signature.prefixes) == {"TM.", "KT.", "TL.", "Q.", "TUQ."}
    assert admin.page_numbers.position == "top_center" and not admin.page_numbers.on_first_page
    # Sizes within the ranges of Decree 30/2020 and guidance 36-HD/VPTW.
    assert 13 <= admin.body.size <= 14 and 14 <= party.body.size <= 15
    assert 15 <= party.title.size <= 16
    assert 20 <= admin.margins.top <= 25 and 30 <= admin.margins.left <= 35
    assert admin.margins.basis == "fact"
    assert formats.type_names["BC"] == "Báo cáo"


@pytest.mark.parametrize(
    ("number", "pattern", "pad", "expected"),
    [
        (5, "Số: {number}/{type}-{issuer}", 2, "Số: 05/BC-CT"),
        (15, "Số: {number}/{type}-{issuer}", 2, "Số: 15/BC-CT"),
        (5, "Số {number}-{type}/{issuer}", 0, "Số 5-BC/CT"),
        # Six blanks for the number, to fill in by hand at registration.
        (None, "Số {number}-{type}/{issuer}", 0, "Số " + " " * 6 + "-BC/CT"),
        (None, "Số: {number}/{type}-{issuer}", 2, "Số: " + " " * 6 + "/BC-CT"),
    ],
)
def test_number_lines(number, pattern, pad, expected):
    numbering = Numbering(pattern=pattern, pad=pad, restart="year", basis="fact")
    assert number_line(numbering, number, "BC", "CT") == expected


@pytest.mark.parametrize(
    ("edit", "where", "why"),
    [
        (
            lambda f: f["administrative"]["numbering"].update(pattern="Số {so}/{type}"),
            "document_formats.administrative.numbering.pattern",
            "{so}",
        ),
        (
            lambda f: f["party"]["numbering"].update(pattern="Số {number}"),
            "document_formats.party.numbering.pattern",
            "{type}",
        ),
        (
            lambda f: f["party"]["margins"].update(left=200),
            "document_formats.party.margins.left",
            "80",
        ),
        (
            lambda f: f["administrative"]["signature"].update(title="{chuc_vu}"),
            "document_formats.administrative.signature.title",
            "{chuc_vu}",
        ),
        (
            lambda f: f["summaries"].update(periodic="Kết quả {thang"),
            "document_formats.summaries.periodic",
            "{ }",
        ),
    ],
)
def test_bad_formats_are_refused_with_the_key_at_fault(edit, where, why):
    data = default_data()
    edit(data["document_formats"])
    with pytest.raises(RegulationError) as caught:
        parse_regulation(yaml.safe_dump(data, allow_unicode=True), "sua.yaml")
    message = str(caught.value)
    assert f"sua.yaml: {where}:" in message
    assert why in message
