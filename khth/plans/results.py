"""Progress and results: a task's state against its dates, a target met or missed according to
the reports of its period, a plan's completion.

A target tied to an indicator is read from the consolidation of the plan's unit (its own report
and its subtree's, by the indicator's rule) for the period of the indicator's template that holds
the target's due date (default: the plan's last day). "Đạt / không đạt" is given once that period
is over; before, the figure so far is shown as pending.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_noop

from khth.lib import clock
from khth.periods import Period, period_of
from khth.plans.models import Plan, Target, Task
from khth.plans.stored import regulation
from khth.reports.consolidation import Consolidation, ConsolidationError, consolidate
from khth.reports.panels import Shown
from khth.reports.rollup import Count

OVERDUE = "overdue"
TASK_STATES = {
    Task.NOT_STARTED: gettext_noop("Chưa thực hiện"),
    Task.IN_PROGRESS: gettext_noop("Đang thực hiện"),
    Task.DONE: gettext_noop("Đã hoàn thành"),
    OVERDUE: gettext_noop("Quá hạn"),
}

MET = "met"
MISSED = "missed"
PENDING = "pending"
NO_DATA = "no_data"
IN_WORDS = "in_words"
TARGET_STATES = {
    MET: gettext_noop("Đạt chỉ tiêu"),
    MISSED: gettext_noop("Không đạt chỉ tiêu"),
    PENDING: gettext_noop("Chưa hết kỳ"),
    NO_DATA: gettext_noop("Chưa có số liệu"),
    IN_WORDS: gettext_noop("Đánh giá theo báo cáo"),
}


def task_state(task: Task, today: dt.date | None = None) -> str:
    """The stored progress, or "overdue" when the task ended before today and is not done."""
    today = today or clock.today()
    if task.progress != Task.DONE and task.ends_on is not None and task.ends_on < today:
        return OVERDUE
    return task.progress


@dataclass(frozen=True)
class TargetResult:
    target: Target
    state: str
    actual: Decimal | None = None
    display: str = ""
    period: Period | None = None

    @property
    def label(self) -> str:
        return TARGET_STATES[self.state]


def compare(comparison: str, actual: Decimal, wanted: Decimal) -> bool:
    if comparison == ">=":
        return actual >= wanted
    if comparison == ">":
        return actual > wanted
    if comparison == "<=":
        return actual <= wanted
    if comparison == "<":
        return actual < wanted
    return actual == wanted


def as_number(value: object) -> Decimal | None:
    """A consolidated figure as a number to compare: counts of units by their hits."""
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Count):
        return Decimal(value.hits)
    return None


class Evaluator:
    """Evaluates targets, consolidating each (template, period) once."""

    def __init__(self, plan: Plan, today: dt.date | None = None) -> None:
        self.plan = plan
        self.today = today or clock.today()
        self.reg = regulation(plan)
        self._cache: dict[tuple[str, str], Consolidation | None] = {}

    def evaluate(self, target: Target) -> TargetResult:
        if not (target.indicator_code and target.comparison and target.value is not None):
            return TargetResult(target, IN_WORDS)
        try:
            template = self.reg.report_template(target.template_code)
        except KeyError:
            return TargetResult(target, NO_DATA)
        if template.frequency is None:
            return TargetResult(target, IN_WORDS)
        period = period_of(target.due_on or self.plan.ends_on, template.frequency)
        consolidation = self._consolidation(template.code, period)
        figure = consolidation.indicators.get(target.indicator_code) if consolidation else None
        actual = as_number(figure.value) if figure is not None else None
        display = figure.display if figure is not None and actual is not None else ""
        if period.end >= self.today:
            return TargetResult(target, PENDING, actual, display, period)
        if actual is None:
            return TargetResult(target, NO_DATA, None, "", period)
        met = compare(target.comparison, actual, target.value)
        return TargetResult(target, MET if met else MISSED, actual, display, period)

    def knows(self, consolidation: Consolidation) -> None:
        """Reuse a consolidation already made (the consolidation page's own)."""
        if consolidation.period is not None:
            self._cache[(consolidation.template.code, consolidation.period.id)] = consolidation

    def _consolidation(self, template_code: str, period: Period) -> Consolidation | None:
        key = (template_code, period.id)
        if key not in self._cache:
            try:
                self._cache[key] = consolidate(
                    self.plan.unit, template_code, period_id=period.id, today=self.today
                )
            except ConsolidationError:
                self._cache[key] = None
        return self._cache[key]


@dataclass
class Progress:
    tasks: int = 0
    done: int = 0
    overdue: int = 0
    in_progress: int = 0
    targets: list[TargetResult] = field(default_factory=list)

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.tasks) if self.tasks else 0

    @property
    def met(self) -> list[TargetResult]:
        return [r for r in self.targets if r.state == MET]

    @property
    def missed(self) -> list[TargetResult]:
        return [r for r in self.targets if r.state == MISSED]


def progress_of(
    plan: Plan,
    today: dt.date | None = None,
    *,
    tasks: Iterable[Task] | None = None,
    targets: Iterable[Target] | None = None,
) -> Progress:
    today = today or clock.today()
    out = Progress()
    for task in tasks if tasks is not None else plan.tasks.all():
        state = task_state(task, today)
        out.tasks += 1
        out.done += state == Task.DONE
        out.overdue += state == OVERDUE
        out.in_progress += state == Task.IN_PROGRESS
    evaluator = Evaluator(plan, today)
    out.targets = [
        evaluator.evaluate(t) for t in (targets if targets is not None else plan.targets.all())
    ]
    return out


def targets_for_consolidation(consolidation: Consolidation) -> list[TargetResult]:
    """Targets of the unit's plans in force whose indicator is among this consolidation's
    figures and whose due period is this one: the plan results shown next to the figures."""
    period = consolidation.period
    if period is None:
        return []
    plans = [
        p
        for p in Plan.objects.filter(
            unit=consolidation.unit,
            status__in=Plan.IN_FORCE,
            starts_on__lte=period.end,
            ends_on__gte=period.start,
        ).select_related("unit", "regulation")
    ]
    latest: dict[object, Plan] = {}
    for p in plans:
        if p.series not in latest or p.version > latest[p.series].version:
            latest[p.series] = p
    out: list[TargetResult] = []
    for plan in latest.values():
        evaluator = Evaluator(plan)
        evaluator.knows(consolidation)
        for target in plan.targets.filter(template_code=consolidation.template.code):
            due = period_of(target.due_on or plan.ends_on, period.type)
            if due.id == period.id and target.indicator_code in consolidation.indicators:
                out.append(evaluator.evaluate(target))
    return out


def consolidation_panel(consolidation: Consolidation) -> Shown | None:
    """The unit's plan targets due in the consolidation's period, evaluated on its figures."""
    results = targets_for_consolidation(consolidation)
    if not results:
        return None
    return Shown("plans/panels/consolidation_targets.html", {"results": results})
