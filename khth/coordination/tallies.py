"""Figures of an exchange report counted from the agreement's own lists rather than typed: the
Party members handed over to the locality in a period (``tally: transfers`` in the regulation).

A list that holds no row at all says nothing (the unit may not keep it): the figure is then
taken as before, from the reports or entered. One query per agreement and period.
"""

from __future__ import annotations

from django.db.models import Count, Q

from khth.coordination.models import Agreement, PartyTransfer
from khth.periods import Period

TRANSFERS = "transfers"


def tallies_for(agreement: Agreement, period: Period) -> dict[str, int]:
    """``{"transfers": n}`` — members whose introduction letter is dated in ``period`` — when
    the agreement's transfer list holds rows; ``{}`` when it holds none."""
    found = PartyTransfer.objects.filter(agreement=agreement).aggregate(
        rows=Count("pk"),
        within=Count("pk", filter=Q(letter_date__gte=period.start, letter_date__lte=period.end)),
    )
    if not found["rows"]:
        return {}
    return {TRANSFERS: int(found["within"])}
