"""Handing an exported file over: as a download from a page or the API (``attachment``), or from a
command to ``--out FILE`` or to standard output when it is a pipe — a binary file is never printed
on a terminal."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.core.management.base import BaseCommand, CommandError
from django.http import HttpResponse
from django.utils.translation import gettext as _

from khth.documents.model import Document, IndicatorTable, Spreadsheet
from khth.documents.render import render

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"docx": DOCX, "xlsx": XLSX, "ics": "text/calendar; charset=utf-8"}


def content_disposition(ascii_stem: str, readable_stem: str, extension: str) -> str:
    """An ASCII name for old clients and the Vietnamese one (RFC 6266 / RFC 5987) for the rest."""
    fallback = "".join(ch for ch in ascii_stem if ch.isascii() and (ch.isalnum() or ch in "-_"))
    quoted = quote(f"{readable_stem}.{extension}", safe="")
    return (
        f"attachment; filename=\"{fallback or 'bao-cao'}.{extension}\"; filename*=UTF-8''{quoted}"
    )


def attachment(body: bytes, names: tuple[str, str], extension: str) -> HttpResponse:
    """A DOCX, XLSX or iCalendar download named (ASCII stem, Vietnamese stem)."""
    response = HttpResponse(body, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition(*names, extension)
    # A report is not public: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response


def write_text(command: BaseCommand, text: str, out: str | None) -> None:
    if out:
        # Bytes, so line ends (CRLF in iCalendar) stay as they are.
        Path(out).write_bytes(text.encode("utf-8"))
        command.stderr.write(_("Đã ghi %(file)s") % {"file": out})
    else:
        command.stdout.write(text, ending="")


def write_bytes(command: BaseCommand, body: bytes, out: str | None) -> None:
    if out:
        Path(out).write_bytes(body)
        command.stderr.write(
            _("Đã ghi %(file)s (%(size)s byte)") % {"file": out, "size": len(body)}
        )
        return
    stream = getattr(command.stdout, "buffer", None)
    if stream is None:
        raise CommandError(_("Đầu ra chuẩn không nhận dữ liệu nhị phân: dùng --out TỆP"))
    if getattr(command.stdout, "isatty", lambda: False)():
        raise CommandError(
            _("Tệp nhị phân không in ra màn hình: dùng --out TỆP hoặc chuyển hướng >")
        )
    command.stdout.flush()
    stream.write(body)
    stream.flush()


def write_document(
    command: BaseCommand, made: Document | Spreadsheet | IndicatorTable, out: str | None
) -> None:
    """A command's export: the document rendered in its format (khth.documents.render)."""
    body, _extension = render(made)
    write_bytes(command, body, out)
