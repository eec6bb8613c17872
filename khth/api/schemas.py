"""Response and request shapes of the API."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

# Larger ids cannot name a row and overflow SQLite's integers: answered as "not found".
MAX_ID = 2**63 - 1
MAX_OFFSET = 10**9
# The most rows one page of a list answers.
MAX_LIMIT = 500

# The integers a query takes, bounded in the schema so that the published OpenAPI shows the
# range and a value outside it is refused (422) before it reaches the database, where it would
# overflow (500).
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]  # an id a list is narrowed by
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]  # rows of a list to skip
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]  # rows of a list to answer
PageNumber = Annotated[int, Field(ge=1, le=10**6)]  # a page of results, from 1

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day(value: Any) -> Any:
    # Pydantic reads a date leniently from numbers and from texts such as "-3.5e-155" (a Unix
    # time) or "2024-01-02T00:00"; a date the API takes is written YYYY-MM-DD and nothing else.
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise ValueError(_("Ngày phải viết theo dạng YYYY-MM-DD"))


def _plausible(day: dt.date) -> dt.date:
    # Far years pass a date field but overflow when a span is widened or a time converted to UTC.
    if not 1900 <= day.year <= 2999:
        raise ValueError(_("Năm phải từ 1900 đến 2999"))
    return day


# Every date a request takes, in a query or a body: YYYY-MM-DD, in the years 1900–2999.
Day = Annotated[dt.date, BeforeValidator(_iso_day), AfterValidator(_plausible)]
# A code of the regulation or of a unit.
Code = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)]


# For text fields: PostgreSQL cannot store a NUL, so it is refused as input rather than failing
# in the database.
NO_NUL = r"^[^\x00]*$"
# Free text in a request body, by how much it may hold.
LongText = Annotated[str, StringConstraints(max_length=20_000, pattern=NO_NUL)]  # bodies, notes
Text = Annotated[str, StringConstraints(max_length=5000, pattern=NO_NUL)]  # reasons, summaries
Line = Annotated[str, StringConstraints(max_length=500, pattern=NO_NUL)]  # titles, names
ShortLine = Annotated[str, StringConstraints(max_length=300, pattern=NO_NUL)]  # numbers, ranks


class Error(Schema):
    detail: str


class InputProblem(Schema):
    """One reason a request was refused (422), as django-ninja reports it."""

    type: str
    loc: list[str | int]  # where: "path", "query" or "body", then the field
    msg: str
    ctx: dict[str, Any] | None = None


class InputProblemsOut(Schema):
    """422: the path, query or body is not of the documented shape; nothing was done."""

    detail: list[InputProblem]


class StrictBody(BaseModel):
    """A request body: a field it does not know, or a value of another shape, is refused (422)
    rather than read as a default."""

    model_config = ConfigDict(extra="forbid")


class PlaceProblem(Schema):
    """What is wrong with entered content, and where (a field, a section, a column)."""

    place: str
    message: str


class ContentProblemsOut(Schema):
    detail: str
    problems: list[PlaceProblem]


class RevisionConflictOut(Schema):
    """Someone saved since this edit began: the revision to reload."""

    detail: str
    current_revision: int


class VersionConflictOut(Schema):
    """Someone saved since this edit began: the version to reload."""

    detail: str
    current_version: int


class ImportProblem(Schema):
    line: int
    column: str
    message: str


class ImportErrors(Schema):
    detail: str
    problems: list[ImportProblem]


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"  # noqa: S105 (the scheme name, not a secret)
    expires_at: dt.datetime


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    level: str
    # A unit type of the regulation the unit follows; "": a general unit of its level.
    unit_type: str = ""
    parent_code: str | None
    depth: int
    party_body: str
    superior_party_body: str
    party_abbr: str
    admin_abbr: str
    place: str
    valid_from: dt.date
    valid_to: dt.date | None
    successor_code: str | None


class MembershipOut(Schema):
    unit_code: str
    unit_name: str
    role: str
    permissions: list[str]


class MeOut(Schema):
    username: str
    full_name: str
    memberships: list[MembershipOut]


class ImportResultOut(Schema):
    created: int
    updated: int
    moved: int
    unchanged: int


class MoveIn(Schema):
    parent_code: str
    on: Day | None = None


class DissolveIn(Schema):
    on: Day | None = None
    reason: str = ""


class MergeIn(Schema):
    into_code: str
    on: Day | None = None
