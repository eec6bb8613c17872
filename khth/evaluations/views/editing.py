"""The evaluation workflow from the pages: open, self-assess, refresh the evidence, submit,
review or return, decide. Every POST is one action call; a refusal shows the evaluation's page
again with what was typed and the reason next to the form (and the criterion) it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    PostedScores,
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
from khth.lib.forms import done
from khth.lib.vietnamese import nfc
from khth.regulations.access import RegulationNotLoaded
from khth.units import access as unit_access
from khth.units.regulation import regulation_for

BAD_REQUEST = 400
CONFLICT = 409


def _evaluation(request: HttpRequest, pk: int, role: str) -> Evaluation:
    """404 outside the user's scope, 403 without the role in the workflow."""
    evaluation = access.get_evaluation_for_user(request.user, pk)
    if not access.can(request.user, evaluation.unit, role, rules_of(evaluation)):
        raise PermissionDenied(role)
    return evaluation


def _again(
    request: HttpRequest,
    evaluation: Evaluation,
    state: DetailState,
    form: str,
    refusal: EvaluationError,
) -> HttpResponse:
    """The evaluation's page again with the action's refusal beside the form it concerns: its
    problems beside their criteria too; someone else's save since the page was opened is 409."""
    if isinstance(refusal, ContentError):
        state.errors[form] = place_problems(evaluation, refusal.problems, state)
    else:
        state.errors[form] = [str(refusal)]
    status = CONFLICT if isinstance(refusal, ConflictError) else BAD_REQUEST
    return render_detail(request, evaluation, state, status=status)


def _act(
    request: HttpRequest,
    evaluation: Evaluation,
    state: DetailState,
    form: str,
    act: Callable[[], object],
    success: str,
) -> HttpResponse:
    """One workflow step from the evaluation's page: back to it saying ``success``, or the page
    again with what was typed (``state``) and the refusal beside the form it concerns."""
    try:
        act()
    except EvaluationError as exc:
        return _again(request, evaluation, state, form, exc)
    return done(request, success, "evaluation-detail", pk=evaluation.pk)


def _base_version(request: HttpRequest) -> int:
    raw = request.POST.get("base_version", "")
    return int(raw) if raw.isdigit() else 0


@dataclass(frozen=True)
class Scored:
    """A score form as posted (the self-assessment, the review): what the action takes, and
    the state that shows it again if it is refused."""

    posted: PostedScores
    note: str
    base_version: int
    state: DetailState


def _scored(
    request: HttpRequest,
    evaluation: Evaluation,
    fields: tuple[str, str],
    note_field: str,
    vetoes: dict[str, str] | None = None,
) -> Scored:
    posted = read_scores(request.POST, criteria(rules_of(evaluation)), fields)
    note = nfc(request.POST.get(note_field, ""))
    base_version = _base_version(request)
    state = DetailState(
        typed=posted.typed,
        problems=posted.problems,
        note=note,
        vetoes=vetoes or {},
        base_version=base_version,
    )
    return Scored(posted, note, base_version, state)


def _unread(
    request: HttpRequest, evaluation: Evaluation, scored: Scored, form: str
) -> HttpResponse:
    """The page again when figures could not be read: each named by its criterion."""
    scored.state.errors[form] = _named(evaluation, scored.posted.problems)
    return render_detail(request, evaluation, scored.state, status=BAD_REQUEST)


@login_required
@require_POST
def evaluation_open(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    try:
        # The periods and rules of the regulation the unit follows (open_evaluation keeps it).
        regulation = regulation_for(unit)
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
    scored = _scored(request, evaluation, SELF_FIELDS, "self_note")
    if scored.posted.problems:
        return _unread(request, evaluation, scored, SAVE)
    try:
        evaluation = save_self_assessment(
            evaluation,
            scored.posted.entries,
            by=request.user,
            base_version=scored.base_version,
            note=scored.note,
        )
    except EvaluationError as exc:
        return _again(request, evaluation, scored.state, SAVE, exc)
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
    try:
        submit_evaluation(evaluation, by=request.user)
    except EvaluationError as exc:
        evaluation.refresh_from_db()
        return _again(request, evaluation, DetailState(), SUBMIT, exc)
    messages.success(request, _("Đã gửi bản tự đánh giá lên cấp trên."))
    return redirect("evaluation-detail", pk=evaluation.pk)


@login_required
@require_POST
def evaluation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(request, _evaluation(request, pk, access.SELF))


@login_required
@require_POST
def evaluation_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk, access.SELF)
    return _act(
        request,
        evaluation,
        DetailState(),
        REFRESH,
        lambda: refresh_evidence(evaluation, by=request.user),
        _("Đã cập nhật bằng chứng từ dữ liệu của hệ thống."),
    )


# --- the superior's review and the decision --------------------------------------------------


@login_required
@require_POST
def evaluation_review(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk, access.REVIEW)
    marked = set(evaluation.vetoes.values_list("veto_code", flat=True))
    vetoes = read_vetoes(
        request.POST, [v for v in rules_of(evaluation).evaluation.vetoes if v.code not in marked]
    )
    scored = _scored(request, evaluation, REVIEW_FIELDS, "review_note", vetoes)
    if scored.posted.problems:
        return _unread(request, evaluation, scored, REVIEW)
    return _act(
        request,
        evaluation,
        scored.state,
        REVIEW,
        lambda: review_evaluation(
            evaluation,
            scored.posted.entries,
            by=request.user,
            base_version=scored.base_version,
            note=scored.note,
            vetoes=vetoes,
        ),
        _("Đã nhận xét và đề nghị xếp loại."),
    )


@login_required
@require_POST
def evaluation_return(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk, access.REVIEW)
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _act(
        request,
        evaluation,
        DetailState(return_form=form),
        RETURN,
        lambda: return_evaluation(evaluation, by=request.user, comment=comment),
        _("Đã trả lại bản tự đánh giá kèm nhận xét."),
    )


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
    data = form.cleaned_data
    return _act(
        request,
        evaluation,
        state,
        DECISION,
        lambda: decide_evaluation(
            evaluation, by=request.user, level=data["level"], note=data["note"]
        ),
        _("Đã quyết định xếp loại."),
    )


urlpatterns: list[URLPattern] = [
    path("unit/<str:unit_code>/open/", evaluation_open, name="evaluation-open"),
    path("<int:pk>/save/", evaluation_save, name="evaluation-save"),
    path("<int:pk>/submit/", evaluation_submit, name="evaluation-submit"),
    path("<int:pk>/refresh/", evaluation_refresh, name="evaluation-refresh"),
    path("<int:pk>/review/", evaluation_review, name="evaluation-review"),
    path("<int:pk>/return/", evaluation_return, name="evaluation-return"),
    path("<int:pk>/decide/", evaluation_decide, name="evaluation-decide"),
]
