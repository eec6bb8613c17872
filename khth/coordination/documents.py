"""Exchange reports → the neutral document model and plain sheets. Data only: no file format.

``exchange_document(report)`` builds the administrative document sent to the partner: header
of the owning unit, the number given by the outgoing register (blank until sent), "Kính gửi"
the partner, a sentence citing the agreement, the table of the agreed indicators with their
values, the note, recipients (the partner, then the file copy) and the signature.
``exchange_spreadsheet(report)`` gives the same figures as a sheet, with a second sheet of
the particulars. ``exchange_rows(report)`` is what both (and the API) list.

The partner sees what is sent and nothing else: these read only the report's own stored values
— the agreed indicators — and the owning unit's name; never the subtree, the other indicators
of the unit's reports, nor the internal links to their sources.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from khth.coordination.actions import summary_of
from khth.coordination.exchange import REPORT, TRANSFERS, as_number, display, ordered
from khth.coordination.models import ExchangeReport
from khth.documents.build import DRAFT_MARK, draft_mark, name_stems, para, table
from khth.documents.formats import find_kind
from khth.documents.heading import letterhead
from khth.documents.model import (
    Align,
    Block,
    Cell,
    Document,
    Paragraph,
    Run,
    Sheet,
    SheetColumn,
    SheetValue,
    Spreadsheet,
)
from khth.lib import clock
from khth.lib.vietnamese import military_date
from khth.periods import parse_period
from khth.regulations.access import active_regulation

__all__ = [
    "DRAFT_MARK",
    "ExchangeRow",
    "exchange_document",
    "exchange_file_names",
    "exchange_rows",
    "exchange_spreadsheet",
]

SOURCE_LABELS = {
    REPORT: "Số liệu báo cáo",
    "entered": "Nhập tay",
    TRANSFERS: "Đếm từ danh sách bàn giao đảng viên",
}


@dataclass(frozen=True)
class ExchangeRow:
    code: str
    name: str
    unit: str  # of measure
    value: Decimal | str | None
    display: str
    source: str


def exchange_rows(report: ExchangeReport) -> list[ExchangeRow]:
    """The agreed indicators the report holds, in the regulation's order."""
    rows = []
    for code, item in ordered(report.values):
        raw = item.get("value")
        number = as_number(raw)
        rows.append(
            ExchangeRow(
                code=code,
                name=str(item.get("name", code)),
                unit=str(item.get("unit", "")),
                value=number if number is not None else raw,
                display=display(raw),
                source=str(item.get("source", "")),
            )
        )
    return rows


def _period_text(report: ExchangeReport) -> str:
    label = parse_period(report.period_id).label
    return label[:1].lower() + label[1:]


def _day(report: ExchangeReport) -> dt.date:
    if report.registered is not None:
        return report.registered.dated
    return clock.today()


def _cell(text: str, *, align: Align | None = None) -> Cell:
    # One paragraph: a line break in an entered value stays a line break of the cell.
    return Cell((para(text, role="table"),), align=align)


def _addressed(names: list[str]) -> list[Block]:
    """ "Kính gửi: A." — or, to several partners, one line each ("- A;" … "- F.")."""
    if len(names) == 1:
        return [Paragraph((Run("Kính gửi: "), Run(f"{names[0]}.", bold=True)), align="center")]
    lines: list[Block] = [Paragraph((Run("Kính gửi:"),), align="center")]
    for index, name in enumerate(names):
        ending = "." if index == len(names) - 1 else ";"
        lines.append(Paragraph((Run(f"- {name}{ending}", bold=True),), align="center"))
    return lines


def exchange_document(report: ExchangeReport) -> Document:
    agreement = report.agreement
    partners = agreement.partner_list
    names = [p.name for p in partners]
    together = ", ".join(names)
    unit = agreement.unit
    regulation = active_regulation()
    kind = find_kind(regulation, regulation.followup.coordination.document_kind)
    abbreviation = kind.abbreviation if kind is not None else "BC"
    registered = report.registered
    # Sent by the commander or the political agency: an administrative document.
    letter = letterhead(
        regulation,
        unit,
        "administrative",
        abbreviation,
        _day(report),
        number=registered.number_text if registered is not None else None,
    )
    period = _period_text(report)
    draft = report.status == ExchangeReport.DRAFT
    blocks: list[Block] = [draft_mark()] if draft else []
    blocks += _addressed(names)
    blocks.append(
        para(
            f"Thực hiện {agreement.title} ký ngày {military_date(agreement.signed_on)} "
            f"giữa {unit.name} và {together}, {unit.name} báo cáo kết quả các nội "
            f"dung trao đổi thông tin {period} như sau:"
        )
    )
    rows = [
        (
            _cell(str(index), align="center"),
            _cell(row.name),
            _cell(row.unit, align="center"),
            _cell(row.display or "—", align="right"),
        )
        for index, row in enumerate(exchange_rows(report), start=1)
    ]
    titles = ("TT", "Nội dung", "Đơn vị tính", "Số lượng")
    blocks.append(table(titles, rows, (1.0, 8.0, 2.2, 2.2)))
    blocks += [para(line.strip()) for line in report.note.splitlines() if line.strip()]
    # A report between bodies of equal standing closes by stating what it was and whom it is for;
    # "thông báo để … biết" is the closing of a notice or an official letter, not of a báo cáo.
    blocks.append(
        para(
            f"Trên đây là báo cáo kết quả trao đổi thông tin {period} của {unit.name}, "
            f"gửi {together} để phối hợp thực hiện./."
        )
    )
    summary = summary_of(report)
    return letter.document(
        summary[:1].upper() + summary[1:],
        blocks,
        draft=draft,
        file_stem=exchange_file_names(report)[0],
        recipients=letter.recipients(names[1:], superior=names[0] if names else ""),
        subject=f"{letter.title} {summary}",
    )


SHEET_COLUMNS = (
    SheetColumn("TT", 5),
    SheetColumn("Nội dung", 60, wrap=True),
    SheetColumn("Đơn vị tính", 12),
    SheetColumn("Số lượng", 12, number_format="#,##0.##"),
    SheetColumn("Nguồn số liệu", 18),
)
FACT_COLUMNS = (SheetColumn("Mục", 24), SheetColumn("Nội dung", 70, wrap=True))


def exchange_spreadsheet(report: ExchangeReport) -> Spreadsheet:
    agreement = report.agreement
    unit = agreement.unit
    figures: list[tuple[SheetValue, ...]] = [
        (index, row.name, row.unit, row.value, SOURCE_LABELS.get(row.source, row.source))
        for index, row in enumerate(exchange_rows(report), start=1)
    ]
    registered = report.registered
    sent = timezone.localtime(report.sent_at).strftime("%d/%m/%Y %H:%M") if report.sent_at else ""
    facts: list[tuple[SheetValue, ...]] = [
        ("Đơn vị gửi", unit.name),
        ("Nơi nhận", agreement.partner_names),
        ("Quy chế phối hợp", f"{agreement.title} ({military_date(agreement.signed_on)})"),
        ("Kỳ trao đổi", parse_period(report.period_id).label),
        ("Số văn bản", registered.number_text if registered else DRAFT_MARK),
        ("Ngày văn bản", registered.dated if registered else None),
        ("Gửi lúc", sent),
        ("Ghi chú", report.note),
    ]
    return Spreadsheet(
        title=summary_of(report),
        subject=unit.name,
        sheets=(
            Sheet("Trao đổi thông tin", SHEET_COLUMNS, tuple(figures)),
            Sheet("Thông tin chung", FACT_COLUMNS, tuple(facts)),
        ),
    )


def exchange_file_names(report: ExchangeReport) -> tuple[str, str]:
    """(ASCII stem, Vietnamese stem): "trao-doi-thong-tin-quy-iii-2024-ban-to-chuc-tinh-uy"."""
    partners = report.agreement.partner_list
    label = parse_period(report.period_id).label
    addressee = (
        partners[0].short_name or partners[0].name
        if len(partners) == 1
        else f"{len(partners)} cơ quan phối hợp"
    )
    readable = f"Trao đổi thông tin {label} - {addressee}"
    return name_stems(" ".join(readable.replace("/", "-").split()), "trao-doi-thong-tin")
