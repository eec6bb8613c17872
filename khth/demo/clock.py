"""The demo year's clock: actions are called "at" past moments so that their timestamps, audit
entries and notifications carry the dates a real year of work would have left.

Every action asks the time through ``khth.lib.clock``, which reads ``django.utils.timezone.now``
(as do Django's own ``auto_now`` fields); replacing that one function for the length of a call is
the whole trick. Only the demo builder uses it, before the server starts, in one thread: the
running site never sees a moved clock. time-machine (what the tests use) is a development
dependency and cannot be used by a command that ships.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone


def moment(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """``day`` at ``hour:minute`` in the deployment's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@contextmanager
def acting_at(when: dt.datetime) -> Iterator[None]:
    """Within the block, "now" is ``when`` for every action (and ``today`` its date)."""
    original = timezone.now

    def fixed() -> dt.datetime:
        return when

    timezone.now = fixed
    try:
        yield
    finally:
        timezone.now = original
