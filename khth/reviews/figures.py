"""The figures of a review, computed from what KHTH stores for the unit's subtree over the span,
each with a link to its source. Nothing here is stored: a review shows and exports them afresh,
so they stay linked to their sources.

Bins: calendar years for a span over 13 months (a 2- or 5-year review), months otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse

from khth.evaluations.models import Evaluation
from khth.inspections.models import Finding, Inspection, Remedy
from khth.periods import Period, periods_between
from khth.plans.models import Plan
from khth.plans.results import MET, MISSED, PENDING, Evaluator
from khth.regulations.schema import Regulation, ReportTemplate
from khth.reports.consolidation import ConsolidationError, consolidate
from khth.reports.expectations import expected_reports
from khth.reports.models import Report
from khth.reports.timeliness import State
from khth.units.models import Unit

# Timeliness counts every periodic template but the weekly one: 260 weekly periods in five
# years would say little that the monthly reports do not, at five times the cost.
RATED = ("monthly", "quarterly", "sixmonthly", "yearly")
DEFAULT_INDICATORS = ("gdct-ty-le", "dang-vien", "ket-nap", "vi-pham-nghiem-trong", "dao-ngu")


@dataclass(frozen=True)
class Bin:
    label: str
    start: dt.date
    end: dt.date
    period: Period  # the year or month itself


def bins(start: dt.date, end: dt.date) -> list[Bin]:
    kind = "yearly" if (end - start).days > 396 else "monthly"
    out = []
    for period in periods_between(start, end, kind):
        out.append(Bin(period.label, max(period.start, start), min(period.end, end), period))
    return out


@dataclass
class Timeliness:
    label: str
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0

    def percent(self, n: int) -> Decimal | None:
        if not self.expected:
            return None
        return (Decimal(100) * n / self.expected).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal | None
    display: str
    link: str


@dataclass(frozen=True)
class Trend:
    code: str
    name: str
    unit_of_measure: str
    points: tuple[Point, ...]


@dataclass
class Figures:
    unit: Unit
    start: dt.date
    end: dt.date
    bins: list[Bin]
    timeliness: list[Timeliness]
    submitted: int
    complete: int
    trends: list[Trend]
    targets: Counter[str]
    target_links: list[tuple[str, str]]
    levels: list[tuple[str, dict[str, int]]]  # evaluation period label → level code → count
    findings: Counter[str]
    remedies: Counter[str]
    recurring: list[tuple[str, int]]  # area code → number of units weak in it
    awards: dict[str, int] = field(default_factory=dict)

    @property
    def completeness_percent(self) -> Decimal | None:
        if not self.submitted:
            return None
        return (Decimal(100) * self.complete / self.submitted).quantize(Decimal("0.1"))


def timeliness(
    root: Unit, regulation: Regulation, bins_: list[Bin], today: dt.date
) -> list[Timeliness]:
    """Expected reports of the subtree (the root's own included) per bin, by the state of each
    on ``today``; a period counts in the bin holding its last day, once its deadline passed."""
    rows = [Timeliness(b.label) for b in bins_]
    start, end = bins_[0].start, bins_[-1].end
    for template in regulation.report_templates:
        if template.kind != "periodic" or template.frequency not in RATED:
            continue
        for period in periods_between(start, end, template.frequency):
            if period.start < start or period.end > end:
                continue
            index = next(i for i, b in enumerate(bins_) if b.start <= period.end <= b.end)
            for row in expected_reports(root, template, period, today, include_root=True):
                if row.state == State.NOT_DUE:
                    continue
                rows[index].expected += 1
                if row.state == State.ON_TIME:
                    rows[index].on_time += 1
                elif row.state == State.LATE:
                    rows[index].late += 1
                else:
                    rows[index].missing += 1
    return rows


def completeness(root: Unit, start: dt.date, end: dt.date) -> tuple[int, int]:
    """(submitted, complete) reports of the subtree in the span. A report cannot go up with
    required content missing unless each missing item carries a written reason, so a submitted
    report without reasons is complete."""
    submitted = Report.objects.filter(
        unit__path__startswith=root.path,
        first_submitted_at__isnull=False,
        period_start__gte=start,
        period_end__lte=end,
    ).annotate(reasons=Count("justifications"))
    total = submitted.count()
    return total, submitted.filter(reasons=0).count()


def _template_for(regulation: Regulation, code: str, frequency: str) -> ReportTemplate | None:
    for template in regulation.report_templates:
        if template.frequency == frequency and any(i.code == code for i in template.indicators):
            return template
    return None


def trends(
    root: Unit, regulation: Regulation, bins_: list[Bin], codes: list[str], today: dt.date
) -> list[Trend]:
    """Each indicator per bin, from the consolidation of the subtree for the bin's period (the
    yearly report for a year, the monthly one for a month)."""
    out = []
    names = {i.code: i for t in regulation.report_templates for i in t.indicators}
    cache: dict[tuple[str, str], object] = {}
    for code in codes:
        indicator = names.get(code)
        if indicator is None:
            continue
        points = []
        for b in bins_:
            template = _template_for(regulation, code, b.period.type.value)
            value: Decimal | None = None
            display, link = "", ""
            if template is not None:
                key = (template.code, b.period.id)
                if key not in cache:
                    try:
                        cache[key] = consolidate(
                            root, template.code, period_id=b.period.id, today=today
                        )
                    except ConsolidationError:
                        cache[key] = None
                consolidation = cache[key]
                figure = consolidation.indicators.get(code) if consolidation is not None else None  # type: ignore[attr-defined]
                if figure is not None and isinstance(figure.value, Decimal):
                    value, display = figure.value, figure.display
                    link = reverse("consolidation", args=[root.code, template.code, b.period.id])
            points.append(Point(b.label, value, display, link))
        out.append(Trend(code, indicator.name, indicator.unit or "", tuple(points)))
    return out


def targets(
    root: Unit, start: dt.date, end: dt.date, today: dt.date
) -> tuple[Counter[str], list[tuple[str, str]]]:
    """Measurable targets of the unit's own plans in force ending in the span: met, missed,
    pending, with links to the plans."""
    latest: dict[object, Plan] = {}
    for plan in Plan.objects.filter(
        unit=root, status__in=Plan.IN_FORCE, ends_on__gte=start, ends_on__lte=end
    ).select_related("unit", "regulation"):
        if plan.series not in latest or plan.version > latest[plan.series].version:
            latest[plan.series] = plan
    counts: Counter[str] = Counter()
    links = []
    for plan in sorted(latest.values(), key=lambda p: p.starts_on):
        evaluator = Evaluator(plan, today)
        for target in plan.targets.all():
            state = evaluator.evaluate(target).state
            if state in (MET, MISSED, PENDING):
                counts[state] += 1
        links.append((plan.title, reverse("plan-detail", args=[plan.pk])))
    return counts, links


def levels(
    root: Unit, regulation: Regulation, start: dt.date, end: dt.date
) -> list[tuple[str, dict[str, int]]]:
    """Decided evaluation levels of the subtree (the root excluded) per evaluation period, in
    the order of time (a half-year before the year it ends)."""
    out: list[tuple[Period, dict[str, int]]] = []
    for frequency in regulation.evaluation.periods:
        for period in periods_between(start, end, frequency):
            if period.start < start or period.end > end:
                continue
            rows = (
                Evaluation.objects.filter(
                    unit__path__startswith=root.path,
                    period_id=period.id,
                    status=Evaluation.DECIDED,
                )
                .exclude(unit=root)
                .values("decided_level")
                .annotate(n=Count("pk"))
            )
            counted = {r["decided_level"]: r["n"] for r in rows}
            if counted:
                out.append((period, counted))
    # The regulation lists the frequencies, not the periods, in order: sort by the end, the
    # shorter period first.
    out.sort(key=lambda item: (item[0].end, (item[0].end - item[0].start).days))
    return [(period.label, counted) for period, counted in out]


def inspections(
    root: Unit, start: dt.date, end: dt.date, today: dt.date
) -> tuple[Counter[str], Counter[str], list[tuple[str, int]]]:
    """Findings by kind and remedies by state in the subtree for inspections held in the span,
    and the areas in which two or more units were found weak."""
    held = Inspection.objects.filter(starts_on__gte=start, starts_on__lte=end)
    findings = Finding.objects.filter(inspection__in=held, unit__path__startswith=root.path)
    by_kind: Counter[str] = Counter(dict(findings.values_list("kind").annotate(n=Count("pk"))))
    remedies = Remedy.objects.filter(finding__in=findings)
    by_state: Counter[str] = Counter()
    by_state["closed"] = remedies.filter(status=Remedy.CLOSED).count()
    by_state["overdue"] = remedies.filter(status=Remedy.OPEN, deadline__lt=today).count()
    by_state["open"] = remedies.filter(status=Remedy.OPEN, deadline__gte=today).count()
    weak = findings.filter(kind__in=[Finding.WEAKNESS, Finding.VIOLATION])
    units_per_area = weak.values("area").annotate(n=Count("unit", distinct=True)).filter(n__gte=2)
    recurring = sorted(((r["area"], r["n"]) for r in units_per_area), key=lambda x: (-x[1], x[0]))
    return by_kind, by_state, recurring


def figures_of(
    root: Unit,
    regulation: Regulation,
    start: dt.date,
    end: dt.date,
    indicators: list[str] | None,
    today: dt.date,
) -> Figures:
    from khth.awards.counts import counts as award_counts

    bins_ = bins(start, end)
    submitted, complete = completeness(root, start, end)
    target_counts, target_links = targets(root, start, end, today)
    findings, remedies, recurring = inspections(root, start, end, today)
    awarded = award_counts(root, start, end)
    return Figures(
        unit=root,
        start=start,
        end=end,
        bins=bins_,
        timeliness=timeliness(root, regulation, bins_, today),
        submitted=submitted,
        complete=complete,
        trends=trends(root, regulation, bins_, list(indicators or DEFAULT_INDICATORS), today),
        targets=target_counts,
        target_links=target_links,
        levels=levels(root, regulation, start, end),
        findings=findings,
        remedies=remedies,
        recurring=recurring,
        awards={
            "collective": awarded.collective,
            "individual": awarded.individual,
            **awarded.by_title,
        },
    )
