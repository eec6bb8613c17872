"""Which units owe a report, by when, and where each one stands — for a subtree and a period.

The subtree is taken as it was on the last day of the period (units moved or dissolved since
still owe, or do not owe, what they owed then).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from khth.periods import Period
from khth.regulations.schema.reports import ReportTemplate
from khth.reports.models import Report, ReportRequest
from khth.reports.template import template_of
from khth.reports.timeliness import STATE_LABELS, State, deadline_for, period_for, state
from khth.units.actions import subtree_on
from khth.units.models import Unit, UnitPlacement, on_date_q


@dataclass(frozen=True)
class Expected:
    unit: Unit
    parent_id: int | None
    depth: int  # below the root, on the period's last day
    deadline: dt.date
    report: Report | None
    state: State

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def expected_reports(
    root: Unit,
    template: ReportTemplate,
    period: Period,
    today: dt.date,
    *,
    include_root: bool = False,
) -> list[Expected]:
    """Every unit under ``root`` (on the period's last day) at a reporting level of ``template``,
    with its deadline, its report if any, and its state. Two queries whatever the subtree size."""
    placements = subtree_on(root, period.end)
    root_depth = placements[0].path.count("/") if placements else 0
    owing = [
        p
        for p in placements
        if p.unit.level in template.reporting_levels and (include_root or p.unit_id != root.pk)
    ]
    # The subtree as a subquery, not a list of keys: SQLite takes at most 32,766 values in one
    # statement, fewer units than the army has.
    below = UnitPlacement.objects.filter(
        on_date_q(period.end), path__startswith=placements[0].path if placements else "-"
    ).values("unit_id")
    owing_ids = {p.unit_id for p in owing}
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(
            unit_id__in=below,
            template_code=template.code,
            period_id=period.id,
            request__isnull=True,
        )
        if r.unit_id in owing_ids
    }
    rows = []
    for placement in owing:
        report = reports.get(placement.unit_id)
        deadline = deadline_for(template, placement.unit.level, period)
        rows.append(
            Expected(
                unit=placement.unit,
                parent_id=placement.parent_id,
                depth=placement.path.count("/") - root_depth,
                deadline=deadline,
                report=report,
                state=state(_submitted_on(report), deadline, today),
            )
        )
    return rows


def expected_for_request(request: ReportRequest, today: dt.date) -> list[Expected]:
    """The addressees of an ad hoc request, against the request's own deadline."""
    reports = {r.unit_id: r for r in request.reports.all()}
    return [
        Expected(
            unit=unit,
            parent_id=unit.parent_id,
            depth=unit.depth - request.from_unit.depth,
            deadline=request.deadline,
            report=reports.get(unit.pk),
            state=state(_submitted_on(reports.get(unit.pk)), request.deadline, today),
        )
        for unit in request.addressees.order_by("path")
    ]


def _submitted_on(report: Report | None) -> dt.date | None:
    if report is None or report.first_submitted_at is None:
        return None
    return timezone.localdate(report.first_submitted_at)


@dataclass(frozen=True)
class Lateness:
    """Where a report stands against its deadline, for the one who sends it and the one who
    reads it: judged, like the rates, on the first submission."""

    deadline: dt.date
    # Days after the deadline of the first submission, or of ``today`` while none: > 0 is late,
    # 0 is the deadline day itself (on time), < 0 the days still left.
    days: int
    submitted: bool

    @property
    def late(self) -> bool:
        return self.days > 0

    @property
    def days_left(self) -> int:
        return -self.days


def lateness(report: Report, today: dt.date) -> Lateness | None:
    """None when the report has no deadline any more (its template no longer names the unit's
    level, or its period is not of the template's kind)."""
    if report.request_id is not None:
        assert report.request is not None  # noqa: S101 (request_id is set)
        deadline = report.request.deadline
    else:
        template = template_of(report.regulation, report.template_code)
        try:
            deadline = deadline_for(
                template, report.unit.level, period_for(template, report.period_id)
            )
        except (KeyError, ValueError):
            return None
    submitted_on = _submitted_on(report)
    return Lateness(
        deadline=deadline,
        days=((submitted_on or today) - deadline).days,
        submitted=submitted_on is not None,
    )
