"""The figures a report's documents show: a unit's own values, or — for a unit with
subordinates — its consolidation (khth.reports.consolidation): the totals, one column per direct
subordinate (that subordinate's whole subtree), who reported, and a note saying what the figures
cover; and the notation values are printed in.

The totals are the consolidation's own (computed in SQL). The columns are rolled up here with
the pure reference (khth.reports.rollup) from the same rows, one query for all of them, so a
column and the total always follow the same rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from khth.documents.model import CellValue, Column, CoverageRow
from khth.lib import clock
from khth.lib.vietnamese import format_number, format_percent, short_date
from khth.periods import parse_period
from khth.regulations.schema.reports import Indicator, ReportTemplate
from khth.reports.actions import template as template_of_report
from khth.reports.actions import values_of
from khth.reports.consolidation import Consolidation, Coverage, consolidate, json_value
from khth.reports.consolidation import as_json as consolidation_json
from khth.reports.consolidation.columns import by_subtree
from khth.reports.models import Report
from khth.reports.rollup import Count, Result, Rolled, Row, rollup_flat
from khth.reports.template import template_of
from khth.reports.timeliness import STATE_LABELS, State, deadline_for, state
from khth.units.models import Unit, UnitPlacement, on_date_q

STATUS_LABELS = dict(Report.STATUS_CHOICES)


# --- figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """What the indicator tables show: one value per indicator code and, for a consolidation,
    the value of each direct subordinate (``columns``, in unit order)."""

    values: Mapping[str, Result]
    consolidated: bool = False
    columns: tuple[Column, ...] = ()
    breakdown: Mapping[str, tuple[Result, ...]] = field(default_factory=dict)
    coverage: tuple[CoverageRow, ...] = ()
    includes_drafts: bool = False
    # Said under the body of a consolidated document: who is counted, who is missing.
    note: str = ""
    # Unit code → name, for texts labelled by unit.
    labels: Mapping[str, str] = field(default_factory=dict)


def own_figures(report: Report) -> Figures:
    """The unit's own values, computed by the same rules a consolidation uses (a percentage
    from its numerator and denominator; "x/y units" for a count)."""
    tmpl = template_of_report(report)
    rolled = rollup_flat(tmpl, [Row(report.unit.code, values_of(report), report.submitted_at)])
    return Figures(
        values={i.code: _own(i, rolled[i.code].value) for i in tmpl.indicators},
        coverage=(_own_coverage_row(report.unit, report, tmpl),),
    )


def _own(indicator: Indicator, value: Result) -> Result:
    """One unit's figure read as such: its yes/no, not "1/1"; how many units (0 or 1) meet
    a condition, not "0/1"."""
    if isinstance(value, Count):
        if indicator.type == "boolean":
            return value.hits > 0
        return Decimal(value.hits)
    return value


def figures_for(report: Report, *, include_drafts: bool = False) -> Figures:
    """Own values for a unit without subordinates; the consolidation of its subtree otherwise."""
    return figures(report, include_drafts=include_drafts) or own_figures(report)


def _own_coverage_row(unit: Unit, report: Report, tmpl: ReportTemplate) -> CoverageRow:
    """The unit's own report: its state, and whether it went up on time."""
    stamp = report.first_submitted_at
    timeliness = deadline = ""
    if report.request_id is None and report.period_id and unit.level in tmpl.deadlines:
        due = deadline_for(tmpl, unit.level, parse_period(report.period_id))
        submitted_on = timezone.localdate(stamp) if stamp else None
        timeliness = STATE_LABELS[state(submitted_on, due, clock.today())]
        deadline = short_date(due)
    return CoverageRow(
        unit=unit.name,
        status=STATUS_LABELS.get(report.status, report.status),
        submitted_at=_stamp(report.submitted_at) if report.submitted_at else "",
        timeliness=timeliness,
        deadline=deadline,
    )


def _stamp(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%d/%m/%Y %H:%M}"


# --- values in Vietnamese notation ----------------------------------------------------------


def format_value(
    indicator: Indicator, value: Result, labels: Mapping[str, str] | None = None
) -> str:
    """A figure as it is printed: "1.234", "8,5", "95,8%", "14/14", "Có"."""
    if value is None:
        return ""
    if isinstance(value, Count):
        return f"{value.hits}/{value.total}"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, Decimal):
        if indicator.type == "percentage":
            return format_percent(value, 1)
        if indicator.type == "integer":
            return format_number(value, 0)
        return _decimal(value)
    if isinstance(value, str):
        return value
    # Texts of several units ("none"): one line each, labelled by unit.
    labels = labels or {}
    if len(value) == 1:
        return value[0][1]
    return "\n".join(f"{labels.get(unit, unit)}: {text}" for unit, text in value)


def _decimal(value: Decimal) -> str:
    """At most two decimals, without trailing zeros: 8.5000 → "8,5", 7.333… → "7,33"."""
    text = format_number(value, 2)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def _cell_value(indicator: Indicator, value: Result, labels: Mapping[str, str]) -> CellValue:
    """A value a spreadsheet cell can hold: numbers stay numbers."""
    if value is None or isinstance(value, Decimal | bool | str):
        return value
    return format_value(indicator, value, labels)


# --- the document ----------------------------------------------------------------------------


# --- consolidations ---------------------------------------------------------------------------


def has_subordinates(unit: Unit, day: dt.date) -> bool:
    """Whether units stood under ``unit`` on ``day`` (the tree of the period, not today's)."""
    return UnitPlacement.objects.filter(on_date_q(day), parent=unit).exists()


def consolidation_of(report: Report, *, include_drafts: bool = False) -> Consolidation | None:
    """The consolidation a report of a unit with subordinates stands for; None otherwise."""
    if not has_subordinates(report.unit, report.period_end):
        return None
    return consolidate(
        report.unit,
        report.template_code,
        period_id=report.period_id or None,
        request=report.request,
        include_drafts=include_drafts,
        # The template of the report's own regulation version, like its outline.
        template=template_of(report.regulation, report.template_code),
    )


def figures(report: Report, *, include_drafts: bool = False) -> Figures | None:
    """None for a unit without subordinates: its own values are the figures."""
    consolidation = consolidation_of(report, include_drafts=include_drafts)
    if consolidation is None:
        return None
    return figures_of(consolidation, frozen=report.consolidated)


def figures_of(consolidation: Consolidation, *, frozen: Mapping[str, Any] | None = None) -> Figures:
    root = consolidation.unit
    template = consolidation.template
    if consolidation.request is not None or consolidation.period is None:
        children, rolled = _request_columns(consolidation)
    else:
        children = consolidation.children
        by_pk = by_subtree(
            consolidation.scope,
            template,
            root.pk,
            [c.unit.pk for c in children],
            consolidation.period.end,
        )
        rolled = {code: by_pk[pk] for code, pk in [(root.code, root.pk)] if pk in by_pk}
        rolled.update({c.unit.code: by_pk[c.unit.pk] for c in children if c.unit.pk in by_pk})
    columns: list[Column] = []
    keys: list[str] = []
    if any(one.contributors for one in rolled.get(root.code, {}).values()):
        # The unit's own figures (its command, its staff): without them the columns would not
        # add up to the total.
        columns.append(Column(root.code, f"Riêng {root.short_name or root.name}"))
        keys.append(root.code)
    for child in children:
        columns.append(Column(child.unit.code, child.unit.short_name or child.unit.name))
        keys.append(child.unit.code)
    empty = Rolled(None, 0)
    values = {code: figure.value for code, figure in consolidation.indicators.items()}
    breakdown: dict[str, tuple[Result, ...]] = {
        i.code: tuple(rolled.get(key, {}).get(i.code, empty).value for key in keys)
        for i in template.indicators
    }
    labels = {c.unit.code: c.unit.short_name or c.unit.name for c in consolidation.coverage}
    labels[root.code] = root.short_name or root.name
    return Figures(
        values=values,
        consolidated=True,
        columns=tuple(columns),
        breakdown=breakdown,
        coverage=_coverage_rows(consolidation.coverage),
        includes_drafts=consolidation.includes_drafts,
        note=_note(consolidation, values, frozen),
        labels=labels,
    )


def _request_columns(
    consolidation: Consolidation,
) -> tuple[list[Coverage], dict[str, dict[str, Rolled]]]:
    """An ad hoc request's addressees may sit at any depth: one column each, side by side, of
    its own report (a request has tens of addressees, not thousands: read in Python)."""
    root = consolidation.unit
    children = list(consolidation.coverage)
    top = {c.unit.code for c in children}
    groups: dict[str, list[Row]] = {}
    for row in consolidation.rows():
        groups.setdefault(row.unit if row.unit in top else root.code, []).append(row)
    keys = [root.code, *(c.unit.code for c in children)]
    template = consolidation.template
    return children, {key: rollup_flat(template, groups.get(key, [])) for key in keys}


def _coverage_rows(coverage: Sequence[Coverage]) -> tuple[CoverageRow, ...]:
    """One row per unit expected to report. The labels and the time zone are read once per
    table: per row, their translation and thread-local lookups were four fifths of the time of
    20,000 rows at the top of the army."""
    states = dict(STATE_LABELS.items())
    zone = timezone.get_current_timezone()
    return tuple(_coverage_row(c, states, zone) for c in coverage)


def _coverage_row(coverage: Coverage, states: Mapping[State, str], zone: dt.tzinfo) -> CoverageRow:
    report = coverage.report
    if report is None:
        status, submitted = "Chưa lập báo cáo", ""
    else:
        status = STATUS_LABELS.get(report.status, report.status)
        # The first submission: it decides on time or late.
        stamp = report.first_submitted_at
        submitted = f"{stamp.astimezone(zone):%d/%m/%Y %H:%M}" if stamp else ""
    if coverage.draft_included:
        note = "Tính cả số liệu dự thảo"
    elif coverage.counted:
        note = ""
    else:
        note = "Chưa tính vào số liệu tổng hợp"
    return CoverageRow(
        unit=coverage.unit.name,
        status=status,
        submitted_at=submitted,
        timeliness=states.get(coverage.state, str(coverage.state)),
        deadline=short_date(coverage.deadline),
        note=note,
    )


def _names(entries: Sequence[Coverage]) -> str:
    return ", ".join(c.unit.short_name or c.unit.name for c in entries)


def _note(
    consolidation: Consolidation,
    values: Mapping[str, Result],
    frozen: Mapping[str, Any] | None,
) -> str:
    """What the figures cover, said in the document: a synthesis that silently left units out
    is the shortcoming the regulation names."""
    expected = consolidation.coverage
    counted = [c for c in expected if c.counted]
    parts = [f"Số liệu tổng hợp từ báo cáo của {len(counted)}/{len(expected)} đơn vị"]
    drafts = consolidation.drafts
    if drafts:
        parts.append(f"gồm cả số liệu dự thảo chưa gửi của {_names(drafts)}")
    missing = [c for c in expected if not c.counted]
    if missing:
        parts.append(f"chưa có báo cáo của {_names(missing)}")
    late = consolidation.late
    if late:
        parts.append(f"gửi chậm: {_names(late)}")
    note = "Ghi chú: " + "; ".join(parts) + "."
    if frozen is not None and not consolidation.includes_drafts:
        submitted = frozen.get("indicators", {})
        if any(json_value(values.get(code)) != value for code, value in submitted.items()):
            note += " Số liệu đã thay đổi sau khi báo cáo được gửi; bản này theo số liệu hiện có."
    return note


def as_json(
    unit: Unit, template_code: str, period_id: str, *, include_drafts: bool = False
) -> dict[str, Any] | None:
    """The consolidation's JSON for a unit with subordinates; None for a unit without."""
    from khth.periods import parse_period

    period = parse_period(period_id)
    if not has_subordinates(unit, period.end):
        return None
    report = Report.objects.filter(
        unit=unit, template_code=template_code, period_id=period.id, request__isnull=True
    ).first()
    template = template_of(report.regulation, template_code) if report is not None else None
    return consolidation_json(
        consolidate(
            unit,
            template_code,
            period_id=period.id,
            include_drafts=include_drafts,
            template=template,
        )
    )
