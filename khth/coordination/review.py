"""The review of coordination over a span (sơ kết, tổng kết the agreement): the joint activities
held, with their results, counted by partner; and how the exchange schedule was kept — the
exchange reports of the periods that ended in the span, sent or not.

Reads what the caller has already scoped (querysets from khth.coordination.access).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from khth.coordination import access
from khth.coordination.actions import due_periods
from khth.coordination.models import Agreement, ExchangeReport, JointActivity
from khth.units.models import Unit


@dataclass(frozen=True)
class PartnerLine:
    partner: str
    activities: int
    with_result: int
    exchanges_due: int
    exchanges_sent: int


@dataclass(frozen=True)
class ActivityReview:
    unit: Unit
    starts_on: dt.date
    ends_on: dt.date
    activities: list[JointActivity]
    lines: list[PartnerLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.activities)

    @property
    def with_result(self) -> int:
        return sum(1 for a in self.activities if a.result.strip())

    @property
    def exchanges_due(self) -> int:
        return sum(line.exchanges_due for line in self.lines)

    @property
    def exchanges_sent(self) -> int:
        return sum(line.exchanges_sent for line in self.lines)


def activity_review(
    unit: Unit,
    starts_on: dt.date,
    ends_on: dt.date,
    activities: QuerySet[JointActivity],
    agreements: QuerySet[Agreement],
    exchanges: QuerySet[ExchangeReport],
) -> ActivityReview:
    """Activities held ``starts_on``..``ends_on`` under agreements of ``unit``'s subtree, and the
    exchanges due for periods ending in the span (those ending after the span's last day are
    for the next review)."""
    rows = list(
        activities.filter(
            agreement__partner__unit__path__startswith=unit.path,
            held_on__gte=starts_on,
            held_on__lte=ends_on,
        )
        .select_related("agreement", "agreement__partner", "agreement__partner__unit")
        .order_by("held_on", "pk")
    )
    held: Counter[int] = Counter(a.agreement.partner_id for a in rows)
    results: Counter[int] = Counter(a.agreement.partner_id for a in rows if a.result.strip())
    scoped = list(
        agreements.filter(partner__unit__path__startswith=unit.path)
        .select_related("partner", "partner__unit")
        .order_by("partner__unit__path", "partner__sort_name", "pk")
    )
    sent = set(
        exchanges.filter(
            agreement__in=[a.pk for a in scoped], status=ExchangeReport.SENT
        ).values_list("agreement_id", "period_id")
    )
    due: Counter[int] = Counter()
    done: Counter[int] = Counter()
    names: dict[int, str] = {}
    for agreement in scoped:
        names[agreement.partner_id] = agreement.partner.name
        for period in due_periods(agreement, ends_on + dt.timedelta(days=1)):
            if period.end < starts_on:
                continue
            due[agreement.partner_id] += 1
            if (agreement.pk, period.id) in sent:
                done[agreement.partner_id] += 1
    for activity in rows:
        names.setdefault(activity.agreement.partner_id, activity.agreement.partner.name)
    lines = [
        PartnerLine(name, held[pk], results[pk], due[pk], done[pk]) for pk, name in names.items()
    ]
    return ActivityReview(unit, starts_on, ends_on, rows, lines)


def review_for(user: Any, unit: Unit, starts_on: dt.date, ends_on: dt.date) -> ActivityReview:
    """The review of ``unit`` as ``user`` sees it: counted over the activities, agreements and
    exchanges in their scope only (the page and the API show the same figures)."""
    return activity_review(
        unit,
        starts_on,
        ends_on,
        access.visible_activities(user),
        access.visible_agreements(user),
        access.visible_exchanges(user),
    )
