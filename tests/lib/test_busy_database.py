"""A busy database (another writer holds the lock past the busy timeout) is a 503 with
Retry-After and a Vietnamese sentence on the web and the API, and one line from a command:
never a server error or a traceback."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from khth.lib.dberrors import is_busy


def locked(request: HttpRequest) -> HttpResponse:
    raise OperationalError("database is locked")


def broken(request: HttpRequest) -> HttpResponse:
    raise OperationalError("no such column: x")


# This module is the URL configuration of the tests below, with KHTH's own server-error page,
# which must answer even where the site's named pages are missing.
handler500 = "khth.web.errors.server_error"
urlpatterns = [
    path("units/locked/", locked),
    path("api/v1/locked", locked),
    path("units/broken/", broken),
]


@pytest.mark.urls(__name__)
def test_a_page_answers_503_with_retry_after() -> None:
    response = Client().get("/units/locked/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Cơ sở dữ liệu đang bận" in response.content.decode()


@pytest.mark.urls(__name__)
def test_the_api_answers_503_in_json() -> None:
    response = Client().post("/api/v1/locked")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "thử lại" in json.loads(response.content)["detail"]


@pytest.mark.urls(__name__)
def test_other_database_errors_stay_server_errors() -> None:
    with pytest.raises(OperationalError):
        Client().get("/units/broken/")


class PgError(Exception):
    sqlstate = "55P03"


@pytest.mark.parametrize(
    ("message", "cause", "busy"),
    [
        ("database is locked", None, True),
        ("database table is locked: units_unit", None, True),
        ("canceling statement due to lock timeout", PgError(), True),
        ("no such table: units_unit", None, False),
    ],
)
def test_what_counts_as_busy(message: str, cause: Exception | None, busy: bool) -> None:
    exc = OperationalError(message)
    exc.__cause__ = cause
    assert is_busy(exc) is busy


@pytest.mark.django_db
def test_a_command_says_it_in_one_sentence(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from khth.accounts.management.commands import users

    def create_user(**kwargs: Any) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(users, "create_user", create_user)
    with pytest.raises(CommandError, match="Cơ sở dữ liệu đang bận"):
        call_command(
            "users",
            "create",
            "moi",
            "--unit",
            "C1",
            "--role",
            "assistant",
            stdin=StringIO("mat-khau-dai-du-10\n"),
            stdout=StringIO(),
            stderr=StringIO(),
        )
