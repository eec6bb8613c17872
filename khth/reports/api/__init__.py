"""/api/v1/reports — list, read, update with a version check, and the workflow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from khth.api.answers import version_conflict
from khth.api.query import filtered, page
from khth.api.schemas import Error, Limit, Offset, VersionConflictOut
from khth.reports import access
from khth.reports.actions import (
    ConflictError,
    Content,
    ContentError,
    SubmissionBlocked,
    accept_report,
    completeness,
    open_report,
    return_report,
    save_report,
    submit_report,
    unlock_report,
    values_of,
)
from khth.reports.models import Report
from khth.units import access as unit_access

router = Router(tags=["reports"])


class ReportFindingOut(Schema):
    kind: str
    code: str
    message: str
    justified: bool
    blocking: bool


class ReportSummary(Schema):
    id: int
    unit_code: str
    template_code: str
    period_id: str
    request_id: int | None
    status: str
    version: int
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None


class ReportValueOut(Schema):
    number: Decimal | None
    flag: bool | None
    text: str


class ReportOut(ReportSummary):
    sections: dict[str, str]
    values: dict[str, ReportValueOut]
    justifications: dict[str, str]
    findings: list[ReportFindingOut]
    can_submit: bool


class ReportFilter(Schema):
    unit: str | None = None
    template: str | None = None
    period: str | None = None
    status: str | None = None
    limit: Limit = 100
    offset: Offset = 0


class ReportOpenIn(Schema):
    unit_code: str
    template_code: str
    period_id: str


class ReportUpdateIn(Schema):
    version: int
    sections: dict[str, str] | None = None
    values: dict[str, str | None] | None = None
    # "section:<code>" or "indicator:<code>" → reason; an empty reason removes it.
    justifications: dict[str, str] | None = None


class ReportProblemsOut(Schema):
    detail: str
    problems: list[dict[str, str]]


class ReportCommentIn(Schema):
    comment: str = ""


class ReasonIn(Schema):
    reason: str


def summary(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "unit_code": report.unit.code,
        "template_code": report.template_code,
        "period_id": report.period_id,
        "request_id": report.request_id,
        "status": report.status,
        "version": report.version,
        "submitted_at": report.submitted_at,
        "accepted_at": report.accepted_at,
    }


def full(request: HttpRequest, report: Report) -> dict[str, Any]:
    result = completeness(report)
    return {
        **summary(report),
        "sections": {s.section_code: s.html for s in report.sections.all()},
        "values": {
            code: {"number": v.number, "flag": v.flag, "text": v.text}
            for code, v in values_of(report).items()
        },
        "justifications": {
            f"{j.item_kind}:{j.item_code}": j.text for j in report.justifications.all()
        },
        "findings": [
            {
                "kind": f.kind,
                "code": f.code,
                "message": f.message,
                "justified": f.justified,
                "blocking": f.blocking,
            }
            for f in result.findings
        ],
        "can_submit": result.can_submit,
    }


@router.get("/reports", response={200: list[ReportSummary], 404: Error})
def list_reports(request: HttpRequest, filters: Query[ReportFilter]) -> list[dict[str, Any]]:
    reports = access.visible_reports(request.user).select_related("unit")
    if filters.unit:
        unit = unit_access.get_unit_for_user(request.user, filters.unit)
        reports = reports.filter(unit__path__startswith=unit.path)
    reports = filtered(
        reports,
        template_code=filters.template,
        period_id=filters.period,
        status=filters.status,
    )
    return [summary(r) for r in reports[page(filters.limit, filters.offset)]]


@router.post("/reports", response={200: ReportOut, 400: Error, 403: Error, 404: Error})
def open_(request: HttpRequest, data: ReportOpenIn) -> Status[Any]:
    unit = unit_access.get_unit_for_user(request.user, data.unit_code)
    if not access.can_at(request.user, unit, access.PREPARE):
        return Status(403, {"detail": access.PREPARE})
    report = open_report(unit, data.template_code, data.period_id, by=request.user)
    return Status(200, full(request, report))


@router.get("/reports/{report_id}", response={200: ReportOut, 404: Error})
def read(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return full(request, access.get_report_for_user(request.user, report_id))


# The answers of a step the reviewing unit takes: refused by the workflow (400), by the role (403).
REVIEWED = {200: ReportOut, 400: Error, 403: Error, 404: Error}


def _justifications(raw: dict[str, str] | None) -> dict[tuple[str, str], str] | None:
    if raw is None:
        return None
    parsed = {}
    for key, text in raw.items():
        kind, _sep, code = key.partition(":")
        parsed[(kind, code)] = text
    return parsed


@router.patch(
    "/reports/{report_id}",
    response={
        200: ReportOut,
        400: ReportProblemsOut,
        403: Error,
        404: Error,
        409: VersionConflictOut,
    },
)
def update(request: HttpRequest, report_id: int, data: ReportUpdateIn) -> Status[Any]:
    report = access.get_report_for_user(request.user, report_id, permission=access.PREPARE)
    content = Content(
        sections=data.sections,
        values=data.values,
        justifications=_justifications(data.justifications),
    )
    try:
        report = save_report(report, content, by=request.user, base_version=data.version)
    except ConflictError as exc:
        return Status(409, version_conflict(exc, exc.current_version))
    except ContentError as exc:
        return Status(
            400,
            {
                "detail": _("Nội dung không hợp lệ, chưa lưu gì"),
                "problems": [{"field": f, "message": m} for f, m in exc.problems],
            },
        )
    return Status(200, full(request, report))


@router.post(
    "/reports/{report_id}/submit",
    response={200: ReportOut, 400: ReportProblemsOut, 403: Error, 404: Error},
)
def submit(request: HttpRequest, report_id: int) -> Status[Any]:
    report = access.get_report_for_user(request.user, report_id, permission=access.SUBMIT)
    try:
        report = submit_report(report, by=request.user)
    except SubmissionBlocked as exc:
        return Status(
            400,
            {
                "detail": _("Chưa gửi được: thiếu nội dung hoặc số liệu không hợp lệ"),
                "problems": [{"field": f.code, "message": f.message} for f in exc.findings],
            },
        )
    return Status(200, full(request, report))


@router.post("/reports/{report_id}/return", response=REVIEWED)
def return_(request: HttpRequest, report_id: int, data: ReportCommentIn) -> dict[str, Any]:
    report = access.get_report_for_user(request.user, report_id, permission=access.REVIEW)
    return full(request, return_report(report, by=request.user, comment=data.comment))


@router.post("/reports/{report_id}/accept", response=REVIEWED)
def accept(request: HttpRequest, report_id: int, data: ReportCommentIn) -> dict[str, Any]:
    report = access.get_report_for_user(request.user, report_id, permission=access.REVIEW)
    return full(request, accept_report(report, by=request.user, comment=data.comment))


@router.post("/reports/{report_id}/unlock", response=REVIEWED)
def unlock(request: HttpRequest, report_id: int, data: ReasonIn) -> dict[str, Any]:
    report = access.get_report_for_user(request.user, report_id, permission=access.REVIEW)
    return full(request, unlock_report(report, by=request.user, reason=data.reason))
