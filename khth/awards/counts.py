"""How many awards a subtree received over a span: "10 tập thể, 5 cá nhân" of a review.

``counts`` does no access check: the caller (a page, a review draft) has checked that the user
sees ``unit``. One query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count

from khth.awards.models import Award
from khth.regulations.access import active_regulation
from khth.units.models import Unit


@dataclass(frozen=True)
class AwardCounts:
    """Awards (one per recipient named in a decision) dated within the span: to collectives, to
    individuals, and by title code in the regulation's order (titles no longer in the
    regulation last); ``outside``: given by the subtree to bodies outside the army."""

    collective: int
    individual: int
    by_title: dict[str, int] = field(default_factory=dict)
    outside: int = 0

    @property
    def total(self) -> int:
        return self.collective + self.individual + self.outside

    @property
    def phrase(self) -> str:
        """As a review writes it: "10 tập thể, 5 cá nhân" (", 6 cơ quan, tổ chức ngoài Quân
        đội" when the subtree gave some)."""
        text = f"{self.collective} tập thể, {self.individual} cá nhân"
        if self.outside:
            text += f", {self.outside} cơ quan, tổ chức ngoài Quân đội"
        return text


def counts(unit: Unit, starts_on: dt.date, ends_on: dt.date) -> AwardCounts:
    """Awards to ``unit`` and its subtree whose decision is dated ``starts_on``..``ends_on``
    (both included)."""
    rows = (
        Award.objects.filter(
            unit__path__startswith=unit.path,
            decision_date__gte=starts_on,
            decision_date__lte=ends_on,
        )
        .values("recipient", "title_code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    collective = individual = outside = 0
    found: dict[str, int] = {}
    for row in rows:
        n = row["n"]
        if row["recipient"] == Award.COLLECTIVE:
            collective += n
        elif row["recipient"] == Award.OUTSIDE:
            outside += n
        else:
            individual += n
        found[row["title_code"]] = found.get(row["title_code"], 0) + n
    order = [t.code for t in active_regulation().followup.awards.titles]
    by_title = {code: found.pop(code) for code in order if code in found}
    by_title.update(sorted(found.items()))
    return AwardCounts(collective, individual, by_title, outside)
