"""``khth values import FILE [--dry-run]`` and ``khth values template``: indicator values from
spreadsheets.

The command runs as the system (``by=None`` in the audit log): whoever can run it already holds the
database, so there is no user scope to apply.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from khth.lib.commands import TranslatedCommand, fail_with_problems, first_or_fail, read_file
from khth.lib.importing import ImportRejected
from khth.reports.imports import SheetError, import_values, values_sheet
from khth.units.models import Unit


class Command(TranslatedCommand):
    help_text = gettext_lazy("Nhập số liệu chỉ tiêu từ CSV/XLSX; xuất mẫu XLSX của một báo cáo.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar=_("LỆNH"))

        do_import = actions.add_parser(
            "import", help=_("nhập số liệu từ tệp CSV hoặc XLSX (tất cả hoặc không gì cả)")
        )
        do_import.add_argument("file", type=Path, help=_("tệp CSV UTF-8 hoặc XLSX theo mẫu"))
        do_import.add_argument(
            "--dry-run", action="store_true", help=_("chỉ kiểm tra, không ghi gì")
        )

        sheet = actions.add_parser("template", help=_("xuất mẫu XLSX để điền số liệu một báo cáo"))
        sheet.add_argument("--unit", required=True, metavar=_("MÃ"), help=_("mã đơn vị"))
        sheet.add_argument("--template", required=True, metavar=_("MÃ"), help=_("mã mẫu báo cáo"))
        sheet.add_argument(
            "--period", required=True, metavar=_("KỲ"), help=_("mã kỳ, ví dụ 202407")
        )
        sheet.add_argument("--out", required=True, type=Path, help=_("tệp XLSX ghi ra"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options["file"], options["dry_run"])
        else:
            self._template(options["unit"], options["template"], options["period"], options["out"])

    def _import(self, path: Path, dry_run: bool) -> None:
        try:
            summary = import_values(read_file(path), by=None, dry_run=dry_run)
        except ImportRejected as exc:
            fail_with_problems(
                self.stderr,
                exc.problems,
                ngettext(
                    "Tệp %(name)s có %(count)d lỗi; chưa nhập giá trị nào.",
                    "Tệp %(name)s có %(count)d lỗi; chưa nhập giá trị nào.",
                    len(exc.problems),
                )
                % {"name": path.name, "count": len(exc.problems)},
            )
        message = (
            _("Tệp hợp lệ (chưa ghi): %(reports)d báo cáo, %(values)d giá trị")
            if dry_run
            else _("Đã nhập: %(reports)d báo cáo, %(values)d giá trị (%(opened)d báo cáo mới lập)")
        )
        self.stdout.write(
            message
            % {"reports": summary.reports, "values": summary.values, "opened": summary.opened}
        )

    def _template(self, unit_code: str, template_code: str, period_id: str, out: Path) -> None:
        unit = first_or_fail(
            Unit.objects.filter(code=unit_code),
            _("Không có đơn vị mã %(code)s") % {"code": unit_code},
        )
        try:
            data = values_sheet(unit, template_code, period_id)
        except SheetError as exc:
            raise CommandError(str(exc)) from None
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(
                _("Không ghi được tệp %(path)s: %(reason)s") % {"path": out, "reason": exc.strerror}
            ) from None
        self.stdout.write(_("Đã ghi %(path)s") % {"path": out})
