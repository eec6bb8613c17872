"""What a request reads several times and that does not change while one page is built — which
regulation versions are in force — read once per request.

Each page asked the database which regulation is the base two to four times (the scope's role
permissions, the page's own lists, the templates' names): small queries, but a tenth of what a
page at the top of the army costs in all once Django has built and run each one. The memo lives
from ``request_started`` to ``request_finished`` on the thread serving the request; outside a
request (commands, the demo builder, tests calling functions directly) nothing is kept, so a
command that loads a regulation reads the new one at once. The actions that change what is in
force call ``forget``, so a page that changes it reads the change on the same request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_local = threading.local()


def start(**_kwargs: Any) -> None:
    _local.memo = {}


def end(**_kwargs: Any) -> None:
    _local.memo = None


def remembered(key: str, read: Callable[[], T]) -> T:
    """``read()``, once per request under ``key``; every time outside a request."""
    memo: dict[str, Any] | None = getattr(_local, "memo", None)
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    found: T = memo[key]
    return found


def forget() -> None:
    memo: dict[str, Any] | None = getattr(_local, "memo", None)
    if memo is not None:
        memo.clear()
