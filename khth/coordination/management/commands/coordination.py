"""``khth coordination``: the exchange reports of coordination with outside bodies.

    khth coordination generate [--today 2024-10-01]
    khth coordination export --id 7 --format docx --out trao-doi.docx

``generate`` drafts the exchange report of every ended period of every agreement that has none
(idempotent: run it daily from cron, see docs/coordination.md) and prints them. ``export``
writes one exchange report as the official DOCX addressed to the partner, or as XLSX; to --out,
or to standard output as bytes (for a pipe). Runs as the operator (no scope): whoever has the
shell has the server.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from khth.coordination.actions import generate_due
from khth.coordination.documents import exchange_document, exchange_spreadsheet
from khth.coordination.models import ExchangeReport
from khth.documents.output import write_document
from khth.lib import clock
from khth.lib.commands import TranslatedCommand, add_out_argument, first_or_fail, run_once

FORMATS = ("docx", "xlsx")


class Command(TranslatedCommand):
    help_text = gettext_lazy(
        "Phối hợp với đơn vị ngoài Quân đội: lập báo cáo trao đổi thông tin đến hạn, xuất "
        "báo cáo trao đổi (DOCX, XLSX)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{generate,export}")
        generate = sub.add_parser("generate", help=_("lập các báo cáo trao đổi thông tin đến hạn"))
        generate.add_argument("--today", help=_("ngày xét (mặc định: hôm nay), dạng 2024-10-01"))
        export = sub.add_parser("export", help=_("xuất một báo cáo trao đổi thông tin"))
        export.add_argument("--id", type=int, required=True, help=_("số hiệu báo cáo trao đổi"))
        export.add_argument("--format", required=True, choices=FORMATS, help=_("docx hoặc xlsx"))
        add_out_argument(export)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "generate":
            self.generate(options)
        else:
            self.export(options)

    def generate(self, options: dict[str, Any]) -> None:
        today = clock.today()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    _("Ngày không hợp lệ: «%(value)s» (dạng 2024-10-01)")
                    % {"value": options["today"]}
                ) from None

        def work() -> None:
            created = generate_due(today)
            for report in created:
                agreement = report.agreement
                self.stdout.write(
                    f"{report.pk}\t{agreement.unit.code}\t{report.period_id}\t"
                    f"{agreement.partner_names}"
                )
            self.stderr.write(
                ngettext(
                    "Đã lập %(n)s báo cáo trao đổi thông tin.",
                    "Đã lập %(n)s báo cáo trao đổi thông tin.",
                    len(created),
                )
                % {"n": len(created)}
            )

        run_once(self, "khth coordination generate", work)

    def export(self, options: dict[str, Any]) -> None:
        report = first_or_fail(
            ExchangeReport.objects.select_related(
                "agreement", "agreement__unit", "registered"
            ).filter(pk=options["id"]),
            _("Không có báo cáo trao đổi thông tin số %(id)s") % {"id": options["id"]},
        )
        made = (
            exchange_document(report)
            if options["format"] == "docx"
            else exchange_spreadsheet(report)
        )
        write_document(self, made, options["out"])
