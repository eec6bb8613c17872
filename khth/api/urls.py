"""The REST API, /api/v1/. Endpoints call the same access helpers and actions as the UI."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from khth.api.schemas import Error, InputProblemsOut
from khth.api.security import API_AUTH
from khth.lib.errors import ActionRefused
from khth.regulations.access import RegulationNotLoaded

REF = "#/components/schemas/{model}"


def document_common_answers(schema: dict[str, Any]) -> None:
    """Add to every operation of ``schema`` the answers no router declares because ninja gives
    them before the router runs: 401 where a token is required; 400 where a body is taken and
    is not JSON; 422 where a path, query or body is not of the documented shape."""
    components = schema["components"]["schemas"]
    for model in (Error, InputProblemsOut):
        shape = model.model_json_schema(ref_template=REF, mode="serialization")
        components.update(shape.pop("$defs", {}))
        components[model.__name__] = shape
    for operations in schema["paths"].values():
        for operation in operations.values():
            answers = operation["responses"]
            if operation.get("security"):
                _also(answers, 401, "Unauthorized", Error)
            if "requestBody" in operation:
                _also(answers, 400, "Bad Request", Error)
            if operation.get("parameters") or "requestBody" in operation:
                _also(answers, 422, "Unprocessable Content", InputProblemsOut)


def _also(answers: dict[int, Any], status: int, description: str, model: type[Any]) -> None:
    """Document ``model`` as an answer with ``status``; where the router documents another shape
    for that status (content problems for a 400), the answer is either one."""
    shape = {"$ref": REF.format(model=model.__name__)}
    answer = answers.setdefault(status, {"description": description})
    content = answer.setdefault("content", {"application/json": {"schema": shape}})
    documented = content["application/json"]["schema"]
    if documented != shape and shape not in documented.get("anyOf", []):
        content["application/json"]["schema"] = {"anyOf": [documented, shape]}


class KhthAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_common_answers(schema)
        return schema


api = KhthAPI(
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
    ("/", "khth.synthesis.api.router"),
    ("/", "khth.plans.api.router"),
    ("/", "khth.evaluations.api.router"),
    ("/", "khth.docsystem.records.api.router"),
    ("/", "khth.docsystem.register.api.router"),
    ("/", "khth.search.api.router"),
    ("/", "khth.awards.api.router"),
    ("/", "khth.coordination.api.router"),
    ("/", "khth.directives.api.router"),
    ("/", "khth.reviews.api.router"),
    ("/", "khth.reviews.api.synthesis.router"),
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
