"""The published OpenAPI schema is the truth: every operation, fed inputs generated from its own
schema (valid and invalid ones), answers a status it documents, with a body of the documented
shape, and never 500.

The budget is bounded and the run reproducible (a fixed number of examples per operation, no
deadline, derandomized), so a failure here fails the same way on the next run. One test walks
every operation, so the world and its rows are built once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from khth.reports.actions import open_report, submit_report
from tests.api.test_api import token_for
from tests.evaluations.conftest import through
from tests.reports.conftest import fill

pytestmark = pytest.mark.django_db

CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "enabled": False,
            "not_a_server_error": {"enabled": True},
            "status_code_conformance": {"enabled": True},
            "response_schema_conformance": {"enabled": True},
        },
    }
)
EXAMPLES = settings(
    max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@contextmanager
def _one_connection() -> Iterator[None]:
    """Requests through the WSGI handler use the test's connection and transaction: the handler
    closes "old" connections around each request, which would end both (on PostgreSQL; closing
    SQLite's in-memory database is a no-op). Django's own test client switches this off the
    same way, and switches it back on after each of its requests, so nothing here may use it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def rows(world: Any) -> dict[str, Any]:
    """Path parameters naming rows that exist, so that answers with content are checked too (ids
    drawn at random seldom name one): a submitted company report and a decided evaluation."""
    report = open_report(world.unit("C1"), "bc-thang", "202407", by=world.users["po_c1"])
    submit_report(fill(report, world.users["po_c1"]), by=world.users["po_c1"])
    evaluation = through(world, "C1")
    return {
        "report_id": report.pk,
        "evaluation_id": evaluation.pk,
        "code": "C1",
        "unit_code": "C1",
        "template_code": "bc-thang",
        "period_id": "202407",
    }


def test_every_operation_answers_as_documented(world, rows):
    # The regiment's political officer: sees R and everything below it.
    bearer = {"Authorization": f"Bearer {token_for('cu_r')}"}
    with _one_connection():
        failures = _failures(bearer, rows)
    assert not failures, "\n\n".join(failures)


def _failures(bearer: dict[str, str], rows: dict[str, Any]) -> list[str]:
    """What went wrong, by operation (every operation runs, whatever the others found)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler(), config=CONFIG)
    failures = []
    # An operation schemathesis cannot read fails here, before any request.
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) > 100  # every router is mounted and published
    for operation in operations:
        strategies = [
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        ]
        names = re.findall(r"{(\w+)}", operation.path)
        if names and set(names) <= rows.keys():
            known = {name: rows[name] for name in names}
            strategies.append(operation.as_strategy(path_parameters=known))
        cases = st.one_of(strategies)

        @EXAMPLES
        @given(case=cases)
        def answers_as_documented(case: Any) -> None:
            case.call_and_validate(headers=bearer)

        try:
            answers_as_documented()
        except Exception as exc:  # every operation's failure is reported, not only the first
            failures.append(f"{operation.label}\n{exc}")
    return failures


def test_answers_about_real_rows_match_the_schema(world, rows):
    """Every GET whose path names rows that exist, called on them: the bodies with content
    (a report's findings and values, the rates matrix with a report in it, an evaluation's
    evidence) match the published schema, every time, not only when the fuzzer draws them."""
    bearer = {"Authorization": f"Bearer {token_for('cu_r')}"}
    # An empty draft has findings (missing content) to show; the regiment's rates hold the
    # submitted company report.
    draft = open_report(world.unit("C2"), "bc-thang", "202407", by=world.users["po_c2"])
    known = rows | {"unit_code": "R", "code": "C1", "report_id": draft.pk}
    with _one_connection():
        schema = schemathesis.openapi.from_wsgi(
            "/api/v1/openapi.json", WSGIHandler(), config=CONFIG
        )
        checked, failures = [], []
        for result in schema.get_all_operations():
            operation = result.ok()  # type: ignore[union-attr]
            names = re.findall(r"{(\w+)}", operation.path)
            if operation.method.upper() != "GET" or not names or not set(names) <= known.keys():
                continue
            case = operation.Case(path_parameters={name: known[name] for name in names})
            try:
                response = case.call_and_validate(headers=bearer)
            except Exception as exc:  # every operation's failure is reported
                failures.append(f"{operation.label}\n{exc}")
                continue
            if response.status_code == 200:
                checked.append(operation.path)
    assert not failures, "\n\n".join(failures)
    for path in ("/reports/{report_id}", "/rates/{unit_code}", "/evaluations/{evaluation_id}"):
        assert f"/api/v1{path}" in checked
