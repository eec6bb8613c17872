"""Who may see and write reviews: read by the subtree; drafted and edited by the unit's own
people holding ``inspection.manage`` (the regime of inspection, survey and review)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from khth.reviews.models import Review
from khth.units.access import scope_for
from khth.units.models import Unit

WRITE = "inspection.manage"


def visible_reviews(user: Any) -> QuerySet[Review]:
    return Review.objects.filter(scope_for(user).q("unit__path"))


def get_review_for_user(user: Any, pk: int) -> Review:
    found = visible_reviews(user).select_related("unit", "unit__parent").filter(pk=pk).first()
    if found is None:
        raise Http404("review not found")
    return found


def can_write(user: Any, unit: Unit) -> bool:
    return scope_for(user).holds_at(unit, WRITE)
