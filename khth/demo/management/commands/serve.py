"""``khth serve``: the application on gunicorn, N worker processes of a few threads each.

One process serves at most ~55 requests a second whatever its threads (one interpreter lock), so
production runs several: gunicorn's pre-fork workers (the default, one per core). Waitress, pure
Python and one process, stays for ``--workers 0`` and for systems without ``fork`` (Windows):
development and a single office. docs/configuration.md, "Serving", gives the settings.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khth.lib.commands import TranslatedCommand

DEFAULT_ADDR = "127.0.0.1:8000"
# Threads per gunicorn worker: requests mostly wait on the database, so a few threads keep a core
# busy; more only queue on the interpreter lock.
WORKER_THREADS = 4
# Seconds a worker may spend on one request before gunicorn restarts it: the largest export at
# the top of the army (a 20,000-unit consolidation) takes a few seconds, so this is only a guard.
REQUEST_TIMEOUT = 120


def default_workers() -> int:
    return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform != "win32"


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


def gunicorn_server(application: Any, options: dict[str, Any]) -> Callable[[], None]:
    """A gunicorn arbiter for ``application`` with ``options`` (gunicorn's own setting names),
    as its documented custom application; returns its ``run``."""
    from gunicorn.app.base import BaseApplication

    class KhthApplication(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    return KhthApplication().run  # type: ignore[no-any-return]


class Command(TranslatedCommand):
    help_text = gettext_lazy(
        "Chạy KHTH: nhiều tiến trình gunicorn (mặc định mỗi nhân một tiến trình), "
        "hoặc một tiến trình waitress với --workers 0."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--addr",
            default=DEFAULT_ADDR,
            help=_("HOST:CỔNG để lắng nghe (mặc định %(addr)s)") % {"addr": DEFAULT_ADDR},
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=_(
                "số tiến trình (mặc định bằng số nhân CPU, %(cores)d); 0: một tiến trình waitress"
            )
            % {"cores": default_workers()},
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help=_("số luồng của mỗi tiến trình (mặc định %(gunicorn)d; waitress: 8)")
            % {"gunicorn": WORKER_THREADS},
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=REQUEST_TIMEOUT,
            help=_("số giây tối đa cho một yêu cầu (mặc định %(seconds)d)")
            % {"seconds": REQUEST_TIMEOUT},
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = parse_addr(options["addr"])
        workers = default_workers() if options["workers"] is None else options["workers"]
        threads = options["threads"]
        for name, value, least in (("--workers", workers, 0), ("--threads", threads, 1)):
            if value is not None and not least <= value <= 64:
                raise CommandError(
                    _("%(option)s phải từ %(least)d đến 64") % {"option": name, "least": least}
                )
        if not 1 <= options["timeout"] <= 3600:
            raise CommandError(_("--timeout phải từ 1 đến 3600 giây"))
        # Imported here: other commands (and tests) must not pay for loading the server.
        from khth.wsgi import application

        url = display_url(host, port)
        if workers and can_fork():
            threads = threads or WORKER_THREADS
            self.stdout.write(
                _("KHTH đang chạy tại %(url)s (%(workers)d tiến trình × %(threads)d luồng)")
                % {"url": url, "workers": workers, "threads": threads}
            )
            run = gunicorn_server(
                application,
                {
                    "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                    "workers": workers,
                    "threads": threads,
                    "worker_class": "gthread",
                    "timeout": options["timeout"],
                    "graceful_timeout": 30,
                    "keepalive": 5,
                    "loglevel": "warning",
                    "proc_name": "khth",
                },
            )
        else:
            from waitress import serve

            threads = threads or 8
            self.stdout.write(_("KHTH đang chạy tại %(url)s (một tiến trình)") % {"url": url})

            def run() -> None:
                serve(
                    application,
                    host=host,
                    port=port,
                    threads=threads,
                    ident="KHTH",
                    channel_timeout=options["timeout"],
                )

        self.stdout.write(_("Nhấn Ctrl+C để dừng."))
        self.stdout.flush()
        # ``khth demo`` serves in the process that built the demo: a connection it left open
        # must not be shared by the forked workers.
        connections.close_all()
        try:
            run()
        except KeyboardInterrupt:
            # Ctrl+C is how a person stops it: say so instead of printing a traceback.
            self.stdout.write(_("Đã dừng KHTH."))
