"""The library of good practice: the models in the user's scope, by kind and text; and, for a
superior, the subordinates' finished work to choose models from."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from khth.docsystem.records.access import get_typed_for_user, visible_typed
from khth.docsystem.records.models import TypedDocument
from khth.lib.forms import attempt
from khth.lib.vietnamese import fold
from khth.plans.access import get_plan_for_user, visible_plans
from khth.plans.models import Plan
from khth.practice import access
from khth.practice.actions import PracticeError, Work, describe, mark_exemplar, unmark_exemplar
from khth.practice.models import Exemplar
from khth.reports.access import get_report_for_user, visible_reports
from khth.reports.models import Report
from khth.units.access import scope_for
from khth.web.lists import capped, choice_asked

LIMIT = 100
CANDIDATES = 30
KINDS = [k for k, _label in Exemplar.KIND_CHOICES]


def _search(rows: QuerySet[Exemplar], request: HttpRequest) -> QuerySet[Exemplar]:
    kind = choice_asked(request, "kind", KINDS, "")
    if kind:
        rows = rows.filter(kind=kind)
    code = request.GET.get("code", "")[:64]
    if code:
        rows = rows.filter(code=code)
    text = fold(request.GET.get("q", "")[:200]).strip()
    for word in text.split()[:10]:
        rows = rows.filter(search_text__contains=word)
    return rows


def _candidates(request: HttpRequest, kind: str) -> list[tuple[Work, str]]:
    """Finished work of units the user may mark (below the user's own units), not yet marked."""
    user = request.user
    below = [g for g in scope_for(user).grants if access.MARK in g.permissions]
    if not below:
        return []
    found: list[Work] = []
    if kind in ("", Exemplar.REPORT):
        found += list(
            visible_reports(user)
            .filter(status__in=[Report.SUBMITTED, Report.ACCEPTED], exemplar__isnull=True)
            .select_related("unit", "unit__parent")
            .order_by("-period_end", "-pk")[:CANDIDATES]
        )
    if kind in ("", Exemplar.PLAN):
        found += list(
            visible_plans(user)
            .filter(status__in=Plan.IN_FORCE, exemplar__isnull=True)
            .select_related("unit", "unit__parent")
            .order_by("-ends_on", "-pk")[:CANDIDATES]
        )
    if kind in ("", Exemplar.DOCUMENT):
        found += list(
            visible_typed(user)
            .filter(status=TypedDocument.FINAL, exemplar__isnull=True)
            .select_related("unit", "unit__parent")
            .order_by("-dated", "-pk")[:CANDIDATES]
        )
    return [(w, describe(w)[0]) for w in found if access.can_mark(user, w.unit)]


@login_required
@require_GET
def practice_home(request: HttpRequest) -> HttpResponse:
    rows = _search(access.visible_exemplars(request.user).select_related("unit"), request)
    found = capped(rows, LIMIT)
    kind = choice_asked(request, "kind", KINDS, "")
    candidates = _candidates(request, kind)
    return render(
        request,
        "practice/home.html",
        {
            "rows": [(e, access.url_of(e)) for e in found.rows],
            "more": found.more,
            "kinds": Exemplar.KIND_CHOICES,
            "kind": kind,
            "q": request.GET.get("q", "")[:200],
            "code": request.GET.get("code", "")[:64],
            "candidates": candidates,
            "can_unmark": {e.pk for e in found.rows if access.can_mark(request.user, e.unit)},
        },
    )


def _work(request: HttpRequest, kind: str, pk: int) -> Work:
    if kind not in KINDS:
        raise Http404(kind)
    if kind == Exemplar.REPORT:
        return get_report_for_user(request.user, pk)
    if kind == Exemplar.PLAN:
        return get_plan_for_user(request.user, pk)
    return get_typed_for_user(request.user, pk)


@login_required
@require_POST
def practice_mark(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    work = _work(request, kind, pk)
    attempt(
        request,
        lambda: mark_exemplar(work, by=request.user, note=request.POST.get("note", "")),
        PracticeError,
        _("Đã chọn làm điển hình tiên tiến."),
    )
    return redirect("practice-home")


@login_required
@require_POST
def practice_unmark(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = access.get_exemplar_for_user(request.user, pk)
    attempt(
        request,
        lambda: unmark_exemplar(exemplar, by=request.user),
        PracticeError,
        _("Đã bỏ chọn điển hình tiên tiến."),
    )
    return redirect("practice-home")


urlpatterns: list[URLPattern] = [
    path("", practice_home, name="practice-home"),
    path("mark/<str:kind>/<int:pk>/", practice_mark, name="practice-mark"),
    path("<int:pk>/unmark/", practice_unmark, name="practice-unmark"),
]
