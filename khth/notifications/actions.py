"""Telling people about things. Called inside the transaction of the action being announced."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from khth.lib import clock
from khth.notifications.models import Notification


def in_system_language(msgid: str, params: dict[str, object]) -> str:
    """A stored message (notification, record) is written in the system's language, not in the
    language of whoever happened to act: the reader may have chosen another."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(msgid) % params


def notify(users: Iterable[Any], message: str, *, link: str = "", exclude: Any = None) -> int:
    """One notification per distinct active user, except ``exclude`` (the person acting)."""
    now = clock.now()
    seen: set[int] = set()
    rows = []
    for user in users:
        if user.pk in seen or not user.is_active or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, message=message[:500], link=link, created_at=now))
    Notification.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=clock.now())
