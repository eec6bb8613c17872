"""Reporting rates of a subtree over a span of periods, and what a reporter has due.

Both read the timeliness rules through khth.reports.expectations and khth.reports.timeliness;
"today" is always an argument.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from khth.periods import Period, PeriodError, period_of, periods_between
from khth.regulations.access import active_regulation
from khth.regulations.schema import Regulation
from khth.regulations.schema.reports import ReportTemplate
from khth.reports.consolidation.coverage import COUNTED, ReportRef, by_branch
from khth.reports.models import Report
from khth.reports.timeliness import STATE_LABELS, Rates, State, period_for, rates
from khth.units.access import READ, Scope
from khth.units.models import Unit

DEFAULT_SPAN = 6
# Each period costs a fixed number of queries (khth.reports.expectations): capping the span is
# what keeps the page bounded.
MAX_SPAN = 24
FALLBACK_LINK = "/reports/"


class SpanError(ValueError):
    """A template or span of periods the matrix cannot be built for; the message says why."""


def _link(name: str, *args: Any) -> str:
    # The report pages are another module's; a missing name must not break the rates or the
    # home page, only make the link less precise.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return FALLBACK_LINK


# --- the matrix ---------------------------------------------------------------------------


def rated_templates(regulation: Regulation) -> list[ReportTemplate]:
    """Templates with a frequency (periodic and thematic): only they have expected periods."""
    return [t for t in regulation.report_templates if t.frequency is not None]


def choose_template(regulation: Regulation, code: str | None) -> ReportTemplate:
    candidates = rated_templates(regulation)
    if not candidates:
        raise SpanError(_("Quy định không có mẫu báo cáo định kỳ nào"))
    if not code:
        return candidates[0]
    for template in candidates:
        if template.code == code:
            return template
    raise SpanError(_("Không có mẫu báo cáo định kỳ mã «%(code)s»") % {"code": code})


def resolve_span(
    template: ReportTemplate, from_id: str | None, to_id: str | None, today: dt.date
) -> list[Period]:
    """The periods from ``from_id`` to ``to_id`` (ids of the template's frequency); by default
    the last DEFAULT_SPAN periods up to today's."""
    assert template.frequency is not None  # noqa: S101 (rated_templates has a frequency)
    try:
        last = (
            period_for(template, to_id.strip()) if to_id else period_of(today, template.frequency)
        )
        if from_id:
            first = period_for(template, from_id.strip())
        else:
            first = last
            for _step in range(DEFAULT_SPAN - 1):
                first = first.previous()
    except ValueError as exc:  # PeriodError is one
        raise SpanError(str(exc)) from None
    if first > last:
        raise SpanError(
            _("Kỳ đầu %(first)s sau kỳ cuối %(last)s") % {"first": first.id, "last": last.id}
        )
    try:
        periods = periods_between(first.start, last.end, template.frequency)
    except PeriodError as exc:
        raise SpanError(str(exc)) from None
    if len(periods) > MAX_SPAN:
        raise SpanError(
            _("Tối đa %(max)d kỳ trong một bảng; đã chọn %(count)d kỳ")
            % {"max": MAX_SPAN, "count": len(periods)}
        )
    return periods


@dataclass(frozen=True)
class Cell:
    period: Period
    state: State
    deadline: dt.date
    # The report's workflow status (draft / submitted / returned / accepted), None without one.
    status: str | None
    # Only when the viewer may open the report (a unit moved out of the viewer's subtree since
    # the period still shows its state, not its report).
    report_id: int | None
    link: str | None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def status_label(self) -> str:
        return dict(Report.STATUS_CHOICES).get(self.status, "") if self.status else ""


@dataclass
class Row:
    unit: Unit
    depth: int  # below the matrix root, in the latest period the unit was expected
    # Aligned with Matrix.periods; None where the unit did not owe that period's report.
    cells: list[Cell | None]
    # The reports owed by the units below this one over the span, when the matrix stops at
    # this row's depth (None: nothing below it owed one). Its own rates page lists them.
    below: Rates | None = None


@dataclass(frozen=True)
class Matrix:
    root: Unit
    template: ReportTemplate
    periods: list[Period]
    rows: list[Row]
    period_rates: list[Rates]
    total: Rates
    today: dt.date = field(compare=False)


def build_matrix(
    root: Unit,
    template: ReportTemplate,
    periods: list[Period],
    today: dt.date,
    *,
    scope: Scope | None = None,
) -> Matrix:
    """The direct subordinates of ``root`` that owed ``template`` × ``periods``, with each
    one's state, and the states of the units below each one (``Row.below``; its own rates page
    lists them), counted in SQL: at the top of the army a row per unit was 20,000 rows a
    period. Units below a direct subordinate that did not owe the report count in the totals
    only. A fixed number of queries per period whatever the subtree size. ``scope`` decides
    which reports are linked; None (the system) links them all.
    """
    below: dict[int, Counter[State]] = {}
    # unit id -> per period: (state, deadline, the report's key and status) of a listed unit
    owed: dict[int, list[tuple[State, dt.date, ReportRef | None] | None]] = {}
    depths: dict[int, int] = {}
    # Row order as a linked list (unit id -> next unit id; key None is the head), so slotting in
    # a unit after another costs O(1).
    following: dict[int | None, int | None] = {None: None}
    per_period: list[Counter[State]] = []
    # Newest first, so that a unit's place is that of the latest period it owed; units no
    # longer expected (dissolved, moved away) are slotted in after the row that preceded them
    # when they were, which keeps them beside their former siblings. The same rules as the
    # consolidation's coverage (held to expected_reports by a test).
    for index in reversed(range(len(periods))):
        coverage, branches = by_branch(root, template, periods[index], today, COUNTED)
        counted = Counter(c.state for c in coverage)
        for branch in branches.values():
            counted.update(branch)
        per_period.append(counted)
        previous: int | None = None
        for c in coverage:
            unit_id = c.unit.pk
            if unit_id not in owed:
                owed[unit_id] = [None] * len(periods)
                depths[unit_id] = c.depth
                following[unit_id] = following[previous]
                following[previous] = unit_id
            owed[unit_id][index] = (c.state, c.deadline, c.report)
            below.setdefault(unit_id, Counter()).update(branches.get(unit_id, {}))
            previous = unit_id
    units = {u.pk: u for u in Unit.objects.filter(pk__in=owed)}
    cells: dict[int, list[Cell | None]] = {}
    for unit_id, states in owed.items():
        visible = scope is None or scope.allows(units[unit_id], READ)
        cells[unit_id] = [
            None
            if entry is None
            else Cell(
                period=periods[index],
                state=entry[0],
                deadline=entry[1],
                status=entry[2].status if entry[2] is not None else None,
                report_id=entry[2].pk if entry[2] is not None and visible else None,
                link=_link("report-detail", entry[2].pk)
                if entry[2] is not None and visible
                else None,
            )
            for index, entry in enumerate(states)
        ]
    per_period.reverse()
    order: list[int] = []
    cursor = following[None]
    while cursor is not None:
        order.append(cursor)
        cursor = following[cursor]
    return Matrix(
        root=root,
        template=template,
        periods=periods,
        rows=[
            Row(
                unit=units[u],
                depth=depths[u],
                cells=cells[u],
                below=rates(below[u]) if below[u] else None,
            )
            for u in order
        ],
        period_rates=[rates(states) for states in per_period],
        total=rates(sum(per_period, Counter())),
        today=today,
    )


def matrix_for(
    root: Unit,
    template_code: str | None,
    from_id: str | None,
    to_id: str | None,
    today: dt.date,
    *,
    scope: Scope | None = None,
) -> Matrix:
    """The matrix from request parameters (the page and the API share it). Raises SpanError."""
    template = choose_template(active_regulation(), template_code)
    periods = resolve_span(template, from_id, to_id, today)
    return build_matrix(root, template, periods, today, scope=scope)


def rates_json(rates_: Rates) -> dict[str, Any]:
    return {
        "expected": rates_.expected,
        "due": rates_.expected - rates_.not_due,
        "on_time": rates_.on_time,
        "late": rates_.late,
        "missing": rates_.missing,
        "not_due": rates_.not_due,
        "on_time_pct": rates_.on_time_pct,
        "late_pct": rates_.late_pct,
        "missing_pct": rates_.missing_pct,
    }


def matrix_json(matrix: Matrix) -> dict[str, Any]:
    """The matrix as the API returns it."""
    return {
        "unit": {"code": matrix.root.code, "name": matrix.root.name},
        "template": {
            "code": matrix.template.code,
            "name": matrix.template.name,
            "frequency": matrix.template.frequency,
        },
        "today": matrix.today,
        "periods": [
            {"id": p.id, "label": p.label, "start": p.start, "end": p.end} for p in matrix.periods
        ],
        "rows": [
            {
                "unit_code": row.unit.code,
                "unit_name": row.unit.name,
                "level": row.unit.level,
                "depth": row.depth,
                "below": rates_json(row.below) if row.below is not None else None,
                "cells": [
                    None
                    if cell is None
                    else {
                        "period": cell.period.id,
                        "state": cell.state.value,
                        "state_label": cell.state_label,
                        "deadline": cell.deadline,
                        "status": cell.status,
                        "report_id": cell.report_id,
                    }
                    for cell in row.cells
                ],
            }
            for row in matrix.rows
        ],
        "rates": {
            "periods": [
                {"period": p.id, **rates_json(r)}
                for p, r in zip(matrix.periods, matrix.period_rates, strict=True)
            ],
            "total": rates_json(matrix.total),
        },
    }
