"""The conference page of a review: the record of the hội nghị, the key tasks and solutions it
sets (one a line), and the awards of the register decided at it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from khth.awards.access import visible_awards
from khth.awards.actions import title_names
from khth.awards.models import Award
from khth.lib.forms import done, posted_revision
from khth.reviews.actions import (
    ReviewError,
    link_award,
    record_conference,
    set_key_tasks,
    unlink_award,
)
from khth.reviews.forms import ConferenceForm
from khth.reviews.models import KeyTask, Review
from khth.reviews.views.editing import _writable

MAX_AWARDS = 300


def _candidates(request: HttpRequest, review: Review) -> list[Award]:
    """Awards of the review's subtree the user sees, decided since the review's start."""
    return list(
        visible_awards(request.user)
        .filter(unit__path__startswith=review.unit.path, decision_date__gte=review.starts_on)
        .select_related("unit")
        .order_by("-decision_date", "-pk")[:MAX_AWARDS]
    )


def _choices(awards: list[Award]) -> list[tuple[str, str]]:
    names = title_names()
    return [
        (
            str(a.pk),
            f"{a.unit.name}{' — ' + a.person_name if a.person_name else ''}: "
            f"{names.get(a.title_code, a.title_code)}, {a.decision_number}",
        )
        for a in awards
    ]


def _initial(review: Review) -> dict[str, Any]:
    rows = list(review.key_tasks.all())
    return {
        "held_on": review.held_on,
        "place": review.place,
        "presided_by": review.presided_by,
        "attendance": review.attendance,
        "record": review.record,
        "tasks": "\n".join(k.text for k in rows if k.kind == KeyTask.TASK),
        "solutions": "\n".join(k.text for k in rows if k.kind == KeyTask.SOLUTION),
        "awards": [str(pk) for pk in review.award_links.values_list("award_id", flat=True)],
    }


def _save(request: HttpRequest, review: Review, form: ConferenceForm, awards: list[Award]) -> None:
    data = form.cleaned_data
    with transaction.atomic():
        review = record_conference(
            review,
            by=request.user,
            base_revision=posted_revision(request),
            held_on=data["held_on"],
            place=data["place"],
            presided_by=data["presided_by"],
            attendance=data["attendance"],
            record=data["record"],
        )
        if review.status == Review.DRAFT:
            review = set_key_tasks(
                review,
                by=request.user,
                base_revision=review.revision,
                tasks=form.task_lines(),
                solutions=form.solution_lines(),
            )
        chosen = set(data["awards"])
        linked = {str(pk) for pk in review.award_links.values_list("award_id", flat=True)}
        for award in awards:
            key = str(award.pk)
            if key in chosen and key not in linked:
                link_award(review, award, by=request.user)
            elif key in linked and key not in chosen:
                unlink_award(review, award, by=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def review_conference(request: HttpRequest, pk: int) -> HttpResponse:
    review = _writable(request, pk)
    awards = _candidates(request, review)
    error = ""
    if request.method == "POST":
        form = ConferenceForm(request.POST, awards=_choices(awards))
        if form.is_valid():
            try:
                _save(request, review, form, awards)
            except ReviewError as refused:
                error = str(refused)
            else:
                return done(
                    request, _("Đã ghi hội nghị sơ kết, tổng kết."), "review-detail", pk=review.pk
                )
    else:
        form = ConferenceForm(initial=_initial(review), awards=_choices(awards))
    return render(
        request,
        "reviews/conference.html",
        {"review": review, "unit": review.unit, "form": form, "error": error},
        status=400 if error or form.errors else 200,
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/conference/", review_conference, name="review-conference"),
]
