"""The one way a page, or an API endpoint, serves an export: the view fetches through its app's
access helper and builds the neutral document (khth/<app>/documents.py), and this renders it in
its format (khth.documents.render) and hands it over as a private download
(khth.documents.output.attachment), named (ASCII stem, Vietnamese stem)."""

from __future__ import annotations

from typing import Protocol

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse

from khth.documents.model import Document, IndicatorTable, Spreadsheet
from khth.documents.output import attachment
from khth.documents.render import render


def download(made: Document | Spreadsheet | IndicatorTable, names: tuple[str, str]) -> HttpResponse:
    """An official document as DOCX; a spreadsheet, or a table of indicators, as XLSX."""
    body, extension = render(made)
    return attachment(body, names, extension)


class Stored(Protocol):
    """An uploaded file kept with the name it came with (an attachment, an evidence file)."""

    file: FieldFile
    original_name: str
    content_type: str


def file_download(stored: Stored) -> FileResponse:
    """An uploaded file, as it came; the view has checked that the user may read its row."""
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
