"""Who owes the report being consolidated, and where each report stands.

The rules are khth.reports.expectations' (units at a reporting level of the template, in the tree
of the period's last day; deadlines per level; timeliness judged on the first submission), read
here in SQL: the consolidation itself needs only how many units are in each state (``tally``,
one aggregate), its direct subordinates (``Owed.children``) and, for a page, the first few units
that need attention (``Owed.first``). The whole list, one ``Coverage`` per unit, is read only when
something asks for it — the exports, the drill-down, the frozen snapshot: at the top of a
20,000-unit tree, building it costs as much as all the sums of the consolidation.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    FilteredRelation,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import StrIndex, Substr
from django.utils import timezone

from khth.periods import Period
from khth.regulations.schema.reports import Indicator, ReportTemplate
from khth.reports.consolidation.figures import Scope, per_report_terms
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
    # The first submission: it decides on time or late (the exports print it).
    first_submitted_at: dt.datetime | None = None


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

    @property
    def attention(self) -> bool:
        """What the consolidation page lists: not received, late, or waiting to be accepted (a
        draft counted in the figures is not received)."""
        return self.missing or self.late or self.not_accepted


# The lists a page or the API shows the first of: a Coverage property each, and its rule in SQL
# over ``_Period.placed`` (a unit without a report has no status: missing). Said without a
# negation: Django negates a condition on the report beside each placement (a reverse relation)
# with a subquery over every report, 300 ms at 20,000 units.
KINDS = ("attention", "missing", "late", "not_accepted")
NOT_RECEIVED = tuple(status for status, _label in Report.STATUS_CHOICES if status not in COUNTED)
_MISSING = Q(report__id__isnull=True) | Q(report__status__in=NOT_RECEIVED)
_LATE = Q(late=True)
_NOT_ACCEPTED = Q(report__status=Report.SUBMITTED)
_KIND_Q = {
    "attention": _MISSING | _LATE | _NOT_ACCEPTED,
    "missing": _MISSING,
    "late": _LATE,
    "not_accepted": _NOT_ACCEPTED,
}


@dataclass(frozen=True)
class Counts:
    """How many of the units that owe a report are in each state."""

    expected: int = 0
    counted: int = 0  # in the figures
    missing: int = 0  # not received: no report, a draft, a report returned
    late: int = 0
    not_accepted: int = 0  # submitted, waiting to be accepted
    drafts: int = 0  # drafts and returned reports counted in the figures (include_drafts)
    attention: int = 0  # missing, late or not accepted

    @property
    def in_order(self) -> int:
        """Submitted on time and accepted."""
        return self.expected - self.attention

    @classmethod
    def of(cls, coverage: Iterable[Coverage]) -> Counts:
        return cls.summed((c.status, c.late, c.counted, 1) for c in coverage)

    @classmethod
    def summed(cls, groups: Iterable[tuple[str, bool, bool, int]]) -> Counts:
        """From (status, late, counted, how many units) groups, by the rules of Coverage's
        properties."""
        totals = {f.name: 0 for f in fields(cls)}
        for status, late, counted, n in groups:
            missing = status not in COUNTED
            not_accepted = status == Report.SUBMITTED
            totals["expected"] += n
            totals["counted"] += n * counted
            totals["missing"] += n * missing
            totals["late"] += n * late
            totals["not_accepted"] += n * not_accepted
            totals["drafts"] += n * (counted and missing)
            totals["attention"] += n * (missing or late or not_accepted)
        return cls(**totals)


class Owed:
    """Who owes the report: the counts and the direct subordinates at once, every unit only
    when asked. This base keeps a list in memory (an ad hoc request's addressees: tens)."""

    def __init__(self, rows: list[Coverage], own: ReportRef | None) -> None:
        self._rows: list[Coverage] | None = rows
        self.counts = Counts.of(rows)
        self.children = rows
        self.own = own

    def all(self) -> list[Coverage]:
        """Every unit that owes the report, in tree order."""
        assert self._rows is not None  # noqa: S101 (the base has them from the start)
        return self._rows

    def first(self, kind: str, limit: int) -> list[Coverage]:
        """The first ``limit`` units of one of ``KINDS``, in tree order."""
        return [c for c in self.all() if getattr(c, kind)][:limit]

    def tree_order(self) -> dict[str, int]:
        """Unit code → its place in the tree the report is owed on."""
        return {c.unit.code: index for index, c in enumerate(self.all())}

    def refs(self, codes: Collection[str]) -> dict[str, UnitRef]:
        """Code → unit, for those of ``codes`` that owe the report."""
        wanted = set(codes)
        return {c.unit.code: c.unit for c in self.all() if c.unit.code in wanted}

    def counted_versions(self, reference_id: int | None) -> list[int]:
        """The regulation versions, other than ``reference_id``, of counted reports."""
        return sorted(
            {
                c.report.regulation_id
                for c in self.all()
                if c.counted and c.report is not None and c.report.regulation_id != reference_id
            }
        )

    def units_by_version(self, versions: Sequence[int]) -> dict[int, list[UnitRef]]:
        """The units whose counted reports were made under ``versions``."""
        found: dict[int, list[UnitRef]] = {}
        for c in self.all():
            if c.counted and c.report is not None and c.report.regulation_id in versions:
                found.setdefault(c.report.regulation_id, []).append(c.unit)
        return found


@dataclass
class _Period:
    """What the queries of a period's coverage share."""

    unit: Unit
    template: ReportTemplate
    period: Period
    today: dt.date
    statuses: tuple[str, ...]
    root: str  # the unit's path on the period's last day
    deadlines: dict[str, dt.date] = field(init=False)
    states: dict[tuple[str, bool | None], State] = field(init=False)

    def __post_init__(self) -> None:
        self.deadlines = {
            level: deadline_for(self.template, level, self.period)
            for level in self.template.reporting_levels
        }
        self.states = {
            (level, late): _state(late, day, self.today)
            for level, day in self.deadlines.items()
            for late in (None, False, True)
        }

    def below(self) -> QuerySet[UnitPlacement]:
        """The placements of the unit's subtree on the period's last day, the unit's own too."""
        return UnitPlacement.objects.filter(on_date_q(self.period.end), path__startswith=self.root)

    # Any: the stubs do not follow the report beside each placement (a FilteredRelation).
    def placed(self) -> QuerySet[Any]:
        """Every unit below with its report beside it (a LEFT JOIN) and whether the report's
        first submission came after the deadline of the unit's level."""
        template, period = self.template, self.period
        zone = timezone.get_current_timezone()
        # Submitted on or before the deadline day, local time: before the next local midnight.
        on_time = [
            When(
                Q(unit__level=level, report__first_submitted_at__lt=_midnight_after(day, zone)),
                then=Value(False),
            )
            for level, day in self.deadlines.items()
        ]
        return self.below().annotate(
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

    def branch_states(self) -> dict[int, Counter[State]]:
        """Direct subordinate's key → the states of the units owing the report below it (not
        its own), counted in SQL: the branch is read off each unit's path (keys of primary
        keys, "/1/5/23/": 5 under the unit at "/1/"), so the 20,000 units at the top of the
        army are one GROUP BY, not 20,000 rows."""
        start = len(self.root) + 1
        branch = Substr("path", start, StrIndex(Substr("path", start), Value("/")) - 1)
        rows = (
            self.placed()
            .filter(unit__level__in=self.template.reporting_levels)
            .exclude(Q(unit_id=self.unit.pk) | Q(parent_id=self.unit.pk))
            .values_list(branch, "unit__level", "late")
            .annotate(units=Count("pk"))
            .order_by()
        )
        found: dict[int, Counter[State]] = {}
        for key, level, late, units in rows:
            found.setdefault(int(key), Counter())[self.states[(level, late)]] += units
        return found

    def owing(self) -> Q:
        """The units that owe the report: at a reporting level, the consolidating unit aside."""
        return Q(unit__level__in=self.template.reporting_levels) & ~Q(unit_id=self.unit.pk)

    def rows(self, chosen: Q, limit: int | None = None) -> tuple[list[Coverage], ReportRef | None]:
        """The units of ``chosen`` (at a reporting level), in tree order, as plain values: model
        objects and parsed timestamps for a 20 000-unit tree cost more than all the sums. Also
        the unit's own report when ``chosen`` takes the unit."""
        placed = self.placed().filter(unit__level__in=self.template.reporting_levels)
        if chosen:
            # As a value of each row, so that it reads the report already beside it: filter()
            # on a reverse relation joins the reports a second time.
            placed = placed.alias(
                chosen=ExpressionWrapper(chosen, output_field=BooleanField())
            ).filter(chosen=True)
        placed = (
            placed.order_by("path")
            .values_list(
                "unit_id", "parent_id", "path", "unit__code", "unit__name", "unit__short_name",
                "unit__level", "report__id", "report__status", "late", "report__regulation_id",
                "report__first_submitted_at",
            )
        )  # fmt: skip
        if limit is not None:
            placed = placed[:limit]
        root_depth, root_pk = self.root.count("/"), self.unit.pk
        deadlines, states, statuses = self.deadlines, self.states, self.statuses
        coverage: list[Coverage] = []
        own: ReportRef | None = None
        for (
            unit_id,
            parent_id,
            path,
            code,
            name,
            short_name,
            level,
            pk,
            status,
            late,
            rv,
            at,
        ) in placed:
            report = ReportRef(pk, status, rv, at) if pk is not None else None
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
        return coverage, own


# The most units looked up by code in one query: a page of a drill-down is at most 500.
REFS_BY_CODE = 1000


class OwedForPeriod(Owed):
    """Who owes a periodic report, read in SQL: ``tally`` counts, the direct subordinates and
    the first units of a list are small queries, the whole list one more when asked for."""

    def __init__(
        self,
        period: _Period,
        counts: Counts,
        versions: Mapping[int, int],
        children: list[Coverage],
        own: ReportRef | None,
    ) -> None:
        self._period = period
        self._rows = None
        self._versions = versions
        self.counts = counts
        self.children = children
        self.own = own

    def all(self) -> list[Coverage]:
        if self._rows is None:
            self._rows, _own = self._period.rows(Q(), None)
        return self._rows

    def first(self, kind: str, limit: int) -> list[Coverage]:
        if self._rows is not None:
            return super().first(kind, limit)
        return self._period.rows(_KIND_Q[kind] & self._period.owing(), limit)[0]

    def tree_order(self) -> dict[str, int]:
        """One query of codes, not the whole list: a drill-down at the top of the army orders
        20,000 units to show 500."""
        if self._rows is not None:
            return super().tree_order()
        codes = self._period.below().order_by("path").values_list("unit__code", flat=True)
        return {code: index for index, code in enumerate(codes)}

    def refs(self, codes: Collection[str]) -> dict[str, UnitRef]:
        # More than a page of codes (the whole drill-down, for the benchmark): the whole list,
        # rather than tens of thousands of parameters, more than SQLite takes in one query.
        if self._rows is not None or len(codes) > REFS_BY_CODE:
            return super().refs(codes)
        chosen = Q(unit__code__in=list(codes)) & self._period.owing()
        return {c.unit.code: c.unit for c in self._period.rows(chosen)[0]}

    def counted_versions(self, reference_id: int | None) -> list[int]:
        return sorted(v for v, n in self._versions.items() if n and v != reference_id)

    def units_by_version(self, versions: Sequence[int]) -> dict[int, list[UnitRef]]:
        """One query, only when a variant's values are listed as not combined."""
        chosen = Q(report__regulation_id__in=versions, report__status__in=self._period.statuses)
        found: dict[int, list[UnitRef]] = {}
        for c in self._period.rows(chosen & self._period.owing())[0]:
            assert c.report is not None  # noqa: S101 (chosen by its report)
            found.setdefault(c.report.regulation_id, []).append(c.unit)
        return found


def tally(
    unit: Unit,
    template: ReportTemplate,
    period: Period,
    today: dt.date,
    statuses: tuple[str, ...],
    per_report: Sequence[Indicator] = (),
) -> tuple[Scope, OwedForPeriod, list[dict[str, Any]]]:
    """Which reports count (the figures' scope), who owes one, and the figures of the rules
    read report by report (figures.per_report_terms over ``per_report``), by regulation version.

    Three queries: the unit's place on the period's last day; one pass over the units below it
    with each one's report (and the values ``per_report`` reads) beside it, grouped by what
    decides a unit's state and summing those values — the count of who reported and the rules
    read report by report share the reading of 20,000 reports; and the direct subordinates, for
    the sections."""
    scope, at = _start(unit, template, period, today, statuses)
    if at is None:
        nowhere = _Period(unit, template, period, today, statuses, "-")
        return scope, OwedForPeriod(nowhere, Counts(), {}, [], None), []
    # Grouped by what decides a unit's state, so that each unit is judged once: a FILTER per
    # count evaluated the level and deadline tests again for each count (27 ms more at 20,000
    # units on PostgreSQL). Counts.summed turns the groups into counts.
    relations, sums = per_report_terms(per_report, "report__")
    rows = (
        at.placed()
        .annotate(**relations)
        .values(
            "report__regulation_id",
            "report__status",
            "late",
            owing=ExpressionWrapper(at.owing(), output_field=BooleanField()),
            own=ExpressionWrapper(Q(unit_id=unit.pk), output_field=BooleanField()),
        )
        .annotate(units=Count("pk"), **sums)
        .order_by()
    )
    groups: list[tuple[str, bool, bool, int]] = []
    counted: dict[int, int] = {}  # regulation version → its reports in the figures
    figures: list[dict[str, Any]] = []
    for row in rows:
        version, status, late, owing, is_own, n = (
            row.pop(key)
            for key in ("report__regulation_id", "report__status", "late", "owing", "own", "units")
        )
        received = status in statuses
        if owing:
            groups.append((status or "", bool(late), received, n))
            if version is not None and received:
                counted[version] = counted.get(version, 0) + n
        # The figures' rows (Scope.q): every report below that counts, whatever the level of
        # its unit, and the unit's own whatever its state.
        if received or is_own:
            figures.append({"version": version, **row})
    children, own = at.rows(_direct(unit))
    return scope, OwedForPeriod(at, Counts.summed(groups), counted, children, own), figures


def for_period(
    unit: Unit,
    template: ReportTemplate,
    period: Period,
    today: dt.date,
    statuses: tuple[str, ...],
    *,
    direct: bool = False,
) -> tuple[Scope, list[Coverage], ReportRef | None]:
    """Who owes the report, by the rules of khth.reports.expectations.expected_reports, every
    unit in tree order (``direct``: the direct subordinates only, read as such rather than
    picked from the whole subtree), and which reports count. Two queries."""
    scope, at = _start(unit, template, period, today, statuses)
    if at is None:
        return scope, [], None
    coverage, own = at.rows(_direct(unit) if direct else Q())
    return scope, coverage, own


def by_branch(
    unit: Unit, template: ReportTemplate, period: Period, today: dt.date, statuses: tuple[str, ...]
) -> tuple[list[Coverage], dict[int, Counter[State]]]:
    """The direct subordinates that owe the report, as ``for_period(direct=True)`` gives them,
    and the states of the units below each (``_Period.branch_states``). Three queries."""
    _scope, at = _start(unit, template, period, today, statuses)
    if at is None:
        return [], {}
    return at.rows(_direct(unit))[0], at.branch_states()


def _direct(unit: Unit) -> Q:
    """The unit's direct subordinates, and the unit itself for its own report."""
    return Q(parent_id=unit.pk) | Q(unit_id=unit.pk)


def _start(
    unit: Unit, template: ReportTemplate, period: Period, today: dt.date, statuses: tuple[str, ...]
) -> tuple[Scope, _Period | None]:
    """The unit's place on the period's last day (one query), and the reports that count: those
    of the units below it then, wherever they stand now."""
    on_end = on_date_q(period.end)
    root = UnitPlacement.objects.filter(on_end, unit=unit).values_list("path", flat=True).first()
    if root is None:  # the unit did not exist then
        return Scope({"pk__in": []}, statuses, unit.pk), None
    at = _Period(unit, template, period, today, statuses, root)
    filters = {
        "template_code": template.code,
        "period_id": period.id,
        "request__isnull": True,
        "unit_id__in": at.below().values("unit_id"),
    }
    return Scope(filters, statuses, unit.pk), at


def unit_ref(unit: Unit) -> UnitRef:
    return UnitRef(unit.pk, unit.code, unit.name, unit.short_name, unit.level)


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
        return ReportRef(report.pk, report.status, report.regulation_id, report.first_submitted_at)

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
