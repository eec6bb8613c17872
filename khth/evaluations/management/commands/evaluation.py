"""``khth evaluation export``: a unit's evaluation sheet as DOCX (official format), or the summary
of a period across its subordinates as XLSX.

    khth evaluation export --unit C1 --period 2024S1 --format docx --out phieu.docx
    khth evaluation export --unit R --period 2024S1 --format xlsx --all --out tong-hop.xlsx

XLSX lists the direct subordinates, or with --all every unit under the unit. Files go to --out,
or to standard output as bytes (for a pipe). Runs as the operator (no scope): whoever has the
shell has the server.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.documents.output import write_document
from khth.evaluations.actions import EvaluationError
from khth.evaluations.documents import (
    evaluation_document,
    evaluation_period,
    evaluation_summary,
    summary_spreadsheet,
)
from khth.evaluations.models import Evaluation
from khth.lib.commands import TranslatedCommand, add_out_argument, first_or_fail
from khth.units.commands import unit_by_code

FORMATS = ("docx", "xlsx")


class Command(TranslatedCommand):
    help_text = gettext_lazy(
        "Xuất đánh giá: phiếu đánh giá của đơn vị (DOCX đúng thể thức) hoặc bảng tổng hợp "
        "kết quả đánh giá các đơn vị trực thuộc (XLSX)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{export}")
        export = sub.add_parser("export", help=_("xuất phiếu đánh giá hoặc bảng tổng hợp một kỳ"))
        export.add_argument("--unit", required=True, help=_("mã đơn vị (ví dụ C1)"))
        export.add_argument("--period", required=True, help=_("mã kỳ (ví dụ 2024S1, 2024)"))
        export.add_argument(
            "--format",
            required=True,
            choices=FORMATS,
            help=_("docx: phiếu đánh giá của đơn vị; xlsx: tổng hợp các đơn vị trực thuộc"),
        )
        add_out_argument(export)
        export.add_argument(
            "--all",
            action="store_true",
            help=_("xlsx: mọi đơn vị thuộc quyền, không chỉ cấp dưới trực tiếp"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.export(options)

    def export(self, options: dict[str, Any]) -> None:
        unit = unit_by_code(options["unit"], "parent")
        try:
            period = evaluation_period(options["period"])
        except EvaluationError as exc:
            raise CommandError(str(exc)) from exc
        if options["format"] == "xlsx":
            summary = evaluation_summary(unit, period, whole_subtree=bool(options["all"]))
            write_document(self, summary_spreadsheet(summary), options["out"])
            return
        if options["all"]:
            raise CommandError(_("--all chỉ dùng với --format xlsx (bảng tổng hợp)"))
        evaluation = first_or_fail(
            Evaluation.objects.filter(unit=unit, period_id=period.id),
            _("%(unit)s chưa mở đánh giá kỳ %(period)s")
            % {"unit": unit.name, "period": period.label},
        )
        write_document(self, evaluation_document(evaluation), options["out"])
