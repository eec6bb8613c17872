"""``khth report export``: a report as DOCX (official format), XLSX (figures) or JSON.

    khth report export --unit C1 --template bc-thang --period 202407 --format docx --out bc.docx

JSON is the consolidation of the unit's subtree when it has subordinates, and otherwise the
unit's own report in the same shape. DOCX and XLSX go to --out, or to standard output as bytes
(for a pipe). Runs as the operator (no scope): whoever has the shell has the server.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.documents.output import write_document, write_text
from khth.lib.commands import TranslatedCommand, add_out_argument
from khth.periods import PeriodError, parse_period
from khth.reports.consolidation import ConsolidationError
from khth.reports.documents import figures as consolidated
from khth.reports.documents import figures_for, indicator_table, report_document, report_json
from khth.reports.models import Report
from khth.units.commands import unit_by_code
from khth.units.models import Unit

FORMATS = ("docx", "xlsx", "json")


class Command(TranslatedCommand):
    help_text = gettext_lazy("Xuất báo cáo: DOCX đúng thể thức, XLSX số liệu chỉ tiêu, hoặc JSON.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{export}")
        export = sub.add_parser("export", help=_("xuất báo cáo của một đơn vị trong một kỳ"))
        export.add_argument("--unit", required=True, help=_("mã đơn vị (ví dụ C1)"))
        export.add_argument("--template", required=True, help=_("mã mẫu báo cáo (ví dụ bc-thang)"))
        export.add_argument("--period", required=True, help=_("mã kỳ (ví dụ 202407, 2024Q3)"))
        export.add_argument(
            "--format", required=True, choices=FORMATS, help=_("docx, xlsx hoặc json")
        )
        add_out_argument(export)
        export.add_argument(
            "--include-drafts",
            action="store_true",
            help=_("tính cả báo cáo dự thảo của cấp dưới vào số liệu tổng hợp (có ghi chú)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.export(options)

    def export(self, options: dict[str, Any]) -> None:
        unit = unit_by_code(options["unit"])
        try:
            period = parse_period(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        template_code = options["template"]
        drafts = bool(options["include_drafts"])
        report = (
            Report.objects.filter(
                unit=unit, template_code=template_code, period_id=period.id, request__isnull=True
            )
            .select_related("unit", "unit__parent", "regulation")
            .first()
        )
        if options["format"] == "json":
            try:
                data = consolidated.as_json(unit, template_code, period.id, include_drafts=drafts)
            except ConsolidationError as exc:
                raise CommandError(str(exc)) from exc
            if data is None:
                data = report_json(self._required(report, unit, template_code, period.label))
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            write_text(self, text, options["out"])
            return
        report = self._required(report, unit, template_code, period.label)
        figures = figures_for(report, include_drafts=drafts)
        made = (
            report_document(report, figures)
            if options["format"] == "docx"
            else indicator_table(report, figures)
        )
        write_document(self, made, options["out"])

    def _required(
        self, report: Report | None, unit: Unit, template_code: str, period_label: str
    ) -> Report:
        if report is None:
            raise CommandError(
                _(
                    "%(unit)s chưa lập báo cáo «%(template)s» kỳ %(period)s: mở báo cáo trên "
                    "trang Báo cáo rồi xuất lại"
                )
                % {"unit": unit.name, "template": template_code, "period": period_label}
            )
        return report
