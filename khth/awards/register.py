"""Reading the register: the awards of a subtree over a span, filtered. The pages, the API, the
export and the CLI all select through ``select_awards`` so they list the same rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from khth.awards.models import Award
from khth.lib.vietnamese import nfc
from khth.units.models import Unit


@dataclass(frozen=True)
class AwardFilter:
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    recipient: str = ""  # "collective", "individual", "outside_body" or "" for all
    title_code: str = ""
    text: str = ""  # part of a person's or outside body's name, or of a decision number
    body_name: str = ""  # the very name of an outside body (a partner's awards)


def select_awards(
    awards: QuerySet[Award], unit: Unit | None, which: AwardFilter
) -> QuerySet[Award]:
    """``awards`` (already scoped to the reader) of ``unit``'s subtree (None: all of them)
    matching ``which``, newest decision first, in tree order within a day."""
    rows = awards if unit is None else awards.filter(unit__path__startswith=unit.path)
    if which.starts_on is not None:
        rows = rows.filter(decision_date__gte=which.starts_on)
    if which.ends_on is not None:
        rows = rows.filter(decision_date__lte=which.ends_on)
    if which.recipient:
        rows = rows.filter(recipient=which.recipient)
    if which.title_code:
        rows = rows.filter(title_code=which.title_code)
    if which.body_name:
        rows = rows.filter(recipient=Award.OUTSIDE, body_name=nfc(which.body_name).strip())
    text = nfc(which.text).strip()
    if text:
        rows = rows.filter(
            Q(person_name__icontains=text)
            | Q(body_name__icontains=text)
            | Q(decision_number__icontains=text)
        )
    return rows.select_related("unit").order_by("-decision_date", "unit__path", "pk")


def year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
