"""``khth serve``: the application on waitress, a pure-Python WSGI server (no build step)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.lib.commands import TranslatedCommand

DEFAULT_ADDR = "127.0.0.1:8000"


def parse_addr(addr: str) -> tuple[str, int]:
    """ "HOST:PORT", "[::1]:PORT" or a bare "PORT" (on 127.0.0.1)."""
    host, sep, port_text = addr.strip().rpartition(":")
    if not sep:
        host = "127.0.0.1"
    host = host.removeprefix("[").removesuffix("]")
    if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise CommandError(
            _("Địa chỉ «%(addr)s» không hợp lệ: viết HOST:CỔNG, ví dụ %(example)s")
            % {"addr": addr, "example": DEFAULT_ADDR}
        )
    return host, int(port_text)


def display_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


class Command(TranslatedCommand):
    help_text = gettext_lazy("Chạy KHTH bằng máy chủ WSGI waitress.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--addr",
            default=DEFAULT_ADDR,
            help=_("HOST:CỔNG để lắng nghe (mặc định %(addr)s)") % {"addr": DEFAULT_ADDR},
        )
        parser.add_argument(
            "--threads", type=int, default=8, help=_("số luồng xử lý yêu cầu (mặc định 8)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = parse_addr(options["addr"])
        threads = options["threads"]
        if threads < 1:
            raise CommandError(_("--threads phải từ 1 trở lên"))
        # Imported here: other commands (and tests) must not pay for loading the server.
        from waitress import serve

        from khth.wsgi import application

        self.stdout.write(_("KHTH đang chạy tại %(url)s") % {"url": display_url(host, port)})
        self.stdout.write(_("Nhấn Ctrl+C để dừng."))
        self.stdout.flush()
        try:
            serve(application, host=host, port=port, threads=threads, ident="KHTH")
        except KeyboardInterrupt:
            # Ctrl+C is how a person stops it: say so instead of printing a traceback.
            self.stdout.write(_("Đã dừng KHTH."))
