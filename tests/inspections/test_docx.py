"""The conclusion notice: «Thông báo kết luận kiểm tra» in the administrative format, its words
per inspected unit, the remedies with owner and deadline, the inspected units as recipients —
and LibreOffice opens it."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest

from khth.documents.render.docx import render_docx
from khth.inspections.actions import conclude_inspection
from khth.inspections.documents import conclusion_document, conclusion_file_names
from khth.units.actions import update_unit
from tests.documents.helpers import LIBREOFFICE, docx_text, libreoffice_text, mm
from tests.inspections.conftest import R2_VIOLATION, R_WEAKNESS

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 3, 12)
CONCLUSION = "<p>Các đơn vị <b>cơ bản</b> thực hiện tốt.</p><ul><li>Tiếp tục phát huy</li></ul>"


def notice(division, recorded, *, conclude: bool = True) -> bytes:
    update_unit(division.unit("D"), by=None, place="Cần Thơ", admin_abbr="PCT")
    inspection = recorded.inspection
    inspection.refresh_from_db()
    if conclude:
        inspection = conclude_inspection(
            inspection,
            html=CONCLUSION,
            base_revision=inspection.revision,
            by=division.users["po_d"],
        )
    inspection.by_unit.refresh_from_db()
    return render_docx(conclusion_document(inspection, on=DAY))


def test_the_notice_says_what_was_found(division, recorded):
    text = docx_text(notice(division, recorded))
    for expected in [
        "SƯ ĐOÀN 330",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Cần Thơ, ngày 12 tháng 3 năm 2024",
        "THÔNG BÁO",
        "Kết luận kiểm tra công tác Đảng, công tác chính trị quý I/2024",
        "từ ngày 4-3-2024 đến ngày 8-3-2024, Sư đoàn 330 đã tiến hành kiểm tra Trung đoàn 1, "
        "Trung đoàn 2 về các nội dung: Công tác xây dựng Đảng; Hệ thống văn kiện, sổ sách.",
        "Văn kiện, sổ sách được kiểm tra: Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng.",
        "Thành phần đoàn: Đồng chí Ngô Văn Đoàn",
        "I. KẾT LUẬN CHUNG",
        "Các đơn vị cơ bản thực hiện tốt.",
        "- Tiếp tục phát huy",
        "II. KẾT QUẢ KIỂM TRA Ở TỪNG ĐƠN VỊ",
        "1. Trung đoàn 1",
        "a) Ưu điểm",
        "- Hệ thống văn kiện, sổ sách: Sổ sách đầy đủ",
        "b) Hạn chế, khuyết điểm",
        f"- Công tác xây dựng Đảng: {R_WEAKNESS}",
        "d) Yêu cầu khắc phục",
        "Ra lại nghị quyết tháng 4 sát nhiệm vụ",
        "30/04/2024",
        "2. Trung đoàn 2",
        f"- Hệ thống văn kiện, sổ sách: {R2_VIOLATION}",
        "Ghi bổ sung sổ nghị quyết",
        "15/04/2024",
        "III. TỔ CHỨC THỰC HIỆN",
        "Nơi nhận:",
        "- Trung đoàn 1;",
        "- Trung đoàn 2;",
        "- Lưu: VT.",
        "CHÍNH ỦY",
    ]:
        assert expected in text, expected
    # Administrative family, number blank until the notice is registered.
    assert re.search(r"^Số: +/TB-PCT$", text, re.MULTILINE)
    assert "DỰ THẢO" not in text
    # The order of the parts: R's findings before R2's, the recipients after the body.
    assert text.index("1. Trung đoàn 1") < text.index(R_WEAKNESS) < text.index("2. Trung đoàn 2")
    assert text.index("III. TỔ CHỨC THỰC HIỆN") < text.index("- Trung đoàn 2;")
    # R2 has no strength: said so, not left out.
    part = text[text.index("2. Trung đoàn 2") :]
    assert part.index("a) Ưu điểm") < part.index("Không có.") < part.index("b) Hạn chế")


def test_the_remedy_table(division, recorded):
    document = docx.Document(io.BytesIO(notice(division, recorded)))
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "TT"]
    assert len(tables) == 2  # one per inspected unit with remedies
    header = [c.text for c in tables[0].rows[0].cells]
    assert header == ["TT", "Nội dung khắc phục", "Đơn vị thực hiện", "Thời hạn"]
    assert [c.text for c in tables[0].rows[1].cells] == [
        "1",
        "Ra lại nghị quyết tháng 4 sát nhiệm vụ",
        "Trung đoàn 1",
        "30/04/2024",
    ]


def test_the_format_of_the_administrative_family(division, recorded):
    document = docx.Document(io.BytesIO(notice(division, recorded)))
    section = document.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_a_draft_says_so(division, recorded):
    text = docx_text(notice(division, recorded, conclude=False))
    assert "DỰ THẢO" in text
    assert "(Chưa viết kết luận chung.)" in text
    stems = conclusion_file_names(recorded.inspection)
    assert stems == (
        "thong-bao-ket-luan-kiem-tra-cong-tac-dang-cong-tac-chinh-tri-quy-i-2024-du-thao",
        "Thông báo kết luận kiểm tra công tác Đảng, công tác chính trị quý I-2024 (dự thảo)",
    )


def test_the_download(division, recorded):
    response = division.client("po_d").get(f"/inspections/{recorded.inspection.pk}/export.docx")
    assert response.status_code == 200
    assert "thong-bao-ket-luan-kiem-tra" in response["Content-Disposition"]
    assert R_WEAKNESS in docx_text(response.content)


@pytest.mark.skipif(
    LIBREOFFICE is None,
    reason="LIBREOFFICE MISSING: apt-get install libreoffice-writer-nogui — "
    "the DOCX was not checked with an office suite",
)
def test_libreoffice_opens_the_notice_with_vietnamese_intact(division, recorded, tmp_path):
    source = tmp_path / "thong-bao.docx"
    source.write_bytes(notice(division, recorded))
    text = libreoffice_text(source, tmp_path / "profile")
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SƯ ĐOÀN 330",
        "Cần Thơ, ngày 12 tháng 3 năm 2024",
        "Kết luận kiểm tra công tác Đảng, công tác chính trị quý I/2024",
        R_WEAKNESS,
        R2_VIOLATION,
        "Ghi bổ sung sổ nghị quyết",
        "CHÍNH ỦY",
    ]:
        assert expected in text, expected
