"""``khth serve``: gunicorn workers by default, waitress with ``--workers 0``, bounded options,
and a real multi-process server answering a page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from khth.demo.management.commands import serve
from khth.demo.management.commands.serve import parse_addr
from tests.cli.helpers import run


def test_gunicorn_workers_and_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, dict[str, Any]]] = []

    def fake_server(app: Any, options: dict[str, Any]) -> Any:
        calls.append((app, options))
        return lambda: None

    monkeypatch.setattr(serve, "gunicorn_server", fake_server)
    result = run("serve", "--addr", "127.0.0.1:9000", "--workers", "3", "--threads", "2")
    assert not result.failed, result.errors
    assert result.out.splitlines()[0] == (
        "KHTH đang chạy tại http://127.0.0.1:9000/ (3 tiến trình × 2 luồng)"
    )
    from khth.wsgi import application

    [(app, options)] = calls
    assert app is application
    assert options["bind"] == "127.0.0.1:9000"
    assert (options["workers"], options["threads"], options["worker_class"]) == (3, 2, "gthread")
    assert options["timeout"] == serve.REQUEST_TIMEOUT

    calls.clear()
    assert not run("serve", "--addr", "[::1]:9001").failed
    [(_, options)] = calls
    assert options["bind"] == "[::1]:9001"
    assert options["workers"] == serve.default_workers()
    assert options["threads"] == serve.WORKER_THREADS


def test_zero_workers_is_one_waitress_process(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("waitress.serve", lambda app, **kwargs: calls.append(kwargs))
    result = run("serve", "--addr", "127.0.0.1:9000", "--workers", "0", "--timeout", "30")
    assert not result.failed, result.errors
    assert "(một tiến trình)" in result.out
    assert calls == [
        {"host": "127.0.0.1", "port": 9000, "threads": 8, "ident": "KHTH", "channel_timeout": 30}
    ]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--workers", "-1"], "--workers"),
        (["--workers", "65"], "--workers"),
        (["--threads", "0"], "--threads"),
        (["--timeout", "0"], "--timeout"),
        (["--addr", "localhost:http"], "không hợp lệ"),
    ],
)
def test_bad_options_are_named(args: list[str], named: str) -> None:
    result = run("serve", *args)
    assert result.failed
    assert named in (result.error or "")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in tasks.read_text().split()] if tasks.exists() else []


@pytest.mark.skipif(not serve.can_fork(), reason="gunicorn needs fork")
def test_a_real_server_runs_the_asked_number_of_processes(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "KHTH_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # the login page needs no tables
    command = [
        sys.executable,
        "manage.py",
        "serve",
        "--workers",
        "2",
        "--addr",
        f"127.0.0.1:{port}",
    ]
    server = subprocess.Popen(  # noqa: S603 (our own command line)
        command,
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status = 0
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as page:
                    status = page.status
                    body = page.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert status == 200
        assert "Đăng nhập" in body
        if Path("/proc").exists():
            # The first worker can answer before the arbiter has forked the second: wait for it.
            children: list[int] = []
            for _ in range(100):
                children = _children(server.pid)
                if len(children) >= 2:
                    break
                time.sleep(0.1)
            assert len(children) == 2
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "2 tiến trình × 4 luồng" in output


def test_uploads_can_live_on_a_folder_the_servers_share(tmp_path: Path) -> None:
    shared = tmp_path / "shared-media"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KHTH_")}
    env |= {"KHTH_DATA_DIR": str(tmp_path / "data"), "KHTH_MEDIA_DIR": str(shared)}
    printed = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings as s; print(s.MEDIA_ROOT)",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert printed.stdout.strip().splitlines()[-1] == str(shared.resolve())


@pytest.mark.django_db
def test_demo_command_serves_unless_told_not_to(
    regulation: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from khth.demo import builder

    monkeypatch.setattr(builder, "build_year", lambda today, start: None)
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        serve, "gunicorn_server", lambda app, options: lambda: calls.append(options)
    )
    result = run("demo", "--addr", "127.0.0.2:8765", "--password", "mat-khau-demo-2026")
    assert not result.failed, result.errors
    assert [options["bind"] for options in calls] == ["127.0.0.2:8765"]
    assert "KHTH đang chạy tại http://127.0.0.2:8765/" in result.out


@pytest.mark.parametrize(
    ("addr", "expected"),
    [
        ("127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("192.168.1.5:80", ("192.168.1.5", 80)),
        ("8080", ("127.0.0.1", 8080)),
        ("[::1]:8000", ("::1", 8000)),
    ],
)
def test_parse_addr(addr: str, expected: tuple[str, int]) -> None:
    assert parse_addr(addr) == expected
