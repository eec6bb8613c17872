"""Who owes the report being consolidated, and where each report stands.

The rules are khth.reports.expectations' (units at a reporting level of the template, in the tree
of the period's last day; deadlines per level; timeliness judged on the first submission), read
here as plain values in one query: model objects and parsed timestamps for a 20 000-unit tree
cost more than all the sums of the consolidation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Case, FilteredRelation, Q, Value, When
from django.utils import timezone

from khth.periods import Period
from khth.regulations.schema.reports import ReportTemplate
from khth.reports.consolidation.figures import Scope
from khth.reports.expectations import Expected, expected_for_request
from khth.reports.models import Report, ReportRequest
from khth.reports.timeliness import State, deadline_for, state
from khth.units.models import Unit, UnitPlacement, on_date_q

COUNTED = (Report.SUBMITTED, Report.ACCEPTED)
ALL_STATUSES = (Report.DRAFT, Report.SUBMITTED, Report.RETURNED, Report.ACCEPTED)


# Not frozen: a consolidation makes one of these per unit of the subtree, and a frozen dataclass
# costs four times as much to create.
@dataclass(slots=True)
class UnitRef:
    """A unit as a consolidation shows it: read as plain values, not as 20 000 model objects."""

    pk: int
    code: str
    name: str
    short_name: str
    level: str

    def __str__(self) -> str:
        return self.name


@dataclass(slots=True)
class ReportRef:
    pk: int
    status: str
    # The regulation version it was made under: a unit under a variant reports against its own
    # template (khth.reports.consolidation.variants).
    regulation_id: int = 0


@dataclass(slots=True)
class Coverage:
    """One unit expected to report, and where its report stands."""

    unit: UnitRef
    parent_id: int | None
    depth: int  # below the consolidating unit
    deadline: dt.date
    report: ReportRef | None
    state: State
    counted: bool  # its values are in the figures

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else ""

    @property
    def missing(self) -> bool:
        """Not received: no report, a draft, or a report returned for correction."""
        return self.status not in COUNTED

    @property
    def late(self) -> bool:
        return self.state == State.LATE

    @property
    def not_accepted(self) -> bool:
        return self.status == Report.SUBMITTED

    @property
    def draft_included(self) -> bool:
        return self.counted and self.missing


def unit_ref(unit: Unit) -> UnitRef:
    return UnitRef(unit.pk, unit.code, unit.name, unit.short_name, unit.level)


def for_period(
    unit: Unit, template: ReportTemplate, period: Period, today: dt.date, statuses: tuple[str, ...]
) -> tuple[Scope, list[Coverage], ReportRef | None]:
    """Who owes the report, by the rules of khth.reports.expectations.expected_reports, and
    which reports count. Two queries: the placements of the period's last day with each unit's
    report beside it (a LEFT JOIN), read as plain values — model objects and parsed timestamps
    for a 20 000-unit tree cost more than all the sums."""
    on_end = on_date_q(period.end)
    root = UnitPlacement.objects.filter(on_end, unit=unit).values_list("path", flat=True).first()
    if root is None:  # the unit did not exist then
        return Scope({"pk__in": []}, statuses, unit.pk), [], None
    below = UnitPlacement.objects.filter(on_end, path__startswith=root)
    scope = Scope(
        {
            "template_code": template.code,
            "period_id": period.id,
            "request__isnull": True,
            "unit_id__in": below.values("unit_id"),
        },
        statuses,
        unit.pk,
    )
    deadlines = {lv: deadline_for(template, lv, period) for lv in template.reporting_levels}
    zone = timezone.get_current_timezone()
    # Submitted on or before the deadline day, local time: before the next local midnight.
    on_time = [
        When(
            Q(unit__level=level, report__first_submitted_at__lt=_midnight_after(day, zone)),
            then=Value(False),
        )
        for level, day in deadlines.items()
    ]
    placed = (
        below.filter(unit__level__in=template.reporting_levels)
        .annotate(
            report=FilteredRelation(
                "unit__reports",
                condition=Q(
                    unit__reports__template_code=template.code,
                    unit__reports__period_id=period.id,
                    unit__reports__request__isnull=True,
                ),
            ),
            late=Case(
                When(report__first_submitted_at__isnull=True, then=Value(None)),
                *on_time,
                default=Value(True),
                output_field=BooleanField(null=True),
            ),
        )
        .order_by("path")
        .values_list(
            "unit_id", "parent_id", "path", "unit__code", "unit__name", "unit__short_name",
            "unit__level", "report__id", "report__status", "late", "report__regulation_id",
        )
    )  # fmt: skip
    root_depth, root_pk = root.count("/"), unit.pk
    states = {
        (level, late): _state(late, day, today)
        for level, day in deadlines.items()
        for late in (None, False, True)
    }
    coverage: list[Coverage] = []
    own: ReportRef | None = None
    for unit_id, parent_id, path, code, name, short_name, level, pk, status, late, rv in placed:
        report = ReportRef(pk, status, rv) if pk is not None else None
        if unit_id == root_pk:
            own = report
            continue
        coverage.append(
            Coverage(
                unit=UnitRef(unit_id, code, name, short_name, level),
                parent_id=parent_id,
                depth=path.count("/") - root_depth,
                deadline=deadlines[level],
                report=report,
                state=states[(level, late)],
                counted=status in statuses,
            )
        )
    return scope, coverage, own


def _midnight_after(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)


def _state(late: bool | None, deadline: dt.date, today: dt.date) -> State:
    # The query said whether the first submission came after the deadline day; a day standing
    # for it lets timeliness.state keep the one definition of the four states.
    submitted_on = None if late is None else deadline + dt.timedelta(days=int(late))
    return state(submitted_on, deadline, today)


def for_request(
    unit: Unit, request: ReportRequest, today: dt.date, statuses: tuple[str, ...]
) -> tuple[list[Coverage], ReportRef | None]:
    """An ad hoc request is small (its addressees): expectations' own function serves.
    Returns also the unit's own report, if it is itself an addressee."""

    def ref(report: Report | None) -> ReportRef | None:
        if report is None:
            return None
        return ReportRef(report.pk, report.status, report.regulation_id)

    expected: list[Expected] = expected_for_request(request, today)
    own = next((ref(e.report) for e in expected if e.unit.pk == unit.pk), None)
    coverage = [
        Coverage(
            unit=unit_ref(e.unit),
            parent_id=e.parent_id,
            depth=e.unit.depth - unit.depth,
            deadline=e.deadline,
            report=ref(e.report),
            state=e.state,
            counted=e.report is not None and e.report.status in statuses,
        )
        for e in expected
        if e.unit.path.startswith(unit.path) and e.unit.pk != unit.pk
    ]
    return coverage, own
