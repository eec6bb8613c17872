"""Who may see and do what with awards. Built on khth.units.access, like every object type.

Reading follows the subtree. Registering awards and confirming or rejecting proposals need
``award.manage`` over the unit (held at it or above it): the superior who decides awards
registers them for its subordinates.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from khth.awards.models import Award, Proposal
from khth.units.access import get_visible, holders_at, scope_for
from khth.units.models import Unit

MANAGE = "award.manage"


def visible_awards(user: Any) -> QuerySet[Award]:
    return Award.objects.filter(scope_for(user).q("unit__path"))


def visible_proposals(user: Any) -> QuerySet[Proposal]:
    return Proposal.objects.filter(scope_for(user).q("unit__path"))


def can_manage(user: Any, unit: Unit) -> bool:
    return scope_for(user).allows(unit, MANAGE)


def get_award_for_user(user: Any, pk: int, *, manage: bool = False) -> Award:
    """404 outside the scope; 403 inside it without ``award.manage`` when ``manage``."""
    found = get_visible(visible_awards(user).select_related("unit", "created_by"), pk, "award")
    if manage and not can_manage(user, found.unit):
        raise PermissionDenied(MANAGE)
    return found


def get_proposal_for_user(user: Any, pk: int, *, manage: bool = False) -> Proposal:
    found = get_visible(
        visible_proposals(user).select_related("unit", "award", "decided_by"), pk, "proposal"
    )
    if manage and not can_manage(user, found.unit):
        raise PermissionDenied(MANAGE)
    return found


def managers_at(unit: Unit) -> QuerySet[Any]:
    """People holding ``award.manage`` at ``unit`` itself (whom to tell about proposals)."""
    return holders_at(unit, MANAGE)
