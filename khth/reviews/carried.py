"""The key tasks and solutions of a finished review, carried into the next period's plans.

A review ends with numbered key tasks (nhiệm vụ trọng tâm) and groups of solutions (giải pháp)
for the period that follows ("9 nhiệm vụ trọng tâm và 9 nhóm giải pháp" for the next half-year,
seed 004). Once it is finished, each is an item the reviewing unit's plans of that period must
cover, exactly like a task a superior's plan assigns: the plan's editor offers «Nhận thực hiện»,
the specificity check names an uncovered one (``assigned_not_covered``).

Plans sit below reviews and must not import them, so this module registers ``review_items``
as an item source of ``khth.plans.cascade`` in ``ReviewsConfig.ready()``: the review states what
plans must cover; the cascade keeps deciding how coverage is checked. Items reach the reviewing
unit only, as a superior's items reach only their assignees: a regiment passes a key task on to
its battalions by assigning it again in its own plan.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from khth.plans.cascade import Assigned
from khth.reviews.models import KeyTask, Review
from khth.units.models import Unit


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)


def next_period(review: Review) -> tuple[dt.date, dt.date]:
    """The period after the review, as long as the review's own (in whole months): the second
    half-year after a 6-month review of 01/01–30/06, the next five years after a 5-year one."""
    months = max(1, round((review.ends_on - review.starts_on).days / 30.44))
    first = review.ends_on + dt.timedelta(days=1)
    return first, _add_months(first, months) - dt.timedelta(days=1)


def review_items(unit: Unit, starts_on: dt.date, ends_on: dt.date) -> list[Assigned]:
    """The key tasks of ``unit``'s finished reviews whose next period overlaps the days."""
    # A review's next period starts the day after it ends and lasts at most its own length
    # (at most ten years): reviews ending long before ``starts_on`` cannot reach it.
    rows = (
        KeyTask.objects.filter(
            review__unit=unit,
            review__status=Review.FINAL,
            review__ends_on__lt=ends_on,
            review__ends_on__gte=starts_on - dt.timedelta(days=11 * 366),
        )
        .select_related("review")
        .order_by("review__ends_on", "review_id", "-kind", "position")
    )
    out = []
    for row in rows:
        first, last = next_period(row.review)
        if last < starts_on or first > ends_on:
            continue
        label = (
            _("Nhiệm vụ trọng tâm %(n)s") if row.kind == KeyTask.TASK else _("Giải pháp %(n)s")
        ) % {"n": row.position}
        out.append(
            Assigned(
                kind="task",
                key=row.key,
                text=row.text,
                plan_id=0,
                plan_title=_("%(label)s do «%(review)s» đề ra")
                % {"label": label, "review": row.review.title},
                from_unit=unit.short_name or unit.name,
                starts_on=first,
                ends_on=last,
                span_starts_on=first,
                span_ends_on=last,
            )
        )
    return out
