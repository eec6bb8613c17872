"""The one place that asks what time it is. Everything else takes dates as arguments."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    """Today in the deployment's time zone (settings.TIME_ZONE), not UTC."""
    return timezone.localdate(timezone.now())
