"""The REST API, /api/v1/. Endpoints call the same access helpers and actions as the UI."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from khth.api.security import API_AUTH
from khth.lib.errors import ActionRefused
from khth.regulations.access import RegulationNotLoaded

api = NinjaAPI(
    title="KHTH API",
    version="1",
    urls_namespace="api-v1",
    auth=API_AUTH,
    docs_url=None,  # the interactive docs page loads scripts from a CDN; the schema is enough
)
# Each app's router lives in the app (khth/<app>/api.py); this is only where they are mounted.
ROUTERS = (
    ("/auth", "khth.accounts.api.auth_router"),
    ("/", "khth.accounts.api.router"),
    ("/", "khth.units.api.router"),
    ("/", "khth.reports.api.router"),
    ("/", "khth.reports.api.consolidation.router"),
    ("/", "khth.reports.api.rates.router"),
    ("/", "khth.reports.api.imports.router"),
    ("/", "khth.plans.api.router"),
    ("/", "khth.evaluations.api.router"),
    ("/", "khth.docsystem.records.api.router"),
    ("/", "khth.docsystem.register.api.router"),
    ("/", "khth.search.api.router"),
    ("/", "khth.awards.api.router"),
    ("/", "khth.coordination.api.router"),
    ("/", "khth.reviews.api.router"),
    ("/", "khth.inspections.api.router"),
)
for prefix, router in ROUTERS:
    api.add_router(prefix, router)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("Không có quyền: %(what)s") % {"what": exc}}, status=403
    )


@api.exception_handler(RegulationNotLoaded)
def no_regulation(request: HttpRequest, exc: RegulationNotLoaded) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=503)


@api.exception_handler(ActionRefused)
def refused(request: HttpRequest, exc: ActionRefused) -> HttpResponse:
    # Role refusals never get here: the routers answer them with 403 before acting.
    return api.create_response(request, {"detail": str(exc)}, status=400)
