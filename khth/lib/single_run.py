"""A scheduled job runs in one process at a time, however many app servers start it.

Every app server may carry the same crontab (docs/operations.md): the first to start a job holds
its lock for as long as it runs, and the others skip it. On PostgreSQL the lock is an advisory lock
of the database session, so it holds across machines and is let go if the process dies; on SQLite
(one machine by nature) it is a lock on a file in the data directory, let go by the operating
system in the same case. The jobs are idempotent, so one that runs again after another finished
does nothing more; the lock only keeps two from working on the same rows at once.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import connection


def _key(job: str) -> int:
    """The job's advisory-lock key: a signed 64-bit number from its name."""
    return int.from_bytes(hashlib.sha256(job.encode()).digest()[:8], "big", signed=True)


@contextmanager
def single_run(job: str) -> Iterator[bool]:
    """Yields True in the one process that holds ``job``'s lock, False where another holds it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_key(job)])
            held = bool(cursor.fetchone()[0])
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [_key(job)])
        return
    folder = Path(settings.DATA_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(job.encode()).hexdigest()[:16]}.lock"
    with path.open("a+b") as file:
        held = _try_lock(file)
        try:
            yield held
        finally:
            if held:
                _unlock(file)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(file: IO[bytes]) -> bool:
        try:
            msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(file: IO[bytes]) -> None:
        file.seek(0)
        msvcrt.locking(file.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(file: IO[bytes]) -> bool:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(file: IO[bytes]) -> None:
        fcntl.flock(file, fcntl.LOCK_UN)
