"""Review pages: a unit's reviews with the form for a new one, a review's page (the outline with
the narrative and, under «Kết quả», the figures computed now from their sources), and
«Hoàn thành». Every POST is one action call. The editor is in khth.reviews.views.editing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from khth.audit.actions import history_of
from khth.awards.actions import title_names
from khth.docsystem.register import access as register_access
from khth.docsystem.register.actions import RegisterError
from khth.lib import clock
from khth.lib.forms import attempt, done, post_form
from khth.regulations.access import active_regulation
from khth.reviews import access
from khth.reviews.actions import ReviewError, create_review, finish_review
from khth.reviews.documents import review_data
from khth.reviews.forms import NewReviewForm, ReviewRegistrationForm
from khth.reviews.models import Review
from khth.reviews.outline import review_outline
from khth.reviews.registration import register_review, review_registration
from khth.reviews.views.present import figures_context
from khth.reviews.views.registration import may_register, registration_form
from khth.synthesis.present import kept_view, report_link
from khth.synthesis.scopes import scope_label
from khth.units import access as unit_access
from khth.units.models import Unit
from khth.web.lists import unit_for_change, unit_page
from khth.web.navigation import to_home_unit

# The outline section the figures are shown under.
RESULTS_SECTION = "ket-qua"


def statuses() -> dict[str, str]:
    return {code: _(label) for code, label in Review.STATUS_CHOICES}


@login_required
@require_GET
def reviews_home(request: HttpRequest) -> HttpResponse:
    """The navigation's «Sơ kết, tổng kết»: the reviews of the user's own (highest) unit."""
    return to_home_unit(request, "review-unit")


def _new_form(data: Any = None) -> NewReviewForm:
    today = clock.today()
    return NewReviewForm(
        data, regulation=active_regulation(), initial={"ends_on": today, "span": "1y"}
    )


def _unit_page(
    request: HttpRequest, unit: Unit, form: NewReviewForm | None = None, status: int = 200
) -> HttpResponse:
    reviews = list(
        access.visible_reviews(request.user)
        .filter(unit=unit)
        .select_related("updated_by")
        .order_by("-ends_on", "-pk")
    )
    writable = access.can_write(request.user, unit)
    return unit_page(
        request,
        "reviews/unit.html",
        unit,
        {
            "reviews": reviews,
            "statuses": statuses(),
            "form": (form or _new_form()) if writable else None,
        },
        status=status,
    )


@login_required
@require_GET
def unit_reviews(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    return _unit_page(request, unit)


@login_required
@require_POST
def review_new(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_for_change(request, unit_code, access.can_write, access.WRITE)
    return post_form(
        _new_form(request.POST),
        lambda data: create_review(
            unit,
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            by=request.user,
            indicators=list(data["indicators"]) or None,
            kind=data["kind"] or Review.PERIODIC,
            subject=data["subject"],
        ),
        refused=ReviewError,
        again=lambda form: _unit_page(request, unit, form, status=400),
        then=lambda review: done(
            request,
            _("Đã lập dự thảo «%(title)s»: số liệu đã tổng hợp, hãy viết phần nhận xét, đánh giá.")
            % {"title": review.title},
            "review-detail",
            pk=review.pk,
        ),
    )


def kept_panel(code: str, kept: dict[str, Any]) -> dict[str, Any]:
    """What a section's synthesis draft was drawn from, as «Nguồn tổng hợp» shows it."""
    expected = _count(kept.get("expected"))
    written = _count(kept.get("written"))
    made = parse_datetime(str(kept.get("created_at", "")))
    return {
        "code": code,
        "kept": {"expected": expected, "written": written, "created_at": made},
        "scope": scope_label(str(kept.get("scope", ""))),
        "synthesis": kept_view(kept.get("groups"), expected, written, report_link(code)),
    }


def _count(raw: Any) -> int:
    return raw if isinstance(raw, int) and raw >= 0 else 0


def outline_rows(review: Review) -> list[dict[str, Any]]:
    """The outline with each leaf's narrative and the place of the figures."""
    rows = []
    for row in review_outline(active_regulation(), review.kind):
        kept = review.syntheses.get(row.code) if row.is_leaf else None
        rows.append(
            {
                "row": row,
                "html": review.sections.get(row.code, "") if row.is_leaf else "",
                "figures": row.code == RESULTS_SECTION,
                "unedited": row.code in review.unedited,
                "kept": kept_panel(row.code, kept) if isinstance(kept, dict) else None,
            }
        )
    if not any(r["figures"] for r in rows) and rows:
        rows[-1]["figures"] = True
    return rows


def detail_page(
    request: HttpRequest,
    review: Review,
    *,
    registration: ReviewRegistrationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    data = review_data(review)
    writable = access.can_write(request.user, review.unit)
    registered = review_registration(review)
    offer = may_register(request.user, review, registered)
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "unit": review.unit,
            "today": data.today,
            "outline": outline_rows(review),
            "statuses": statuses(),
            "can_edit": writable and review.status == Review.DRAFT,
            "history": history_of(review)[:50],
            "can_record": writable,
            "key_tasks": list(review.key_tasks.all()),
            "awards": [link.award for link in review.award_links.select_related("award__unit")],
            "kind_label": _(dict(Review.KIND_CHOICES)[review.kind]),
            "award_titles": title_names(),
            "registered": registered,
            # A refused form is shown again with its reason, even if someone registered since.
            "registration_form": registration
            or (registration_form(request, review) if offer else None),
            **figures_context(review.unit, data.regulation, data.figures),
        },
        status=status,
    )


@login_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return detail_page(request, access.get_review_for_user(request.user, pk))


@login_required
@require_POST
def review_register(request: HttpRequest, pk: int) -> HttpResponse:
    """«Vào sổ, lấy số»: the finished review into its unit's outgoing register."""
    review = access.get_review_for_user(request.user, pk)
    if not register_access.can_register(request.user, review.unit):
        raise PermissionDenied(register_access.REGISTER)
    return post_form(
        registration_form(request, review, request.POST),
        lambda data: register_review(review, by=request.user, **data),
        refused=RegisterError,
        again=lambda form: detail_page(request, review, registration=form, status=400),
        then=lambda document: done(
            request,
            _("Đã vào sổ văn bản đi: %(number)s") % {"number": document.number_text},
            "review-detail",
            pk=review.pk,
        ),
    )


@login_required
@require_POST
def review_finish(request: HttpRequest, pk: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, pk)
    if not access.can_write(request.user, review.unit):
        raise PermissionDenied(access.WRITE)
    attempt(
        request,
        lambda: finish_review(review, by=request.user),
        ReviewError,
        _("Đã hoàn thành báo cáo sơ kết, tổng kết."),
    )
    return redirect("review-detail", pk=review.pk)


urlpatterns: list[URLPattern] = [
    path("", reviews_home, name="reviews-home"),
    path("unit/<str:unit_code>/", unit_reviews, name="review-unit"),
    path("unit/<str:unit_code>/new/", review_new, name="review-new"),
    path("<int:pk>/", review_detail, name="review-detail"),
    path("<int:pk>/finish/", review_finish, name="review-finish"),
    path("<int:pk>/register/", review_register, name="review-register"),
]
