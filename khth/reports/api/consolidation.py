"""/api/v1 endpoints: consolidation (tổng hợp) of a unit's subtree, and its drill-down.

The body is the consolidation's JSON form (khth.reports.consolidation.as_json), the one frozen
into a report at submission: numbers as strings with at most 4 decimals ("95.8333"), counts of
units as "14/14", a ``none`` indicator as the list of each unit's text.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from khth.api.query import page
from khth.api.schemas import Error, Limit, Offset
from khth.reports.consolidation import (
    Consolidation,
    ConsolidationError,
    as_json,
    consolidate,
    json_value,
)
from khth.units import access

router = Router(tags=["consolidation"])


class UnitText(Schema):
    unit: str
    text: str


class UncombinedOut(Schema):
    indicator: str
    name: str
    units: list[str]
    reason: str


LISTED = 500


class ConsolidationOut(Schema):
    unit: str
    template: str
    period: str
    request: int | None
    includes_drafts: bool
    indicators: dict[str, Any]
    # The first LISTED units of each, in tree order, and how many there are in all (at the top
    # of a 20,000-unit tree the three lists were 700 KB); each unit's rates list its own.
    missing: list[str]
    late: list[str]
    not_accepted: list[str]
    missing_count: int
    late_count: int
    not_accepted_count: int
    sections: dict[str, list[UnitText]]
    # Subordinates' values under another regulation variant that could not be combined.
    uncombined: list[UncombinedOut] = []


class DrilldownFilter(Schema):
    include_drafts: bool = False
    limit: Limit = 100
    offset: Offset = 0


class ContributionOut(Schema):
    unit: str
    name: str
    value: Any
    display: str
    detail: str


def _consolidation(
    request: HttpRequest,
    unit_code: str,
    template_code: str,
    period_id: str,
    include_drafts: bool,
) -> Consolidation:
    unit = access.get_unit_for_user(request.user, unit_code)
    try:
        return consolidate(unit, template_code, period_id=period_id, include_drafts=include_drafts)
    except ConsolidationError:
        raise Http404("no such template or period") from None


@router.get(
    "/consolidations/{unit_code}/{template_code}/{period_id}",
    response={200: ConsolidationOut, 404: Error},
)
def get_consolidation(
    request: HttpRequest,
    unit_code: str,
    template_code: str,
    period_id: str,
    include_drafts: bool = False,
) -> dict[str, Any]:
    consolidation = _consolidation(request, unit_code, template_code, period_id, include_drafts)
    return as_json(consolidation, listed=LISTED)


@router.get(
    "/consolidations/{unit_code}/{template_code}/{period_id}/drilldown/{indicator_code}",
    response={200: list[ContributionOut], 404: Error},
)
def get_drilldown(
    request: HttpRequest,
    unit_code: str,
    template_code: str,
    period_id: str,
    indicator_code: str,
    filters: Query[DrilldownFilter],
) -> list[dict[str, Any]]:
    """The units whose values make one figure, in tree order, one page at a time."""
    consolidation = _consolidation(
        request, unit_code, template_code, period_id, filters.include_drafts
    )
    if indicator_code not in consolidation.indicators:
        raise Http404("no such indicator")
    rows, _total = consolidation.drilldown_slice(
        indicator_code, page(filters.limit, filters.offset)
    )
    return [
        {
            "unit": row.unit.code,
            "name": row.unit.name,
            "value": json_value(row.value),
            "display": row.display,
            "detail": row.detail,
        }
        for row in rows
    ]
