"""``khth bench demo``: how long the demo year takes to build, and what it made.

Built inside a transaction that is rolled back, so the bench leaves the database as it was; on a
database holding anything but the demo it is refused like ``khth demo`` itself.
"""

from __future__ import annotations

import time

from django.apps import apps
from django.db import connection, transaction
from django.utils.translation import gettext as _

from khth.demo.builder import DEFAULT_PASSWORD, build_demo
from khth.lib.errors import ActionRefused
from khth.units.models import Unit

# What the demo year makes, by model label, in the order the year makes it.
COUNTED = (
    "units.Unit", "accounts.User", "reports.Report", "reports.ReportRequest", "plans.Plan",
    "records.BookEntry", "records.TypedDocument", "register.RegisteredDocument",
    "evaluations.Evaluation", "awards.Award", "awards.Proposal", "inspections.Inspection",
    "inspections.Remedy", "reviews.Review", "coordination.Agreement",
    "coordination.ExchangeReport", "directives.Directive", "search.SearchEntry",
    "notifications.Notification", "audit.AuditEntry",
)  # fmt: skip


def counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


class NotEmpty(ActionRefused):
    """The bench measures a build from nothing: an existing demo would measure nothing."""


def bench_demo() -> list[str]:
    from khth.demo.management.commands.demo import ensure_regulation

    if Unit.objects.exists():
        raise NotEmpty(
            _("Cơ sở dữ liệu đã có đơn vị: đo thời gian tạo demo trên một cơ sở dữ liệu trống.")
        )
    with transaction.atomic():
        ensure_regulation()
        started = time.perf_counter()
        build_demo(password=DEFAULT_PASSWORD)
        seconds = time.perf_counter() - started
        made = counts()
        transaction.set_rollback(True)
    lines = [f"demo: {seconds:.1f} s ({connection.vendor})"]
    lines += [f"{label}: {count}" for label, count in made.items()]
    return lines
