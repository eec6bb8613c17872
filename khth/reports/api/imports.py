"""/api/v1/values/import — indicator values from a CSV or XLSX file, all or nothing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from khth.api.answers import import_refused
from khth.api.schemas import ImportErrors
from khth.lib.importing import ImportRejected, too_large
from khth.reports.access import PREPARE
from khth.reports.imports import MAX_BYTES, import_values
from khth.units.access import scope_for

router = Router(tags=["imports"])


class ValueImportOut(Schema):
    reports: int
    values: int
    opened: int
    dry_run: bool


@router.post("/values/import", response={200: ValueImportOut, 400: ImportErrors})
def values_import(
    request: HttpRequest, file: File[UploadedFile], dry_run: bool = False
) -> Status[object]:
    """Each row needs report.prepare over its unit; a file with any problem imports nothing."""
    if not scope_for(request.user).has_anywhere(PREPARE):
        raise PermissionDenied(PREPARE)
    too_big = too_large(file.size, MAX_BYTES) if file.size is not None else []
    if too_big:
        return Status(400, import_refused(too_big))
    try:
        summary = import_values(file.read(), by=request.user, dry_run=dry_run)
    except ImportRejected as exc:
        return Status(400, import_refused(exc.problems))
    return Status(200, summary.__dict__)
