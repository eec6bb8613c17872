"""``khth demo``: from an empty directory to a running demo in one command.

Migrates, loads the default regulation when none is active, builds the demo organisation and
its year of work (once; ``--reset`` builds it again), prints the demo accounts with what each
can try first, and serves the site. Refuses a database that holds anything but the demo.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from khth.accounts.actions import AccountError
from khth.demo.builder import (
    DEFAULT_PASSWORD,
    OTHER_OFFICERS,
    DemoSummary,
    ForeignData,
    build_demo,
    reset_demo,
)
from khth.demo.management.commands.serve import DEFAULT_ADDR
from khth.lib.commands import TranslatedCommand
from khth.regulations.access import RegulationNotLoaded, active_regulation
from khth.regulations.actions import activate_version, load_regulation
from khth.regulations.loader import RegulationError, default_regulation_path


def ensure_regulation() -> bool:
    """Load and activate the default regulation unless one is active; True when it did."""
    try:
        active_regulation()
    except RegulationNotLoaded:
        pass
    else:
        return False
    path = default_regulation_path()
    version, _created = load_regulation(path.read_text(encoding="utf-8"), path.name, by=None)
    # Loading content that is already stored changes nothing, and so activates nothing: a
    # database where the default was loaded and then deactivated still needs this step.
    activate_version(version, by=None)
    return True


def role_names() -> dict[str, str]:
    return {role.code: role.name for role in active_regulation().roles}


def account_table(summary: DemoSummary) -> list[str]:
    names = role_names()
    # "Đơn vị" alone is the "Units" menu entry; one row holds one unit.
    unit_heading = pgettext("column heading", "Đơn vị")
    headings = (_("Tên đăng nhập"), _("Họ và tên"), _("Vai trò"), unit_heading, _("Thử trước"))
    rows = [headings] + [
        (
            a.username,
            a.full_name,
            names.get(a.role, a.role),
            f"{a.unit_name} [{a.unit_code}]",
            a.hint,
        )
        for a in summary.accounts
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(headings))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


class Command(TranslatedCommand):
    help_text = gettext_lazy("Tạo dữ liệu demo (Quân khu 9) và chạy KHTH.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help=_("chỉ chuẩn bị dữ liệu, không chạy máy chủ")
        )
        parser.add_argument(
            "--addr",
            default=DEFAULT_ADDR,
            help=_("HOST:CỔNG để lắng nghe (mặc định %(addr)s)") % {"addr": DEFAULT_ADDR},
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("xóa dữ liệu demo đã có và tạo lại (chỉ khi cơ sở dữ liệu chỉ có dữ liệu demo)"),
        )
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=_("mật khẩu của mọi tài khoản demo (mặc định %(password)s)")
            % {"password": DEFAULT_PASSWORD},
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        try:
            if ensure_regulation():
                self.stdout.write(_("Đã nạp quy định mặc định."))
        except RegulationError as exc:
            raise CommandError(
                _("Không nạp được quy định mặc định:\n%(problems)s") % {"problems": exc}
            ) from None
        try:
            if options["reset"]:
                reset_demo()
                ensure_regulation()
                self.stdout.write(_("Đã xóa dữ liệu demo cũ; tạo lại từ đầu."))
            summary = build_demo(password=options["password"])
        except (AccountError, ForeignData) as exc:
            raise CommandError(str(exc)) from None
        if summary.created:
            self.stdout.write(
                ngettext(
                    "Đã tạo dữ liệu demo: %(count)d đơn vị.",
                    "Đã tạo dữ liệu demo: %(count)d đơn vị.",
                    summary.unit_count,
                )
                % {"count": summary.unit_count}
            )
        else:
            self.stdout.write(
                ngettext(
                    "Dữ liệu demo đã có sẵn (%(count)d đơn vị): không thay đổi gì.",
                    "Dữ liệu demo đã có sẵn (%(count)d đơn vị): không thay đổi gì.",
                    summary.unit_count,
                )
                % {"count": summary.unit_count}
            )
        self.stdout.write("")
        for line in account_table(summary):
            self.stdout.write(line)
        self.stdout.write(
            _(
                "Mỗi đơn vị khác có một tài khoản chính ủy, chính trị viên (%(count)d tài khoản, "
                "ví dụ %(example)s)."
            )
            % {"count": len(OTHER_OFFICERS), "example": OTHER_OFFICERS[0][0]}
        )
        self.stdout.write("")
        if summary.created:
            self.stdout.write(
                _("Mật khẩu của mọi tài khoản: %(password)s") % {"password": options["password"]}
            )
        else:
            self.stdout.write(
                _("Mật khẩu giữ nguyên như khi tạo dữ liệu demo (mặc định %(password)s).")
                % {"password": DEFAULT_PASSWORD}
            )
        if not options["no_serve"]:
            self.stdout.write("")
            call_command("serve", addr=options["addr"], stdout=self.stdout, stderr=self.stderr)
