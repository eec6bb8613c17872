"""The review of coordination over a span (sơ kết, tổng kết the agreement): the joint activities
held, with their results, counted by partner; how the exchange schedule was kept both ways —
the exchange reports of the periods that ended in the span, sent or not, and what each partner
sent the unit for them, received or not; and the Party members handed over to each partner's
locality (introduction letter dated in the span) and taken in by it (received in the span).

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
from khth.coordination.exchange import received_codes, sent_codes
from khth.coordination.models import (
    Agreement,
    ExchangeReport,
    JointActivity,
    PartyTransfer,
    ReceivedExchange,
)
from khth.coordination.transfers import counts_by_partner
from khth.regulations.access import active_regulation
from khth.units.models import Unit


@dataclass(frozen=True)
class PartnerLine:
    partner: str
    activities: int
    with_result: int
    exchanges_due: int
    exchanges_sent: int
    # The other way: what the partner owed the unit for the periods ended in the span.
    received_due: int = 0
    received: int = 0
    transfers_handed_over: int = 0
    transfers_received: int = 0


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

    @property
    def received_due(self) -> int:
        return sum(line.received_due for line in self.lines)

    @property
    def received(self) -> int:
        return sum(line.received for line in self.lines)

    @property
    def transfers_handed_over(self) -> int:
        return sum(line.transfers_handed_over for line in self.lines)

    @property
    def transfers_received(self) -> int:
        return sum(line.transfers_received for line in self.lines)


def activity_review(
    unit: Unit,
    starts_on: dt.date,
    ends_on: dt.date,
    activities: QuerySet[JointActivity],
    agreements: QuerySet[Agreement],
    exchanges: QuerySet[ExchangeReport],
    received: QuerySet[ReceivedExchange] | None = None,
    transfers: QuerySet[PartyTransfer] | None = None,
) -> ActivityReview:
    """Activities held ``starts_on``..``ends_on`` under agreements of ``unit``'s subtree, the
    exchanges due both ways for periods ending in the span (those ending after the span's last
    day are for the next review), and the transfers of the span."""
    rows = list(
        activities.filter(
            agreement__unit__path__startswith=unit.path,
            held_on__gte=starts_on,
            held_on__lte=ends_on,
        )
        .select_related("agreement", "agreement__unit")
        .order_by("held_on", "pk")
    )
    scoped = list(
        agreements.filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .prefetch_related("partners")
        .order_by("unit__path", "pk")
    )
    # Each partner of an agreement is counted: an activity under an agreement with six provinces
    # is held with each of them.
    partners_of = {a.pk: a.partner_list for a in scoped}
    for activity in rows:
        if activity.agreement_id not in partners_of:
            partners_of[activity.agreement_id] = activity.agreement.partner_list
    held: Counter[int] = Counter(p.pk for a in rows for p in partners_of[a.agreement_id])
    results: Counter[int] = Counter(
        p.pk for a in rows if a.result.strip() for p in partners_of[a.agreement_id]
    )
    sent = set(
        exchanges.filter(
            agreement__in=[a.pk for a in scoped], status=ExchangeReport.SENT
        ).values_list("agreement_id", "period_id")
    )
    got = set(
        (received if received is not None else ReceivedExchange.objects.none())
        .filter(agreement__in=[a.pk for a in scoped])
        .values_list("agreement_id", "partner_id", "period_id")
    )
    regulation = active_regulation()
    due: Counter[int] = Counter()
    done: Counter[int] = Counter()
    owed: Counter[int] = Counter()
    came: Counter[int] = Counter()
    names: dict[int, str] = {}
    order: dict[int, tuple[str, str]] = {}
    for agreement in scoped:
        for partner in partners_of[agreement.pk]:
            names[partner.pk] = partner.name
            order[partner.pk] = (agreement.unit.path, partner.sort_name)
        sends = bool(sent_codes(regulation, list(agreement.indicators)))
        receives = bool(received_codes(regulation, list(agreement.indicators)))
        for period in due_periods(agreement, ends_on + dt.timedelta(days=1)):
            if period.end < starts_on:
                continue
            for partner in partners_of[agreement.pk]:
                if sends:
                    due[partner.pk] += 1
                    if (agreement.pk, period.id) in sent:
                        done[partner.pk] += 1
                if receives:
                    owed[partner.pk] += 1
                    if (agreement.pk, partner.pk, period.id) in got:
                        came[partner.pk] += 1
    moved = counts_by_partner(
        (transfers if transfers is not None else PartyTransfer.objects.none()).filter(
            agreement__in=[a.pk for a in scoped]
        ),
        starts_on,
        ends_on,
    )
    for activity in rows:
        for partner in partners_of[activity.agreement_id]:
            names.setdefault(partner.pk, partner.name)
            order.setdefault(partner.pk, (activity.agreement.unit.path, partner.sort_name))
    lines = [
        PartnerLine(
            names[pk],
            held[pk],
            results[pk],
            due[pk],
            done[pk],
            owed[pk],
            came[pk],
            moved[pk].handed_over if pk in moved else 0,
            moved[pk].received if pk in moved else 0,
        )
        for pk in sorted(names, key=lambda pk: (*order[pk], pk))
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
        access.visible_received(user),
        access.visible_transfers(user),
    )
