"""/api/v1/rates — reporting timeliness of a subtree: subordinates × periods, and the rates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from khth.api.schemas import Error
from khth.lib import clock
from khth.reports.rates import SpanError, matrix_for, matrix_json
from khth.units.access import get_unit_for_user, scope_for

router = Router(tags=["rates"])


class RatesFilter(Schema):
    template: str | None = Field(
        None, description="mã mẫu báo cáo (mặc định: mẫu định kỳ đầu tiên)"
    )
    # "from" is a Python keyword; the query parameter keeps the name people type.
    from_: str | None = Field(None, alias="from", description="mã kỳ đầu, ví dụ 202402")
    to: str | None = Field(None, description="mã kỳ cuối (mặc định: kỳ hiện tại)")


class UnitRef(Schema):
    code: str
    name: str


class TemplateRef(Schema):
    code: str
    name: str
    frequency: str | None


class PeriodOut(Schema):
    id: str
    label: str
    start: dt.date
    end: dt.date


class CellOut(Schema):
    period: str
    state: str  # on_time / late / missing / not_due
    state_label: str
    deadline: dt.date
    status: str | None  # draft / submitted / returned / accepted; None without a report
    report_id: int | None  # None without a report, or when the caller may not open it


class RateCountsOut(Schema):
    expected: int
    due: int
    on_time: int
    late: int
    missing: int
    not_due: int
    # Over the reports already due ("due"); not-due ones are left out.
    on_time_pct: float
    late_pct: float
    missing_pct: float


class RowOut(Schema):
    unit_code: str
    unit_name: str
    level: str
    depth: int
    # Over the span, the reports owed by the units below this one (listed by its own
    # /rates/{unit_code}); None when none below it owed one.
    below: RateCountsOut | None
    cells: list[CellOut | None]  # None: the unit did not owe that period's report


class PeriodCountsOut(RateCountsOut):
    period: str


class RatesSummaryOut(Schema):
    periods: list[PeriodCountsOut]
    total: RateCountsOut


class RatesOut(Schema):
    unit: UnitRef
    template: TemplateRef
    today: dt.date
    periods: list[PeriodOut]
    rows: list[RowOut]
    rates: RatesSummaryOut


@router.get("/rates/{unit_code}", response={200: RatesOut, 400: Error, 404: Error})
def unit_rates(
    request: HttpRequest, unit_code: str, filters: Query[RatesFilter]
) -> Status[dict[str, Any]]:
    unit = get_unit_for_user(request.user, unit_code)
    try:
        matrix = matrix_for(
            unit,
            filters.template,
            filters.from_,
            filters.to,
            clock.today(),
            scope=scope_for(request.user),
        )
    except SpanError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, matrix_json(matrix))
