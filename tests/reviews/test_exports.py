"""The DOCX of a review (administrative family, the final review's kind: header, title, the
outline with the narrative and the figure tables, recipients, signature), LibreOffice opening
it, the XLSX of its figures, and the downloads."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import openpyxl
import pytest

from khth.documents.render.docx import render_docx
from khth.documents.render.xlsx import render_workbook
from khth.reviews.actions import create_review, finish_review, save_review
from khth.reviews.documents import review_data, review_document, review_spreadsheet
from khth.reviews.models import Review
from khth.units.actions import update_unit
from tests.documents.helpers import LIBREOFFICE, docx_text, libreoffice_text
from tests.reviews.conftest import END, START, TODAY

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 2, 5)
TITLE = "Báo cáo tổng kết 5 năm thực hiện Quy chế công tác kế hoạch – tổng hợp, 2020 – 2024"
STRENGTH = "Các đơn vị duy trì nghiêm chế độ báo cáo, nền nếp sinh hoạt đảng."


def written_review(world: Any) -> Review:
    update_unit(world.unit("R"), by=None, place="Sóc Trăng", admin_abbr="TrĐ1")
    officer = world.users["cu_r"]
    review = create_review(
        world.unit("R"), title=TITLE, starts_on=START, ends_on=END, by=officer, today=TODAY
    )
    return save_review(
        review,
        by=officer,
        base_revision=review.revision,
        sections={"uu-diem": f"<p>{STRENGTH}</p>"},
    )


def docx_of(review: Review) -> bytes:
    review = Review.objects.select_related("unit", "unit__parent").get(pk=review.pk)
    return render_docx(review_document(review_data(review, today=TODAY), on=DAY))


def test_the_document_in_the_official_format_with_the_figures(history):
    text = docx_text(docx_of(written_review(history)))
    for expected in [
        "SƯ ĐOÀN 330",
        "TRUNG ĐOÀN 1",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Sóc Trăng, ngày 05 tháng 02 năm 2025",
        "BÁO CÁO",
        "Tổng kết 5 năm thực hiện Quy chế công tác kế hoạch – tổng hợp, 2020 – 2024",
        "DỰ THẢO",
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "III. KẾT QUẢ TIẾN HÀNH CÁC MẶT CÔNG TÁC",
        "Số liệu từ ngày 01/01/2020 đến ngày 31/12/2024 do KHTH tổng hợp",
        "tính đến ngày 01/03/2025",
        # Timeliness per year, and its total (tests/reviews/test_figures.py).
        "Thực hiện chế độ báo cáo định kỳ (tháng, quý, 6 tháng, năm)",
        "Năm 2022\n114\n2\n1\n111\n1,8%",
        "Cộng\n570\n8\n3\n559\n1,4%",
        "Báo cáo đã gửi cấp trên\n11",
        "Đủ nội dung theo quy định\n10\n90,9%",
        # Trends: the yearly consolidations, "–" where a year has none.
        "Tỷ lệ quân số tham gia học tập chính trị\n%\n–\n–\n91,9%\n97,7%\n98,4%",
        "Số đảng viên\nngười\n–\n–\n75\n67\n128",
        "Đạt\n2\nKhông đạt\n1",
        "Theo: Kế hoạch CTĐ, CTCT năm 2023; Kế hoạch CTĐ, CTCT năm 2024.",
        "Năm 2023\n1\n2\n1\n0\n4",
        "Nhận xét: Hạn chế, khuyết điểm\n3",
        "Biện pháp khắc phục: Quá hạn chưa khắc phục\n1",
        "Công tác xây dựng Đảng\n2",
        "Khen thưởng: 3 tập thể, 3 cá nhân",
        "Chiến sĩ tiên tiến\nCá nhân\n2",
        "IV. NHẬN XÉT, ĐÁNH GIÁ",
        "1. Ưu điểm",
        STRENGTH,
        "- Công tác xây dựng Đảng: hạn chế ở 2 đơn vị qua kiểm tra",
        "V. PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI",
        "1. (Nhiệm vụ trọng tâm thứ 1)",
        "Nơi nhận:",
        "- Sư đoàn 330;",
        "CHÍNH ỦY",
    ]:
        assert expected in text, expected
    assert re.search(r"^Số: +/BC-TrĐ1$", text, re.MULTILINE)
    # The figures sit under «Kết quả», before the areas and the assessment.
    assert text.index("III. KẾT QUẢ") < text.index("Khen thưởng: 3 tập thể") < text.index("IV.")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text


def test_a_finished_review_is_no_longer_a_draft(world):
    review = written_review(world)
    finish_review(review, by=world.users["cu_r"])
    text = docx_text(docx_of(review))
    assert "DỰ THẢO" not in text
    # No figures stored: an empty subtree gives zeros, not errors.
    assert "Khen thưởng: 0 tập thể, 0 cá nhân" in text


@pytest.mark.skipif(
    LIBREOFFICE is None,
    reason="LIBREOFFICE MISSING: apt-get install libreoffice-writer-nogui — "
    "the DOCX was not checked with an office suite",
)
def test_libreoffice_opens_the_review_with_vietnamese_intact(world, tmp_path):
    source = tmp_path / "tong-ket.docx"
    source.write_bytes(docx_of(written_review(world)))
    text = libreoffice_text(source, tmp_path / "profile")
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TRUNG ĐOÀN 1",
        "Sóc Trăng, ngày 05 tháng 02 năm 2025",
        "BÁO CÁO",
        "III. KẾT QUẢ TIẾN HÀNH CÁC MẶT CÔNG TÁC",
        "Thực hiện chế độ báo cáo định kỳ",
        STRENGTH,
        "CHÍNH ỦY",
    ]:
        assert expected in text, expected


def test_the_spreadsheet_has_a_sheet_per_group_of_figures(history):
    review = written_review(history)
    body = render_workbook(review_spreadsheet(review_data(review, today=TODAY)))
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert book.sheetnames == [
        "Thông tin chung",
        "Tình hình báo cáo",
        "Nội dung báo cáo",
        "Xu hướng chỉ tiêu",
        "Chỉ tiêu kế hoạch",
        "Xếp loại",
        "Kiểm tra",
        "Khâu yếu, mặt yếu",
        "Khen thưởng",
    ]

    def rows(name: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in book[name].iter_rows(values_only=True)]

    timeliness = rows("Tình hình báo cáo")
    assert timeliness[0] == (
        "Thời gian",
        "Phải báo cáo",
        "Đúng hạn",
        "Chậm",
        "Không gửi",
        "Tỷ lệ đúng hạn (%)",
    )
    assert timeliness[3][:5] == ("Năm 2022", 114, 2, 1, 111)
    assert timeliness[-1][:5] == ("Cộng", 570, 8, 3, 559)
    trends = rows("Xu hướng chỉ tiêu")
    assert trends[0] == ("Chỉ tiêu", "Đơn vị tính", *(f"Năm {y}" for y in range(2020, 2025)))
    members = next(r for r in trends if r[0] == "Số đảng viên")
    # Numbers stay numbers; a year without figures is an empty cell.
    assert members == ("Số đảng viên", "người", None, None, 75, 67, 128)
    levels = rows("Xếp loại")
    assert levels[1] == ("Năm 2023", 1, 2, 1, 0, 4)
    assert ("Tập thể", 3) in {(r[1], r[2]) for r in rows("Khen thưởng") if r[0] == "Cộng"}
    assert rows("Khâu yếu, mặt yếu")[1:] == [
        ("Công tác tư tưởng, quản lý kỷ luật", 2),
        ("Công tác xây dựng Đảng", 2),
    ]
    about = dict(rows("Thông tin chung")[1:])
    assert about["Đơn vị"] == "Trung đoàn 1" and about["Khen thưởng"] == "3 tập thể, 3 cá nhân"


def test_downloads_are_named_for_the_review_and_the_unit(world):
    review = written_review(world)
    client = world.client("cu_r")
    docx = client.get(f"/reviews/{review.pk}/export.docx")
    assert docx.status_code == 200
    assert docx["Content-Type"].endswith("wordprocessingml.document")
    assert docx["Cache-Control"] == "private, no-store"
    disposition = docx["Content-Disposition"]
    assert 'filename="bao-cao-tong-ket-5-nam-thuc-hien-quy-che' in disposition
    assert "trung-doan-1-du-thao.docx" in disposition
    assert STRENGTH in docx_text(docx.content)
    xlsx = client.get(f"/reviews/{review.pk}/export.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].endswith("spreadsheetml.sheet")
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "Thông tin chung"
