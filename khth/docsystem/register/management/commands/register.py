"""``khth register export``: a unit's outgoing or incoming register for a year, as XLSX or DOCX on
the columns of Decree 30/2020/NĐ-CP.

    khth register export --unit B1 --direction out --year 2024 --format xlsx --out di-2024.xlsx
    khth register export --unit B1 --direction in --year 2024 --format docx > den-2024.docx

Runs as the operator (no scope): whoever has the shell has the server, so documents of every
secrecy level are included, each with its level in the "Độ mật" column. Files go to --out, or to
standard output as bytes (for a pipe).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.docsystem.register.documents import register_document, register_of, register_spreadsheet
from khth.docsystem.register.models import RegisteredDocument
from khth.documents.output import write_document
from khth.lib.commands import TranslatedCommand, add_out_argument
from khth.regulations.access import active_regulation
from khth.units.commands import unit_by_code

FORMATS = ("xlsx", "docx")
DIRECTIONS = (RegisteredDocument.OUTGOING, RegisteredDocument.INCOMING)


class Command(TranslatedCommand):
    help_text = gettext_lazy(
        "Xuất sổ đăng ký văn bản đi hoặc đến của đơn vị trong một năm (XLSX hoặc DOCX)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{export}")
        export = sub.add_parser("export", help=_("xuất sổ đăng ký văn bản của một năm"))
        export.add_argument("--unit", required=True, help=_("mã đơn vị (ví dụ B1)"))
        export.add_argument(
            "--direction",
            required=True,
            choices=DIRECTIONS,
            help=_("out: văn bản đi; in: văn bản đến"),
        )
        export.add_argument("--year", required=True, type=int, help=_("năm (ví dụ 2024)"))
        export.add_argument("--format", required=True, choices=FORMATS, help=_("xlsx hoặc docx"))
        add_out_argument(export)

    def handle(self, *args: Any, **options: Any) -> None:
        self.export(options)

    def export(self, options: dict[str, Any]) -> None:
        unit = unit_by_code(options["unit"], "parent")
        year = options["year"]
        if not 1900 <= year <= 2999:
            raise CommandError(_("Năm «%(year)s» không hợp lệ") % {"year": year})
        data = register_of(
            RegisteredDocument.objects.all(),
            unit,
            options["direction"],
            year,
            active_regulation(),
        )
        made = (
            register_document(data) if options["format"] == "docx" else register_spreadsheet(data)
        )
        write_document(self, made, options["out"])
