"""Slowing down and locking repeated failed logins, per (account name, client address)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import ngettext

from khth.accounts.models import LoginFailure
from khth.lib import clock


@dataclass(frozen=True)
class Refusal:
    seconds: int
    locked: bool

    @property
    def message(self) -> str:
        if self.locked:
            minutes = max(1, math.ceil(self.seconds / 60))
            return ngettext(
                "Đăng nhập sai quá nhiều lần: tài khoản tạm khóa từ địa chỉ này, "
                "thử lại sau %(minutes)d phút.",
                "Đăng nhập sai quá nhiều lần: tài khoản tạm khóa từ địa chỉ này, "
                "thử lại sau %(minutes)d phút.",
                minutes,
            ) % {"minutes": minutes}
        return ngettext(
            "Đăng nhập sai nhiều lần: thử lại sau %(seconds)d giây.",
            "Đăng nhập sai nhiều lần: thử lại sau %(seconds)d giây.",
            self.seconds,
        ) % {"seconds": self.seconds}


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def _wait_after(failures: int) -> dt.timedelta:
    """The pause before the next try: none for the first few slips, then doubling."""
    free = settings.KHTH_LOGIN_FREE_FAILURES
    if failures < free:
        return dt.timedelta(0)
    return dt.timedelta(seconds=min(2 ** (failures - free), settings.KHTH_LOGIN_LOCK_SECONDS))


def refusal(username: str, address: str) -> Refusal | None:
    """Why a login attempt must not even be checked now, or None."""
    row = LoginFailure.objects.filter(username=_key(username), address=address).first()
    if row is None:
        return None
    now = clock.now()
    if row.locked_until is not None and now < row.locked_until:
        return Refusal(seconds=math.ceil((row.locked_until - now).total_seconds()), locked=True)
    ready_at = row.last_failure_at + _wait_after(row.failures)
    if now < ready_at:
        return Refusal(seconds=math.ceil((ready_at - now).total_seconds()), locked=False)
    return None


def record_failure(username: str, address: str) -> None:
    now = clock.now()
    key = _key(username)
    with transaction.atomic():
        row = LoginFailure.objects.select_for_update().filter(username=key, address=address).first()
        if row is None:
            try:
                with transaction.atomic():
                    LoginFailure.objects.create(
                        username=key, address=address, failures=1, last_failure_at=now
                    )
                return
            except IntegrityError:  # a concurrent failure created it first
                row = LoginFailure.objects.select_for_update().get(username=key, address=address)
        row.failures += 1
        row.last_failure_at = now
        if row.failures >= settings.KHTH_LOGIN_LOCK_FAILURES:
            row.locked_until = now + dt.timedelta(seconds=settings.KHTH_LOGIN_LOCK_SECONDS)
        row.save(update_fields=["failures", "last_failure_at", "locked_until"])


def record_success(username: str, address: str) -> None:
    LoginFailure.objects.filter(username=_key(username), address=address).delete()
