"""Who may see and do what in coordination with outside bodies. Built on khth.units.access.

Partners, agreements, exchange reports and joint activities belong to the army unit that owns
the partner: whoever sees that unit (it or a superior) sees them; changes are made by the
unit's own people holding ``coordination.manage`` there. Partners themselves have no account and
see nothing: what they get is the exchange report sent to them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from khth.coordination.models import (
    Agreement,
    ExchangeReport,
    JointActivity,
    Partner,
    PartyTransfer,
    ReceivedExchange,
)
from khth.units.access import get_visible, holders_at, scope_for
from khth.units.models import Unit

MANAGE = "coordination.manage"


def visible_partners(user: Any) -> QuerySet[Partner]:
    return Partner.objects.filter(scope_for(user).q("unit__path"))


def visible_agreements(user: Any) -> QuerySet[Agreement]:
    return Agreement.objects.filter(scope_for(user).q("unit__path"))


def visible_exchanges(user: Any) -> QuerySet[ExchangeReport]:
    return ExchangeReport.objects.filter(scope_for(user).q("agreement__unit__path"))


def visible_activities(user: Any) -> QuerySet[JointActivity]:
    return JointActivity.objects.filter(scope_for(user).q("agreement__unit__path"))


def visible_received(user: Any) -> QuerySet[ReceivedExchange]:
    return ReceivedExchange.objects.filter(scope_for(user).q("agreement__unit__path"))


def visible_transfers(user: Any) -> QuerySet[PartyTransfer]:
    """Party members handed over: personal data, read only within the owning unit's scope."""
    return PartyTransfer.objects.filter(scope_for(user).q("agreement__unit__path"))


def can_manage(user: Any, unit: Unit) -> bool:
    return scope_for(user).holds_at(unit, MANAGE)


def _check(user: Any, unit: Unit, manage: bool) -> None:
    if manage and not can_manage(user, unit):
        raise PermissionDenied(MANAGE)


def get_partner_for_user(user: Any, pk: int, *, manage: bool = False) -> Partner:
    """404 outside the scope; 403 inside it without ``coordination.manage`` at the owning unit
    when ``manage``."""
    rows = visible_partners(user).select_related("unit", "unit__parent")
    found = get_visible(rows, pk, "partner")
    _check(user, found.unit, manage)
    return found


def get_agreement_for_user(user: Any, pk: int, *, manage: bool = False) -> Agreement:
    rows = visible_agreements(user).select_related("unit", "unit__parent")
    found = get_visible(rows, pk, "agreement")
    _check(user, found.unit, manage)
    return found


def get_exchange_for_user(user: Any, pk: int, *, manage: bool = False) -> ExchangeReport:
    rows = visible_exchanges(user).select_related(
        "agreement",
        "agreement__unit",
        "agreement__unit__parent",
        "registered",
        "sent_by",
    )
    found = get_visible(rows, pk, "exchange report")
    _check(user, found.agreement.unit, manage)
    return found


def get_activity_for_user(user: Any, pk: int, *, manage: bool = False) -> JointActivity:
    rows = visible_activities(user).select_related("agreement", "agreement__unit")
    found = get_visible(rows, pk, "joint activity")
    _check(user, found.agreement.unit, manage)
    return found


def get_received_for_user(user: Any, pk: int, *, manage: bool = False) -> ReceivedExchange:
    rows = visible_received(user).select_related(
        "agreement", "agreement__unit", "partner", "incoming"
    )
    found = get_visible(rows, pk, "received exchange")
    _check(user, found.agreement.unit, manage)
    return found


def get_transfer_for_user(user: Any, pk: int, *, manage: bool = False) -> PartyTransfer:
    rows = visible_transfers(user).select_related("agreement", "agreement__unit", "partner")
    found = get_visible(rows, pk, "party transfer")
    _check(user, found.agreement.unit, manage)
    return found


def managers_at(unit: Unit) -> QuerySet[Any]:
    return holders_at(unit, MANAGE)
