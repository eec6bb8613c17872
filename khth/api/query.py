"""Reading what list and figure endpoints take from the query: the page, the filters that narrow
the rows, a span of dates."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from khth.api.schemas import MAX_OFFSET

Rows = TypeVar("Rows", bound=QuerySet[Any])

# The most rows one page of a list answers.
MAX_LIMIT = 500


def page(limit: int, offset: int) -> slice:
    """The rows of one page: ``limit`` brought within 1…MAX_LIMIT, ``offset`` within
    0…MAX_OFFSET (a larger one overflows the database's integers)."""
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, MAX_OFFSET))
    return slice(offset, offset + limit)


def filtered(rows: Rows, **lookups: object) -> Rows:
    """``rows`` narrowed by each lookup given a value: a filter left empty (None, "") narrows
    nothing, as a query parameter left out."""
    return rows.filter(**{lookup: value for lookup, value in lookups.items() if value})


def date_span(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """``(start, end)`` of a span asked for; 400 when it ends before it starts."""
    if end < start:
        raise HttpError(400, _("Ngày kết thúc trước ngày bắt đầu"))
    return start, end
