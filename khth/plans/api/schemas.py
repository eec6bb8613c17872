"""The shapes of /api/v1/plans: what the plan endpoints (khth.plans.api) take and return."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from ninja import Field, Schema

from khth.api.schemas import ContentProblemsOut, Day, Limit, Offset
from khth.plans.content import PlanContent


class PlanSummary(Schema):
    id: int
    unit_code: str
    kind_code: str
    task_code: str
    title: str
    period_id: str
    starts_on: dt.date
    ends_on: dt.date
    series: uuid.UUID
    version: int
    status: str
    revision: int
    updated_at: dt.datetime
    approved_at: dt.datetime | None
    issued_at: dt.datetime | None


class VersionOut(Schema):
    id: int
    version: int
    status: str
    change_note: str
    approved_at: dt.datetime | None
    issued_at: dt.datetime | None


class ProgressOut(Schema):
    tasks: int
    done: int
    in_progress: int
    overdue: int
    percent_done: int
    targets: int
    targets_met: int
    targets_missed: int


class PlanOut(PlanSummary):
    kind_name: str
    change_note: str
    approval_reference: str
    content: PlanContent
    versions: list[VersionOut]
    progress: ProgressOut
    can_edit: bool
    can_approve: bool


class PlanFilter(Schema):
    unit: str | None = None
    kind: str | None = None
    period: str | None = None
    status: str | None = None
    limit: Limit = 100
    offset: Offset = 0


class PlanCreateIn(Schema):
    unit_code: str
    kind_code: str
    title: str = ""
    # A periodic kind takes a period id ("2025", "202507"); the others take the two dates.
    period_id: str = ""
    starts_on: Day | None = None
    ends_on: Day | None = None
    task_code: str = ""


class PlanUpdateIn(Schema):
    revision: int
    content: PlanContent


class PlanFindingOut(Schema):
    rule: str
    severity: str
    anchor: str
    place: str
    message: str
    suggestion: str


class BlockedOut(ContentProblemsOut):
    findings: list[PlanFindingOut]


class CheckOut(Schema):
    ok: bool
    blocking: int
    warnings: int
    findings: list[PlanFindingOut]


class ApproveIn(Schema):
    # For a Party committee's programme: the resolution or minutes that approved it.
    reference: str = ""


class AmendIn(Schema):
    note: str


class FieldChangeOut(Schema):
    name: str
    before: str
    after: str


class ChangeOut(Schema):
    place: str
    kind: str
    before: str
    after: str
    fields: list[FieldChangeOut]


class DiffOut(Schema):
    plan_id: int
    version: int
    against_id: int
    against_version: int
    changes: list[ChangeOut]


class TaskStateOut(Schema):
    id: int
    key: uuid.UUID
    title: str
    lead_unit: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    progress: str
    state: str
    state_label: str
    note: str
    reported_at: dt.datetime | None


class TargetResultOut(Schema):
    key: uuid.UUID
    text: str
    template: str
    indicator: str
    comparison: str
    value: Decimal | None
    due_on: dt.date | None
    state: str
    state_label: str
    actual: Decimal | None
    display: str
    period_id: str


class ResultsOut(Schema):
    plan_id: int
    progress: ProgressOut
    tasks: list[TaskStateOut]
    targets: list[TargetResultOut]


class ProgressIn(Schema):
    progress: str
    note: str = ""


class CoverOut(Schema):
    plan_id: int
    plan_title: str
    version: int
    status: str
    item: str  # "target" or "task" of the unit's plan
    text: str


class AssignedOut(Schema):
    kind: str
    key: uuid.UUID
    text: str
    plan_id: int
    plan_title: str
    from_unit: str
    template: str
    indicator: str
    comparison: str
    value: Decimal | None
    due_on: dt.date | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    # Covered when a plan of the unit in force carries an item taken from this one.
    covered: bool
    covered_by: list[CoverOut]


class AssignedFilter(Schema):
    from_: Day | None = Field(None, alias="from")
    to: Day | None = None
