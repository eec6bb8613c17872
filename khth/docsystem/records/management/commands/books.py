"""``khth books export``: a unit's record book as DOCX (printed on its template, corrections
noted) or XLSX (the lines, and every version of every line).

    khth books export --unit C1 --book so-tong-hop-ctd --format docx --out so.docx
    khth books export --unit C1 --book so-nghi-quyet --format xlsx > so.xlsx

Files go to --out, or to standard output as bytes (for a pipe). Runs as the operator (no scope):
whoever has the shell has the server.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from khth.docsystem.records.actions import RecordError, book_of
from khth.docsystem.records.documents import book_data, book_document, book_spreadsheet
from khth.documents.output import write_bytes
from khth.documents.render.docx import render_docx
from khth.documents.render.xlsx import render_workbook
from khth.regulations.access import active_regulation
from khth.units.models import Unit

FORMATS = ("docx", "xlsx")


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Translated here, not as a class attribute: argparse needs a real string.
        self.help = _("Xuất sổ sách của đơn vị: DOCX theo mẫu sổ hoặc XLSX.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{export}")
        export = sub.add_parser("export", help=_("xuất một sổ của đơn vị"))
        export.add_argument("--unit", required=True, help=_("mã đơn vị (ví dụ C1)"))
        export.add_argument("--book", required=True, help=_("mã sổ (ví dụ so-tong-hop-ctd)"))
        export.add_argument("--format", required=True, choices=FORMATS, help=_("docx hoặc xlsx"))
        export.add_argument("--out", help=_("tệp ghi ra; bỏ trống: đầu ra chuẩn"))

    def handle(self, *args: Any, **options: Any) -> None:
        self.export(options)

    def export(self, options: dict[str, Any]) -> None:
        unit = Unit.objects.filter(code=options["unit"]).select_related("parent").first()
        if unit is None:
            raise CommandError(_("Không có đơn vị mã «%(code)s»") % {"code": options["unit"]})
        try:
            book = book_of(unit, options["book"])
        except RecordError as exc:
            raise CommandError(str(exc)) from exc
        data = book_data(unit, book, active_regulation())
        if options["format"] == "docx":
            body = render_docx(book_document(data))
        else:
            body = render_workbook(book_spreadsheet(data))
        write_bytes(self, body, options["out"])
