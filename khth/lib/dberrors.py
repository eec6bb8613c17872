"""Database errors that are the database's state, not a bug: what a person is told about them.

A busy database (SQLite's write lock held past the busy timeout, a PostgreSQL lock or statement
timeout, a deadlock) passes when the other writer finishes: the person is asked to try again,
never shown a server error. A database that was never migrated is told apart so the operator
reads the one command that fixes it. Both the web middleware (``khth.web.busy``) and the commands
(``khth.lib.commands``) answer through here.
"""

from __future__ import annotations

from django.db import DatabaseError
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5

# SQLSTATEs of PostgreSQL that clear by themselves: lock_not_available (lock_timeout),
# query_canceled (statement_timeout), deadlock_detected, serialization_failure.
_PG_BUSY = {"55P03", "57014", "40P01", "40001"}
_PG_UNDEFINED_TABLE = "42P01"


def _sqlstate(exc: BaseException) -> str:
    # Django wraps the driver's exception; psycopg 3 names the code ``sqlstate``.
    cause = exc.__cause__ or exc
    return str(getattr(cause, "sqlstate", "") or "")


def is_busy(exc: BaseException) -> bool:
    if not isinstance(exc, DatabaseError):
        return False
    text = str(exc).lower()
    return (
        "database is locked" in text
        or "database table is locked" in text
        or (_sqlstate(exc) in _PG_BUSY)
    )


def is_unmigrated(exc: BaseException) -> bool:
    if not isinstance(exc, DatabaseError):
        return False
    return "no such table" in str(exc).lower() or _sqlstate(exc) == _PG_UNDEFINED_TABLE


def busy_message() -> str:
    return _(
        "Cơ sở dữ liệu đang bận ghi dữ liệu khác (ví dụ một lần nhập tệp lớn). "
        "Không có gì được lưu; hãy thử lại sau ít giây."
    )


def explain(exc: BaseException) -> str | None:
    """What to tell a person about ``exc``, or None when it is not the database's state."""
    if is_busy(exc):
        return busy_message()
    if is_unmigrated(exc):
        return _("Cơ sở dữ liệu chưa được tạo hoặc chưa cập nhật: hãy chạy khth migrate trước.")
    return None
