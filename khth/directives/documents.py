"""A directive's follow-up → plain sheets. Data only: no file format here.

``matrix_spreadsheet`` gives two sheets: «Theo dõi thực hiện», one row per unit that must follow
the directive (studied on, form, attendance, make-up study, who presided, plan, results), and
«Tổng hợp», the counts ("12/15 đơn vị đã quán triệt"). The page and the API both come through
here. In Vietnamese whatever the reader's interface language, like every document.
"""

from __future__ import annotations

from collections.abc import Iterable

from khth.directives.matrix import UnitRow, attendance, totals_of
from khth.directives.models import Directive, Study
from khth.documents.build import DATE, name_stems
from khth.documents.model import Sheet, SheetColumn, SheetValue, Spreadsheet
from khth.lib.vietnamese import short_date
from khth.periods import label_of
from khth.units.models import Unit

__all__ = ["matrix_file_names", "matrix_spreadsheet"]

# The study forms in Vietnamese, as documents are, whatever the reader's language.
FORM_LABELS = dict(Study.FORMS)

ROW_COLUMNS = (
    SheetColumn("STT", 6),
    SheetColumn("Đơn vị", 28, wrap=True),
    SheetColumn("Ngày quán triệt", 14, number_format=DATE),
    SheetColumn("Hình thức", 20, wrap=True),
    SheetColumn("Có mặt", 9),
    SheetColumn("Tổng số", 9),
    SheetColumn("Tỷ lệ có mặt (%)", 12),
    SheetColumn("Vắng", 8),
    SheetColumn("Đã học bù", 10),
    SheetColumn("Ngày học bù", 14, number_format=DATE),
    SheetColumn("Người chủ trì", 22, wrap=True),
    SheetColumn("Kế hoạch thực hiện", 36, wrap=True),
    SheetColumn("Số kỳ đã báo cáo kết quả", 12),
    SheetColumn("Kỳ báo cáo gần nhất", 18),
)
COUNT_COLUMNS = (
    SheetColumn("Nội dung", 40, wrap=True),
    SheetColumn("Số đơn vị", 12),
    SheetColumn("Tỷ lệ (%)", 12),
)


def _row(index: int, row: UnitRow) -> tuple[SheetValue, ...]:
    study, link = row.study, row.plan
    studied: tuple[SheetValue, ...] = (None,) * 9
    if study is not None:
        studied = (
            study.held_on,
            FORM_LABELS.get(study.form, study.form),
            study.present,
            study.total,
            attendance(study),
            study.absent,
            study.made_up,
            study.made_up_on,
            study.presided,
        )
    return (
        index,
        row.unit.name,
        *studied,
        link.plan.title if link is not None else "",
        row.results,
        label_of(row.last_period) if row.last_period else "",
    )


def matrix_spreadsheet(directive: Directive, node: Unit, rows: Iterable[UnitRow]) -> Spreadsheet:
    """``rows`` (``matrix.full_rows``) as one sheet, their counts as another."""
    rows = list(rows)
    totals = totals_of(rows)
    summary: list[tuple[SheetValue, ...]] = [
        ("Đơn vị phải thực hiện", totals.required, None),
        ("Đã quán triệt", totals.studied, totals.studied_share),
        ("Đã có kế hoạch thực hiện", totals.planned, totals.planned_share),
        ("Đã báo cáo kết quả", totals.reported, totals.reported_share),
    ]
    return Spreadsheet(
        title=(
            f"Theo dõi thực hiện {directive.number} ({short_date(directive.issued_on)}) "
            f"— {node.name}"
        ),
        subject=node.name,
        sheets=(
            Sheet(
                "Theo dõi thực hiện",
                ROW_COLUMNS,
                tuple(_row(i, row) for i, row in enumerate(rows, start=1)),
            ),
            Sheet("Tổng hợp", COUNT_COLUMNS, tuple(summary)),
        ),
    )


def matrix_file_names(directive: Directive, node: Unit) -> tuple[str, str]:
    """(ASCII stem, Vietnamese stem): "theo-doi-thuc-hien-05-ct-tw-trung-doan-1"."""
    readable = f"Theo dõi thực hiện {directive.number} {node.short_name or node.name}"
    return name_stems(readable, "theo-doi-thuc-hien")
