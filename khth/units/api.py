"""/api/v1/units — the caller's part of the unit tree."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import StringConstraints

from khth.api.answers import import_refused
from khth.api.query import filtered, page
from khth.api.schemas import (
    Day,
    DissolveIn,
    Error,
    ImportErrors,
    ImportResultOut,
    Limit,
    MergeIn,
    MoveIn,
    Offset,
    UnitOut,
)
from khth.lib.importing import ImportRejected
from khth.lib.vietnamese import fold
from khth.units import access
from khth.units.actions import dissolve_unit, merge_unit, move_unit
from khth.units.csvio import export_units, import_units
from khth.units.models import Unit

router = Router(tags=["units"])

# What a search of units takes: the unit pickers read as much.
SearchText = Annotated[str, StringConstraints(max_length=200)]


def unit_out(unit: Unit) -> UnitOut:
    return UnitOut(
        code=unit.code,
        name=unit.name,
        short_name=unit.short_name,
        level=unit.level,
        unit_type=unit.unit_type,
        parent_code=unit.parent.code if unit.parent else None,
        depth=unit.depth,
        party_body=unit.party_body,
        superior_party_body=unit.superior_party_body,
        party_abbr=unit.party_abbr,
        admin_abbr=unit.admin_abbr,
        place=unit.place,
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
        successor_code=unit.successor.code if unit.successor else None,
    )


class UnitListFilter(Schema):
    level: str | None = None
    parent: str | None = None
    include_dissolved: bool = False
    # Name, short name or code containing this, accents and case aside ("dai doi" finds
    # "Đại đội 1"), as the unit pickers search.
    q: SearchText | None = None
    limit: Limit = 100
    offset: Offset = 0


@router.get("/units", response=list[UnitOut])
def list_units(request: HttpRequest, filters: Query[UnitListFilter]) -> list[UnitOut]:
    """The units in the caller's scope, in tree order (by path), one page at a time."""
    units = access.visible_units(request.user)
    if not filters.include_dissolved:
        units = units.filter(valid_to__isnull=True)
    units = filtered(units, level=filters.level, parent__code=filters.parent)
    rows = page(filters.limit, filters.offset)
    text = filters.q or ""
    if fold(text):
        # The search reads names, not model objects: only the page's units are fetched.
        units = Unit.objects.filter(pk__in=list(access.matching_units(units, text))[rows])
        rows = slice(None)
    ordered = units.select_related("parent", "successor").order_by("path")
    return [unit_out(u) for u in ordered[rows]]


@router.get("/units/export.csv")
def export_csv(request: HttpRequest) -> HttpResponse:
    units = access.visible_units(request.user).filter(valid_to__isnull=True)
    response = HttpResponse(
        export_units(units.select_related("parent")), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="don-vi.csv"'
    return response


@router.post("/units/import", response={200: ImportResultOut, 400: ImportErrors, 403: Error})
def import_csv(
    request: HttpRequest, file: File[UploadedFile], on: Day | None = None
) -> Status[object]:
    scope = access.scope_for(request.user)
    roots = list(Unit.objects.filter(path__in=scope.paths("unit.manage")))
    if not roots:
        raise PermissionDenied("unit.manage")
    try:
        result = import_units(file.read(), by=request.user, on=on, allowed_roots=roots)
    except ImportRejected as exc:
        return Status(400, import_refused(exc.problems))
    return Status(200, result.__dict__)


# The answers of a change to the tree: refused by a rule (400), by the role (403), outside the
# caller's scope (404).
CHANGED = {200: UnitOut, 400: Error, 403: Error, 404: Error}


@router.get("/units/{code}", response={200: UnitOut, 404: Error})
def get_unit(request: HttpRequest, code: str) -> UnitOut:
    return unit_out(access.get_unit_for_user(request.user, code))


@router.post("/units/{code}/move", response=CHANGED)
def move(request: HttpRequest, code: str, data: MoveIn) -> UnitOut:
    unit = access.get_unit_for_user(request.user, code, permission="unit.manage")
    target = access.get_unit_for_user(request.user, data.parent_code, permission="unit.manage")
    return unit_out(move_unit(unit, target, by=request.user, on=data.on))


@router.post("/units/{code}/dissolve", response=CHANGED)
def dissolve(request: HttpRequest, code: str, data: DissolveIn) -> UnitOut:
    unit = access.get_unit_for_user(request.user, code, permission="unit.manage")
    return unit_out(dissolve_unit(unit, by=request.user, on=data.on, reason=data.reason))


@router.post("/units/{code}/merge", response=CHANGED)
def merge(request: HttpRequest, code: str, data: MergeIn) -> UnitOut:
    unit = access.get_unit_for_user(request.user, code, permission="unit.manage")
    into = access.get_unit_for_user(request.user, data.into_code, permission="unit.manage")
    return unit_out(merge_unit(unit, into, by=request.user, on=data.on))
