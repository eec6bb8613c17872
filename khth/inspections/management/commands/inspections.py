"""``khth inspections``: the conclusion notice of an inspection, and the overdue reminders.

    khth inspections export --id 12 --format docx --out thong-bao.docx
    khth inspections remind [--on 2024-05-01]

``export`` writes the «Thông báo kết luận kiểm tra» (official format; «DỰ THẢO» until the
inspection is concluded) to --out, or to standard output as bytes (for a pipe). ``remind`` tells
both sides of every overdue remedy — the owner unit's people and the inspecting unit's — once,
then again a week later while it stays open: run it daily (cron, a systemd timer); a second run
on the same day tells no one again. Runs as the operator (no scope): whoever has the shell has
the server.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.documents.output import write_document
from khth.inspections.actions import remind_overdue
from khth.inspections.documents import conclusion_document
from khth.inspections.models import Inspection
from khth.lib import clock
from khth.lib.commands import TranslatedCommand, add_out_argument, first_or_fail, run_once

FORMATS = ("docx",)


class Command(TranslatedCommand):
    help_text = gettext_lazy(
        "Kiểm tra: xuất thông báo kết luận (DOCX), nhắc việc khắc phục quá hạn."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{export,remind}")
        export = sub.add_parser("export", help=_("xuất thông báo kết luận của một cuộc kiểm tra"))
        export.add_argument("--id", type=int, required=True, help=_("số hiệu cuộc kiểm tra"))
        export.add_argument("--format", required=True, choices=FORMATS, help="docx")
        add_out_argument(export)
        remind = sub.add_parser("remind", help=_("báo cho hai bên các việc khắc phục đã quá hạn"))
        remind.add_argument(
            "--on",
            type=dt.date.fromisoformat,
            help=_("ngày xét quá hạn, YYYY-MM-DD; bỏ trống: hôm nay"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "export":
            self.export(options)
        else:
            self.remind(options)

    def export(self, options: dict[str, Any]) -> None:
        inspection = first_or_fail(
            Inspection.objects.select_related("by_unit", "by_unit__parent").filter(
                pk=options["id"]
            ),
            _("Không có cuộc kiểm tra số %(id)s") % {"id": options["id"]},
        )
        write_document(self, conclusion_document(inspection), options["out"])

    def remind(self, options: dict[str, Any]) -> None:
        day = options["on"] or clock.today()

        def work() -> None:
            done = remind_overdue(day)
            self.stdout.write(
                _("%(day)s: %(remedies)s việc khắc phục quá hạn được nhắc, %(notes)s thông báo")
                % {"day": day.isoformat(), "remedies": done.remedies, "notes": done.notifications}
            )

        run_once(self, "khth inspections remind", work)
