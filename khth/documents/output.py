"""Writing an exported file from a command: to ``--out FILE``, or to standard output when it is a
pipe — a binary file is never printed on a terminal."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


def write_text(command: BaseCommand, text: str, out: str | None) -> None:
    if out:
        # Bytes, so line ends (CRLF in iCalendar) stay as they are.
        Path(out).write_bytes(text.encode("utf-8"))
        command.stderr.write(_("Đã ghi %(file)s") % {"file": out})
    else:
        command.stdout.write(text, ending="")


def write_bytes(command: BaseCommand, body: bytes, out: str | None) -> None:
    if out:
        Path(out).write_bytes(body)
        command.stderr.write(
            _("Đã ghi %(file)s (%(size)s byte)") % {"file": out, "size": len(body)}
        )
        return
    stream = getattr(command.stdout, "buffer", None)
    if stream is None:
        raise CommandError(_("Đầu ra chuẩn không nhận dữ liệu nhị phân: dùng --out TỆP"))
    if getattr(command.stdout, "isatty", lambda: False)():
        raise CommandError(
            _("Tệp nhị phân không in ra màn hình: dùng --out TỆP hoặc chuyển hướng >")
        )
    command.stdout.flush()
    stream.write(body)
    stream.flush()
