"""Response and request shapes of the API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import BaseModel, ConfigDict, StringConstraints

# Larger ids cannot name a row and overflow SQLite's integers: answered as "not found".
MAX_ID = 2**63 - 1
MAX_OFFSET = 10**9
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
    on: dt.date | None = None


class DissolveIn(Schema):
    on: dt.date | None = None
    reason: str = ""


class MergeIn(Schema):
    into_code: str
    on: dt.date | None = None
