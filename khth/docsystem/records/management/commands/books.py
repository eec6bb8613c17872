"""``khth books export``: a unit's record book as DOCX (printed on its template, corrections
noted) or XLSX (the lines, and every version of every line).

    khth books export --unit C1 --book so-tong-hop-ctd --format docx --out so.docx
    khth books export --unit C1 --book so-nghi-quyet --format xlsx > so.xlsx

Files go to --out, or to standard output as bytes (for a pipe). Runs as the operator (no scope):
whoever has the shell has the server.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.docsystem.records.actions import RecordError, book_of
from khth.docsystem.records.documents import book_data, book_document, book_spreadsheet
from khth.documents.output import write_document
from khth.lib.commands import TranslatedCommand, add_out_argument
from khth.units.commands import unit_by_code
from khth.units.regulation import regulation_for

FORMATS = ("docx", "xlsx")


class Command(TranslatedCommand):
    help_text = gettext_lazy("Xuất sổ sách của đơn vị: DOCX theo mẫu sổ hoặc XLSX.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{export}")
        export = sub.add_parser("export", help=_("xuất một sổ của đơn vị"))
        export.add_argument("--unit", required=True, help=_("mã đơn vị (ví dụ C1)"))
        export.add_argument("--book", required=True, help=_("mã sổ (ví dụ so-tong-hop-ctd)"))
        export.add_argument("--format", required=True, choices=FORMATS, help=_("docx hoặc xlsx"))
        add_out_argument(export)

    def handle(self, *args: Any, **options: Any) -> None:
        self.export(options)

    def export(self, options: dict[str, Any]) -> None:
        unit = unit_by_code(options["unit"], "parent")
        try:
            book = book_of(unit, options["book"])
        except RecordError as exc:
            raise CommandError(str(exc)) from exc
        data = book_data(unit, book, regulation_for(unit))
        made = book_document(data) if options["format"] == "docx" else book_spreadsheet(data)
        write_document(self, made, options["out"])
