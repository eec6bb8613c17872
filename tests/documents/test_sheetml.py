"""The XLSX writer (khth.documents.render.sheetml): what a spreadsheet reads back — values and
their types, formats, the frozen and printed heading, A4 across — from any text, and every XLSX
KHTH makes opening in LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from xml.dom import minidom
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from khth.documents.model import Sheet, SheetColumn, Spreadsheet
from khth.documents.render.sheetml import HEADER, MAX_TEXT, Book, Style, column_letter
from khth.documents.render.xlsx import render_workbook
from tests.documents.helpers import LIBREOFFICE, libreoffice_sheets

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def a_book() -> bytes:
    book = Book()
    sheet = book.sheet("Chỉ tiêu: tháng 11/2026", [20, 40, 12, 16, 18])
    header, plain = book.style(HEADER), book.style(Style())
    number = book.style(Style("#,##0", "right"))
    sheet.row([(t, header) for t in ("Mã", "Tên", "Số", "Ngày", "Lúc")], height=32)
    sheet.row(
        [
            ("quan-so", plain),
            ('Quân số <b> & "x"\x07\x00', plain),
            (Decimal("1234"), number),
            (dt.date(2026, 12, 5), plain),
            (dt.datetime(2026, 12, 5, 3, 15, tzinfo=dt.UTC), plain),
        ]
    )
    sheet.row([("=1+1", plain), (True, plain), (Decimal("12.5"), number), (None, plain)])
    sheet.row([("x" * (MAX_TEXT + 10), plain), (-7, plain), (0.25, plain)])
    # The same title again, and one made only of what a sheet name cannot hold.
    book.sheet("Chỉ tiêu: tháng 11/2026", [10]).row([("thứ hai", plain)])
    book.sheet("[]:*?/\\", [10], frozen_rows=0).row([("thứ ba", plain)])
    book.sheet("''", [10]).row([("thứ tư", plain)])
    return book.save(
        title="Bảng", subject="Tiểu đoàn 1", created=dt.datetime(2026, 12, 8, 9, tzinfo=HANOI)
    )


def test_every_part_is_well_formed_xml_and_carries_no_formula():
    package = zipfile.ZipFile(io.BytesIO(a_book()))
    for name in package.namelist():
        minidom.parseString(package.read(name))  # noqa: S318 (our own output) — raises if malformed
    assert "<f>" not in package.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.django_db
def test_what_a_spreadsheet_reads_back(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    workbook = openpyxl.load_workbook(io.BytesIO(a_book()))
    assert workbook.sheetnames == [
        "Chỉ tiêu- tháng 11-2026",
        "Chỉ tiêu- tháng 11-2026 (2)",
        "-------",
        "Bảng",
    ]
    sheet = workbook.worksheets[0]
    _code, name, figure, day, at = sheet[2]
    assert name.value == 'Quân số <b> & "x"'  # the control characters dropped
    assert (figure.value, figure.number_format, figure.alignment.horizontal) == (
        1234,
        "#,##0",
        "right",
    )
    assert isinstance(day.value, dt.datetime) and isinstance(at.value, dt.datetime)
    assert (day.value.timetuple()[:5], day.number_format) == ((2026, 12, 5, 0, 0), "dd/mm/yyyy")
    # A zoned time is written as the local wall time.
    assert (at.value.timetuple()[:5], at.number_format) == (
        (2026, 12, 5, 10, 15),
        "dd/mm/yyyy hh:mm",
    )
    formula, flag, rounded, empty = sheet[3][:4]
    assert (formula.value, formula.data_type, formula.quotePrefix) == ("=1+1", "s", True)
    assert (flag.value, rounded.value, empty.value) == (True, 12.5, None)
    assert empty.border.left.style == "thin"
    long, negative, fraction = sheet[4][:3]
    assert len(str(long.value)) == MAX_TEXT and str(long.value).endswith("…")
    assert (negative.value, fraction.value) == (-7, 0.25)
    header = sheet["A1"]
    assert header.font.b and header.font.name == "Times New Roman"
    assert header.fill.fgColor.rgb == "FFE7E6E6"
    assert sheet.row_dimensions[1].height == 32 and sheet.column_dimensions["B"].width == 40
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (
        9,
        "landscape",
        1,
        0,
    )
    assert workbook.worksheets[2].freeze_panes is None
    assert (workbook.properties.title, workbook.properties.creator) == ("Bảng", "KHTH")
    # The moment it was made, in UTC as the format wants it: 9:00 in Hà Nội is 2:00 UTC.
    assert workbook.properties.created == dt.datetime(2026, 12, 8, 2)  # noqa: DTZ001


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


@pytest.mark.skipif(
    LIBREOFFICE is None,
    reason="LIBREOFFICE MISSING: apt-get install libreoffice-calc-nogui — "
    "the XLSX was not checked with an office suite",
)
def test_libreoffice_opens_every_sheet_with_its_formats(tmp_path):
    source = tmp_path / "bang.xlsx"
    plain = Sheet(
        title="Kế hoạch",
        columns=(
            SheetColumn("Việc", 30, wrap=True),
            SheetColumn("Hạn", 12, number_format="dd/mm/yyyy"),
        ),
        rows=(("Học tập nghị quyết", dt.date(2026, 12, 20)),),
    )
    source.write_bytes(a_book())
    sheets = libreoffice_sheets(source, tmp_path / "profile")
    first = sheets["Chỉ tiêu- tháng 11-2026"]
    assert first[0] == ["Mã", "Tên", "Số", "Ngày", "Lúc"]
    assert first[1] == ["quan-so", 'Quân số <b> & "x"', "1,234", "05/12/2026", "05/12/2026 10:15"]
    assert first[2][:3] == ["=1+1", "TRUE", "13"]
    assert sheets["Chỉ tiêu- tháng 11-2026 (2)"] == [["thứ hai"]]
    other = tmp_path / "other" / "ke-hoach.xlsx"
    other.parent.mkdir()
    other.write_bytes(render_workbook(Spreadsheet(title="t", subject="s", sheets=(plain,))))
    assert libreoffice_sheets(other, tmp_path / "profile")["Kế hoạch"] == [
        ["Việc", "Hạn"],
        ["Học tập nghị quyết", "20/12/2026"],
    ]
