"""Reports → the neutral document model and indicator rows. Data only: no file format here.

``report_document(report, figures)`` builds the official document (header, title, numbered
outline with the narrative and indicator tables, recipients, signature) and
``indicator_table(report, figures)`` the rows of the spreadsheet. ``figures_for(report)`` picks
the figures: a unit's own values, or — for a unit with subordinates — the consolidation of its
subtree with the breakdown by direct subordinate. The web pages, the API and the CLI all come
through here, so a document looks the same whichever way it was asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from khth.documents.build import cell, document_day, heading, name_stems, para, table
from khth.documents.formats import document_formats, family_of, find_kind, type_name
from khth.documents.heading import letterhead
from khth.documents.model import Align, Block, Cell, Document, IndicatorRow, IndicatorTable, Table
from khth.documents.richtext import html_to_blocks
from khth.lib.vietnamese import fold
from khth.periods import parse_period
from khth.regulations.access import active_regulation
from khth.regulations.schema import Regulation
from khth.regulations.schema.reports import Indicator, ReportTemplate
from khth.reports.actions import template as template_of_report
from khth.reports.consolidation import Consolidation, json_value
from khth.reports.documents.figures import (
    Figures,
    _cell_value,
    figures_for,
    figures_of,
    format_value,
    own_figures,
)
from khth.reports.models import Report, ReportRequest
from khth.reports.rollup import Result
from khth.reports.template import indicators_by_section, outline, regulation_of
from khth.units.models import Unit

__all__ = [
    "Figures",
    "Source",
    "consolidation_document",
    "consolidation_table",
    "download_names",
    "figures_for",
    "file_names",
    "format_value",
    "indicator_table",
    "own_figures",
    "report_document",
    "report_json",
]


@dataclass(frozen=True)
class Source:
    """What a document is made of, whether it comes from a report or from a consolidation
    that its unit has not opened a report for yet."""

    unit: Unit
    regulation: Regulation
    template: ReportTemplate
    period_id: str
    request: ReportRequest | None
    texts: Mapping[str, str]  # section code → stored HTML
    draft: bool
    submitted_at: dt.datetime | None = None
    # The outgoing register's number line and date once the report is registered: the
    # document then prints "Số: 01/BC-ĐĐ1", never blanks the register has already filled.
    number: str | None = None
    registered_on: dt.date | None = None

    @property
    def period_text(self) -> str:
        return _period_text(self.period_id, self.request)

    @property
    def day(self) -> dt.date:
        """The date on the document: the register's once registered, else the day it was
        submitted, or today for a draft."""
        if self.registered_on is not None:
            return self.registered_on
        return document_day(self.submitted_at, final=not self.draft)


def _period_text(period_id: str, request: ReportRequest | None) -> str:
    if request is not None or not period_id:
        return ""
    label = parse_period(period_id).label
    # "Tháng 7/2024" → "tháng 7/2024", inside a sentence.
    return label[:1].lower() + label[1:]


def source_of(report: Report) -> Source:
    # The register (khth.docsystem, above reports) links to the report, never the other way:
    # read through the reverse relation. It gives one report one outgoing registration.
    registration = report.registrations.order_by("pk").first()
    return Source(
        unit=report.unit,
        regulation=regulation_of(report.regulation),
        template=template_of_report(report),
        period_id=report.period_id,
        request=report.request if report.request_id is not None else None,
        texts={s.section_code: s.html for s in report.sections.all()},
        draft=report.status in Report.EDITABLE,
        submitted_at=report.submitted_at,
        number=registration.number_text if registration is not None else None,
        registered_on=registration.dated if registration is not None else None,
    )


def consolidation_source(consolidation: Consolidation) -> Source:
    """The unit's own report when it has one; otherwise its direct subordinates' texts side
    by side, labelled by unit — the draft the officer would start from."""
    own = _own_report(consolidation)
    if own is not None:
        return source_of(own)
    texts = {}
    for section in consolidation.sections:
        parts = [
            f"<p><b>{escape(unit.short_name or unit.name)}:</b></p>{html}"
            for unit, html in section.subordinates
        ]
        if parts:
            texts[section.code] = "".join(parts)
    regulation = (
        regulation_of(consolidation.request.regulation)
        if consolidation.request is not None
        else active_regulation()
    )
    return Source(
        unit=consolidation.unit,
        regulation=regulation,
        template=consolidation.template,
        period_id=consolidation.period_id,
        request=consolidation.request,
        texts=texts,
        draft=True,
    )


def _own_report(consolidation: Consolidation) -> Report | None:
    if consolidation.own_report is None:
        return None
    return Report.objects.select_related("unit", "unit__parent", "regulation", "request").get(
        pk=consolidation.own_report.pk
    )


def report_document(
    report: Report,
    figures: Figures | None = None,
    *,
    on: dt.date | None = None,
    send_to: str | None = None,
) -> Document:
    """The report as an official document of its family, dated ``on`` (default: the day it was
    submitted, or today for a draft), with ``figures`` (default: ``figures_for(report)``), sent
    along ``send_to`` where its unit has a Party chain beside its command chain
    (khth.documents.heading.superiors)."""
    figures = figures if figures is not None else figures_for(report)
    return document_of(source_of(report), figures, on=on, send_to=send_to)


def consolidation_document(consolidation: Consolidation, *, on: dt.date | None = None) -> Document:
    """The synthesis of a subtree as the unit's document, before or after it opens its report."""
    own = _own_report(consolidation)
    figures = figures_of(consolidation, frozen=own.consolidated if own is not None else None)
    return document_of(consolidation_source(consolidation), figures, on=on)


def document_of(
    source: Source, figures: Figures, *, on: dt.date | None = None, send_to: str | None = None
) -> Document:
    regulation, tmpl = source.regulation, source.template
    family = family_of(regulation, tmpl)
    abbreviation = _abbreviation(regulation, tmpl)
    letter = letterhead(
        regulation,
        source.unit,
        family,
        abbreviation,
        on or source.day,
        number=source.number,
        send_to=send_to,
    )
    blocks = list(_body(source, figures))
    if figures.note:
        blocks.append(para(figures.note, italic=True, role="note"))
    return letter.document(
        _summary(source),
        blocks,
        draft=source.draft,
        file_stem=download_names(source)[0],
    )


def _abbreviation(regulation: Regulation, tmpl: ReportTemplate) -> str:
    kind = find_kind(regulation, tmpl.document_kind)
    return kind.abbreviation if kind is not None else "BC"


def _summary(source: Source) -> str:
    regulation, tmpl = source.regulation, source.template
    summaries = document_formats(regulation).summaries
    pattern = summaries.templates.get(tmpl.code) or getattr(summaries, tmpl.kind)
    kind_name = type_name(regulation, _abbreviation(regulation, tmpl))
    name = tmpl.name
    if fold(name).startswith(fold(kind_name) + " "):
        name = name[len(kind_name) + 1 :]
    name = name[:1].upper() + name[1:]
    request = source.request.title if source.request is not None else ""
    text = pattern.format(period=source.period_text, template=name, request=request)
    return " ".join(text.split())


def _body(source: Source, figures: Figures) -> Iterable[Block]:
    by_section = indicators_by_section(source.template)
    labels = _labels(figures)
    breakdown_limit = document_formats(source.regulation).breakdown_columns
    for row in outline(source.template):
        yield heading(row.number, row.title, row.depth)
        if row.is_leaf:
            yield from html_to_blocks(source.texts.get(row.code, ""))
        indicators = by_section.get(row.code, [])
        if indicators:
            yield _indicator_block(indicators, figures, labels, breakdown_limit)


def _indicator_block(
    indicators: Sequence[Indicator],
    figures: Figures,
    labels: Mapping[str, str],
    limit: int,
) -> Table:
    columns = figures.columns
    wide = figures.consolidated and 0 < len(columns) <= limit
    titles = ["TT", "Chỉ tiêu", "Đơn vị tính"]
    widths: list[float] = [1.0, 7.0, 2.2]
    if figures.consolidated:
        titles.append("Tổng hợp")
        widths.append(2.4)
        if wide:
            titles += [c.title for c in columns]
            widths += [2.0] * len(columns)
        elif columns:
            titles.append("Chi tiết theo đơn vị")
            widths.append(4.5)
    else:
        titles.append("Kết quả")
        widths.append(2.6)
    rows: list[list[Cell]] = []
    for index, indicator in enumerate(indicators, start=1):
        value = figures.values.get(indicator.code)
        align: Align = "right" if indicator.type in {"integer", "decimal", "percentage"} else "left"
        line = [
            cell(str(index), align="center"),
            cell(indicator.name),
            cell(indicator.unit or "", align="center"),
            cell(format_value(indicator, value, labels), align=align),
        ]
        parts = figures.breakdown.get(indicator.code, ())
        if wide:
            line += [
                cell(format_value(indicator, part, labels), align=align)
                for part in _padded(parts, len(columns))
            ]
        elif figures.consolidated and columns:
            detail = [
                f"{c.title}: {format_value(indicator, part, labels)}"
                for c, part in zip(columns, _padded(parts, len(columns)), strict=True)
                if part is not None
            ]
            line.append(cell("\n".join(detail)))
        rows.append(line)
    return table(titles, rows, widths)


def _labels(figures: Figures) -> dict[str, str]:
    return {**{c.key: c.title for c in figures.columns}, **figures.labels}


def _padded(parts: Sequence[Result], n: int) -> list[Result]:
    return [*parts[:n], *([None] * (n - len(parts)))]


# --- file names ------------------------------------------------------------------------------


def file_names(report: Report) -> tuple[str, str]:
    """(ASCII stem, Vietnamese stem) for downloads: "bao-cao-thang-7-2024-dai-doi-1" and
    "Báo cáo tháng 7-2024 - Đại đội 1"."""
    request = report.request if report.request_id is not None else None
    return _names(report.unit, _period_text(report.period_id, request), request)


def download_names(source: Source) -> tuple[str, str]:
    return _names(source.unit, source.period_text, source.request)


def _names(unit: Unit, period_text: str, request: ReportRequest | None) -> tuple[str, str]:
    period = period_text or (request.title if request is not None else "")
    # An ad hoc request's title usually starts with "Báo cáo" already.
    kind = "" if fold(period).startswith("bao cao") else "Báo cáo "
    readable = f"{kind}{period} - {unit.short_name or unit.name}"
    return name_stems(" ".join(readable.replace("/", "-").split()), "bao-cao")


# --- rows for spreadsheets and JSON ---------------------------------------------------------


def indicator_table(report: Report, figures: Figures | None = None) -> IndicatorTable:
    """The rows of the figures (default: ``figures_for(report)``) and who reported."""
    figures = figures if figures is not None else figures_for(report)
    return table_of(source_of(report), figures)


def consolidation_table(consolidation: Consolidation) -> IndicatorTable:
    return table_of(consolidation_source(consolidation), figures_of(consolidation))


def table_of(source: Source, figures: Figures) -> IndicatorTable:
    tmpl = source.template
    labels = _labels(figures)
    rows = []
    for indicator in tmpl.indicators:
        value = figures.values.get(indicator.code)
        parts = _padded(figures.breakdown.get(indicator.code, ()), len(figures.columns))
        rows.append(
            IndicatorRow(
                code=indicator.code,
                name=indicator.name,
                unit=indicator.unit or "",
                kind=indicator.type,
                section=indicator.section,
                value=_cell_value(indicator, value, labels),
                display=format_value(indicator, value, labels),
                breakdown=tuple(_cell_value(indicator, p, labels) for p in parts),
                breakdown_display=tuple(format_value(indicator, p, labels) for p in parts),
            )
        )
    period = source.period_text or (source.request.title if source.request else "")
    return IndicatorTable(
        title=f"{tmpl.name} {period}".strip(),
        unit_name=source.unit.name,
        template_name=tmpl.name,
        period_label=period,
        consolidated=figures.consolidated,
        breakdown=figures.columns,
        rows=tuple(rows),
        coverage=figures.coverage,
        includes_drafts=figures.includes_drafts,
    )


def report_json(report: Report, figures: Figures | None = None) -> dict[str, Any]:
    """A unit's own report in the shape of a consolidation's JSON (issue 3, item 8): the same
    keys, the same notation of values, its own text as the one section text."""
    figures = figures if figures is not None else own_figures(report)
    sections = {
        s.section_code: [{"unit": report.unit.code, "text": s.html}]
        for s in report.sections.all()
        if s.html.strip()
    }
    return {
        "unit": report.unit.code,
        "template": report.template_code,
        "period": report.period_id,
        "request": report.request_id,
        "includes_drafts": False,
        "indicators": {code: json_value(v) for code, v in figures.values.items()},
        "missing": [],
        "late": [],
        "not_accepted": [],
        "sections": sections,
    }
