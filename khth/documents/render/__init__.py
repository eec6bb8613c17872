"""Renderers: the neutral document model (khth.documents.model) → DOCX and XLSX bytes."""

from __future__ import annotations

from khth.documents.model import Document, IndicatorTable, Spreadsheet
from khth.documents.render.docx import render_docx
from khth.documents.render.xlsx import render_workbook, render_xlsx


def render(made: Document | Spreadsheet | IndicatorTable) -> tuple[bytes, str]:
    """The file a made document becomes, and its extension: an official document as DOCX; a
    spreadsheet, or a table of indicators, as XLSX. Pages, the API and the commands all hand
    their exports over through this, so one document prints the same whichever way it leaves."""
    if isinstance(made, Document):
        return render_docx(made), "docx"
    if isinstance(made, IndicatorTable):
        return render_xlsx(made), "xlsx"
    return render_workbook(made), "xlsx"
