"""What a plan holds, as entered: the one shape the editor page, the API and the actions share.

A field left as None keeps what is stored (a partial update); a list replaces the stored list
whole, items keeping their identity through ``key``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
Comparison = Literal["", ">=", ">", "==", "<", "<="]


class Entered(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: uuid.UUID | None = None


class TargetIn(Entered):
    text: Short
    template: Name = ""
    indicator: Name = ""
    comparison: Comparison = ""
    value: Decimal | None = Field(default=None, max_digits=20, decimal_places=4)
    due_on: dt.date | None = None
    assigned_key: uuid.UUID | None = None
    weaker_reason: Long = ""
    # Codes of subordinate units the target is assigned to.
    assignees: list[Name] = []


class TaskIn(Entered):
    title: Short
    measures: Long = ""
    lead_unit: Name = ""  # a unit code
    lead_person: Name = ""
    participant_units: list[Name] = []
    participants: Short = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    is_key: bool = False
    assigned_key: uuid.UUID | None = None
    assignees: list[Name] = []


class MilestoneIn(Entered):
    due_on: dt.date
    content: Short
    template: Name = ""


class EntryIn(Entered):
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    content: Short
    lead: Name = ""
    participants: Short = ""
    place: Name = ""
    notes: Short = ""


class PlanContent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
        | None
    ) = None
    sections: dict[Name, Long] | None = None
    targets: list[TargetIn] | None = None
    tasks: list[TaskIn] | None = None
    milestones: list[MilestoneIn] | None = None
    entries: list[EntryIn] | None = None
