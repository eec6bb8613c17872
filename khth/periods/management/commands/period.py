"""``khth period of DATE TYPE`` and ``khth period show ID``: period arithmetic from the shell."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.lib.commands import TranslatedCommand
from khth.periods import PeriodError, cutoff_window, parse_period, period_of

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class Command(TranslatedCommand):
    # Pure date arithmetic: it must answer even while the URLs or the database are misconfigured.
    requires_system_checks: list[str] = []

    help_text = gettext_lazy("Tra cứu kỳ báo cáo: kỳ chứa một ngày, hoặc thông tin của một mã kỳ.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{of,show}")
        of = actions.add_parser("of", help=_("kỳ chứa một ngày: in ra MÃ NGÀY_ĐẦU NGÀY_CUỐI"))
        of.add_argument("date", help=_("ngày dạng YYYY-MM-DD"))
        of.add_argument("type", help="daily, weekly, monthly, quarterly, sixmonthly, yearly")
        show = actions.add_parser("show", help=_("thông tin một kỳ theo mã (ví dụ 2024Q3)"))
        show.add_argument("id", help=_("mã kỳ kiểu DHIS2: 20240506, 2024W27, 202407, 2024Q3, …"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "of":
                self.period_of(options["date"], options["type"])
            else:
                self.show(options["id"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc

    def period_of(self, raw_date: str, raw_type: str) -> None:
        try:
            # fromisoformat alone would also take "20240703" or "2024-W27-1"; ask for one form.
            if not _ISO_DATE.fullmatch(raw_date):
                raise ValueError
            day = date.fromisoformat(raw_date)
        except ValueError:
            raise CommandError(
                _("Ngày không hợp lệ: %(value)r (dạng YYYY-MM-DD)") % {"value": raw_date}
            ) from None
        period = period_of(day, raw_type)
        self.stdout.write(f"{period.id} {period.start.isoformat()} {period.end.isoformat()}")

    def show(self, pid: str) -> None:
        # Field names stay English: the output is "key: value" lines that scripts read.
        period = parse_period(pid)
        cut_start, cut_end = cutoff_window(period)
        for line in (
            f"id: {period.id}",
            f"type: {period.type.value}",
            f"start: {period.start.isoformat()}",
            f"end: {period.end.isoformat()}",
            f"label: {period.label}",
            f"cutoff: {cut_start.isoformat()} {cut_end.isoformat()}",
        ):
            self.stdout.write(line)
