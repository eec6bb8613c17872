"""Evaluation downloads: the sheet as DOCX (its words, both scores, totals, levels; LibreOffice
opens it), the summary across units as XLSX (both sheets, the values), and the scope of every
download URL."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any
from urllib.parse import unquote

import openpyxl
import pytest
from django.test import Client

from khth.documents.model import Table
from khth.documents.render.docx import render_docx
from khth.documents.render.xlsx import render_workbook
from khth.evaluations.actions import (
    Entry,
    decide_evaluation,
    open_evaluation,
    review_evaluation,
)
from khth.evaluations.documents import (
    DISTRIBUTION_SHEET,
    UNITS_SHEET,
    evaluation_document,
    evaluation_summary,
    summary_spreadsheet,
)
from khth.evaluations.models import Evaluation
from khth.periods import parse_period
from khth.units.actions import create_unit, update_unit
from tests.conftest import FOUNDED
from tests.documents.helpers import LIBREOFFICE, docx_text, libreoffice_text
from tests.evaluations.conftest import HALF, self_assess, six_month_report

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DAY = dt.date(2024, 6, 20)
REASON = "Chưa kiện toàn chức danh phó chính trị viên"


def decided_c1(world: Any) -> Evaluation:
    """C1 scores 80 (0.8 of every maximum); B1 lowers «Công tác cán bộ» from 2,4 to 1 with a
    reason (78,6); the regiment decides «tốt»."""
    update_unit(world.unit("C1"), by=None, place="Sóc Trăng")
    evaluation = self_assess(world, "C1", "po_c1")
    evaluation = review_evaluation(
        evaluation,
        {"can-bo": Entry(Decimal(1), REASON)},
        by=world.users["po_b1"],
        base_version=evaluation.version,
        note="Đơn vị hoàn thành tốt nhiệm vụ huấn luyện.",
    )
    return decide_evaluation(evaluation, by=world.users["cu_r"])


@pytest.fixture
def season(world: Any) -> dict[str, Evaluation]:
    """C1 decided (tốt); C2 submitted with a serious violation in its report (vetoed down to
    «Hoàn thành»); C3 has not opened its evaluation."""
    c1 = decided_c1(world)
    six_month_report(world, "C2", "po_c2", **{"vi-pham-nghiem-trong": 1})
    c2 = self_assess(world, "C2", "po_c2")
    return {"C1": c1, "C2": c2}


# --- the sheet -------------------------------------------------------------------------------


def test_the_sheet_says_what_the_evaluation_holds(world, season):
    text = docx_text(render_docx(evaluation_document(season["C1"], on=DAY)))
    for expected in [
        "TIỂU ĐOÀN 1",
        "ĐẠI ĐỘI 1",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Sóc Trăng, ngày 20 tháng 6 năm 2024",
        "PHIẾU ĐÁNH GIÁ",
        "Kết quả hoạt động CTĐ, CTCT của Đại đội 1 kỳ 6 tháng đầu năm 2024",
        "I. ĐIỂM THEO TIÊU CHÍ",
        "Lãnh đạo, chỉ đạo, tổ chức tiến hành CTĐ, CTCT",
        "Xây dựng đơn vị vững mạnh toàn diện “Mẫu mực, tiêu biểu”",
        f"Cấp trên: {REASON}",
        "Căn cứ báo cáo 6 tháng",
        "Tổng cộng",
        "II. ĐIỀU KIỆN KHỐNG CHẾ MỨC XẾP LOẠI",
        "Không có.",
        "III. KẾT QUẢ XẾP LOẠI",
        "Mức đề nghị: Hoàn thành tốt nhiệm vụ.",
        "Mức quyết định (Trung đoàn 1): Hoàn thành tốt nhiệm vụ.",
        "Đơn vị hoàn thành tốt nhiệm vụ huấn luyện.",
        "Nơi nhận:",
        "- Tiểu đoàn 1;",
        "CHÍNH TRỊ VIÊN",
        "Phạm Văn Một",
    ]:
        assert expected in text, expected
    assert "DỰ THẢO" not in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    # Evidence found is a ground of the score; evidence the system does not have is not.
    assert "báo cáo định kỳ gửi đúng hạn" in text
    assert "Chưa có dữ liệu trong hệ thống" not in text


def test_the_criteria_table_keeps_both_scores_and_the_totals(world, season):
    document = evaluation_document(season["C1"], on=DAY)
    table = next(b for b in document.blocks if isinstance(b, Table))
    rows = [[cell.text for cell in row] for row in table.rows]
    assert rows[0] == [
        "STT",
        "Nhóm, tiêu chí",
        "Điểm tối đa",
        "Điểm tự chấm",
        "Điểm cấp trên",
        "Căn cứ, lý do",
    ]
    by_name = {r[1]: r for r in rows}
    # Group subtotals: I 30 → 24, II 40 → 32 by the unit and 30,6 by the battalion, III 30 → 24.
    assert by_name["Lãnh đạo, chỉ đạo, tổ chức tiến hành CTĐ, CTCT"][:5] == [
        "I",
        "Lãnh đạo, chỉ đạo, tổ chức tiến hành CTĐ, CTCT",
        "30",
        "24",
        "24",
    ]
    group_two = by_name["Kết quả tiến hành các mặt công tác Đảng, công tác chính trị"]
    assert group_two[0] == "II" and group_two[2:5] == ["40", "32", "30,6"]
    cadre = by_name["Công tác cán bộ"]
    assert cadre[2:5] == ["3", "2,4", "1"]
    assert REASON in cadre[5]
    untouched = by_name["Công tác dân vận"]
    assert untouched[2:5] == ["3", "2,4", "2,4"]  # the superior left it: the unit's score
    assert by_name["Tổng cộng"][2:5] == ["100", "80", "78,6"]
    assert len(rows) == 1 + 3 + 18 + 1  # heading, groups, criteria, total


def test_a_vetoed_submission_names_the_veto_and_waits_for_review(world, season):
    text = docx_text(render_docx(evaluation_document(season["C2"], on=DAY)))
    assert "Để xảy ra vụ việc vi phạm kỷ luật nghiêm trọng" in text
    assert "xếp loại không quá «Hoàn thành nhiệm vụ»" in text
    # The unit's 80 points reach «tốt»; the veto lowers it.
    assert (
        "80 điểm, mức theo điểm «Hoàn thành tốt nhiệm vụ»; "
        "bị khống chế ở mức «Hoàn thành nhiệm vụ»" in text
    )
    assert "Nhận xét, đề nghị của Tiểu đoàn 1: chưa có." in text
    assert "Mức quyết định (Trung đoàn 1): chưa quyết định." in text
    assert "Hoàng Văn Hai" in text  # who submitted it signs


def test_a_draft_is_marked_and_unsigned(world):
    evaluation = open_evaluation(world.unit("C3"), HALF, by=world.users["cu_r"])
    document = evaluation_document(evaluation, on=DAY)
    assert document.draft and document.signature.name == ""
    text = docx_text(render_docx(document))
    assert "DỰ THẢO" in text
    assert "TIỂU ĐOÀN 2" in text and "ĐẠI ĐỘI 3" in text
    # The sheet is a form: no number line is invented for it.
    assert not re.search(r"^Số", text, re.MULTILINE)


@pytest.mark.skipif(
    LIBREOFFICE is None,
    reason="LIBREOFFICE MISSING: apt-get install libreoffice-writer-nogui — "
    "the DOCX was not checked with an office suite",
)
def test_libreoffice_opens_the_sheet_with_vietnamese_intact(world, season, tmp_path):
    source = tmp_path / "phieu-danh-gia.docx"
    source.write_bytes(render_docx(evaluation_document(season["C1"], on=DAY)))
    text = libreoffice_text(source, tmp_path / "profile")
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "PHIẾU ĐÁNH GIÁ",
        "Kết quả hoạt động CTĐ, CTCT của Đại đội 1 kỳ 6 tháng đầu năm 2024",
        "Giáo dục chính trị, tuyên truyền, định hướng tư tưởng",
        "Chính trị, tư tưởng ổn định; chấp hành nghiêm kỷ luật",
        "78,6",
        "Hoàn thành tốt nhiệm vụ",
        "CHÍNH TRỊ VIÊN",
    ]:
        assert expected in text, expected


# --- the summary -----------------------------------------------------------------------------


def workbook(body: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(body))


def test_the_summary_of_direct_subordinates(world, season):
    summary = evaluation_summary(world.unit("B1"), parse_period(HALF))
    book = workbook(render_workbook(summary_spreadsheet(summary)))
    assert book.sheetnames == [UNITS_SHEET, DISTRIBUTION_SHEET]
    sheet = book[UNITS_SHEET]
    heading = [c.value for c in sheet[1]]
    assert heading[:6] == ["STT", "Mã đơn vị", "Đơn vị", "Cấp", "Cấp dưới thứ", "Trạng thái"]
    assert heading[6].startswith("Nhóm I: Lãnh đạo") and heading[8].startswith("Nhóm III")
    assert heading[9:] == ["Tổng điểm", "Điều kiện khống chế", "Mức đề nghị", "Mức quyết định"]
    c1 = [c.value for c in sheet[2]]
    assert c1[:6] == [1, "C1", "Đại đội 1", "Đại đội", 1, "Đã quyết định"]
    assert [Decimal(str(v)) for v in c1[6:10]] == [24, Decimal("30.6"), 24, Decimal("78.6")]
    assert c1[10:] == [None, "Hoàn thành tốt nhiệm vụ", "Hoàn thành tốt nhiệm vụ"]
    c2 = [c.value for c in sheet[3]]
    assert c2[1] == "C2" and c2[5] == "Chờ cấp trên nhận xét"
    assert c2[10] == "Để xảy ra vụ việc vi phạm kỷ luật nghiêm trọng"
    assert c2[11:] == [None, None]
    assert sheet.max_row == 3  # C3 is under B2
    levels = book[DISTRIBUTION_SHEET]
    rows = [[c.value for c in row] for row in levels.iter_rows()]
    assert rows[0] == [
        "Mức xếp loại",
        "Số đơn vị (đã quyết định)",
        "Tỷ lệ",
        "Đang đề nghị (chưa quyết định)",
    ]
    assert rows[2][:3] == ["Hoàn thành tốt nhiệm vụ", 1, 0.5]
    assert rows[5][:3] == ["Chưa quyết định", 1, 0.5]
    assert rows[6][:3] == ["Tổng số đơn vị", 2, 1]
    assert levels["C3"].number_format == "0.0%"


def test_the_whole_subtree_with_units_not_opened(world, season):
    summary = evaluation_summary(world.unit("R"), parse_period(HALF), whole_subtree=True)
    assert [(r.unit.code, r.depth, r.status_label) for r in summary.rows] == [
        ("B1", 1, "Chưa mở đánh giá"),
        ("C1", 2, "Đã quyết định"),
        ("C2", 2, "Chờ cấp trên nhận xét"),
        ("B2", 1, "Chưa mở đánh giá"),
        ("C3", 2, "Chưa mở đánh giá"),
    ]
    direct = evaluation_summary(world.unit("R"), parse_period(HALF))
    assert [r.unit.code for r in direct.rows] == ["B1", "B2"]
    # Ranking: C1 («tốt», decided) before C2 (80 points, but capped to «Hoàn thành»).
    assert [(r.rank, r.row.unit.code) for r in summary.ranking()] == [(1, "C1"), (2, "C2")]


# --- the URLs --------------------------------------------------------------------------------


def test_the_sheet_downloads_with_a_vietnamese_name(world, season):
    pk = season["C1"].pk
    response = world.client("po_c1").get(f"/evaluations/{pk}/export.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert 'filename="phieu-danh-gia-6-thang-dau-nam-2024-dai-doi-1.docx"' in disposition
    assert unquote(disposition.split("UTF-8''")[1]) == (
        "Phiếu đánh giá 6 tháng đầu năm 2024 - Đại đội 1.docx"
    )
    assert "PHIẾU ĐÁNH GIÁ" in docx_text(response.content)


def test_the_summary_downloads(world, season):
    url = f"/evaluations/unit/B1/{HALF}/summary.xlsx"
    response = world.client("cmd_b1").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Cache-Control"] == "private, no-store"
    assert unquote(response["Content-Disposition"].split("UTF-8''")[1]) == (
        "Tổng hợp đánh giá 6 tháng đầu năm 2024 - Tiểu đoàn 1.xlsx"
    )
    assert workbook(response.content)[UNITS_SHEET].max_row == 3
    everything = world.client("cu_r").get(f"/evaluations/unit/R/{HALF}/summary.xlsx?all=1")
    codes = [c.value for c in workbook(everything.content)[UNITS_SHEET]["B"]][1:]
    assert codes == ["B1", "C1", "C2", "B2", "C3"]


@pytest.mark.parametrize(
    ("user", "docx_c1", "summary_b1"),
    [
        ("po_c1", 200, 404),  # its own sheet; the battalion's summary is above it
        ("as_c1", 200, 404),
        ("po_c2", 404, 404),  # a sibling company sees neither
        ("po_b1", 200, 200),
        ("cmd_b1", 200, 200),  # a read-only commander reads
        ("cu_r", 200, 200),
        ("nobody", 404, 404),
    ],
)
def test_scope_of_every_download(world, season, user, docx_c1, summary_b1):
    client = world.client(user)
    pk = season["C1"].pk
    assert client.get(f"/evaluations/{pk}/export.docx").status_code == docx_c1
    assert client.get(f"/evaluations/unit/B1/{HALF}/summary.xlsx").status_code == summary_b1


def test_anonymous_is_sent_to_log_in(world, season):
    for url in [
        f"/evaluations/{season['C1'].pk}/export.docx",
        f"/evaluations/unit/B1/{HALF}/summary.xlsx",
    ]:
        response = Client().get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_unknown_things_are_404_not_500(world, season):
    client = world.client("cu_r")
    assert client.get("/evaluations/999999/export.docx").status_code == 404
    assert client.get("/evaluations/unit/R/nửa-năm/summary.xlsx").status_code == 404
    assert client.get(f"/evaluations/unit/KHONG-CO/{HALF}/summary.xlsx").status_code == 404
    assert client.post(f"/evaluations/{season['C1'].pk}/export.docx").status_code == 405


def test_downloads_read_a_fixed_number_of_queries(world, season, django_assert_num_queries):
    client = world.client("cu_r")
    url = f"/evaluations/unit/R/{HALF}/summary.xlsx?all=1"
    client.get(url)  # the parsed regulation is cached after the first request
    # Session, user, memberships and the roles' regulation (read once a request: it also says
    # which periods are evaluated), the root unit, the tree on the period's last day (2), the
    # evaluations with their scores and vetoes (3).
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
    # Twelve more companies, each with its evaluation: still ten.
    for n in range(4, 16):
        unit = create_unit(
            code=f"C{n}",
            name=f"Đại đội {n}",
            short_name=f"Đại đội {n}",
            level="dai-doi",
            parent=world.unit("B2"),
            by=None,
            valid_from=FOUNDED,
        )
        open_evaluation(unit, HALF, by=world.users["cu_r"])
    with django_assert_num_queries(10):
        response = client.get(url)
    assert workbook(response.content)[UNITS_SHEET].max_row == 1 + 5 + 12
    with django_assert_num_queries(9):
        assert client.get(f"/evaluations/{season['C1'].pk}/export.docx").status_code == 200
