"""Who may see and do what with reports. Built on khth.units.access, like every object type."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from khth.accounts.models import User
from khth.periods import Period, parse_period, period_of
from khth.regulations.schema import Regulation, for_unit_type
from khth.regulations.schema.reports import ReportTemplate
from khth.reports.models import Report, ReportRequest
from khth.reports.timeliness import deadline_for
from khth.units.access import READ, get_visible, holders_at, scope_for
from khth.units.models import Unit
from khth.units.regulation import regulations_for
from khth.web.lists import counted_first

PREPARE = "report.prepare"
SUBMIT = "report.submit"
REVIEW = "report.review"


def visible_reports(user: Any) -> QuerySet[Report]:
    return Report.objects.filter(scope_for(user).q("unit__path"))


def get_report_for_user(user: Any, pk: int, *, permission: str = READ) -> Report:
    """404 outside the scope; 403 inside it without ``permission`` (REVIEW means: held at the
    report unit's direct superior)."""
    rows = visible_reports(user).select_related("unit", "unit__parent", "regulation")
    report = get_visible(rows, pk, "report")
    if not can(user, report, permission):
        raise PermissionDenied(permission)
    return report


def can(user: Any, report: Report, permission: str) -> bool:
    return can_at(user, report.unit, permission)


def can_at(user: Any, unit: Unit, permission: str) -> bool:
    """Reading follows the subtree. Preparing and submitting are done by the unit's own people
    (a superior never edits a subordinate's report); reviewing by its direct superior's."""
    scope = scope_for(user)
    if permission in {PREPARE, SUBMIT}:
        return scope.holds_at(unit, permission)
    if permission == REVIEW:
        return unit.parent is not None and scope.holds_at(unit.parent, REVIEW)
    return scope.allows(unit, permission)


def reviewers_of(unit: Unit) -> QuerySet[User]:
    """People who review what ``unit`` submits: REVIEW holders at its direct superior."""
    if unit.parent is None:
        return User.objects.none()
    return holders_at(unit.parent, REVIEW)


def preparers_of(unit: Unit) -> QuerySet[User]:
    return holders_at(unit, PREPARE)


def visible_requests(user: Any) -> QuerySet[ReportRequest]:
    """Requests made in the user's subtree, and requests explicitly addressed to a unit the user
    may see — the one way data from above reaches a subordinate."""
    scope = scope_for(user)
    addressed = ReportRequest.objects.filter(
        addressees__in=Unit.objects.filter(scope.q("path"))
    ).values("pk")
    return ReportRequest.objects.filter(Q(pk__in=addressed) | scope.q("from_unit__path"))


def get_request_for_user(user: Any, pk: int) -> ReportRequest:
    return get_visible(visible_requests(user).select_related("from_unit"), pk, "request")


# --- what the home page asks of reports ---------------------------------------------------
# Each answers for the units where the user's own membership acts (not the subtree below), in a
# fixed number of queries, and gives a count with only the first ``limit`` rows: the home of a
# user at the top of a large tree stays as fast as a company's.

DUE_WITHIN_DAYS = 14


@dataclass(frozen=True)
class Due:
    unit: Unit
    title: str
    period_label: str
    deadline: dt.date
    link: str

    def days_late(self, today: dt.date) -> int:
        return (today - self.deadline).days


def due_reports(user: Any, today: dt.date, *, within_days: int = DUE_WITHIN_DAYS) -> list[Due]:
    """Reports the user prepares, not yet submitted, due by ``today + within_days`` or overdue:
    the previous and current period of every periodic template the unit's level owes, and ad
    hoc requests addressed to the unit; by deadline. At most a few per template and unit, so
    the list is short by nature."""
    units = scope_for(user).units_holding(PREPARE)
    if not units:
        return []
    horizon = today + dt.timedelta(days=within_days)
    # Each unit owes what its own regulation says (a variant in a scope, else the base).
    regulations = regulations_for(units)
    owed: list[tuple[Unit, ReportTemplate, Period, dt.date]] = []
    for unit in units:
        for template in _periodic_owed(regulations[unit.pk], unit):
            if template.frequency is None:
                continue
            current = period_of(today, template.frequency)
            for period in (current.previous(), current):
                if not (unit.is_active_on(period.start) or unit.is_active_on(period.end)):
                    continue
                deadline = deadline_for(template, unit.level, period)
                if deadline <= horizon:
                    owed.append((unit, template, period, deadline))
    submitted = set(
        Report.objects.filter(
            unit__in=units,
            request__isnull=True,
            first_submitted_at__isnull=False,
            period_id__in={p.id for _u, _t, p, _d in owed},
        ).values_list("unit_id", "template_code", "period_id")
    )
    out = [
        Due(
            unit,
            template.name,
            period.label,
            deadline,
            reverse("report-open", args=[unit.code, template.code, period.id]),
        )
        for unit, template, period, deadline in owed
        if (unit.pk, template.code, period.id) not in submitted
    ]
    by_id = {u.pk: u for u in units}
    requested = list(
        ReportRequest.addressees.through.objects.filter(
            unit_id__in=by_id, reportrequest__deadline__lte=horizon
        ).select_related("reportrequest")
    )
    answered = set(
        Report.objects.filter(
            request_id__in={a.reportrequest_id for a in requested},
            unit_id__in=by_id,
            first_submitted_at__isnull=False,
        ).values_list("request_id", "unit_id")
        if requested
        else ()
    )
    out += [
        Due(
            by_id[a.unit_id],
            a.reportrequest.title,
            _("Báo cáo đột xuất"),
            a.reportrequest.deadline,
            reverse("request-detail", args=[a.reportrequest_id]),
        )
        for a in requested
        if (a.reportrequest_id, a.unit_id) not in answered
    ]
    return sorted(out, key=lambda d: (d.deadline, d.unit.path, d.title))


def _periodic_owed(regulation: Regulation, unit: Unit) -> list[ReportTemplate]:
    """The periodic templates ``unit`` sends up: its level's, and its type's."""
    return [
        t
        for t in regulation.report_templates
        if t.kind == "periodic"
        and t.frequency is not None
        and unit.level in t.reporting_levels
        and for_unit_type(t.unit_types, unit.unit_type)
    ]


def review_queue(user: Any, *, limit: int) -> tuple[int, list[Report]]:
    """Reports submitted to the user for review (by a direct subordinate of a unit where the
    user holds REVIEW) and not yet accepted or returned: how many, and the oldest ``limit``."""
    ids = [g.unit_id for g in scope_for(user).grants if REVIEW in g.permissions]
    waiting = visible_reports(user).filter(status=Report.SUBMITTED, unit__parent_id__in=ids)
    return counted_first(
        waiting.select_related("unit", "request").order_by("submitted_at", "pk"), limit
    )


def period_label(report: Report) -> str:
    """What a report covers, as people say it: "Tháng 11/2026", or an ad hoc request's title."""
    if report.request_id is not None:
        return f"«{report.request.title}»" if report.request else ""
    return parse_period(report.period_id).label


@dataclass(frozen=True)
class Unreported:
    unit: Unit
    title: str
    period_label: str
    deadline: dt.date


def unreported_units(user: Any, today: dt.date, *, limit: int) -> tuple[int, list[Unreported]]:
    """Direct subordinates of the user's units that have not submitted the latest periodic
    report whose deadline has passed: how many such reports, and the most overdue ``limit``.
    The whole subtree is on the rates page; here is what the user can chase today."""
    ids = [g.unit_id for g in scope_for(user).grants]
    children = list(Unit.objects.filter(parent_id__in=ids, valid_to__isnull=True))
    regulations = regulations_for(children)
    owed: list[Unreported] = []
    keys: list[tuple[int, str, str]] = []
    for unit in children:
        for template in _periodic_owed(regulations[unit.pk], unit):
            if template.frequency is None:
                continue
            current = period_of(today, template.frequency)
            for period in (current, current.previous()):
                deadline = deadline_for(template, unit.level, period)
                if deadline < today:
                    owed.append(Unreported(unit, template.name, period.label, deadline))
                    keys.append((unit.pk, template.code, period.id))
                    break
    submitted = set(
        Report.objects.filter(
            unit__in=children,
            request__isnull=True,
            first_submitted_at__isnull=False,
            period_id__in={k[2] for k in keys},
        ).values_list("unit_id", "template_code", "period_id")
    )
    missing = [row for row, key in zip(owed, keys, strict=True) if key not in submitted]
    missing.sort(key=lambda r: (r.deadline, r.unit.path, r.title))
    return len(missing), missing[:limit]
