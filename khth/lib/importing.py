"""The frame every file import stands on: read the file (CSV or XLSX) into rows that keep their
line numbers, check the header, collect every problem of every row by line and column, and only
then write, in one short transaction of the importing app's action.

Reading is here and knows no domain; checking the rows and writing them stay with each app. UTF-8
text is read with each undecodable line reported (old files often come from TCVN3/VNI tools).

Nothing a file holds may end in a traceback: the size is bounded in bytes and rows before
parsing, an XLSX also by what it unpacks to, and a cell is checked against the model field it
goes into (``field_problems``) so that SQLite and PostgreSQL refuse the same files, by line and
column, before anything is written. Checking reads only; the write transaction (which holds the
database's write lock) starts after it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Field, Model
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from khth.lib.cells import from_csv_cell
from khth.lib.vietnamese import nfc

# csv's own cap (128 KiB a field) stops the reader mid-file with an English message and no
# column. Every file is bounded in bytes before it is parsed, so the reader may take any field,
# and the field the cell goes into says how long it may be, naming line and column.
csv.field_size_limit(2**31 - 1)

DEFAULT_MAX_ROWS = 50_000
# Control characters have no business in a name or a code; NUL is refused by PostgreSQL
# outright (and stored by SQLite), so it is refused here for both. Tab and line breaks stay: a
# quoted cell may span lines.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What an XLSX may unpack to, per cell it is allowed to hold: an honest cell is well under 100
# bytes of XML (its text lives in the shared strings). A 300 KB file can unpack to millions of
# cells, and the XLSX reader parses a whole row before it can be stopped.
XML_BYTES_PER_CELL = 256
MIN_XML_PART_BYTES = 1024 * 1024  # styles and themes of an ordinary workbook fit in this


@dataclass(frozen=True)
class Problem:
    line: int  # 0: the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("dòng %(line)d, cột %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("dòng %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class ImportRejected(ValueError):
    """A file refused whole; ``problems`` name each line and column. Nothing was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def reject_if_any(problems: list[Problem]) -> None:
    """Refuse the file with ``problems``, in the order given, when there are any."""
    if problems:
        raise ImportRejected(problems)


def in_file_order(problems: Iterable[Problem]) -> list[Problem]:
    """Line by line, and by column within a line: the order a person fixes a file in."""
    return sorted(problems, key=lambda p: (p.line, p.column))


def empty_cells(line: int, values: Mapping[str, str], columns: Iterable[str]) -> list[Problem]:
    """A problem for each of ``columns`` left blank on ``line``."""
    return [
        Problem(line, column, _("không được để trống"))
        for column in columns
        if not values.get(column)
    ]


def field_problems(
    line: int, values: Mapping[str, str], fields: Mapping[str, Field[Any, Any]]
) -> list[Problem]:
    """A problem for each cell of ``values`` that the model field it goes into would refuse:
    longer than its ``max_length``, or against its validators (a code's characters). Blank
    cells are left to ``empty_cells``. ``fields`` maps a column to its field."""
    problems = []
    for column, field in fields.items():
        value = values.get(column, "")
        if not value:
            continue
        try:
            field.run_validators(value)
        except ValidationError as exc:
            problems.append(Problem(line, column, " ".join(exc.messages)))
    return problems


def model_fields(model: type[Model], columns: Mapping[str, str]) -> dict[str, Field[Any, Any]]:
    """``field_problems``' map: each column to the field of ``model`` named for it."""
    fields = {}
    for column, name in columns.items():
        field = model._meta.get_field(name)
        if not isinstance(field, Field):
            raise TypeError(f"{model.__name__}.{name} is a relation, not a stored field")
        fields[column] = field
    return fields


def too_large(size: int, max_bytes: int) -> list[Problem]:
    """The problem of a file of ``size`` bytes over ``max_bytes``, or none: checked before
    anything is read (an upload's size is known before its content)."""
    if size > max_bytes:
        return [Problem(0, "", _("tệp lớn hơn %(size)d MB") % {"size": max_bytes // (1024 * 1024)})]
    return []


def decode_utf8(data: bytes, max_bytes: int) -> tuple[str, list[Problem]]:
    """The text of ``data`` (a UTF-8 BOM is accepted), or the problems that prevent reading it."""
    problems = too_large(len(data), max_bytes)
    if problems:
        return "", problems
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(
                    number,
                    "",
                    _(
                        "byte thứ %(position)d không phải mã UTF-8 "
                        "(tệp cũ mã TCVN3/VNI? hãy lưu lại dưới dạng CSV UTF-8)"
                    )
                    % {"position": exc.start + 1},
                )
            )
    return "", problems


def header_problems(
    header: Sequence[str], required: Sequence[str], optional: Sequence[str] = ()
) -> list[Problem]:
    """The columns of ``required`` missing from ``header``, and those it names that are neither
    required nor ``optional``: both on line 1, each list in the file's order."""
    problems = []
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in (*required, *optional)]
    if missing:
        problems.append(
            Problem(1, "", _("thiếu cột: %(columns)s") % {"columns": ", ".join(missing)})
        )
    if unknown:
        problems.append(
            Problem(1, "", _("cột không hợp lệ: %(columns)s") % {"columns": ", ".join(unknown)})
        )
    return problems


@dataclass(frozen=True)
class Record:
    """One row of a CSV file: the line it starts on, and its cells by column name."""

    line: int
    values: dict[str, str]


def read_csv(
    data: bytes,
    *,
    max_bytes: int,
    required: Sequence[str],
    optional: Sequence[str] = (),
    column_name: Callable[[str], str] = str.strip,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> tuple[list[Record], list[Problem]]:
    """The rows of a UTF-8 CSV file under its header, or the problems met reading it.

    ``column_name`` turns a header cell into the name it is checked as (an import may accept
    "Unit_Code" for "unit_code"). Blank rows are skipped; every cell is NFC and stripped. A
    header problem stops reading: the rows could not be understood without it. Otherwise every
    row is read, so that one rejection names every row of the wrong length.
    """
    text, problems = decode_utf8(data, max_bytes)
    problems = problems or too_many_lines(data, max_rows)
    if problems:
        return [], problems
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column_name(h) for h in next(reader)]
    except StopIteration:
        return [], [
            Problem(
                1, "", _("tệp rỗng: cần dòng tiêu đề %(columns)s") % {"columns": ",".join(required)}
            )
        ]
    except csv.Error as exc:
        return [], [_unreadable(1, exc)]
    problems = header_problems(header, required, optional)
    if len(set(header)) != len(header):
        problems.append(Problem(1, "", _("tên cột bị lặp")))
    if problems:
        return [], problems
    records = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                problems.append(
                    Problem(
                        line,
                        "",
                        _("có %(cells)d ô, tiêu đề có %(columns)d cột")
                        % {"cells": len(values), "columns": len(header)},
                    )
                )
                continue
            # A cell that KHTH's own CSV export quoted (khth.lib.cells) reads as what it stands for.
            cells = {
                name: from_csv_cell(nfc(value).strip())
                for name, value in zip(header, values, strict=True)
            }
            controls = control_characters(line, cells)
            if controls:
                problems.extend(controls)
                continue
            records.append(Record(line, cells))
    except csv.Error as exc:
        problems.append(_unreadable(reader.line_num, exc))
    return records, problems


def too_many_lines(data: bytes, max_rows: int) -> list[Problem]:
    """The problem of a file of more than ``max_rows`` rows under its header, or none: counted
    in line breaks before parsing (a cell spanning lines counts each line: never fewer)."""
    if data.count(b"\n", 0, len(data) - 1) > max_rows:
        return [Problem(0, "", _("tệp có hơn %(rows)d dòng dữ liệu") % {"rows": max_rows})]
    return []


def control_characters(line: int, values: Mapping[str, str]) -> list[Problem]:
    """A problem for each cell holding a control character (NUL and the like)."""
    problems = []
    for column, value in values.items():
        found = _CONTROL.search(value)
        if found:
            problems.append(
                Problem(
                    line,
                    column,
                    _("chứa ký tự điều khiển (mã U+%(code)04X)") % {"code": ord(found.group())},
                )
            )
    return problems


def _unreadable(line: int, exc: csv.Error) -> Problem:
    return Problem(line, "", _("không đọc được CSV: %(reason)s") % {"reason": exc})


def read_xlsx(
    data: bytes, *, max_rows: int, max_columns: int
) -> tuple[list[tuple[Any, ...]], list[Problem]]:
    """The cell values of the first worksheet, a tuple per row (row ``i`` is line ``i + 1``), or
    why the file cannot be read.

    Reading is bounded to ``max_rows`` rows of ``max_columns`` columns, and before anything is
    parsed, to what the file unpacks to (``XML_BYTES_PER_CELL`` for each cell allowed): a small
    zipped file can unpack to millions of cells. A longer sheet is refused rather than cut short.
    """
    problems = _unpacked_problems(data, max_rows * max_columns * XML_BYTES_PER_CELL)
    if problems:
        return [], problems
    unreadable = [Problem(0, "", _("không đọc được tệp XLSX: tệp hỏng hoặc không phải XLSX"))]
    # openpyxl raises whatever its parsers meet in a damaged file (KeyError, TypeError,
    # AttributeError, XML and zip errors…); a file from outside is data, never a server error.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        return [], unreadable
    try:
        if not workbook.worksheets:
            return [], [Problem(0, "", _("tệp XLSX không có trang tính dữ liệu (chỉ có biểu đồ?)"))]
        sheet = workbook.worksheets[0]
        grid = [
            tuple(row)
            for row in sheet.iter_rows(max_row=max_rows + 1, max_col=max_columns, values_only=True)
        ]
    except Exception:  # as above
        return [], unreadable
    finally:
        workbook.close()
    if len(grid) > max_rows:
        return [], [
            Problem(
                max_rows + 1,
                "",
                _("trang tính có dữ liệu quá dòng %(rows)d (kể cả dòng trống ở giữa)")
                % {"rows": max_rows},
            )
        ]
    return grid, []


def _unpacked_problems(data: bytes, sheet_bytes: int) -> list[Problem]:
    """Why the XLSX in ``data`` unpacks to more than a sheet of the allowed size needs, or none.

    The sizes are those the zip declares, which the zip reader also holds each part to.
    """
    part_limit = max(sheet_bytes, MIN_XML_PART_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sizes = [(info.filename, info.file_size) for info in archive.infolist()]
    except (zipfile.BadZipFile, ValueError, OSError):
        return [Problem(0, "", _("không đọc được tệp XLSX: tệp hỏng hoặc không phải XLSX"))]
    largest = max((size for _name, size in sizes), default=0)
    total = sum(size for _name, size in sizes)
    if largest > part_limit or total > 4 * part_limit:
        return [
            Problem(
                0,
                "",
                _(
                    "tệp XLSX giải nén ra %(size)d MB, quá lớn cho một trang tính nhập liệu "
                    "(có thể có dòng hoặc cột chứa rất nhiều ô); hãy chép dữ liệu sang một tệp mới"
                )
                % {"size": max(1, total // (1024 * 1024))},
            )
        ]
    return []
