"""``khth bench load``: many people reading pages at once, against a running KHTH.

The server under test is started apart (``khth serve --workers N``, behind a proxy or not), on
the database this command reaches: the command makes three reading accounts there — at the top
of the largest tree, in its middle, at its base — runs locust (khth/demo/locustfile.py) in its
own process, and prints what locust measured: requests per second, failures, and the 50th, 95th
and 99th percentile of response time, over all pages and per kind of page.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import secrets
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count
from django.utils.translation import gettext as _

from khth.accounts.actions import create_user
from khth.accounts.models import User
from khth.units.models import Unit

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
PREFIX = "bench.load."
ROLES = ("top", "middle", "base")
# How long the logins of a run may take before its figures start (200 Argon2 logins on two busy
# cores: about 30 s).
LOGINS_ALLOWED_SECONDS = 600


class LoadError(Exception):
    """The load test cannot run: no tree, no locust."""


@dataclass(frozen=True)
class Line:
    name: str
    requests: int
    failures: int
    per_second: float
    p50: float
    p95: float
    p99: float


def reading_accounts() -> list[dict[str, str]]:
    """Three accounts of political officers, made anew on each run (their passwords are not
    kept): at the top of the largest tree, at a unit half-way down it, and at one of its
    lowest units."""
    top = (
        Unit.objects.filter(parent=None, valid_to=None)
        .annotate(size=Count("children"))
        .order_by("-size", "pk")
        .first()
    )
    if top is None:
        raise LoadError(_("Chưa có đơn vị nào: tạo cây trước (ví dụ khth bench rollup --keep)"))
    subtree = Unit.objects.filter(path__startswith=top.path, valid_to=None)
    deepest = subtree.order_by("-depth", "path").values_list("depth", flat=True).first() or 0
    middle = subtree.filter(depth=top.depth + (deepest - top.depth) // 2).order_by("path").first()
    base = subtree.filter(depth=deepest).order_by("path").first()
    accounts = []
    for role, unit in zip(ROLES, (top, middle or top, base or top), strict=True):
        username = f"{PREFIX}{role}"
        password = secrets.token_urlsafe(18)
        existing = User.objects.filter(username=username).first()
        if existing is None:
            create_user(
                username=username,
                full_name=f"Tài khoản đo tải ({role})",
                unit=unit,
                role="political_officer",
                password=password,
                by=None,
                check_password=False,
            )
        else:
            existing.set_password(password)
            existing.is_active = True
            existing.save(update_fields=["password", "is_active"])
        accounts.append({"username": username, "password": password, "role": role})
    return accounts


def run_load(
    host: str,
    *,
    users: int,
    seconds: int,
    think: bool,
    spawn_rate: float,
    with_logins: bool = False,
) -> list[Line]:
    """Run locust headless against ``host`` and return its figures (the total line first).

    By default the figures are those of the steady state: they start once every simulated
    person has logged in, and last ``seconds`` from then (the locustfile). Fifty Argon2 logins
    asked for in the same five seconds are not what fifty people reading pages all day wait
    for, and on two cores they queue every page behind them; ``with_logins`` keeps the start in
    the figures."""
    # Looked up, not imported: importing locust patches threads and sockets with gevent.
    if importlib.util.find_spec("locust") is None:
        raise LoadError(_("Thiếu gói locust: pip install locust (có trong nhóm dev)"))
    accounts = reading_accounts()
    with tempfile.TemporaryDirectory(prefix="khth-load-") as folder:
        accounts_file = Path(folder) / "accounts.json"
        accounts_file.write_text(json.dumps(accounts), encoding="utf-8")
        stem = Path(folder) / "stats"
        env = {**os.environ, "KHTH_LOAD_ACCOUNTS": str(accounts_file)}
        if not think:
            env["KHTH_LOAD_NO_THINK"] = "1"
        run_time = seconds
        if not with_logins:
            # The locustfile starts the figures once everybody has logged in and ends the run
            # ``seconds`` later; locust's own limit only stops a run whose logins never end.
            env["KHTH_LOAD_STEADY_SECONDS"] = str(seconds)
            run_time = seconds + LOGINS_ALLOWED_SECONDS
        command = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            host.rstrip("/"),
            "--users",
            str(users),
            "--spawn-rate",
            str(spawn_rate),
            "--run-time",
            f"{run_time}s",
            "--csv",
            str(stem),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        stats = stem.with_name("stats_stats.csv")
        if not stats.exists():
            raise LoadError(done.stderr.strip()[-2000:] or _("locust không chạy được"))
        return _lines(stats)


def _lines(path: Path) -> list[Line]:
    lines = []
    with path.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            # A kind of page seen only before the figures started (the logins) stays as a row
            # of nothing, its percentiles "N/A".
            if int(row["Request Count"]) == 0:
                continue
            lines.append(
                Line(
                    name=row["Name"],
                    requests=int(row["Request Count"]),
                    failures=int(row["Failure Count"]),
                    per_second=float(row["Requests/s"]),
                    p50=float(row["50%"] or 0),
                    p95=float(row["95%"] or 0),
                    p99=float(row["99%"] or 0),
                )
            )
    total = [line for line in lines if line.name == "Aggregated"]
    return total + sorted(
        (line for line in lines if line.name != "Aggregated"), key=lambda line: -line.requests
    )
