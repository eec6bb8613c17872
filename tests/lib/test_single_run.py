"""A scheduled job runs in one process at a time: the lock of khth.lib.single_run, on both
databases (an advisory lock on PostgreSQL, a file lock with SQLite), and a command that finds its
job running skips it and says so."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from khth.lib.single_run import single_run
from tests.cli.helpers import run

pytestmark = pytest.mark.django_db


def elsewhere(work: Callable[[], Any]) -> Any:
    """``work``'s result in another thread: another database session, another open file."""
    result: list[Any] = []

    def target() -> None:
        try:
            result.append(work())
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=30)
    return result[0]


def try_job(job: str) -> bool:
    with single_run(job) as held:
        return held


def test_one_holder_at_a_time() -> None:
    with single_run("khth test job") as held:
        assert held
        assert elsewhere(lambda: try_job("khth test job")) is False
        # Another job is not held up.
        assert elsewhere(lambda: try_job("khth other job")) is True
    # Let go at the end, also when the holder's work failed.
    assert elsewhere(lambda: try_job("khth test job")) is True
    with pytest.raises(RuntimeError), single_run("khth test job"):
        raise RuntimeError
    assert elsewhere(lambda: try_job("khth test job")) is True


# Each scheduled command, its arguments, and what it prints when it did its work.
SCHEDULED = [
    ("khth inspections remind", ("inspections", "remind"), "quá hạn được nhắc"),
    ("khth coordination generate", ("coordination", "generate"), "báo cáo trao đổi thông tin"),
    ("khth awards propose", ("awards", "propose", "--unit", "D"), "đề xuất khen thưởng mới"),
]


@pytest.mark.parametrize(("job", "args", "done_says"), SCHEDULED, ids=[s[0] for s in SCHEDULED])
def test_a_command_whose_job_runs_elsewhere_skips_it(
    world: Any, job: str, args: tuple[str, ...], done_says: str
) -> None:
    started, release = threading.Event(), threading.Event()

    def hold() -> bool:
        with single_run(job) as held:
            started.set()
            release.wait(timeout=30)
            return held

    holder = threading.Thread(target=lambda: elsewhere(hold))
    holder.start()
    started.wait(timeout=30)
    try:
        skipped = run(*args)
    finally:
        release.set()
        holder.join(timeout=30)
    assert not skipped.failed, skipped.errors
    assert "đang chạy ở một tiến trình khác" in skipped.out
    assert done_says not in skipped.out + skipped.err
    done = run(*args)
    assert not done.failed, done.errors
    assert done_says in done.out + done.err
