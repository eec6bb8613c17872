"""Import of indicator values, for units that still keep their figures in spreadsheets.

Two shapes, one meaning:

* CSV ``unit_code,template_code,period,indicator_code,value`` (UTF-8, BOM accepted);
* the XLSX sheet KHTH writes for one unit and period (``values_sheet``): header rows naming the
  unit, template and period (codes in column B), then one row per entered indicator with its
  code in column A and its value in column D.

All or nothing: every problem names its line and column, and nothing is written unless there are
none. The reports are opened and saved together by ``khth.reports.bulk.save_values``, with the
rules, versions and audit entries of ``open_report`` and ``save_report`` (one entry per report,
not per value) in a few statements per 500 reports. A blank value cell is skipped, never read
as "delete": a half-filled sheet must not wipe figures already entered in the browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khth.documents.render.sheetml import HEADER, Book, Style
from khth.lib import clock
from khth.lib.bulk import batched
from khth.lib.importing import (
    ImportRejected,
    Problem,
    read_csv,
    read_xlsx,
    reject_if_any,
    too_large,
)
from khth.lib.vietnamese import format_number, nfc
from khth.periods import Period
from khth.regulations.access import active_regulation
from khth.regulations.schema.reports import Indicator, ReportTemplate
from khth.reports.access import PREPARE
from khth.reports.actions import ContentError, parse_value, values_of
from khth.reports.bulk import ItemRefused, ValuesFor, save_values, with_regulations
from khth.reports.models import Report
from khth.reports.template import entered_indicators, is_computed, template_of
from khth.reports.timeliness import period_for
from khth.units.access import READ, Scope, scope_for
from khth.units.models import Unit

COLUMNS = ("unit_code", "template_code", "period", "indicator_code", "value")
MAX_BYTES = 5 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
MAX_SHEET_ROWS = 5000  # a template has a few dozen indicators

# The layout of the exported sheet, shared by the writer (which writes these rows in this
# order, one after another) and the reader.
SHEET_UNIT_ROW = 1
SHEET_TEMPLATE_ROW = 2
SHEET_PERIOD_ROW = 3
SHEET_NOTE_ROW = 4
SHEET_TITLE_ROW = 5
SHEET_FIRST_ROW = 6
CODE_COLUMN = "B"  # of the header rows
INDICATOR_COLUMN = "A"
VALUE_COLUMN = "D"


class SheetError(ValueError):
    """The sheet cannot be written for that unit, template and period."""


@dataclass(frozen=True)
class Cell:
    """A field of the file and where it was read, for problems that point back at it."""

    text: str
    line: int
    column: str

    def problem(self, message: str) -> Problem:
        return Problem(self.line, self.column, message)


@dataclass(frozen=True)
class SourceRow:
    unit: Cell
    template: Cell
    period: Cell
    indicator: Cell
    value: Cell


@dataclass(frozen=True)
class ImportSummary:
    reports: int  # reports written to
    values: int  # values imported
    opened: int  # of those reports, how many the import opened
    dry_run: bool


@dataclass
class _Target:
    """One report the file writes to, with its values in file order."""

    unit: Unit
    template: ReportTemplate
    period: Period
    report: Report | None
    where: Cell  # the period cell of its first row: problems with the report point there
    values: dict[str, str | None] = field(default_factory=dict)
    cells: dict[str, Cell] = field(default_factory=dict)  # the value cell of each indicator


# --- reading ------------------------------------------------------------------------------


def read_rows(data: bytes) -> tuple[list[SourceRow], list[Problem]]:
    """The rows of a CSV or XLSX file (told apart by content, not by name)."""
    problems = too_large(len(data), MAX_BYTES)
    if problems:
        return [], problems
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    return _read_csv(data)


def _column_name(header_cell: str) -> str:
    """Header cells are read NFC, stripped and in lower case: "Unit_Code" is unit_code."""
    return nfc(header_cell).strip().lower()


def _read_csv(data: bytes) -> tuple[list[SourceRow], list[Problem]]:
    records, problems = read_csv(
        data, max_bytes=MAX_BYTES, required=COLUMNS, column_name=_column_name
    )
    rows = []
    for record in records:
        cells = {name: Cell(text, record.line, name) for name, text in record.values.items()}
        rows.append(
            SourceRow(
                cells["unit_code"],
                cells["template_code"],
                cells["period"],
                cells["indicator_code"],
                cells["value"],
            )
        )
    return rows, problems


def _code_text(value: Any) -> str:
    """A code typed in a spreadsheet: 202407 may arrive as a number, and must not become
    "202.407" or "202407.0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)).strip()


def _value_text(value: Any) -> str:
    """A value cell as the text the report form would receive. Raises ValueError for dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise ValueError(_("ô chứa ngày giờ, không phải số liệu"))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        if not Decimal(value).is_finite():
            # A cell typed 1E400 reads as infinity.
            raise ValueError(_("không phải một số hữu hạn"))
        # Spreadsheet numbers carry no Vietnamese formatting; write them the way parse_value
        # reads them ("1.234,5").
        return format_number(value)
    return nfc(str(value)).strip()


def _read_xlsx(data: bytes) -> tuple[list[SourceRow], list[Problem]]:
    grid, problems = read_xlsx(data, max_rows=MAX_SHEET_ROWS, max_columns=4)
    if problems:
        return [], problems

    def at(line: int, column: str) -> Any:
        index = ord(column) - ord("A")
        row = grid[line - 1] if line <= len(grid) else ()
        return row[index] if index < len(row) else None

    header = {
        line: Cell(_code_text(at(line, CODE_COLUMN)), line, CODE_COLUMN)
        for line in (SHEET_UNIT_ROW, SHEET_TEMPLATE_ROW, SHEET_PERIOD_ROW)
    }
    problems = [
        cell.problem(_("không được để trống (tệp không theo mẫu nhập số liệu?)"))
        for cell in header.values()
        if not cell.text
    ]
    rows = []
    for line in range(SHEET_FIRST_ROW, len(grid) + 1):
        code = Cell(_code_text(at(line, INDICATOR_COLUMN)), line, INDICATOR_COLUMN)
        raw = at(line, VALUE_COLUMN)
        try:
            value = Cell(_value_text(raw), line, VALUE_COLUMN)
        except ValueError as exc:
            problems.append(Problem(line, VALUE_COLUMN, str(exc)))
            continue
        if not code.text and not value.text:
            continue
        rows.append(
            SourceRow(
                header[SHEET_UNIT_ROW],
                header[SHEET_TEMPLATE_ROW],
                header[SHEET_PERIOD_ROW],
                code,
                value,
            )
        )
    return rows, problems


# --- checking -----------------------------------------------------------------------------


def _check(rows: list[SourceRow], scope: Scope | None) -> tuple[list[_Target], list[Problem]]:
    """Every problem of the file, and the reports it would write to. Queries: two per 500 units
    of the file, and one more."""
    problems: list[Problem] = []
    regulation = active_regulation()
    units = {
        unit.code: unit
        for chunk in batched(sorted({r.unit.text for r in rows}))
        for unit in Unit.objects.filter(code__in=chunk)
    }
    found = [
        report
        for chunk in batched(sorted(unit.pk for unit in units.values()))
        for report in Report.objects.filter(
            unit_id__in=chunk,
            template_code__in={r.template.text for r in rows},
            period_id__in={r.period.text for r in rows},
            request__isnull=True,
        )
    ]
    with_regulations(found)
    existing = {(r.unit_id, r.template_code, r.period_id): r for r in found}
    targets: dict[tuple[int, str, str], _Target] = {}
    refused: set[tuple[int, str, str]] = set()
    periods: dict[tuple[str, str | None, str], Period | str] = {}
    for row in rows:
        unit = _unit(row.unit, units, scope, problems)
        template = _template(row.template, unit, regulation.report_template, problems)
        if template is None:
            continue
        period = _period(row.period, template, unit, problems, periods)
        key = (unit.pk, template.code, period.id) if unit and period else None
        report = existing.get(key) if key else None
        if report is not None:
            # Figures are checked against the template the report was opened under.
            template = template_of(report.regulation, template.code)
        indicator = _indicator(row.indicator, template, problems)
        if indicator is None:
            continue
        if not row.value.text:
            continue  # a blank cell imports nothing (see the module docstring)
        try:
            parse_value(indicator, row.value.text)
        except ValueError as exc:
            problems.append(row.value.problem(str(exc)))
        if key is None or unit is None or period is None:
            continue
        if report is not None and not report.is_editable:
            if key not in refused:
                refused.add(key)
                problems.append(
                    row.period.problem(
                        _(
                            "báo cáo «%(template)s» %(period)s của %(unit)s đã gửi hoặc đã được "
                            "tiếp nhận: không nhập số liệu được"
                        )
                        % {"template": template.name, "period": period.label, "unit": unit.code}
                    )
                )
            continue
        target = targets.setdefault(key, _Target(unit, template, period, report, row.period))
        if indicator.code in target.cells:
            problems.append(
                row.indicator.problem(
                    _("chỉ tiêu %(code)s của báo cáo này đã có ở dòng %(line)d")
                    % {"code": indicator.code, "line": target.cells[indicator.code].line}
                )
            )
            continue
        target.values[indicator.code] = row.value.text
        target.cells[indicator.code] = row.value
    if not problems and not any(t.values for t in targets.values()):
        problems.append(Problem(1, "", _("tệp không có giá trị nào để nhập")))
    # The sheet's header cells are shared by every row: say each problem once.
    return list(targets.values()), sorted(dict.fromkeys(problems), key=lambda p: p.line)


def _unit(
    cell: Cell, units: dict[str, Unit], scope: Scope | None, problems: list[Problem]
) -> Unit | None:
    if not cell.text:
        problems.append(cell.problem(_("không được để trống")))
        return None
    unit = units.get(cell.text)
    if scope is None:
        if unit is None:
            problems.append(cell.problem(_("không có đơn vị mã %(code)s") % {"code": cell.text}))
        return unit
    # Outside the user's sight a unit is reported exactly like an unknown code, as a 404 would:
    # the file must not tell a company officer which codes exist elsewhere.
    if unit is None or not scope.allows(unit, READ):
        problems.append(
            cell.problem(
                _("không có đơn vị mã %(code)s trong phạm vi của bạn") % {"code": cell.text}
            )
        )
        return None
    if not scope.allows(unit, PREPARE):
        problems.append(
            cell.problem(
                _("bạn không có quyền lập báo cáo của đơn vị %(code)s") % {"code": cell.text}
            )
        )
        return None
    return unit


def _template(
    cell: Cell,
    unit: Unit | None,
    lookup: Callable[[str], ReportTemplate],
    problems: list[Problem],
) -> ReportTemplate | None:
    if not cell.text:
        problems.append(cell.problem(_("không được để trống")))
        return None
    try:
        template = lookup(cell.text)
    except KeyError:
        problems.append(
            cell.problem(_("không có mẫu báo cáo mã %(code)s trong quy định") % {"code": cell.text})
        )
        return None
    refusal = _refusal(template, unit)
    if refusal:
        problems.append(cell.problem(refusal))
    return None if template.frequency is None else template


def _refusal(template: ReportTemplate, unit: Unit | None) -> str:
    """Why values of ``template`` cannot be entered for ``unit`` by period ("" if they can)."""
    if template.frequency is None:
        return _("«%(name)s» là báo cáo đột xuất: lập theo yêu cầu, không nhập theo kỳ") % {
            "name": template.name
        }
    if unit is not None and unit.level not in template.reporting_levels:
        return _("cấp của đơn vị %(unit)s không phải gửi «%(name)s»") % {
            "unit": unit.code,
            "name": template.name,
        }
    return ""


def _period(
    cell: Cell,
    template: ReportTemplate,
    unit: Unit | None,
    problems: list[Problem],
    parsed: dict[tuple[str, str | None, str], Period | str],
) -> Period | None:
    """``parsed``: the periods (or why not) already read from the file, by template code,
    frequency and text: a file repeats one period on every row."""
    if not cell.text:
        problems.append(cell.problem(_("không được để trống")))
        return None
    key = (template.code, template.frequency, cell.text)
    if key not in parsed:
        try:
            parsed[key] = period_for(template, cell.text)
        except ValueError as exc:  # PeriodError is one
            parsed[key] = str(exc)
    period = parsed[key]
    if isinstance(period, str):
        problems.append(cell.problem(period))
        return None
    if unit is not None and not (unit.is_active_on(period.end) or unit.is_active_on(period.start)):
        problems.append(
            cell.problem(
                _("đơn vị %(unit)s không tồn tại trong %(period)s")
                % {"unit": unit.code, "period": period.label}
            )
        )
        return None
    return period


def _indicator(cell: Cell, template: ReportTemplate, problems: list[Problem]) -> Indicator | None:
    if not cell.text:
        problems.append(cell.problem(_("không được để trống")))
        return None
    indicator = next((i for i in template.indicators if i.code == cell.text), None)
    if indicator is None:
        problems.append(
            cell.problem(
                _("mẫu %(template)s không có chỉ tiêu mã %(code)s")
                % {"template": template.code, "code": cell.text}
            )
        )
        return None
    if is_computed(indicator):
        problems.append(
            cell.problem(
                _("chỉ tiêu «%(name)s» được tính tự động (tỷ lệ, số đơn vị), không nhập")
                % {"name": indicator.name}
            )
        )
        return None
    return indicator


# --- applying -----------------------------------------------------------------------------


def import_values(data: bytes, *, by: Any, dry_run: bool = False) -> ImportSummary:
    """Apply a CSV or XLSX file of values, whole or not at all. Raises ImportRejected.

    ``by`` is the importing user, who needs report.prepare over each unit; None is the system
    (the CLI), with no scope. ``dry_run`` goes through every save and rolls it all back, so
    it reports what a real run would, including refusals only the save can see.
    """
    rows, problems = read_rows(data)
    reject_if_any(problems)
    scope = None if by is None else scope_for(by)
    targets, problems = _check(rows, scope)
    reject_if_any(problems)
    with transaction.atomic():
        _apply(targets, by)
        if dry_run:
            transaction.set_rollback(True)
    return ImportSummary(
        reports=len(targets),
        values=sum(len(t.values) for t in targets),
        opened=sum(1 for t in targets if t.report is None),
        dry_run=dry_run,
    )


def _apply(targets: list[_Target], by: Any) -> None:
    """Open (if need be) and save every report at once; a refusal rolls the whole file back,
    named at the cells of the report it is about."""
    try:
        save_values(
            [ValuesFor(t.unit, t.template.code, t.period.id, t.values) for t in targets], by=by
        )
    except ItemRefused as refused:
        target, exc = targets[refused.index], refused.error
        if isinstance(exc, ContentError):
            # The save names an indicator by its name (or its code when it has none).
            codes = {i.name: i.code for i in target.template.indicators}
            raise ImportRejected(
                [
                    target.cells[codes.get(name, name)].problem(message)
                    if codes.get(name, name) in target.cells
                    else target.where.problem(f"{name}: {message}")
                    for name, message in exc.problems
                ]
            ) from None
        # Someone submitted the report between the check and the save, or the rules of the
        # regulation the unit follows refuse to open it.
        raise ImportRejected([target.where.problem(str(exc))]) from None


# --- the sheet ----------------------------------------------------------------------------


def values_sheet(unit: Unit, template_code: str, period_id: str) -> bytes:
    """The XLSX a unit fills for one report: its entered indicators, with the values already
    stored (so the sheet can be corrected and imported again)."""
    report = (
        Report.objects.filter(
            unit=unit, template_code=template_code, period_id=period_id, request__isnull=True
        )
        .select_related("regulation")
        .first()
    )
    try:
        template = (
            template_of(report.regulation, template_code)
            if report is not None
            else active_regulation().report_template(template_code)
        )
    except KeyError:
        raise SheetError(_("Không có mẫu báo cáo mã %(code)s") % {"code": template_code}) from None
    refusal = _refusal(template, unit)
    if refusal:
        raise SheetError(refusal)
    try:
        period = period_for(template, period_id)
    except ValueError as exc:
        raise SheetError(str(exc)) from None
    stored = values_of(report) if report is not None else {}

    book = Book()
    sheet = book.sheet(_("Số liệu"), (26, 60, 14, 16), frozen_rows=SHEET_FIRST_ROW - 1)
    plain, bold = book.style(Style(bordered=False)), book.style(Style(bold=True, bordered=False))
    italic = book.style(Style(italic=True, bordered=False))
    cell = book.style(Style())
    for label, code, name in (
        (_("Đơn vị"), unit.code, unit.name),
        (_("Mẫu báo cáo"), template.code, template.name),
        (_("Kỳ báo cáo"), period.id, period.label),
    ):
        sheet.row(((label, bold), (code, plain), (name, plain)))
    sheet.row(
        [
            (
                _(
                    "Ghi số liệu vào cột «Giá trị»; số viết 1.234,5; có/không cho chỉ tiêu "
                    "có/không. Ô để trống không được nhập. Không sửa các ô mã."
                ),
                italic,
            )
        ]
    )
    header = book.style(HEADER)
    sheet.row(
        (title, header)
        for title in (_("Mã chỉ tiêu"), _("Tên chỉ tiêu"), _("Đơn vị tính"), _("Giá trị"))
    )
    for indicator in entered_indicators(template):
        value = stored.get(indicator.code)
        figure = None if value is None else _sheet_value(value.number, value.flag, value.text)
        sheet.row(
            (
                (indicator.code, cell),
                (indicator.name, cell),
                (indicator.unit or "", cell),
                (figure, cell),
            )
        )
    return book.save(title=template.name, subject=unit.name, created=clock.now())


def _sheet_value(number: Decimal | None, flag: bool | None, text: str) -> int | Decimal | str:
    if number is not None:
        # Stored with four decimal places: write 120, not 120.0000.
        if number == number.to_integral_value():
            return int(number)
        return Decimal(format(number.normalize(), "f"))
    if flag is not None:
        return "có" if flag else "không"
    return text
