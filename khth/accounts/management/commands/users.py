"""``khth users import|create|list``: accounts from the command line, run as the system.

Passwords never reach standard output or the command line (where ``ps`` and shell history would
keep them): generated ones go to a file only the owner can read, a chosen one is read from
standard input.
"""

from __future__ import annotations

import csv
import getpass
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from khth.accounts.actions import AccountError, ImportedUser, create_user, import_users
from khth.accounts.models import User
from khth.lib.cells import csv_cell
from khth.lib.commands import TranslatedCommand, fail_with_problems, first_or_fail, read_file
from khth.lib.importing import ImportRejected
from khth.lib.vietnamese import nfc
from khth.regulations.permissions import ROLE_CODES
from khth.units.models import Membership, Unit

PASSWORD_COLUMNS = ("username", "full_name", "unit_code", "role", "password")


def default_passwords_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}-passwords.csv")


def _open_private(path: Path) -> TextIO:
    """Create ``path`` readable by its owner only; refuse if it exists.

    O_EXCL makes "does not exist" and "create" one step, so a file planted in between (or an
    earlier hand-out sheet) is never overwritten or written through a symlink.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CommandError(
            _("Tệp %(path)s đã có: không ghi đè. Xóa nó hoặc chọn tệp khác với --passwords-out.")
            % {"path": path}
        ) from None
    except OSError as exc:
        raise CommandError(
            _("Không tạo được tệp %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
        ) from None
    os.fchmod(fd, 0o600)  # the umask could only have narrowed it, but say it outright
    return open(fd, "w", encoding="utf-8", newline="")  # noqa: PTH123 (a file descriptor)


def _write_passwords(out: TextIO, users: list[ImportedUser]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PASSWORD_COLUMNS)
    for user in users:
        row = [user.username, user.full_name, user.unit_code, user.role, user.password]
        writer.writerow([csv_cell(value) for value in row])


class Command(TranslatedCommand):
    # Tests hand a StringIO in place of the terminal, as Django's createsuperuser does.
    stealth_options = ("stdin",)

    help_text = gettext_lazy("Nhập, tạo và liệt kê tài khoản.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar=_("LỆNH"))

        do_import = actions.add_parser(
            "import",
            help=_("tạo tài khoản từ tệp CSV username,full_name,unit_code,role[,password]"),
        )
        do_import.add_argument("file", type=Path, help=_("tệp CSV UTF-8"))
        do_import.add_argument(
            "--passwords-out",
            type=Path,
            default=None,
            help=_(
                "tệp ghi mật khẩu để giao cho người dùng (mặc định: <tệp>-passwords.csv "
                "cạnh tệp nhập; không ghi đè tệp đã có)"
            ),
        )

        create = actions.add_parser(
            "create", help=_("tạo một tài khoản; mật khẩu đọc từ đầu vào chuẩn")
        )
        create.add_argument("username")
        create.add_argument("--unit", required=True, help=_("mã đơn vị"))
        create.add_argument(
            "--role",
            required=True,
            help=_("vai trò: %(roles)s") % {"roles": ", ".join(ROLE_CODES)},
        )
        create.add_argument(
            "--full-name", default="", help=_("họ và tên (mặc định: tên đăng nhập)")
        )

        listing = actions.add_parser("list", help=_("liệt kê tài khoản và vai trò"))
        listing.add_argument(
            "--unit",
            default=None,
            help=_("chỉ những người có vai trò trong cây con của đơn vị này"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options["file"], options["passwords_out"])
        elif action == "create":
            self._create(options, options.get("stdin") or sys.stdin)
        elif action == "list":
            self._list(options["unit"])

    def _import(self, source: Path, out_path: Path | None) -> None:
        data = read_file(source)
        out_path = out_path or default_passwords_path(source)
        # The output file is claimed before any account exists: accounts whose generated
        # passwords could not be written would have to be reset one by one.
        out = _open_private(out_path)
        try:
            try:
                imported = import_users(data, by=None)
            except ImportRejected as exc:
                fail_with_problems(
                    self.stderr,
                    exc.problems,
                    ngettext(
                        "Tệp %(name)s có %(count)d lỗi; chưa tạo tài khoản nào.",
                        "Tệp %(name)s có %(count)d lỗi; chưa tạo tài khoản nào.",
                        len(exc.problems),
                    )
                    % {"name": source.name, "count": len(exc.problems)},
                )
            except AccountError as exc:
                raise CommandError(str(exc)) from None
            _write_passwords(out, imported)
        except BaseException:
            out.close()
            out_path.unlink(missing_ok=True)
            raise
        out.close()
        for user in imported:
            self.stdout.write(f"{user.username}\t{user.full_name}\t{user.role}\t{user.unit_code}")
        self.stdout.write(
            ngettext(
                "Đã tạo %(count)d tài khoản. Mật khẩu ở tệp %(path)s (chỉ chủ tệp đọc được): "
                "giao tận tay từng người rồi xóa tệp.",
                "Đã tạo %(count)d tài khoản. Mật khẩu ở tệp %(path)s (chỉ chủ tệp đọc được): "
                "giao tận tay từng người rồi xóa tệp.",
                len(imported),
            )
            % {"count": len(imported), "path": out_path}
        )

    def _read_password(self, stdin: TextIO) -> str:
        if stdin.isatty():
            first = getpass.getpass(_("Mật khẩu: "))
            if getpass.getpass(_("Nhập lại mật khẩu: ")) != first:
                raise CommandError(_("Hai lần nhập mật khẩu không khớp."))
            password = first
        else:
            password = stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError(_("Mật khẩu không được để trống."))
        return password

    def _create(self, options: dict[str, Any], stdin: TextIO) -> None:
        code = options["unit"].strip()
        unit = first_or_fail(
            Unit.objects.filter(code=code), _("Không có đơn vị mã %(code)s") % {"code": code}
        )
        password = self._read_password(stdin)
        username = options["username"].strip()
        try:
            user = create_user(
                username=username,
                full_name=nfc(options["full_name"].strip()) or username,
                unit=unit,
                role=options["role"],
                password=password,
                by=None,
            )
        except AccountError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Đã tạo tài khoản %(username)s (%(role)s tại %(code)s).")
            % {"username": user.username, "role": options["role"], "code": unit.code}
        )

    def _list(self, code: str | None) -> None:
        memberships = Membership.objects.filter(ended_on__isnull=True).select_related(
            "user", "unit"
        )
        users = User.objects.all()
        if code is not None:
            unit = first_or_fail(
                Unit.objects.filter(code=code.strip()),
                _("Không có đơn vị mã %(code)s") % {"code": code},
            )
            memberships = memberships.filter(unit__path__startswith=unit.path)
            users = users.filter(
                Q(memberships__unit__path__startswith=unit.path)
                & Q(memberships__ended_on__isnull=True)
            ).distinct()
        if not users.exists():
            self.stdout.write(_("Không có tài khoản nào."))
            return
        by_user: dict[int, list[Membership]] = {}
        for membership in memberships.order_by("unit__path", "role"):
            by_user.setdefault(membership.user_id, []).append(membership)
        for user in users.order_by("username"):
            state = "" if user.is_active else " " + _("(đã khóa)")
            roles = by_user.get(user.pk)
            if not roles:
                self.stdout.write(f"{user.username}\t{user.full_name}{state}\t-\t-")
                continue
            for membership in roles:
                self.stdout.write(
                    f"{user.username}\t{user.full_name}{state}\t{membership.role}\t"
                    f"{membership.unit.code}\t{membership.unit.name}"
                )
