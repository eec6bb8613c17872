"""The frame every file import stands on: read the file (CSV or XLSX) into rows that keep their
line numbers, check the header, collect every problem of every row by line and column, and only
then write, in one transaction of the importing app's action.

Reading is here and knows no domain; checking the rows and writing them stay with each app. UTF-8
text is read with each undecodable line reported (old files often come from TCVN3/VNI tools).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from khth.lib.cells import from_csv_cell
from khth.lib.vietnamese import nfc


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
) -> tuple[list[Record], list[Problem]]:
    """The rows of a UTF-8 CSV file under its header, or the problems met reading it.

    ``column_name`` turns a header cell into the name it is checked as (an import may accept
    "Unit_Code" for "unit_code"). Blank rows are skipped; every cell is NFC and stripped. A
    header problem stops reading: the rows could not be understood without it. Otherwise every
    row is read, so that one rejection names every row of the wrong length.
    """
    text, problems = decode_utf8(data, max_bytes)
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
            records.append(Record(line, cells))
    except csv.Error as exc:
        problems.append(_unreadable(reader.line_num, exc))
    return records, problems


def _unreadable(line: int, exc: csv.Error) -> Problem:
    return Problem(line, "", _("không đọc được CSV: %(reason)s") % {"reason": exc})


def read_xlsx(
    data: bytes, *, max_rows: int, max_columns: int
) -> tuple[list[tuple[Any, ...]], list[Problem]]:
    """The cell values of the first sheet, a tuple per row (row ``i`` is line ``i + 1``), or why
    the file cannot be read.

    Reading is bounded to ``max_rows`` rows of ``max_columns`` columns: a small zipped file can
    unpack to millions of cells. A longer sheet is refused rather than cut short.
    """
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        return [], [Problem(0, "", _("không đọc được tệp XLSX: %(reason)s") % {"reason": exc})]
    try:
        sheet = workbook.worksheets[0]
        grid = [
            tuple(row)
            for row in sheet.iter_rows(max_row=max_rows + 1, max_col=max_columns, values_only=True)
        ]
    finally:
        workbook.close()
    if len(grid) > max_rows:
        return [], [
            Problem(max_rows + 1, "", _("trang tính dài hơn %(rows)d dòng") % {"rows": max_rows})
        ]
    return grid, []
