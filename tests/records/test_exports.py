"""Record book and typed document downloads: a book as DOCX on its template (title, unit, the
columns as a table, the lines in force, corrections and withdrawals noted) and as XLSX (typed
values; every version on a second sheet); a typed document as its official DOCX, with the
register's number once registered; the scope and secrecy of every URL; ``khth books export``."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from typing import Any
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse

from khth.docsystem.records.actions import (
    add_entry,
    correct_entry,
    create_typed_document,
    withdraw_entry,
)
from khth.docsystem.records.models import BookEntry
from khth.docsystem.register.actions import Outgoing, add_party_term, register_outgoing
from khth.lib import clock
from khth.lib.vietnamese import official_date
from khth.units.actions import update_unit
from tests.cli.helpers import run
from tests.documents.helpers import docx_text

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOOK = "so-tong-hop-ctd"
ROW = {
    "ngay": "05/07/2024",
    "mat-cong-tac": "Giáo dục chính trị",
    "noi-dung": "Học tập chuyên đề 3",
}
ZONE = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def written_on(entry: BookEntry, day: dt.date) -> None:
    """Date an entry as if written at 9:00 on ``day`` (the accounts exist from today only, so
    the clock cannot be turned back for the action itself)."""
    moment = dt.datetime(day.year, day.month, day.day, 9, tzinfo=ZONE)
    BookEntry.objects.filter(pk=entry.pk).update(created_at=moment)


@pytest.fixture
def book(world: Any) -> dict[str, Any]:
    """C1's synthesis book: line 1 corrected on 8 July, line 2 as written, line 3 withdrawn."""
    unit, clerk, officer = world.unit("C1"), world.users["as_c1"], world.users["po_c1"]
    update_unit(unit, by=None, place="Sóc Trăng")
    first = add_entry(unit, BOOK, ROW, by=clerk)
    second = add_entry(
        unit,
        BOOK,
        {
            "ngay": "06/07/2024",
            "mat-cong-tac": "Dân vận",
            "noi-dung": "Giúp dân thu hoạch lúa",
            "ket-qua": "120 công",
        },
        by=clerk,
    )
    third = add_entry(unit, BOOK, {**ROW, "ngay": "07/07/2024"}, by=clerk)
    fixed = correct_entry(
        first, {**ROW, "noi-dung": "Học tập chuyên đề 4"}, reason="Ghi nhầm chuyên đề", by=officer
    )
    withdraw_entry(third, reason="Ghi trùng dòng 1", by=officer)
    for entry, day in [(first, 5), (second, 6), (third, 7), (fixed, 8)]:
        written_on(entry, dt.date(2024, 7, day))
    return {"first": first, "fixed": fixed, "third": third}


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


# --- the book as DOCX --------------------------------------------------------------------------


def test_the_book_prints_on_its_template_with_corrections_noted(world, book):
    response = world.client("po_c1").get(url("record-book-docx", "C1", BOOK))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Cache-Control"] == "private, no-store"
    disposition = unquote(response["Content-Disposition"])
    assert 'filename="so-tong-hop-ctd-ctct-dai-doi-1.docx"' in disposition
    assert "Sổ tổng hợp CTĐ, CTCT - Đại đội 1.docx" in disposition
    text = docx_text(response.content)
    for expected in [
        "TIỂU ĐOÀN 1",  # the superior
        "ĐẠI ĐỘI 1",  # the unit
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        official_date(clock.today(), "Sóc Trăng"),  # the day it is printed
        "SỔ TỔNG HỢP CTĐ, CTCT",
        "Cập nhật: hằng tuần. Số dòng hiện hành: 2; ghi lần cuối ngày 08/07/2024.",
        # The columns.
        "Dòng",
        "Ngày",
        "Mặt công tác",
        "Nội dung",
        "Kết quả",
        "Người ghi",
        "Sửa, hủy",
        # Line 1 as corrected, with what it said before and why it changed.
        "Học tập chuyên đề 4",
        "Sửa ngày 08/07/2024: Ghi nhầm chuyên đề (ghi trước: Nội dung: Học tập chuyên đề 3)",
        "Giúp dân thu hoạch lúa",
        "120 công",
        # Line 3 stays, struck out with its reason.
        "07/07/2024",
        "Đã hủy: Ghi trùng dòng 1",
        "CHÍNH TRỊ VIÊN",
    ]:
        assert expected in text, expected
    # The number line of a numbered document has no place on a book.
    assert "Số:" not in text
    # Lines in order, the corrected value in line 1 and not the original.
    assert text.index("Học tập chuyên đề 4") < text.index("Giúp dân thu hoạch lúa")
    assert text.count("Học tập chuyên đề 3") == 2  # line 3's value and line 1's note


def test_a_party_book_prints_in_the_party_format(world):
    add_entry(
        world.unit("C1"),
        "so-nghi-quyet",
        {"ngay": "02/07/2024", "ky": "Tháng 7", "noi-dung": "Lãnh đạo huấn luyện"},
        by=world.users["po_c1"],
    )
    response = world.client("po_c1").get(url("record-book-docx", "C1", "so-nghi-quyet"))
    text = docx_text(response.content)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "CHI BỘ ĐẠI ĐỘI 1" in text
    assert "T/M CHI BỘ" in text and "BÍ THƯ" in text
    assert "Lãnh đạo huấn luyện" in text


def test_an_empty_book_still_prints(world):
    # (A company's morale book was abolished at company level: the Party meetings' book is empty.)
    response = world.client("po_c1").get(
        url("record-book-docx", "C1", "so-bien-ban-sinh-hoat-dang")
    )
    assert response.status_code == 200
    assert "Sổ chưa có dòng nào." in docx_text(response.content)


# --- the book as XLSX --------------------------------------------------------------------------


def test_the_book_as_xlsx_keeps_typed_values_and_every_version(world, book):
    response = world.client("as_c1").get(url("record-book-xlsx", "C1", BOOK))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Cache-Control"] == "private, no-store"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Nội dung sổ", "Lịch sử sửa, hủy"]
    lines: list[list[Any]] = [
        list(row) for row in workbook["Nội dung sổ"].iter_rows(values_only=True)
    ]
    assert lines[0] == [
        "Dòng",
        "Ngày",
        "Mặt công tác",
        "Nội dung",
        "Kết quả",
        "Người ghi",
        "Tình trạng",
        "Sửa, hủy",
    ]
    # Dates are real dates (openpyxl reads them back as naive datetimes), shown dd/mm/yyyy.
    assert [row[1].date() for row in lines[1:]] == [
        dt.date(2024, 7, 5),
        dt.date(2024, 7, 6),
        dt.date(2024, 7, 7),
    ]
    assert lines[1][2:4] == ["Giáo dục chính trị", "Học tập chuyên đề 4"]
    assert lines[2][2:5] == ["Dân vận", "Giúp dân thu hoạch lúa", "120 công"]
    assert [(row[0], row[6]) for row in lines[1:]] == [
        (1, "Hiện hành"),
        (2, "Hiện hành"),
        (3, "Đã hủy"),
    ]
    assert "Ghi nhầm chuyên đề" in lines[1][7]
    assert lines[3][7] == "Đã hủy: Ghi trùng dòng 1"
    history: list[list[Any]] = [
        list(row) for row in workbook["Lịch sử sửa, hủy"].iter_rows(values_only=True)
    ]
    assert history[0][:3] == ["Dòng", "Lần ghi", "Tình trạng"]
    assert history[0][-4:] == ["Ghi lúc", "Người ghi", "Lý do sửa", "Lý do hủy"]
    versions = [(row[0], row[1], row[2], row[5]) for row in history[1:]]
    assert versions == [
        (1, 1, "Đã sửa", "Học tập chuyên đề 3"),
        (1, 2, "Hiện hành", "Học tập chuyên đề 4"),
        (2, 1, "Hiện hành", "Giúp dân thu hoạch lúa"),
        (3, 1, "Đã hủy", "Học tập chuyên đề 3"),
    ]
    # Local wall time of the correction (9:00 in Hanoi), without a zone.
    assert history[2][-4].isoformat() == "2024-07-08T09:00:00"
    assert history[2][-3:] == ["Phạm Văn Một", "Ghi nhầm chuyên đề", None]
    assert history[4][-1] == "Ghi trùng dòng 1"


# --- scope -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["record-book-docx", "record-book-xlsx"])
@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("po_c1", 200),
        ("as_c1", 200),
        ("po_b1", 200),  # a superior reads the company's books
        ("cmd_b1", 200),
        ("cu_r", 200),
        ("po_c2", 404),  # a sibling company
        ("nobody", 404),
    ],
)
def test_book_downloads_follow_the_scope(world, book, name, username, status):
    assert world.client(username).get(url(name, "C1", BOOK)).status_code == status


def test_a_book_the_level_does_not_keep_is_not_found(world):
    client = world.client("po_c1")
    # Kept by divisions and regiments only.
    assert (
        client.get(url("record-book-docx", "C1", "so-gioi-thieu-sinh-hoat-dang")).status_code == 404
    )
    assert client.get(url("record-book-xlsx", "C1", "khong-co")).status_code == 404
    assert client.get(url("record-book-xlsx", "ZZ", BOOK)).status_code == 404


def test_downloads_need_a_login(world, client):
    response = client.get(url("record-book-docx", "C1", BOOK))
    assert response.status_code == 302 and "/login" in response["Location"]


# --- typed documents ---------------------------------------------------------------------------


@pytest.fixture
def resolution(world: Any) -> Any:
    unit = update_unit(world.unit("C1"), by=None, party_abbr="ĐU", place="Sóc Trăng")
    return create_typed_document(
        unit,
        "nq-thang",
        dated=dt.date(2024, 7, 2),
        title="Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng 7/2024",
        body="<p>Chi bộ thống nhất lãnh đạo <b>huấn luyện</b>.</p><ul><li>Chỉ tiêu 100%</li></ul>",
        period_id="202407",
        by=world.users["po_c1"],
    )


def register(world: Any, document: Any, **marks: Any) -> Any:
    unit = world.unit("C1")
    add_party_term(
        unit, name="Nhiệm kỳ 2020 – 2025", starts_on=dt.date(2020, 10, 15), by=world.users["po_c1"]
    )
    return register_outgoing(
        unit,
        Outgoing(
            kind_code="nq-thang",
            dated=dt.date(2024, 7, 3),
            summary=document.title,
            signer="Phạm Văn Một",
            recipients="Đảng ủy Tiểu đoàn 1\nCác đảng viên",
            typed_document=document,
            **marks,
        ),
        by=world.users["po_c1"],
    )


def test_a_draft_typed_document_prints_as_an_official_draft(world, resolution):
    response = world.client("po_c1").get(url("typed-document-docx", resolution.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Cache-Control"] == "private, no-store"
    text = docx_text(response.content)
    for expected in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "CHI BỘ ĐẠI ĐỘI 1",
        "Sóc Trăng, ngày 02 tháng 7 năm 2024",
        "NGHỊ QUYẾT",
        "Lãnh đạo thực hiện nhiệm vụ tháng 7/2024",
        "DỰ THẢO",
        "Chi bộ thống nhất lãnh đạo huấn luyện.",
        "Chỉ tiêu 100%",
        "T/M CHI BỘ",
        "BÍ THƯ",
        "- Lưu: VT.",  # a chi bộ has no Văn phòng (levels[].has_office, issue 13)
    ]:
        assert expected in text, expected
    # The number is left blank until the register gives it.
    number_line = next(line for line in text.splitlines() if line.startswith("Số"))
    assert number_line.strip().endswith("-NQ/ĐU") and any(ch.isspace() for ch in number_line)


def test_a_registered_typed_document_prints_its_number_marks_and_signer(world, resolution):
    registration = register(world, resolution, secrecy="mat", urgency="khan")
    text = docx_text(world.client("po_c1").get(url("typed-document-docx", resolution.pk)).content)
    assert registration.number_text == "Số 1-NQ/ĐU"
    for expected in [
        "Số 1-NQ/ĐU",
        "Sóc Trăng, ngày 03 tháng 7 năm 2024",
        "MẬT",
        "KHẨN",
        "Phạm Văn Một",
        "- Đảng ủy Tiểu đoàn 1,",
        "- Các đảng viên,",
        "- Lưu: VT.",  # a chi bộ has no Văn phòng (levels[].has_office, issue 13)
    ]:
        assert expected in text, expected
    assert "DỰ THẢO" not in text


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("po_c1", 200),
        ("po_b1", 200),
        ("cmd_b1", 200),  # commanders read every level
        ("as_c1", 404),  # an assistant reads MẬT only
        ("po_c2", 404),
        ("admin_d", 404),  # administration is not clearance
    ],
)
def test_a_typed_document_registered_secret_is_hidden_beyond_clearance(
    world, resolution, username, status
):
    register(world, resolution, secrecy="toi_mat")
    response = world.client(username).get(url("typed-document-docx", resolution.pk))
    assert response.status_code == status


def test_an_unregistered_typed_document_follows_the_scope(world, resolution):
    assert world.client("as_c1").get(url("typed-document-docx", resolution.pk)).status_code == 200
    assert world.client("po_c2").get(url("typed-document-docx", resolution.pk)).status_code == 404
    assert world.client("po_c1").get(url("typed-document-docx", 10**6)).status_code == 404


# --- khth books export -------------------------------------------------------------------------


def test_the_command_writes_the_book_as_docx_and_xlsx(book, tmp_path):
    out = tmp_path / "so.docx"
    result = run(
        "books", "export", "--unit", "C1", "--book", BOOK, "--format", "docx", "--out", str(out)
    )
    assert not result.failed, result.errors
    assert "Đã ghi" in result.err
    text = docx_text(out.read_bytes())
    assert "SỔ TỔNG HỢP CTĐ, CTCT" in text and "Đã hủy: Ghi trùng dòng 1" in text
    sheet = tmp_path / "so.xlsx"
    result = run(
        "books", "export", "--unit", "C1", "--book", BOOK, "--format", "xlsx", "--out", str(sheet)
    )
    assert not result.failed, result.errors
    assert openpyxl.load_workbook(sheet)["Nội dung sổ"]["D2"].value == "Học tập chuyên đề 4"


def test_the_command_explains_what_is_wrong(world, tmp_path):
    out = str(tmp_path / "x.docx")
    result = run(
        "books", "export", "--unit", "ZZ", "--book", BOOK, "--format", "docx", "--out", out
    )
    assert result.error == "Không có đơn vị mã «ZZ»"
    result = run(
        "books",
        "export",
        "--unit",
        "C1",
        "--book",
        "so-gioi-thieu-sinh-hoat-dang",
        "--format",
        "docx",
    )
    assert result.error == "Cấp của Đại đội 1 không giữ «Sổ giới thiệu sinh hoạt đảng»"
    # Binary output never goes to a text stream.
    result = run("books", "export", "--unit", "C1", "--book", BOOK, "--format", "xlsx")
    assert result.failed and "--out" in (result.error or "")
