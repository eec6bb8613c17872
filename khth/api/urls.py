"""The REST API, /api/v1/. Endpoints call the same access helpers and actions as the UI."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from khth.api import (
    consolidation,
    evaluations,
    imports,
    me,
    plans,
    rates,
    records,
    register,
    reports,
    units,
)
from khth.api.security import API_AUTH
from khth.awards.actions import AwardError
from khth.coordination.actions import CoordinationError
from khth.evaluations.actions import EvaluationError
from khth.inspections.actions import InspectionError
from khth.plans.actions import PlanError
from khth.records.actions import RecordError
from khth.register.actions import RegisterError
from khth.regulations.access import RegulationNotLoaded
from khth.reports.actions import ReportError
from khth.reviews.actions import ReviewError
from khth.units.actions import UnitError

api = NinjaAPI(
    title="KHTH API",
    version="1",
    urls_namespace="api-v1",
    auth=API_AUTH,
    docs_url=None,  # the interactive docs page loads scripts from a CDN; the schema is enough
)
api.add_router("/auth", me.auth_router)
api.add_router("/", me.router)
api.add_router("/", units.router)
api.add_router("/", reports.router)
api.add_router("/", consolidation.router)
api.add_router("/", rates.router)
api.add_router("/", imports.router)
api.add_router("/", plans.router)
api.add_router("/", evaluations.router)
api.add_router("/", records.router)
api.add_router("/", register.router)
api.add_router("/", "khth.api.search.router")
api.add_router("/", "khth.api.awards.router")
api.add_router("/", "khth.api.coordination.router")
api.add_router("/", "khth.api.reviews.router")
api.add_router("/", "khth.api.inspections.router")


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("Không có quyền: %(what)s") % {"what": exc}}, status=403
    )


@api.exception_handler(RegulationNotLoaded)
def no_regulation(request: HttpRequest, exc: RegulationNotLoaded) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=503)


@api.exception_handler(ReportError)
def report_rule(request: HttpRequest, exc: ReportError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(UnitError)
def unit_rule(request: HttpRequest, exc: UnitError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(PlanError)
def plan_rule(request: HttpRequest, exc: PlanError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(EvaluationError)
def evaluation_rule(request: HttpRequest, exc: EvaluationError) -> HttpResponse:
    # Role refusals never get here: khth.api.evaluations answers them with 403 before acting.
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(RecordError)
def record_rule(request: HttpRequest, exc: RecordError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(RegisterError)
def register_rule(request: HttpRequest, exc: RegisterError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(AwardError)
def award_rule(request: HttpRequest, exc: AwardError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(CoordinationError)
def coordination_rule(request: HttpRequest, exc: CoordinationError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(ReviewError)
def review_rule(request: HttpRequest, exc: ReviewError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(InspectionError)
def inspection_rule(request: HttpRequest, exc: InspectionError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)
