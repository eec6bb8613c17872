"""What a plan holds, as entered: the one shape the editor page, the API and the actions share.

A field left as None keeps what is stored (a partial update); a list replaces the stored list
whole, items keeping their identity through ``key``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from khth.api.schemas import Day

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Middle = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
# A code of the regulation or of a unit (the columns hold 64).
Code = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]


def _plausible(day: dt.date) -> dt.date:
    # Far years pass a date field but overflow when a time is converted to UTC.
    if not 1900 <= day.year <= 2999:
        raise ValueError("năm phải từ 1900 đến 2999")
    return day


Moment = Annotated[dt.datetime, AfterValidator(_plausible)]
Comparison = Literal["", ">=", ">", "==", "<", "<="]


class Entered(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: uuid.UUID | None = None


class TargetIn(Entered):
    text: Short
    template: Code = ""
    indicator: Code = ""
    comparison: Comparison = ""
    value: Decimal | None = Field(default=None, max_digits=20, decimal_places=4)
    due_on: Day | None = None
    assigned_key: uuid.UUID | None = None
    weaker_reason: Long = ""
    # Codes of subordinate units the target is assigned to.
    assignees: list[Code] = []


class TaskIn(Entered):
    title: Short
    measures: Long = ""
    lead_unit: Code = ""
    lead_person: Name = ""
    participant_units: list[Code] = []
    participants: Middle = ""
    starts_on: Day | None = None
    ends_on: Day | None = None
    is_key: bool = False
    assigned_key: uuid.UUID | None = None
    assignees: list[Code] = []


class MilestoneIn(Entered):
    due_on: Day
    content: Short
    template: Code = ""


class EntryIn(Entered):
    starts_at: Moment
    ends_at: Moment | None = None
    content: Short
    lead: Name = ""
    participants: Middle = ""
    place: Name = ""
    notes: Short = ""


class PlanContent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
        | None
    ) = None
    sections: dict[Code, Long] | None = None
    targets: list[TargetIn] | None = None
    tasks: list[TaskIn] | None = None
    milestones: list[MilestoneIn] | None = None
    entries: list[EntryIn] | None = None
