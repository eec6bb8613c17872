"""``khth awards``: the register of a subtree as XLSX, and drafting proposals from evaluations.

    khth awards export --unit R --from 2024-01-01 --to 2024-12-31 --out khen-thuong.xlsx
    khth awards propose --unit D [--today 2025-01-20]

``export`` writes the register of the unit's subtree for decisions dated in the span (both ends
included) with the counts by kind and title; to --out, or to standard output as bytes (for a
pipe). ``propose`` applies the regulation's proposal rules to the decided evaluations of the
subtree and prints the proposals it drafted (none twice). Runs as the operator (no scope):
whoever has the shell has the server.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from khth.awards.actions import draft_proposals, title_names
from khth.awards.counts import counts
from khth.awards.documents import awards_spreadsheet
from khth.awards.models import Award
from khth.awards.register import AwardFilter, select_awards
from khth.documents.output import write_document
from khth.lib import clock
from khth.lib.commands import TranslatedCommand, add_out_argument, run_once
from khth.units.commands import unit_by_code
from khth.units.models import Unit


def _day(value: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007 — a date, no time
        except ValueError:
            continue
    raise CommandError(_("Ngày không hợp lệ: «%(value)s» (dạng 2024-12-31)") % {"value": value})


class Command(TranslatedCommand):
    help_text = gettext_lazy(
        "Sổ khen thưởng: xuất XLSX, lập đề xuất khen thưởng từ kết quả đánh giá."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{export,propose}")
        export = sub.add_parser("export", help=_("xuất sổ khen thưởng của đơn vị và cấp dưới"))
        export.add_argument("--unit", required=True, help=_("mã đơn vị (ví dụ R)"))
        export.add_argument(
            "--from", dest="starts_on", required=True, help=_("từ ngày (2024-01-01)")
        )
        export.add_argument("--to", dest="ends_on", required=True, help=_("đến ngày (2024-12-31)"))
        add_out_argument(export)
        propose = sub.add_parser("propose", help=_("lập đề xuất khen thưởng từ kết quả đánh giá"))
        propose.add_argument("--unit", required=True, help=_("mã đơn vị gốc (ví dụ D)"))
        propose.add_argument("--today", help=_("ngày xét (mặc định: hôm nay)"))

    def handle(self, *args: Any, **options: Any) -> None:
        unit = unit_by_code(options["unit"])
        if options["subcommand"] == "export":
            self.export(unit, options)
        else:
            self.propose(unit, options)

    def export(self, unit: Unit, options: dict[str, Any]) -> None:
        start, end = _day(options["starts_on"]), _day(options["ends_on"])
        if end < start:
            raise CommandError(_("Ngày kết thúc trước ngày bắt đầu"))
        rows = select_awards(Award.objects.all(), unit, AwardFilter(starts_on=start, ends_on=end))
        book = awards_spreadsheet(unit, start, end, rows, counts(unit, start, end), title_names())
        write_document(self, book, options["out"])

    def propose(self, unit: Unit, options: dict[str, Any]) -> None:
        today = _day(options["today"]) if options["today"] else clock.today()

        def work() -> None:
            created = draft_proposals(unit, today)
            names = title_names()
            for proposal in created:
                self.stdout.write(
                    f"{proposal.unit.code}\t{names.get(proposal.title_code, proposal.title_code)}"
                    f"\t{', '.join(proposal.periods)}"
                )
            self.stderr.write(
                ngettext(
                    "Đã lập %(n)s đề xuất khen thưởng mới.",
                    "Đã lập %(n)s đề xuất khen thưởng mới.",
                    len(created),
                )
                % {"n": len(created)}
            )

        # Two runs at once could both find the same grounds not yet proposed.
        run_once(self, "khth awards propose", work)
