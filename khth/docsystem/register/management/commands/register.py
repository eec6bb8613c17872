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

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from khth.docsystem.register.documents import register_document, register_of, register_spreadsheet
from khth.docsystem.register.models import RegisteredDocument
from khth.documents.output import write_bytes
from khth.documents.render.docx import render_docx
from khth.documents.render.xlsx import render_workbook
from khth.regulations.access import active_regulation
from khth.units.models import Unit

FORMATS = ("xlsx", "docx")
DIRECTIONS = (RegisteredDocument.OUTGOING, RegisteredDocument.INCOMING)


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Translated here, not as a class attribute: argparse needs a real string.
        self.help = _(
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
        export.add_argument("--out", help=_("tệp ghi ra; bỏ trống: đầu ra chuẩn"))

    def handle(self, *args: Any, **options: Any) -> None:
        self.export(options)

    def export(self, options: dict[str, Any]) -> None:
        unit = Unit.objects.filter(code=options["unit"]).select_related("parent").first()
        if unit is None:
            raise CommandError(_("Không có đơn vị mã «%(code)s»") % {"code": options["unit"]})
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
        if options["format"] == "docx":
            body = render_docx(register_document(data))
        else:
            body = render_workbook(register_spreadsheet(data))
        write_bytes(self, body, options["out"])
