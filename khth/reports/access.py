"""Who may see and do what with reports. Built on khth.units.access, like every object type."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from khth.accounts.models import User
from khth.reports.models import Report, ReportRequest
from khth.units.access import READ, get_visible, holders_at, scope_for
from khth.units.models import Unit

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
