"""The shapes of /api/v1 inspections: what the endpoints of khth.inspections.api take and
return."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from ninja.params import functions as param_functions
from pydantic import Field, model_validator

from khth.api.schemas import Code, Limit, Line, LongText, Offset, RevisionConflictOut

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
    revision: int  # what an edit of the plan or the conclusion sends back
    updated_at: dt.datetime


class InspectionOut(InspectionSummary):
    whole: bool
    can_manage: bool
    conclusion: str
    findings: list[InspectionFindingOut]


class InspectionConflictOut(RevisionConflictOut):
    current: InspectionOut


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


class InspectionUpdateIn(PlanIn):
    revision: int  # the revision the edit was made on


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
    revision: int  # the revision the edit was made on


class ConcludeIn(Schema):
    html: LongText | None = None
    # With ``html``: the revision it was written on (saving it is an edit).
    revision: int | None = None

    @model_validator(mode="after")
    def _edit_has_revision(self) -> ConcludeIn:
        if self.html is not None and self.revision is None:
            raise ValueError("html needs the revision it was written on")
        return self


class NoteIn(Schema):
    note: LongText


class InspectionFilter(Schema):
    unit: str | None = None
    status: Literal["planned", "concluded"] | None = None
    kind: Literal["inspection", "survey"] | None = None
    year: int | None = Field(default=None, ge=2000, le=2100)
    limit: Limit = 100
    offset: Offset = 0


class RemedyFilter(Schema):
    unit: str | None = None
    side: Literal["owned", "assigned"] = "owned"
    state: Literal["open", "due_soon", "overdue", "closed"] | None = None
    limit: Limit = 200
    offset: Offset = 0


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
