"""Who has followed a directive: per unit, studied it (date, attendance %), has a plan for it,
has reported results. The page shows one unit of the tree and its direct subordinates, each
with the counts over its own subtree; a subordinate with units below opens the same view one
level down. Four queries whatever the size of the tree (tests/directives pin it).

The export lists every unit of the subtree that must follow the directive (``full_rows``): one
query per kind of record, rows as many as the units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Func, IntegerField, Max, OuterRef, Q, QuerySet, Subquery

from khth.directives.access import followers, follows
from khth.directives.models import Directive, PlanLink, Result, Study
from khth.units.models import Unit


@dataclass
class Counts:
    """Over a subtree: units that must follow, and how many of them studied, planned,
    reported."""

    required: int = 0
    studied: int = 0
    planned: int = 0
    reported: int = 0

    def add(self, other: Counts) -> None:
        self.required += other.required
        self.studied += other.studied
        self.planned += other.planned
        self.reported += other.reported

    @staticmethod
    def _share(part: int, whole: int) -> Decimal | None:
        if not whole:
            return None
        return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def studied_share(self) -> Decimal | None:
        return self._share(self.studied, self.required)

    @property
    def planned_share(self) -> Decimal | None:
        return self._share(self.planned, self.required)

    @property
    def reported_share(self) -> Decimal | None:
        return self._share(self.reported, self.required)


def attendance(study: Study) -> Decimal:
    """Present at the study, in percent of those who had to study (make-up study aside)."""
    return (Decimal(100) * study.present / study.total).quantize(Decimal("0.1"), ROUND_HALF_UP)


def attendance_with_make_up(study: Study) -> Decimal:
    done = study.present + study.made_up
    return (Decimal(100) * done / study.total).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class UnitRow:
    unit: Unit
    follows: bool  # this unit itself must follow the directive
    study: Study | None = None
    plan: PlanLink | None = None
    results: int = 0  # result entries reported
    last_period: str = ""  # the latest period id reported
    # Over the unit's subtree, the unit included (the node's own row: the unit alone).
    below: Counts = field(default_factory=Counts)
    # The subtree holds other units that must follow: the row opens one level down.
    drills: bool = False


@dataclass
class Matrix:
    directive: Directive
    node: Unit
    own: UnitRow
    rows: list[UnitRow]  # the node's direct subordinates with someone to follow below
    totals: Counts  # over the node's subtree, the node included


def _count(rows: QuerySet[Any], column: str) -> Subquery:
    """COUNT(DISTINCT column) over ``rows``, correlated to the outer unit, as one subquery."""
    counted = rows.order_by().annotate(n=Func(F(column), function="COUNT", template=_DISTINCT))
    return Subquery(counted.values("n"), output_field=IntegerField())


_DISTINCT = "%(function)s(DISTINCT %(expressions)s)"


def _below(directive: Directive, prefix: str) -> Q:
    """Rows whose unit is active, under the outer unit (OuterRef "path"), of the directive's
    levels."""
    q = Q(**{f"{prefix}path__startswith": OuterRef("path"), f"{prefix}valid_to__isnull": True})
    if directive.levels:
        q &= Q(**{f"{prefix}level__in": directive.levels})
    return q


def _counted_children(directive: Directive, node: Unit) -> list[Unit]:
    """The node's active direct subordinates, each annotated with the counts over its subtree:
    one query."""
    return list(
        Unit.objects.filter(parent=node, valid_to__isnull=True)
        .annotate(
            n_required=_count(Unit.objects.filter(_below(directive, "")), "pk"),
            n_studied=_count(
                Study.objects.filter(directive=directive).filter(_below(directive, "unit__")),
                "unit_id",
            ),
            n_planned=_count(
                PlanLink.objects.filter(directive=directive).filter(_below(directive, "unit__")),
                "unit_id",
            ),
            n_reported=_count(
                Result.objects.filter(directive=directive).filter(_below(directive, "unit__")),
                "unit_id",
            ),
        )
        .order_by("path")
    )


def _fill(directive: Directive, rows: list[UnitRow], units: Q) -> None:
    """Each row's own study, plan and results: three queries for all the rows (``units``
    narrows the records to the rows' units)."""
    by_unit = {row.unit.pk: row for row in rows}
    for study in Study.objects.filter(units, directive=directive):
        if study.unit_id in by_unit:
            by_unit[study.unit_id].study = study
    for link in PlanLink.objects.filter(units, directive=directive).select_related("plan"):
        if link.unit_id in by_unit:
            by_unit[link.unit_id].plan = link
    results = (
        Result.objects.filter(units, directive=directive)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"), last=Max("period_id"))
    )
    for line in results:
        if line["unit_id"] in by_unit:
            row = by_unit[line["unit_id"]]
            row.results = line["n"]
            row.last_period = line["last"]


def _own_counts(row: UnitRow) -> Counts:
    if not row.follows:
        return Counts()
    return Counts(
        required=1,
        studied=int(row.study is not None),
        planned=int(row.plan is not None),
        reported=int(row.results > 0),
    )


def matrix(directive: Directive, node: Unit) -> Matrix:
    """The node (a unit of the directive's subtree) and its direct subordinates: four
    queries."""
    children = _counted_children(directive, node)
    own = UnitRow(node, follows(directive, node))
    rows = []
    for child in children:
        below = Counts(
            required=child.n_required or 0,  # type: ignore[attr-defined]
            studied=child.n_studied or 0,  # type: ignore[attr-defined]
            planned=child.n_planned or 0,  # type: ignore[attr-defined]
            reported=child.n_reported or 0,  # type: ignore[attr-defined]
        )
        if not below.required:
            continue  # nobody to follow the directive down there
        itself = follows(directive, child)
        rows.append(UnitRow(child, itself, below=below, drills=below.required > int(itself)))
    _fill(directive, [own, *rows], Q(unit_id__in=[node.pk, *(r.unit.pk for r in rows)]))
    own.below = _own_counts(own)
    totals = Counts()
    totals.add(own.below)
    for row in rows:
        totals.add(row.below)
    return Matrix(directive, node, own, rows, totals)


def full_rows(directive: Directive, node: Unit) -> list[UnitRow]:
    """Every unit of ``node``'s subtree that must follow ``directive``, in tree order, with its
    own records: four queries."""
    rows = [UnitRow(u, True) for u in followers(directive, node).order_by("path")]
    _fill(directive, rows, Q(unit__path__startswith=node.path))
    for row in rows:
        row.below = _own_counts(row)
    return rows


def totals_of(rows: list[UnitRow]) -> Counts:
    totals = Counts()
    for row in rows:
        totals.add(row.below)
    return totals
