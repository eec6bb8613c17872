"""The importer frame refuses what a file holds with a sentence naming line and column, never a
traceback: oversized cells, control characters, too many rows, XLSX files that unpack to millions
of cells or hold no worksheet."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook
from openpyxl.chart import BarChart

from khth.lib.importing import Problem, read_csv, read_xlsx

COLUMNS = ("code", "name")


def csv_problems(data: bytes, max_rows: int = 100) -> list[Problem]:
    return read_csv(data, max_bytes=1024 * 1024, required=COLUMNS, max_rows=max_rows)[1]


def test_a_huge_cell_is_read_whole_and_left_to_the_field_check() -> None:
    # csv's own 128 KiB cap used to stop the reader with "field larger than field limit".
    records, problems = read_csv(
        b"code,name\nA," + b"x" * 200_000 + b"\n", max_bytes=1024 * 1024, required=COLUMNS
    )
    assert problems == []
    assert len(records[0].values["name"]) == 200_000


def test_control_characters_are_named_by_line_and_column() -> None:
    problems = csv_problems(b"code,name\nA,ok\nB,a\x00b\n")
    assert [(p.line, p.column) for p in problems] == [(3, "name")]
    assert "U+0000" in str(problems[0])


def test_rows_are_counted_before_parsing() -> None:
    data = b"code,name\n" + b"A,a\n" * 11
    assert [str(p) for p in csv_problems(data, max_rows=10)] == [
        "dòng 0: tệp có hơn 10 dòng dữ liệu"
    ]
    assert csv_problems(data, max_rows=11) == []


def xlsx_with_sheet_xml(sheet_xml: str) -> bytes:
    """An XLSX whose first sheet is ``sheet_xml``, as a hand-made file would be."""
    source = io.BytesIO()
    Workbook().save(source)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            dst.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_a_row_of_many_cells_is_refused_before_it_is_parsed() -> None:
    # 300,000 cells zip to 20 KB; openpyxl parses a whole row before it can be stopped.
    cells = '<c t="n"><v>1</v></c>' * 300_000
    data = xlsx_with_sheet_xml(
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2">{cells}</row></sheetData>'
        "</worksheet>"
    )
    assert len(data) < 100_000
    grid, problems = read_xlsx(data, max_rows=5000, max_columns=4)
    assert grid == []
    assert "giải nén ra" in str(problems[0])
    assert "dòng" not in problems[0].message.split("(")[0]  # not "longer than 5000 rows"


def test_a_workbook_with_only_a_chartsheet_is_refused() -> None:
    workbook = Workbook()
    chartsheet = workbook.create_chartsheet()
    chartsheet.add_chart(BarChart())
    first = workbook.worksheets[0]
    workbook.remove(first)
    out = io.BytesIO()
    workbook.save(out)
    assert [str(p) for p in read_xlsx(out.getvalue(), max_rows=10, max_columns=4)[1]] == [
        "dòng 0: tệp XLSX không có trang tính dữ liệu (chỉ có biểu đồ?)"
    ]


def test_a_sheet_with_data_far_down_says_so() -> None:
    data = xlsx_with_sheet_xml(
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="9000"><c r="A9000"><v>2</v></c></row></sheetData></worksheet>'
    )
    assert "quá dòng 5000" in str(read_xlsx(data, max_rows=5000, max_columns=4)[1][0])
