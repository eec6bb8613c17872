"""The shapes of /api/v1 inspections: what the endpoints of khth.inspections.api take and
return."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from ninja.params import functions as param_functions
from pydantic import Field

from khth.api.schemas import Code, Line, LongText

Codes = Annotated[list[Code], Field(max_length=500)]
# An optional uploaded file; ninja does not read one declared ``File[UploadedFile] | None``.
OPTIONAL_FILE: Any = param_functions.File(None)


class InspectionEvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: dt.datetime


class RemedyOut(Schema):
    id: int
    inspection_id: int
    finding_id: int
    owner_code: str
    action: str
    deadline: dt.date
    status: str
    state: str
    state_label: str
    evidence: str
    files: list[InspectionEvidenceOut]
    closed_at: dt.datetime | None
    reopen_note: str
    reopened_at: dt.datetime | None
    can_close: bool
    can_reopen: bool


class InspectionFindingOut(Schema):
    id: int
    unit_code: str
    kind: str
    area: str
    area_name: str
    text: str
    remedies: list[RemedyOut]


class InspectionSummary(Schema):
    id: int
    by_unit_code: str
    kind: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    units: list[str]
    areas: list[str]
    document_kinds: list[str]
    team: str
    status: str
    concluded_at: dt.datetime | None


class InspectionOut(InspectionSummary):
    whole: bool
    can_manage: bool
    conclusion: str
    findings: list[InspectionFindingOut]


class PlanIn(Schema):
    title: Line
    kind: Literal["inspection", "survey"] = "inspection"
    starts_on: dt.date
    ends_on: dt.date
    units: Codes
    areas: Codes
    document_kinds: Codes = []
    team: Line = ""


class InspectionCreateIn(PlanIn):
    by_unit_code: Code


class FindingIn(Schema):
    unit_code: Code
    kind: Literal["strength", "weakness", "violation"]
    area: Code
    text: LongText


class RemedyIn(Schema):
    action: LongText
    deadline: dt.date
    owner_code: Code = ""


class ConclusionIn(Schema):
    html: LongText


class ConcludeIn(Schema):
    html: LongText | None = None


class NoteIn(Schema):
    note: LongText


class InspectionFilter(Schema):
    unit: str | None = None
    status: Literal["planned", "concluded"] | None = None
    kind: Literal["inspection", "survey"] | None = None
    year: int | None = Field(default=None, ge=2000, le=2100)
    limit: int = 100
    offset: int = 0


class RemedyFilter(Schema):
    unit: str | None = None
    side: Literal["owned", "assigned"] = "owned"
    state: Literal["open", "due_soon", "overdue", "closed"] | None = None
    limit: int = 200
    offset: int = 0


class UnitRecurrenceOut(Schema):
    unit_code: str
    area: str
    area_name: str
    inspections: list[int]
    findings: int


class AreaRecurrenceOut(Schema):
    area: str
    area_name: str
    units: list[str]
    inspections: list[int]
    findings: int


class InspectionRecurringOut(Schema):
    unit_code: str
    start: dt.date
    end: dt.date
    by_unit: list[UnitRecurrenceOut]
    by_area: list[AreaRecurrenceOut]


class InspectionSpanIn(Schema):
    start: dt.date | None = None
    end: dt.date | None = None
