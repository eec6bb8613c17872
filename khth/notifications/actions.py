"""Telling people about things. Called inside the transaction of the action being announced."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from khth.lib import clock
from khth.notifications.models import Notification

logger = logging.getLogger(__name__)


def in_system_language(msgid: str, params: dict[str, object]) -> str:
    """A stored message (notification, record) is written in the system's language, not in the
    language of whoever happened to act: the reader may have chosen another."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(msgid) % params


def notify(users: Iterable[Any], message: str, *, link: str = "", exclude: Any = None) -> int:
    """One notification per distinct active user, except ``exclude`` (the person acting); and,
    when e-mail is configured, one e-mail to each of them who has an address — sent only once
    the action's transaction has committed, so a refused action mails nobody."""
    now = clock.now()
    seen: set[int] = set()
    rows = []
    addresses = []
    for user in users:
        if user.pk in seen or not user.is_active or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, message=message[:500], link=link, created_at=now))
        if user.email:
            addresses.append(user.email)
    Notification.objects.bulk_create(rows)
    if settings.KHTH_EMAIL_ENABLED and addresses:
        transaction.on_commit(lambda: _mail(addresses, message[:500], link))
    return len(rows)


def _mail(addresses: list[str], message: str, link: str) -> None:
    body = message + (f"\n\n{settings.KHTH_BASE_URL}{link}" if link else "")
    subject = "KHTH: " + message[:120]
    for address in addresses:
        # One message each: recipients of a notification do not see one another's addresses.
        try:
            send_mail(subject, body, None, [address])
        except OSError:
            # The in-app notification is there; a mail server that is down must not break the
            # action that has already committed.
            logger.warning("e-mail to %s failed", address, exc_info=True)


@transaction.atomic
def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=clock.now())
