"""``khth plan export``: a plan as DOCX (official format), XLSX (targets and tasks, or the
schedule) or iCalendar (an activity schedule).

    khth plan export --unit B1 --kind kh-ctd-nam --period 2024 --format docx --out kh.docx
    khth plan export --unit B1 --kind lhd-tuan --period 2024W28 --format ics > lich.ics
    khth plan export --unit B1 --kind kh-nhiem-vu --id 42 --format xlsx --out kh.xlsx

With --period: the latest version in force of the unit's plan of that kind and period, or its
draft when none is in force. With --id: that very version (a draft amendment, a plan of a kind
without periods). DOCX and XLSX go to --out, or to standard output as bytes (for a pipe);
iCalendar is text. Runs as the operator (no scope): whoever has the shell has the server.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.documents.output import write_document, write_text
from khth.lib.commands import TranslatedCommand, add_out_argument, first_or_fail
from khth.periods import PeriodError, parse_period
from khth.plans.documents import plan_document, plan_spreadsheet
from khth.plans.ical import calendar, event_of
from khth.plans.models import Plan
from khth.plans.stored import is_schedule
from khth.regulations.access import active_regulation
from khth.units.commands import unit_by_code
from khth.units.models import Unit

FORMATS = ("docx", "xlsx", "ics")


class Command(TranslatedCommand):
    help_text = gettext_lazy(
        "Xuất kế hoạch: DOCX đúng thể thức, XLSX chỉ tiêu và nhiệm vụ, hoặc lịch iCalendar."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{export}")
        export = sub.add_parser("export", help=_("xuất một kế hoạch của đơn vị"))
        export.add_argument("--unit", required=True, help=_("mã đơn vị (ví dụ B1)"))
        export.add_argument("--kind", required=True, help=_("mã loại kế hoạch (ví dụ kh-ctd-nam)"))
        which = export.add_mutually_exclusive_group(required=True)
        which.add_argument("--period", help=_("mã kỳ (ví dụ 2024, 202407, 2024W28)"))
        which.add_argument("--id", type=int, help=_("số hiệu kế hoạch (một phiên bản cụ thể)"))
        export.add_argument(
            "--format", required=True, choices=FORMATS, help=_("docx, xlsx hoặc ics")
        )
        add_out_argument(export)

    def handle(self, *args: Any, **options: Any) -> None:
        self.export(options)

    def export(self, options: dict[str, Any]) -> None:
        unit = unit_by_code(options["unit"])
        plan = self._plan(unit, options["kind"], options["period"], options["id"])
        if options["format"] == "ics":
            if not is_schedule(plan):
                raise CommandError(
                    _("«%(title)s» không phải lịch hoạt động: chỉ xuất được docx hoặc xlsx")
                    % {"title": plan.title}
                )
            events = [event_of(entry, plan) for entry in plan.entries.all()]
            label = unit.short_name or unit.name
            write_text(self, calendar(events, name=f"{plan.title} - {label}"), options["out"])
            return
        made = plan_document(plan) if options["format"] == "docx" else plan_spreadsheet(plan)
        write_document(self, made, options["out"])

    def _plan(self, unit: Unit, kind: str, period_id: str | None, pk: int | None) -> Plan:
        try:
            spec = active_regulation().document_kind(kind).plan
        except KeyError:
            spec = None
        if spec is None and not Plan.objects.filter(kind_code=kind).exists():
            raise CommandError(
                _("Không có loại kế hoạch «%(code)s» trong quy định") % {"code": kind}
            )
        plans = Plan.objects.filter(unit=unit, kind_code=kind).select_related(
            "unit", "unit__parent", "regulation", "approved_by"
        )
        if pk is not None:
            return first_or_fail(
                plans.filter(pk=pk),
                _("Không có kế hoạch số %(id)s loại «%(kind)s» của %(unit)s")
                % {"id": pk, "kind": kind, "unit": unit.name},
            )
        try:
            period = parse_period(period_id or "")
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        versions = list(plans.filter(period_id=period.id).order_by("-version"))
        in_force = [p for p in versions if p.status in Plan.IN_FORCE]
        if in_force:
            return in_force[0]
        if versions:
            return versions[0]
        raise CommandError(
            _(
                "%(unit)s chưa lập kế hoạch «%(kind)s» kỳ %(period)s (kế hoạch không theo kỳ: "
                "dùng --id)"
            )
            % {"unit": unit.name, "kind": kind, "period": period.label}
        )
