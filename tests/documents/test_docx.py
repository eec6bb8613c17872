"""The DOCX of a report: its words, figures and the official format of its family."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from khth.documents.render.docx import render_docx
from khth.reports.actions import (
    Content,
    create_request,
    open_report,
    open_request_report,
    save_report,
)
from khth.reports.documents import file_names, report_document
from khth.units.actions import update_unit
from tests.documents.helpers import LIBREOFFICE, docx_text, libreoffice_text, mm
from tests.reports.conftest import MONTHLY, PERIOD, fill

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 2, 5)
FIGURES = {"quan-so": 1234, "gdct-tham-gia": 1182}  # 1182 / 1234 = 95,78…%


def company_docx(world: Any, report: Any) -> bytes:
    update_unit(world.unit("C1"), by=None, place="Sóc Trăng", admin_abbr="ĐĐ1", party_abbr="CB")
    report.refresh_from_db()
    report = fill(report, world.users["po_c1"], FIGURES)
    return render_docx(report_document(report, on=DAY))


def test_the_document_says_what_the_report_holds(world, company_report):
    text = docx_text(company_docx(world, company_report))
    for expected in [
        "TIỂU ĐOÀN 1",
        "ĐẠI ĐỘI 1",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Sóc Trăng, ngày 05 tháng 02 năm 2024",
        "BÁO CÁO",
        "Kết quả công tác Đảng, công tác chính trị tháng 7/2024",
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "III. KẾT QUẢ TIẾN HÀNH CÁC MẶT CÔNG TÁC",
        "1. Công tác giáo dục chính trị, tuyên truyền, phổ biến, giáo dục pháp luật; định hướng "
        "tư tưởng, dư luận",
        "Nội dung Đặc điểm tình hình của Đại đội 1.",
        "Quân số",
        "1.234",
        "1.182",
        "95,8%",
        "Nơi nhận:",
        "- Tiểu đoàn 1;",
        "- Lưu: VT.",
        "CHÍNH TRỊ VIÊN",
    ]:
        assert expected in text, expected
    # Administrative family: "Số:" with a colon, number/TYPE-ISSUER, the number left blank
    # until the document is registered.
    assert re.search(r"^Số: +/BC-ĐĐ1$", text, re.MULTILINE)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text


def test_the_format_of_the_administrative_family(world, company_report):
    document = docx.Document(io.BytesIO(company_docx(world, company_report)))
    section = document.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [mm(m) for m in margins] == [20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    # Word takes Vietnamese text's font from any of these slots depending on the characters.
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(slot)) == "Times New Roman"
    body = next(p for p in document.paragraphs if p.text.startswith("Nội dung Đặc điểm"))
    assert body.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent == Cm(1.27)
    assert body.runs[0].font.size == Pt(14)
    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert title.runs[0].bold and title.runs[0].font.size == Pt(14)
    header_table, first_data_table = document.tables[0], document.tables[1]
    assert getattr(header_table.style, "name", None) != "Table Grid"
    assert 'w:val="nil"' in header_table._tbl.tblPr.xml
    assert getattr(first_data_table.style, "name", None) == "Table Grid"
    assert first_data_table.rows[0].cells[0].text == "TT"
    assert "<w:tblHeader" in first_data_table.rows[0]._tr.xml
    # Page numbers centred at the top from page 2: a PAGE field in the header, and page 1's
    # header is a separate, empty one.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" not in section.first_page_header._element.xml
    assert document.core_properties.language == "vi-VN"


def test_narrative_formatting_reaches_the_document(world, company_report):
    html = "<p>Đơn vị <b>hoàn thành tốt</b> nhiệm vụ.</p><ul><li>Học tập chính trị</li></ul>"
    save_report(
        company_report,
        Content(sections={"tinh-hinh": html}),
        by=world.users["po_c1"],
        base_version=company_report.version,
    )
    document = docx.Document(io.BytesIO(render_docx(report_document(company_report, on=DAY))))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Đơn vị hoàn thành"))
    assert [(r.text, bool(r.bold)) for r in paragraph.runs] == [
        ("Đơn vị ", False),
        ("hoàn thành tốt", True),
        (" nhiệm vụ.", False),
    ]
    assert any(p.text == "- Học tập chính trị" for p in document.paragraphs)


def make_party(data: dict[str, Any]) -> None:
    for kind in data["document_kinds"]:
        if kind["code"] == "bc-dinh-ky":
            kind["family"] = "party"


def test_a_party_document_has_the_party_format(world, edited_regulation):
    edited_regulation(make_party, "2017.1-dang.1")
    update_unit(
        world.unit("C1"),
        by=None,
        party_abbr="CB",
        superior_party_body="Đảng ủy Tiểu đoàn 1",
        place="Sóc Trăng",
    )
    report = open_report(world.unit("C1"), MONTHLY, PERIOD, by=world.users["po_c1"])
    report = fill(report, world.users["po_c1"], FIGURES)
    data = render_docx(report_document(report, on=DAY))
    text = docx_text(data)
    for expected in [
        "ĐẢNG ỦY TIỂU ĐOÀN 1",
        "CHI BỘ ĐẠI ĐỘI 1",
        "*",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Sóc Trăng, ngày 05 tháng 02 năm 2024",
        "BÁO CÁO",
        "-----",
        "T/M CHI BỘ",
        "BÍ THƯ",
        "- Đảng ủy Tiểu đoàn 1,",
        "1.234",
        "95,8%",
    ]:
        assert expected in text, expected
    # Party family: no colon, number-TYPE/ISSUER; blanks where the number will go.
    assert re.search(r"^Số +-BC/CB$", text, re.MULTILINE)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    document = docx.Document(io.BytesIO(data))
    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert title.runs[0].font.size == Pt(16)
    motto = document.tables[0].rows[0].cells[1].paragraphs[0]
    assert motto.runs[0].font.size == Pt(15) and motto.runs[0].bold


def test_a_unit_without_a_recorded_party_body_gets_its_level_s(world, edited_regulation):
    edited_regulation(make_party, "2017.1-dang.2")
    report = open_report(world.unit("C2"), MONTHLY, PERIOD, by=world.users["po_c2"])
    text = docx_text(render_docx(report_document(report, on=DAY)))
    assert "CHI BỘ ĐẠI ĐỘI 2" in text
    assert "T/M CHI BỘ" in text
    # No abbreviation recorded: the issuer part is left to fill in by hand, never invented.
    assert re.search(r"^Số +-BC/…$", text, re.MULTILINE)


@pytest.mark.skipif(
    LIBREOFFICE is None,
    reason="LIBREOFFICE MISSING: apt-get install libreoffice-writer-nogui — "
    "the DOCX was not checked with an office suite",
)
def test_libreoffice_opens_the_file_with_vietnamese_intact(world, company_report, tmp_path):
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(company_docx(world, company_report))
    text = libreoffice_text(source, tmp_path / "profile")
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ĐẠI ĐỘI 1",
        "Sóc Trăng, ngày 05 tháng 02 năm 2024",
        "Kết quả công tác Đảng, công tác chính trị tháng 7/2024",
        "IV. NHẬN XÉT, ĐÁNH GIÁ",
        "Nội dung Hạn chế, khuyết điểm của Đại đội 1.",
        "Tỷ lệ quân số tham gia học tập chính trị",
        "95,8%",
        "1.234",
        "CHÍNH TRỊ VIÊN",
    ]:
        assert expected in text, expected


def test_an_ad_hoc_report_is_about_its_request(world):
    request = create_request(
        from_unit=world.unit("B1"),
        template_code="bc-dot-xuat",
        title="Báo cáo kết quả tham gia khắc phục hậu quả mưa lũ",
        content="<p>Báo cáo nhanh</p>",
        period_start=dt.date(2024, 9, 8),
        period_end=dt.date(2024, 9, 12),
        deadline=dt.date(2024, 9, 13),
        addressees=[world.unit("C1")],
        by=world.users["cmd_b1"],
    )
    report = open_request_report(request, world.unit("C1"), by=world.users["po_c1"])
    document = report_document(report, on=DAY)
    # The summary under "BÁO CÁO" is the request's title (the regulation's "{request}").
    assert document.summary == request.title
    text = docx_text(render_docx(document))
    assert "Báo cáo kết quả tham gia khắc phục hậu quả mưa lũ" in text
    assert "I. SỰ VIỆC, DIỄN BIẾN" in text
    assert file_names(report) == (
        "bao-cao-ket-qua-tham-gia-khac-phuc-hau-qua-mua-lu-dai-doi-1",
        "Báo cáo kết quả tham gia khắc phục hậu quả mưa lũ - Đại đội 1",
    )
