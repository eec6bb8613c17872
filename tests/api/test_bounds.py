"""Bounds on every input: each integer a query takes has its range in the published schema and
is refused (422) outside it, before it reaches the database; a date is YYYY-MM-DD and nothing
else. Both answers are documented on every operation (401 and 422 as well)."""

from __future__ import annotations

from typing import Any

import pytest

from khth.api.urls import api as ninja_api
from tests.api.test_api import api

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/reports",
    "/api/v1/plans",
    "/api/v1/reviews",
    "/api/v1/evaluations",
    "/api/v1/awards",
    "/api/v1/award-proposals",
    "/api/v1/records/documents",
    "/api/v1/register",
]


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    paths = ninja_api.get_openapi_schema()["paths"]
    return [(m.upper(), path, op) for path, ops in paths.items() for m, op in ops.items()]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "query", ["offset=9223372036854775808", "offset=-1", "limit=0", "limit=501", "offset=1e3"]
)
def test_a_page_out_of_range_is_refused_not_a_server_error(world, path, query):
    response = api("cu_r").get(f"{path}?{query}")
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][0] == "query"


@pytest.mark.parametrize("path", LISTS)
def test_the_last_page_in_range_is_answered(world, path):
    assert api("cu_r").get(f"{path}?offset=1000000000&limit=500").json() == []


def test_every_integer_in_a_query_is_bounded_in_the_schema():
    unbounded = [
        f"{method} {path} ?{p['name']}"
        for method, path, op in _operations()
        for p in op["parameters"]
        if p["in"] == "query"
        for shape in p["schema"].get("anyOf", [p["schema"]])
        if shape.get("type") == "integer" and not {"minimum", "maximum"} <= shape.keys()
    ]
    assert unbounded == []


@pytest.mark.parametrize(
    "value", ["-3.5e-155", "1700000000", "2024-01-02T00:00:00", "02/01/2024", "0001-01-01", "x"]
)
def test_a_date_in_a_query_is_iso_and_nothing_else(world, value):
    response = api("cu_r").get(f"/api/v1/awards?from={value}")
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["query", "from"]


def test_an_iso_date_in_a_query_is_read(world):
    assert api("cu_r").get("/api/v1/awards?from=2024-01-02&to=2024-12-31").status_code == 200


@pytest.mark.parametrize("value", [0, -3.5e-155, "1700000000", "2024-01-02T00:00:00"])
def test_a_date_in_a_body_is_iso_and_nothing_else(world, value):
    response = api("cu_r").post(
        "/api/v1/register/outgoing",
        data={"unit_code": "R", "kind_code": "cv", "dated": value, "summary": "x"},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["body", "data", "dated"]


def test_every_operation_documents_the_answers_ninja_gives_itself():
    missing = []
    for method, path, op in _operations():
        documented = set(op["responses"])
        expected = {401} if op.get("security") else set()
        if op["parameters"] or "requestBody" in op:
            expected.add(422)
        if "requestBody" in op:
            expected.add(400)
        missing += [f"{method} {path} {status}" for status in sorted(expected - documented)]
    assert missing == []


def test_a_refusal_of_the_input_has_the_documented_shape(world):
    body = api("cu_r").get("/api/v1/reports?limit=0").json()
    assert set(body) == {"detail"}
    assert {"type", "loc", "msg"} <= set(body["detail"][0])
    components = ninja_api.get_openapi_schema()["components"]["schemas"]
    assert components["InputProblemsOut"]["properties"]["detail"]["items"] == {
        "$ref": "#/components/schemas/InputProblem"
    }
