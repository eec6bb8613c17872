"""Evidence the system already holds, per criterion and veto of the evaluation rules, for one
unit and period: its own reports on time and complete, its plans and their targets, indicator
values of the period's report. Criteria bound to capabilities KHTH does not have yet (documents,
record books, inspections) are left to be scored by hand.

Each fact carries a summary in words, the value, a suggested score and links to the sources, so
the page can show why a criterion was pre-scored as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khth.docsystem.records.compliance import BOOK, DOCUMENT, NOT_DUE, PRESENT, compliance_of
from khth.inspections.models import Inspection
from khth.periods import Period, periods_between
from khth.plans.models import Plan
from khth.plans.results import MET, MISSED, Evaluator, as_number, compare
from khth.regulations.schema import Criterion, Regulation
from khth.regulations.schema.evaluation import INDICATOR_EVIDENCE_PREFIX
from khth.reports.actions import completeness
from khth.reports.consolidation import ConsolidationError, consolidate
from khth.reports.models import Report
from khth.reports.timeliness import State, deadline_for, state
from khth.units.models import Unit

HALF = Decimal("0.5")


@dataclass(frozen=True)
class Fact:
    summary: str
    value: str = ""
    points: Decimal | None = None  # the suggested score; None: to be scored by hand
    links: tuple[tuple[str, str], ...] = ()
    available: bool = True

    def as_json(self) -> dict[str, object]:
        return {
            "summary": self.summary,
            "value": self.value,
            "links": [list(link) for link in self.links],
            "available": self.available,
        }


def _share_points(criterion: Criterion, hits: int, total: int) -> Decimal | None:
    if total == 0:
        return None
    return _round(Decimal(criterion.max_points) * hits / total)


def _round(points: Decimal) -> Decimal:
    """To the half point, as scores are written by hand."""
    return (points / HALF).quantize(Decimal(1), rounding=ROUND_HALF_UP) * HALF


@dataclass
class Gatherer:
    unit: Unit
    period: Period
    regulation: Regulation
    today: dt.date
    _reports: list[Report] | None = field(default=None, repr=False)

    def fact(self, criterion: Criterion) -> Fact | None:
        key = criterion.evidence
        if key is None:
            return None
        if key.startswith(INDICATOR_EVIDENCE_PREFIX):
            return self.indicator(criterion, key.removeprefix(INDICATOR_EVIDENCE_PREFIX))
        if key == "reports.on_time":
            return self.on_time(criterion)
        if key == "reports.complete":
            return self.complete(criterion)
        if key == "plans.complete":
            return self.plans_complete(criterion)
        if key == "plans.targets_met":
            return self.targets_met(criterion)
        if key == "documents.complete":
            return self.documents_complete(criterion)
        if key == "records.up_to_date":
            return self.books_up_to_date(criterion)
        if key == "inspections.done":
            return self.inspections_done(criterion)
        return Fact(_("Chưa có dữ liệu trong hệ thống: chấm tay, ghi căn cứ"), available=False)

    # --- reports -----------------------------------------------------------------------------

    def expected(self) -> list[tuple[str, Period, Report | None, State]]:
        """The unit's own periodic reports due within the evaluation period, with their state."""
        if self._reports is None:
            self._reports = list(
                Report.objects.filter(
                    unit=self.unit,
                    request__isnull=True,
                    period_start__gte=self.period.start,
                    period_end__lte=self.period.end,
                )
            )
        stored = {(r.template_code, r.period_id): r for r in self._reports}
        rows = []
        for template in self.regulation.report_templates:
            if template.kind != "periodic" or template.frequency is None:
                continue
            if self.unit.level not in template.reporting_levels:
                continue
            for period in periods_between(self.period.start, self.period.end, template.frequency):
                if period.start < self.period.start or period.end > self.period.end:
                    continue
                deadline = deadline_for(template, self.unit.level, period)
                if deadline > self.today:
                    continue
                report = stored.get((template.code, period.id))
                submitted = (
                    timezone.localdate(report.first_submitted_at)
                    if report is not None and report.first_submitted_at is not None
                    else None
                )
                rows.append((template.code, period, report, state(submitted, deadline, self.today)))
        return rows

    def on_time(self, criterion: Criterion) -> Fact:
        rows = self.expected()
        hits = sum(1 for *_rest, s in rows if s == State.ON_TIME)
        late = [(code, p) for code, p, _r, s in rows if s != State.ON_TIME]
        return Fact(
            _("%(hits)s/%(total)s báo cáo định kỳ gửi đúng hạn")
            % {"hits": hits, "total": len(rows)}
            + (
                _("; chậm hoặc thiếu: %(list)s")
                % {"list": ", ".join(p.label for _c, p in late[:6])}
                if late
                else ""
            ),
            value=f"{hits}/{len(rows)}",
            points=_share_points(criterion, hits, len(rows)),
            links=self._rates_link(),
        )

    def complete(self, criterion: Criterion) -> Fact:
        submitted = [
            r for _c, _p, r, _s in self.expected() if r is not None and r.first_submitted_at
        ]
        short = [r for r in submitted if completeness(r).missing]
        hits = len(submitted) - len(short)
        return Fact(
            _("%(hits)s/%(total)s báo cáo đã gửi có đủ nội dung bắt buộc")
            % {"hits": hits, "total": len(submitted)},
            value=f"{hits}/{len(submitted)}",
            points=_share_points(criterion, hits, len(submitted)),
            links=tuple(
                (
                    _("Báo cáo thiếu nội dung: %(period)s") % {"period": r.period_id},
                    reverse("report-detail", args=[r.pk]),
                )
                for r in short[:6]
            ),
        )

    def _rates_link(self) -> tuple[tuple[str, str], ...]:
        return ((_("Tình hình gửi báo cáo"), reverse("report-list") + f"?unit={self.unit.code}"),)

    # --- plans -------------------------------------------------------------------------------

    def _plans(self) -> list[Plan]:
        return list(
            Plan.objects.filter(
                unit=self.unit,
                starts_on__gte=self.period.start,
                ends_on__lte=self.period.end,
            ).select_related("unit", "regulation")
        )

    def plans_complete(self, criterion: Criterion) -> Fact:
        """Periodic plan kinds the unit's level must issue, one per period within the span."""
        plans = self._plans()
        approved = {(p.kind_code, p.period_id) for p in plans if p.status in Plan.IN_FORCE}
        owed: list[tuple[str, Period]] = []
        for kind in self.regulation.plan_kinds():
            spec = kind.plan
            if spec is None or spec.period is None or not kind.required:
                continue
            if self.unit.level not in kind.issuing_levels:
                continue
            for period in periods_between(self.period.start, self.period.end, spec.period):
                if self.period.start <= period.start and period.end <= self.period.end:
                    owed.append((kind.code, period))
        hits = sum(1 for code, period in owed if (code, period.id) in approved)
        return Fact(
            _("%(hits)s/%(total)s kế hoạch định kỳ theo quy định đã phê duyệt")
            % {"hits": hits, "total": len(owed)},
            value=f"{hits}/{len(owed)}",
            points=_share_points(criterion, hits, len(owed)),
            links=((_("Kế hoạch của đơn vị"), reverse("plan-unit", args=[self.unit.code])),),
        )

    def targets_met(self, criterion: Criterion) -> Fact:
        met = missed = 0
        links: list[tuple[str, str]] = []
        latest: dict[object, Plan] = {}
        for plan in self._plans():
            if plan.status in Plan.IN_FORCE and (
                plan.series not in latest or plan.version > latest[plan.series].version
            ):
                latest[plan.series] = plan
        for plan in latest.values():
            evaluator = Evaluator(plan, self.today)
            for target in plan.targets.all():
                result = evaluator.evaluate(target)
                met += result.state == MET
                missed += result.state == MISSED
            links.append((plan.title, reverse("plan-detail", args=[plan.pk])))
        return Fact(
            _("%(met)s/%(total)s chỉ tiêu kế hoạch đo được đã đạt")
            % {"met": met, "total": met + missed},
            value=f"{met}/{met + missed}",
            points=_share_points(criterion, met, met + missed),
            links=tuple(links),
        )

    # --- the document system and inspections ------------------------------------------------

    def _last_day(self) -> dt.date:
        return min(self.period.end, self.today)

    def documents_complete(self, criterion: Criterion) -> Fact:
        """Documents the unit had to hold, month by month over the period (the compliance of
        the document system on the last day of each month), present / owed."""
        owed: dict[str, str] = {}
        for month in periods_between(self.period.start, self._last_day(), "monthly"):
            day = min(month.end, self._last_day())
            for item in compliance_of(self.unit, self.regulation, day):
                if item.kind == DOCUMENT and item.state != NOT_DUE:
                    # A later look at the same requirement wins: a document typed late counts.
                    owed[item.key] = item.state
        hits = sum(1 for state in owed.values() if state == PRESENT)
        return Fact(
            _("%(hits)s/%(total)s văn kiện phải có trong kỳ đã có")
            % {"hits": hits, "total": len(owed)},
            value=f"{hits}/{len(owed)}",
            points=_share_points(criterion, hits, len(owed)),
            links=((_("Hệ thống văn kiện"), reverse("records-unit", args=[self.unit.code])),),
        )

    def books_up_to_date(self, criterion: Criterion) -> Fact:
        """Record books the unit's level keeps, up to date on the period's last day."""
        books = [
            i for i in compliance_of(self.unit, self.regulation, self._last_day()) if i.kind == BOOK
        ]
        hits = sum(1 for i in books if i.state == PRESENT)
        stale = [i.name for i in books if i.state != PRESENT]
        return Fact(
            _("%(hits)s/%(total)s sổ sách cập nhật đúng định kỳ")
            % {"hits": hits, "total": len(books)}
            + (_("; chưa cập nhật: %(list)s") % {"list": ", ".join(stale[:4])} if stale else ""),
            value=f"{hits}/{len(books)}",
            points=_share_points(criterion, hits, len(books)),
            links=((_("Hệ thống văn kiện"), reverse("records-unit", args=[self.unit.code])),),
        )

    def inspections_done(self, criterion: Criterion) -> Fact:
        """Inspections the unit planned that were to end in the period: concluded / planned."""
        planned = list(
            Inspection.objects.filter(
                by_unit=self.unit,
                ends_on__gte=self.period.start,
                ends_on__lte=self._last_day(),
            ).values_list("status", flat=True)
        )
        hits = sum(1 for status in planned if status == Inspection.CONCLUDED)
        return Fact(
            _("%(hits)s/%(total)s cuộc kiểm tra theo kế hoạch đã kết luận")
            % {"hits": hits, "total": len(planned)},
            value=f"{hits}/{len(planned)}",
            points=_share_points(criterion, hits, len(planned)),
            links=((_("Kiểm tra của đơn vị"), reverse("inspection-unit", args=[self.unit.code])),),
        )

    # --- indicators --------------------------------------------------------------------------

    def indicator_value(self, code: str) -> tuple[object, str, str] | None:
        """(value, display, link) of an indicator for the unit's subtree over the period, from
        the period's report template that has it."""
        for template in self.regulation.report_templates:
            if template.frequency != self.period.type.value:
                continue
            if code not in {i.code for i in template.indicators}:
                continue
            try:
                consolidation = consolidate(
                    self.unit, template.code, period_id=self.period.id, today=self.today
                )
            except ConsolidationError:
                return None
            figure = consolidation.indicators.get(code)
            if figure is None or figure.value is None:
                return None
            link = reverse("consolidation", args=[self.unit.code, template.code, self.period.id])
            return figure.value, figure.display, link
        return None

    def indicator(self, criterion: Criterion, code: str) -> Fact:
        found = self.indicator_value(code)
        name = _indicator_name(self.regulation, code)
        if found is None:
            return Fact(
                _("Chưa có số liệu «%(name)s» kỳ %(period)s")
                % {"name": name, "period": self.period.label},
                available=False,
            )
        value, display, link = found
        number = as_number(value)
        points: Decimal | None = None
        rule = criterion.full_when
        if rule is not None and number is not None:
            met = compare(rule.op, number, Decimal(str(rule.value)))
            points = Decimal(criterion.max_points) if met else Decimal(0)
        elif _is_percentage(self.regulation, code) and number is not None:
            points = _round(Decimal(criterion.max_points) * min(number, Decimal(100)) / 100)
        elif hasattr(value, "hits") and hasattr(value, "total"):
            points = _share_points(criterion, value.hits, value.total)
        return Fact(
            _("%(name)s: %(value)s") % {"name": name, "value": display},
            value=display,
            points=points,
            links=((_("Số liệu tổng hợp kỳ %(period)s") % {"period": self.period.label}, link),),
        )

    def vetoes(self) -> dict[str, Fact]:
        """Vetoes bound to an indicator that apply: its value is true or above zero."""
        out: dict[str, Fact] = {}
        for veto in self.regulation.evaluation.vetoes:
            if veto.evidence is None or not veto.evidence.startswith(INDICATOR_EVIDENCE_PREFIX):
                continue
            code = veto.evidence.removeprefix(INDICATOR_EVIDENCE_PREFIX)
            found = self.indicator_value(code)
            if found is None:
                continue
            value, display, link = found
            number = as_number(value)
            if number is not None and number > 0:
                out[veto.code] = Fact(
                    _("%(name)s: %(value)s")
                    % {"name": _indicator_name(self.regulation, code), "value": display},
                    value=display,
                    links=((_("Số liệu tổng hợp"), link),),
                )
        return out


def _indicator_name(regulation: Regulation, code: str) -> str:
    for template in regulation.report_templates:
        for indicator in template.indicators:
            if indicator.code == code:
                return indicator.name
    return code


def _is_percentage(regulation: Regulation, code: str) -> bool:
    for template in regulation.report_templates:
        for indicator in template.indicators:
            if indicator.code == code:
                return indicator.type == "percentage"
    return False
