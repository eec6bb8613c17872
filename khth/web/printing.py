"""The print page of an official document: its own HTML and CSS, drawn from the document's format
(Decree 30/2020 or the Party's guidance), for the browser's Print."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khth.documents.model import Document
from khth.documents.render.html import print_css
from khth.regulations.schema.formats import Mark
from khth.units.models import Unit


def _mark(mark: Mark) -> dict[str, str]:
    return {"kind": mark.kind, "text": mark.text, "width": f"{mark.length * 100:g}%"}


def print_response(
    request: HttpRequest, template: str, document: Document, unit: Unit, **context: Any
) -> HttpResponse:
    """The print page of an official document (templates extend web/official_print.html)."""
    fmt = document.format
    response = render(
        request,
        template,
        {
            **context,
            "unit": unit,
            "document": document,
            "css": print_css(fmt),
            "issuer_mark": _mark(fmt.issuer_mark),
            "motto_mark": _mark(fmt.motto_mark),
            "summary_mark": _mark(fmt.summary_mark),
            "space_lines": range(fmt.signature.space_lines),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response
