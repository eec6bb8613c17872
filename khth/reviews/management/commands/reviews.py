"""``khth reviews``: reviews (sơ kết, tổng kết) from the command line.

    khth reviews list [--unit R]
    khth reviews export --id 7 --format docx --out tong-ket.docx
    khth reviews export --id 7 --format xlsx > so-lieu.xlsx
    khth reviews export --id 7 --format docx --send-to both --out tong-ket.docx

The figures are computed when the file is made, from what KHTH stores then. DOCX and XLSX go
to --out, or to standard output as bytes (for a pipe). Runs as the operator (no scope): whoever
has the shell has the server.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.documents.heading import CHAINS
from khth.documents.output import write_document
from khth.lib.commands import TranslatedCommand, add_out_argument, first_or_fail
from khth.lib.vietnamese import short_date
from khth.reviews.documents import review_data, review_document, review_spreadsheet
from khth.reviews.models import Review
from khth.units.commands import unit_by_code

FORMATS = ("docx", "xlsx")


class Command(TranslatedCommand):
    help_text = gettext_lazy(
        "Báo cáo sơ kết, tổng kết: liệt kê, xuất DOCX đúng thể thức hoặc XLSX số liệu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{list,export}")
        listing = sub.add_parser("list", help=_("liệt kê các báo cáo sơ kết, tổng kết"))
        listing.add_argument("--unit", help=_("mã đơn vị: chỉ đơn vị này và các đơn vị trực thuộc"))
        export = sub.add_parser("export", help=_("xuất một báo cáo sơ kết, tổng kết"))
        export.add_argument("--id", type=int, required=True, help=_("số hiệu báo cáo"))
        export.add_argument("--format", required=True, choices=FORMATS, help=_("docx hoặc xlsx"))
        export.add_argument(
            "--send-to",
            choices=CHAINS,
            help=_(
                "đơn vị có cấp ủy cấp trên khác cấp ủy của cấp trên trực tiếp: gửi theo hệ "
                "thống Đảng (party), cấp trên trực tiếp (command) hoặc cả hai (both)"
            ),
        )
        add_out_argument(export)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "list":
            self.list_reviews(options["unit"])
        else:
            self.export(options)

    def list_reviews(self, code: str | None) -> None:
        reviews = Review.objects.select_related("unit").order_by("-ends_on", "unit__path", "-pk")
        if code:
            unit = unit_by_code(code)
            reviews = reviews.filter(unit__path__startswith=unit.path)
        statuses = dict(Review.STATUS_CHOICES)
        for review in reviews:
            self.stdout.write(
                f"{review.pk}\t{review.unit.code}\t{short_date(review.starts_on)}–"
                f"{short_date(review.ends_on)}\t{_(statuses[review.status])}\t{review.title}"
            )

    def export(self, options: dict[str, Any]) -> None:
        found = first_or_fail(
            Review.objects.select_related("unit", "unit__parent").filter(pk=options["id"]),
            _("Không có báo cáo sơ kết, tổng kết số %(id)s") % {"id": options["id"]},
        )
        data = review_data(found)
        if options["format"] == "docx":
            write_document(self, review_document(data, send_to=options["send_to"]), options["out"])
        else:
            write_document(self, review_spreadsheet(data), options["out"])
