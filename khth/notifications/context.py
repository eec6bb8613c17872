"""The unread count shown in the header of every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from khth.notifications.models import Notification


def unread(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {
        "unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count()
    }
