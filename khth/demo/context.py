"""What every part of the demo year shares: today, the units and who acts for each, seeded
draws, and the one way to call an action at a past moment."""

from __future__ import annotations

import datetime as dt
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.utils import timezone

from khth.accounts.models import User
from khth.demo.clock import acting_at, moment
from khth.units.models import Membership, Unit

T = TypeVar("T")

SEED = "khth-demo"
PREPARER_ROLES = ("assistant", "deputy_political_officer")


@dataclass
class Year:
    today: dt.date
    units: dict[str, Unit]  # by code
    officer: dict[str, User]  # unit code → its political officer (signs, submits, decides)
    preparer: dict[str, User]  # unit code → who prepares (trợ lý, phó chính trị viên, else officer)
    # What later parts need from earlier ones (a report, a plan…), by name.
    made: dict[str, object] = field(default_factory=dict)

    @classmethod
    def load(cls, today: dt.date) -> Year:
        units = {u.code: u for u in Unit.objects.order_by("path")}
        officer: dict[str, User] = {}
        preparer: dict[str, User] = {}
        for m in Membership.objects.filter(ended_on__isnull=True).select_related("user", "unit"):
            if m.role == "political_officer":
                officer[m.unit.code] = m.user
            elif m.role in PREPARER_ROLES:
                preparer[m.unit.code] = m.user
        for code, user in officer.items():
            preparer.setdefault(code, user)
        return cls(today=today, units=units, officer=officer, preparer=preparer)

    def rng(self, *key: str) -> random.Random:
        """A draw that depends only on ``key``: the same demo whatever was drawn before."""
        return random.Random(zlib.crc32("|".join((SEED, *key)).encode()))  # noqa: S311

    def unit(self, code: str) -> Unit:
        return self.units[code]

    def by_pk(self, pk: int) -> Unit:
        return next(u for u in self.units.values() if u.pk == pk)

    def superior_officer(self, unit: Unit) -> User | None:
        if unit.parent_id is None:
            return None
        return self.officer.get(self.by_pk(unit.parent_id).code)

    def by_depth(self, levels: tuple[str, ...] | list[str] | None = None) -> list[Unit]:
        """Units deepest first (subordinates report before their superiors), then by path."""
        chosen = [u for u in self.units.values() if levels is None or u.level in levels]
        return sorted(chosen, key=lambda u: (-u.depth, u.path))

    def at(self, day: dt.date, hour: int, call: Callable[[], T], minute: int = 0) -> T:
        """``call()`` as if done on ``day`` at ``hour:minute`` (never later than now)."""
        return self.at_moment(moment(day, hour, minute), call)

    def at_moment(self, when: dt.datetime, call: Callable[[], T]) -> T:
        # Today's work happens "a little earlier": nothing may be stamped in the future.
        when = min(when, timezone.now() - dt.timedelta(minutes=5))
        with acting_at(when):
            return call()
