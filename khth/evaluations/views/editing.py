"""The evaluation workflow from the pages: open, self-assess, refresh the evidence, submit,
review or return, decide. Every POST is one action call; a refusal shows the evaluation's page
again with what was typed and the reason next to the form (and the criterion) it concerns.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khth.evaluations import access
from khth.evaluations.actions import (
    ConflictError,
    ContentError,
    EvaluationError,
    criteria,
    decide_evaluation,
    open_evaluation,
    refresh_evidence,
    return_evaluation,
    review_evaluation,
    rules_of,
    save_self_assessment,
    submit_evaluation,
)
from khth.evaluations.forms import (
    REVIEW_FIELDS,
    SELF_FIELDS,
    DecisionForm,
    OpenForm,
    ReturnForm,
    read_scores,
    read_vetoes,
)
from khth.evaluations.models import Evaluation
from khth.evaluations.overview import period_choices
from khth.evaluations.views.pages import (
    DECISION,
    REFRESH,
    RETURN,
    REVIEW,
    SAVE,
    SUBMIT,
    DetailState,
    decision_levels,
    place_problems,
    render_detail,
)
from khth.lib import clock
from khth.lib.vietnamese import nfc
from khth.regulations.access import RegulationNotLoaded, active_regulation
from khth.units import access as unit_access

BAD_REQUEST = 400
CONFLICT = 409


def _evaluation(request: HttpRequest, pk: int, role: str) -> Evaluation:
    """404 outside the user's scope, 403 without the role in the workflow."""
    evaluation = access.get_evaluation_for_user(request.user, pk)
    if not access.can(request.user, evaluation.unit, role, rules_of(evaluation)):
        raise PermissionDenied(role)
    return evaluation


def _base_version(request: HttpRequest) -> int:
    raw = request.POST.get("base_version", "")
    return int(raw) if raw.isdigit() else 0


@login_required
@require_POST
def evaluation_open(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    try:
        regulation = active_regulation()
    except RegulationNotLoaded:
        messages.error(request, _("Chưa nạp quy định: chưa đánh giá được."))
        return redirect("evaluation-unit", unit_code=unit.code)
    if not access.can(request.user, unit, access.SELF, regulation):
        raise PermissionDenied(access.SELF)
    form = OpenForm(
        request.POST,
        periods=period_choices(regulation, clock.today(), since=unit.valid_from),
    )
    if not form.is_valid():
        messages.error(request, _("Chọn kỳ đánh giá trong danh sách."))
        return redirect("evaluation-unit", unit_code=unit.code)
    try:
        evaluation = open_evaluation(unit, form.cleaned_data["period_id"], by=request.user)
    except EvaluationError as exc:
        messages.error(request, str(exc))
        return redirect("evaluation-unit", unit_code=unit.code)
    return redirect("evaluation-detail", pk=evaluation.pk)


# --- the unit's self-assessment --------------------------------------------------------------


@login_required
@require_POST
def evaluation_save(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk, access.SELF)
    posted = read_scores(request.POST, criteria(rules_of(evaluation)), SELF_FIELDS)
    note = nfc(request.POST.get("self_note", ""))
    base_version = _base_version(request)
    state = DetailState(
        typed=posted.typed, problems=posted.problems, note=note, base_version=base_version
    )
    if posted.problems:
        state.errors[SAVE] = _named(evaluation, posted.problems)
        return render_detail(request, evaluation, state, status=BAD_REQUEST)
    try:
        evaluation = save_self_assessment(
            evaluation, posted.entries, by=request.user, base_version=base_version, note=note
        )
    except ConflictError as exc:
        state.errors[SAVE] = [str(exc)]
        return render_detail(request, evaluation, state, status=CONFLICT)
    except ContentError as exc:
        state.errors[SAVE] = place_problems(evaluation, exc.problems, state)
        return render_detail(request, evaluation, state, status=BAD_REQUEST)
    except EvaluationError as exc:
        state.errors[SAVE] = [str(exc)]
        return render_detail(request, evaluation, state, status=BAD_REQUEST)
    if request.POST.get("then") == "submit":
        return _submit(request, evaluation)
    messages.success(request, _("Đã lưu bản tự đánh giá."))
    return redirect("evaluation-detail", pk=evaluation.pk)


def _named(evaluation: Evaluation, problems: dict[str, list[str]]) -> list[str]:
    names = {c.code: c.name for c in criteria(rules_of(evaluation))}
    return [
        f"{names.get(code, code)}: {message}"
        for code, messages_ in problems.items()
        for message in messages_
    ]


def _submit(request: HttpRequest, evaluation: Evaluation) -> HttpResponse:
    state = DetailState()
    try:
        submit_evaluation(evaluation, by=request.user)
    except ContentError as exc:
        state.errors[SUBMIT] = place_problems(evaluation, exc.problems, state)
    except EvaluationError as exc:
        state.errors[SUBMIT] = [str(exc)]
    else:
        messages.success(request, _("Đã gửi bản tự đánh giá lên cấp trên."))
        return redirect("evaluation-detail", pk=evaluation.pk)
    evaluation.refresh_from_db()
    return render_detail(request, evaluation, state, status=BAD_REQUEST)


@login_required
@require_POST
def evaluation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(request, _evaluation(request, pk, access.SELF))


@login_required
@require_POST
def evaluation_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk, access.SELF)
    try:
        refresh_evidence(evaluation, by=request.user)
    except EvaluationError as exc:
        state = DetailState()
        state.errors[REFRESH] = [str(exc)]
        return render_detail(request, evaluation, state, status=BAD_REQUEST)
    messages.success(request, _("Đã cập nhật bằng chứng từ dữ liệu của hệ thống."))
    return redirect("evaluation-detail", pk=evaluation.pk)


# --- the superior's review and the decision --------------------------------------------------


@login_required
@require_POST
def evaluation_review(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk, access.REVIEW)
    rules = rules_of(evaluation)
    posted = read_scores(request.POST, criteria(rules), REVIEW_FIELDS)
    marked = set(evaluation.vetoes.values_list("veto_code", flat=True))
    vetoes = read_vetoes(request.POST, [v for v in rules.evaluation.vetoes if v.code not in marked])
    note = nfc(request.POST.get("review_note", ""))
    base_version = _base_version(request)
    state = DetailState(
        typed=posted.typed,
        problems=posted.problems,
        note=note,
        vetoes=vetoes,
        base_version=base_version,
    )
    if posted.problems:
        state.errors[REVIEW] = _named(evaluation, posted.problems)
        return render_detail(request, evaluation, state, status=BAD_REQUEST)
    try:
        evaluation = review_evaluation(
            evaluation,
            posted.entries,
            by=request.user,
            base_version=base_version,
            note=note,
            vetoes=vetoes,
        )
    except ConflictError as exc:
        state.errors[REVIEW] = [str(exc)]
        return render_detail(request, evaluation, state, status=CONFLICT)
    except ContentError as exc:
        state.errors[REVIEW] = place_problems(evaluation, exc.problems, state)
        return render_detail(request, evaluation, state, status=BAD_REQUEST)
    except EvaluationError as exc:
        state.errors[REVIEW] = [str(exc)]
        return render_detail(request, evaluation, state, status=BAD_REQUEST)
    messages.success(request, _("Đã nhận xét và đề nghị xếp loại."))
    return redirect("evaluation-detail", pk=evaluation.pk)


@login_required
@require_POST
def evaluation_return(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk, access.REVIEW)
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        return_evaluation(evaluation, by=request.user, comment=comment)
    except EvaluationError as exc:
        state = DetailState(return_form=form)
        state.errors[RETURN] = [str(exc)]
        return render_detail(request, evaluation, state, status=BAD_REQUEST)
    messages.success(request, _("Đã trả lại bản tự đánh giá kèm nhận xét."))
    return redirect("evaluation-detail", pk=evaluation.pk)


@login_required
@require_POST
def evaluation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk, access.DECISION)
    form = DecisionForm(request.POST, levels=decision_levels(evaluation))
    state = DetailState(decision_form=form)
    if not form.is_valid():
        state.errors[DECISION] = [
            str(message) for messages_ in form.errors.values() for message in messages_
        ]
        return render_detail(request, evaluation, state, status=BAD_REQUEST)
    try:
        decide_evaluation(
            evaluation,
            by=request.user,
            level=form.cleaned_data["level"],
            note=form.cleaned_data["note"],
        )
    except EvaluationError as exc:
        state.errors[DECISION] = [str(exc)]
        return render_detail(request, evaluation, state, status=BAD_REQUEST)
    messages.success(request, _("Đã quyết định xếp loại."))
    return redirect("evaluation-detail", pk=evaluation.pk)


urlpatterns: list[URLPattern] = [
    path("unit/<str:unit_code>/open/", evaluation_open, name="evaluation-open"),
    path("<int:pk>/save/", evaluation_save, name="evaluation-save"),
    path("<int:pk>/submit/", evaluation_submit, name="evaluation-submit"),
    path("<int:pk>/refresh/", evaluation_refresh, name="evaluation-refresh"),
    path("<int:pk>/review/", evaluation_review, name="evaluation-review"),
    path("<int:pk>/return/", evaluation_return, name="evaluation-return"),
    path("<int:pk>/decide/", evaluation_decide, name="evaluation-decide"),
]
