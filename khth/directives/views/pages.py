"""Directives pages: a unit's list (the directives that reach it or that it or its subordinates
entered, with the form that enters one), a directive with its matrix (the unit shown and its
direct subordinates, drilling down), and one unit's record (its study, its plan, its results).
Every POST is one action call."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from khth.audit.actions import history_of
from khth.directives import access
from khth.directives.actions import (
    ConflictError,
    DirectiveError,
    DirectiveIn,
    ResultIn,
    StudyIn,
    enter_directive,
    link_plan,
    record_study,
    report_result,
    unlink_plan,
    update_directive,
    update_result,
    update_study,
)
from khth.directives.forms import (
    DirectiveForm,
    PlanLinkForm,
    ResultForm,
    StudyForm,
    figures_text,
)
from khth.directives.matrix import attendance, attendance_with_make_up, matrix
from khth.directives.models import Directive, PlanLink, Result, Study
from khth.lib.forms import attempt, done, post_form, posted_revision
from khth.periods import label_of
from khth.plans import access as plan_access
from khth.regulations.access import active_regulation
from khth.units import access as unit_access
from khth.units.models import Unit, path_ids
from khth.web.lists import capped, unit_for_change, unit_page
from khth.web.navigation import to_home_unit

# The list shows this many directives, newest first.
PAGE_ROWS = 200
# The plans a unit's record offers to link, newest first.
PLAN_CHOICES = 100


def level_choices() -> list[tuple[str, str]]:
    return [(level.code, level.short_name or level.name) for level in active_regulation().levels]


def study_forms() -> list[tuple[str, str]]:
    return [(code, _(label)) for code, label in Study.FORMS]


def _directive_in(data: dict[str, Any]) -> DirectiveIn:
    return DirectiveIn(
        number=data["number"],
        title=data["title"],
        issuer=data["issuer"],
        issued_on=data["issued_on"],
        levels=tuple(data["levels"]),
        summary=data["summary"],
    )


def _study_in(data: dict[str, Any]) -> StudyIn:
    return StudyIn(
        held_on=data["held_on"],
        form=data["form"],
        present=data["present"],
        total=data["total"],
        made_up=data["made_up"] or 0,
        made_up_on=data["made_up_on"],
        presided=data["presided"],
        note=data["note"],
    )


def _result_in(data: dict[str, Any]) -> ResultIn:
    return ResultIn(period_id=data["period_id"], text=data["text"], figures=data["figures"])


# --- a unit's list ---------------------------------------------------------------------------


@login_required
def directives_home(request: HttpRequest) -> HttpResponse:
    """The navigation's «Nghị quyết, chỉ thị»: the list of the user's own unit."""
    return to_home_unit(request, "directive-list")


def _list_page(
    request: HttpRequest, unit: Unit, form: DirectiveForm | None = None, status: int = 200
) -> HttpResponse:
    rows = (
        access.visible_directives(request.user)
        .filter(Q(unit__path__startswith=unit.path) | Q(unit_id__in=path_ids(unit.path)))
        .select_related("unit")
        .order_by("-issued_on", "number", "-pk")
    )
    shown = capped(rows, PAGE_ROWS)
    ids = [d.pk for d in shown.rows]

    def done_by(model: type[Study] | type[PlanLink] | type[Result]) -> set[int]:
        return set(
            model.objects.filter(unit=unit, directive_id__in=ids).values_list(
                "directive_id", flat=True
            )
        )

    can_enter = access.can_enter(request.user, unit)
    return unit_page(
        request,
        "directives/list.html",
        unit,
        {
            "directives": [(d, access.follows(d, unit)) for d in shown.rows],
            "more": shown.more,
            "studied": done_by(Study),
            "planned": done_by(PlanLink),
            "reported": done_by(Result),
            "form": (form or DirectiveForm(levels=level_choices())) if can_enter else None,
        },
        status=status,
    )


@login_required
@require_GET
def directive_list(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    return _list_page(request, unit)


@login_required
@require_POST
def directive_new(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_for_change(request, unit_code, access.can_enter, access.ENTER)
    return post_form(
        DirectiveForm(request.POST, levels=level_choices()),
        lambda data: enter_directive(unit, _directive_in(data), by=request.user),
        refused=DirectiveError,
        again=lambda form: _list_page(request, unit, form, status=400),
        then=lambda directive: done(
            request,
            _("Đã nhập văn bản %(number)s") % {"number": directive.number},
            "directive-detail",
            pk=directive.pk,
        ),
    )


# --- a directive and its matrix --------------------------------------------------------------


def _in_subtree(request: HttpRequest, directive: Directive, code: str) -> Unit:
    """The unit ``code`` names: in the user's scope and in the directive's subtree, or 404."""
    unit = unit_access.get_unit_for_user(request.user, code)
    if not unit.path.startswith(directive.unit.path):
        raise Http404("unit outside the directive's subtree")
    return unit


def node_of(request: HttpRequest, directive: Directive) -> Unit:
    """The unit whose matrix is shown: ``?unit=``, else the directive's own unit when the user
    sees it, else the highest of the user's units below it (a company sees its own row)."""
    code = request.GET.get("unit", "")
    if code:
        return _in_subtree(request, directive, code)
    scope = unit_access.scope_for(request.user)
    if scope.allows(directive.unit, unit_access.READ):
        return directive.unit
    own = (
        Unit.objects.filter(pk__in=scope.home_unit_ids, path__startswith=directive.unit.path)
        .order_by("depth", "path")
        .first()
    )
    if own is None:
        raise Http404("no unit of the user follows the directive")
    return own


def _directive_form(directive: Directive, data: Any = None) -> DirectiveForm:
    return DirectiveForm(
        data,
        levels=level_choices(),
        initial={
            "number": directive.number,
            "title": directive.title,
            "issuer": directive.issuer,
            "issued_on": directive.issued_on,
            "levels": directive.levels,
            "summary": directive.summary,
            "revision": directive.revision,
        },
    )


def _detail_page(
    request: HttpRequest,
    directive: Directive,
    form: DirectiveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    node = node_of(request, directive)
    shown = matrix(directive, node)
    scope = unit_access.scope_for(request.user)
    up = None
    if node.pk != directive.unit.pk and node.parent is not None:
        up = node.parent if scope.allows(node.parent, unit_access.READ) else None
    # The user's own units that follow the directive: where they record.
    mine = [
        u
        for u in Unit.objects.filter(pk__in=scope.home_unit_ids).order_by("depth", "path")
        if access.follows(directive, u) and access.can_record(request.user, u)
    ]
    can_enter = access.can_enter(request.user, directive.unit)
    return render(
        request,
        "directives/directive.html",
        {
            "directive": directive,
            "levels": dict(level_choices()),
            "m": shown,
            "up": up,
            "mine": mine,
            "forms": dict(study_forms()),
            "edit_form": (form or _directive_form(directive)) if can_enter else None,
            "history": history_of(directive)[:50],
        },
        status=status,
    )


@login_required
@require_GET
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = access.get_directive_for_user(request.user, pk)
    return _detail_page(request, directive)


@login_required
@require_POST
def directive_edit(request: HttpRequest, pk: int) -> HttpResponse:
    directive = access.get_directive_for_user(request.user, pk, enter=True)
    return post_form(
        DirectiveForm(request.POST, levels=level_choices()),
        lambda data: update_directive(
            directive,
            _directive_in(data),
            by=request.user,
            base_revision=posted_revision(request),
        ),
        refused=DirectiveError,
        again=lambda form: _detail_page(request, directive, form, status=400),
        then=lambda saved: done(request, _("Đã lưu."), "directive-detail", pk=saved.pk),
    )


# --- one unit's record -----------------------------------------------------------------------


def _target(request: HttpRequest, pk: int, code: str, *, write: bool) -> tuple[Directive, Unit]:
    """The directive and the unit whose record is asked for: 404 outside the user's scope or
    the directive's subtree; 403 when ``write`` without ``report.prepare`` at the unit."""
    directive = access.get_directive_for_user(request.user, pk)
    unit = _in_subtree(request, directive, code)
    if write and not access.can_record(request.user, unit):
        raise PermissionDenied(access.RECORD)
    return directive, unit


def _study_form(study: Study | None, data: Any = None) -> StudyForm:
    initial: dict[str, Any] = {"made_up": 0}
    if study is not None:
        initial = {
            name: getattr(study, name)
            for name in ("held_on", "form", "total", "present", "made_up", "made_up_on")
        }
        initial |= {"presided": study.presided, "note": study.note, "revision": study.revision}
    return StudyForm(data, study_forms=study_forms(), initial=initial)


def _result_form(result: Result | None, data: Any = None) -> ResultForm:
    initial: dict[str, Any] = {}
    if result is not None:
        initial = {
            "period_id": result.period_id,
            "text": result.text,
            "figures": figures_text(result.figures),
            "revision": result.revision,
        }
    auto_id = f"id_r{result.pk}_%s" if result is not None else "id_%s"
    return ResultForm(data, initial=initial, auto_id=auto_id)


def _plan_choices(request: HttpRequest, unit: Unit) -> list[tuple[int, str]]:
    plans = plan_access.visible_plans(request.user).filter(unit=unit).order_by("-starts_on", "-pk")
    return [(p.pk, f"{p.title} (v{p.version})") for p in plans[:PLAN_CHOICES]]


def _unit_page(
    request: HttpRequest,
    directive: Directive,
    unit: Unit,
    *,
    study_form: StudyForm | None = None,
    result_form: ResultForm | None = None,
    editing: Result | None = None,
    status: int = 200,
) -> HttpResponse:
    study = access.visible_studies(request.user).filter(directive=directive, unit=unit).first()
    link = (
        access.visible_plan_links(request.user)
        .filter(directive=directive, unit=unit)
        .select_related("plan")
        .first()
    )
    results = list(
        access.visible_results(request.user)
        .filter(directive=directive, unit=unit)
        .order_by("-period_id", "-pk")
    )
    follows = access.follows(directive, unit)
    may = follows and access.can_record(request.user, unit)
    if editing is None and request.GET.get("result", "").isdigit():
        editing = next((r for r in results if r.pk == int(request.GET["result"])), None)
    return render(
        request,
        "directives/unit.html",
        {
            "directive": directive,
            "unit": unit,
            "follows": follows,
            "may": may,
            "study": study,
            "attendance": attendance(study) if study else None,
            "with_make_up": attendance_with_make_up(study) if study else None,
            "forms": dict(study_forms()),
            "link": link,
            "results": [(r, label_of(r.period_id)) for r in results],
            "study_form": (study_form or _study_form(study)) if may else None,
            "plan_form": PlanLinkForm(plans=_plan_choices(request, unit)) if may else None,
            "result_form": (result_form or _result_form(None)) if may else None,
            "editing": editing,
            "edit_form": (_result_form(editing) if editing else None) if may else None,
            "history": history_of(*(x for x in (study, link, *results) if x is not None))[:50],
        },
        status=status,
    )


@login_required
@require_GET
def unit_record(request: HttpRequest, pk: int, unit_code: str) -> HttpResponse:
    directive, unit = _target(request, pk, unit_code, write=False)
    return _unit_page(request, directive, unit)


@login_required
@require_POST
def study_save(request: HttpRequest, pk: int, unit_code: str) -> HttpResponse:
    directive, unit = _target(request, pk, unit_code, write=True)
    study = Study.objects.filter(directive=directive, unit=unit).first()

    def save(data: dict[str, Any]) -> Study:
        if study is None:
            return record_study(directive, unit, _study_in(data), by=request.user)
        return update_study(
            study, _study_in(data), by=request.user, base_revision=data["revision"] or 0
        )

    return post_form(
        StudyForm(request.POST, study_forms=study_forms()),
        save,
        refused=DirectiveError,
        again=lambda form: _unit_page(request, directive, unit, study_form=form, status=400),
        then=lambda saved: done(
            request,
            _("Đã ghi kết quả quán triệt của %(unit)s") % {"unit": unit.name},
            "directive-unit",
            pk=directive.pk,
            unit_code=unit.code,
        ),
    )


@login_required
@require_POST
def plan_save(request: HttpRequest, pk: int, unit_code: str) -> HttpResponse:
    directive, unit = _target(request, pk, unit_code, write=True)
    form = PlanLinkForm(request.POST, plans=_plan_choices(request, unit))
    if not form.is_valid():
        messages.error(request, _("Chọn một kế hoạch của đơn vị"))
    else:
        plan = plan_access.get_plan_for_user(request.user, form.cleaned_data["plan"])
        attempt(
            request,
            lambda: link_plan(directive, unit, plan, by=request.user),
            DirectiveError,
            _("Đã gắn kế hoạch thực hiện."),
        )
    return redirect("directive-unit", pk=directive.pk, unit_code=unit.code)


@login_required
@require_POST
def plan_remove(request: HttpRequest, pk: int, unit_code: str) -> HttpResponse:
    directive, unit = _target(request, pk, unit_code, write=True)
    link = PlanLink.objects.filter(directive=directive, unit=unit).first()
    if link is not None:
        attempt(
            request,
            lambda: unlink_plan(link, by=request.user),
            DirectiveError,
            _("Đã bỏ kế hoạch đã gắn."),
        )
    return redirect("directive-unit", pk=directive.pk, unit_code=unit.code)


@login_required
@require_POST
def result_add(request: HttpRequest, pk: int, unit_code: str) -> HttpResponse:
    directive, unit = _target(request, pk, unit_code, write=True)
    return post_form(
        _result_form(None, request.POST),
        lambda data: report_result(directive, unit, _result_in(data), by=request.user),
        refused=DirectiveError,
        again=lambda form: _unit_page(request, directive, unit, result_form=form, status=400),
        then=lambda result: done(
            request,
            _("Đã báo cáo kết quả %(period)s") % {"period": label_of(result.period_id)},
            "directive-unit",
            pk=directive.pk,
            unit_code=unit.code,
        ),
    )


@login_required
@require_POST
def result_edit(request: HttpRequest, pk: int) -> HttpResponse:
    result = access.get_result_for_user(request.user, pk, write=True)
    directive, unit = result.directive, result.unit

    def again(form: ResultForm) -> HttpResponse:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _unit_page(request, directive, unit, editing=result, status=400)

    return post_form(
        _result_form(result, request.POST),
        lambda data: update_result(
            result, _result_in(data), by=request.user, base_revision=data["revision"] or 0
        ),
        refused=(DirectiveError, ConflictError),
        again=again,
        then=lambda saved: done(
            request,
            _("Đã lưu."),
            "directive-unit",
            pk=directive.pk,
            unit_code=unit.code,
        ),
    )


urlpatterns: list[URLPattern] = [
    path("", directives_home, name="directives-home"),
    path("d/<int:pk>/", directive_detail, name="directive-detail"),
    path("d/<int:pk>/edit/", directive_edit, name="directive-edit"),
    path("d/<int:pk>/unit/<str:unit_code>/", unit_record, name="directive-unit"),
    path("d/<int:pk>/unit/<str:unit_code>/study/", study_save, name="directive-study"),
    path("d/<int:pk>/unit/<str:unit_code>/plan/", plan_save, name="directive-plan"),
    path("d/<int:pk>/unit/<str:unit_code>/plan/remove/", plan_remove, name="directive-plan-remove"),
    path("d/<int:pk>/unit/<str:unit_code>/results/", result_add, name="directive-result-add"),
    path("result/<int:pk>/edit/", result_edit, name="directive-result-edit"),
    path("<str:unit_code>/", directive_list, name="directive-list"),
    path("<str:unit_code>/new/", directive_new, name="directive-new"),
]
