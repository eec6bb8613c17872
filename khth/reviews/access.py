"""Who may see and write reviews: read by the subtree; drafted and edited by the unit's own
people holding ``inspection.manage`` (the regime of inspection, survey and review)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from khth.reviews.models import Review
from khth.units.access import get_visible, scope_for
from khth.units.models import Unit

WRITE = "inspection.manage"


def visible_reviews(user: Any) -> QuerySet[Review]:
    return Review.objects.filter(scope_for(user).q("unit__path"))


def get_review_for_user(user: Any, pk: int) -> Review:
    return get_visible(visible_reviews(user).select_related("unit", "unit__parent"), pk, "review")


def can_write(user: Any, unit: Unit) -> bool:
    return scope_for(user).holds_at(unit, WRITE)
