"""Unit pages: the tree in the user's scope, one unit, and the tree changes for managers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from khth.audit.actions import history_of
from khth.lib import clock
from khth.lib.forms import done, post_form
from khth.lib.importing import ImportRejected
from khth.lib.vietnamese import fold
from khth.regulations.access import active_regulation, regulation_of, regulations_in_force
from khth.regulations.schema import Regulation
from khth.units import access
from khth.units.actions import (
    UnitError,
    create_unit,
    dissolve_unit,
    merge_unit,
    move_unit,
    subtree_on,
    update_unit,
)
from khth.units.csvio import export_units, import_units
from khth.units.forms import (
    DissolveForm,
    ImportForm,
    MergeForm,
    MoveForm,
    NewUnitForm,
    UnitDetailsForm,
)
from khth.units.models import Membership, Unit, path_ids
from khth.units.regulation import requirements_for_unit, version_for


def _level_choices() -> list[tuple[str, str]]:
    return [(level.code, level.name) for level in active_regulation().levels]


def _unit_type_choices() -> list[tuple[str, str]]:
    """The unit types of every regulation in force, the base's first; the action checks the
    one chosen against the regulation the unit follows."""
    choices: dict[str, str] = {}
    for regulation in regulations_in_force():
        for unit_type in regulation.unit_types:
            choices.setdefault(unit_type.code, unit_type.name)
    return list(choices.items())


def _level_names() -> dict[str, str]:
    return dict(_level_choices())


def _unit_type_name(regulation: Regulation, code: str) -> str:
    if not code:
        return ""
    try:
        return regulation.unit_type(code).name
    except KeyError:
        return code


def _parse_day(raw: str | None) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def _tree_order(paths: list[str]) -> Callable[[tuple[str, object]], list[tuple[str, int]]]:
    """Sort key for (path, row) pairs: the tree, each unit under its parent, brothers in
    Vietnamese name order (the units' sort keys along the path, one query for them all)."""
    ids = {pk for path in paths for pk in path_ids(path)}
    keys = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "sort_name"))
    return lambda pair: [(keys.get(pk, ""), pk) for pk in path_ids(pair[0])]


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    """The tree the user may see, today or on a past date (?on=YYYY-MM-DD)."""
    scope = access.scope_for(request.user)
    day = _parse_day(request.GET.get("on"))
    query = fold(request.GET.get("q", ""))
    level = request.GET.get("level", "")
    if day is not None:
        roots = Unit.objects.filter(pk__in=scope.home_unit_ids)
        placements = [p for root in roots for p in subtree_on(root, day)]
        rows = [(p.unit, p.path.count("/") - 2, p.parent) for p in placements]
        paths = [p.path for p in placements]
    else:
        visible = access.visible_units(request.user).select_related("parent")
        if request.GET.get("dissolved") != "1":
            visible = visible.filter(valid_to__isnull=True)
        units = list(visible)
        rows = [(u, u.depth, u.parent) for u in units]
        paths = [u.path for u in units]
    rows = [row for _path, row in sorted(zip(paths, rows, strict=True), key=_tree_order(paths))]
    if query:
        rows = [r for r in rows if query in fold(r[0].name) or query in fold(r[0].code)]
    if level:
        rows = [r for r in rows if r[0].level == level]
    base = min((r[1] for r in rows), default=0)
    return render(
        request,
        "units/list.html",
        {
            "rows": [(u, depth - base, parent) for u, depth, parent in rows],
            "day": day,
            "q": request.GET.get("q", ""),
            "level": level,
            "levels": _level_choices(),
            "level_names": _level_names(),
            "show_dissolved": request.GET.get("dissolved") == "1",
        },
    )


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, code)
    scope = access.scope_for(request.user)
    # Only the part of the chain above the unit that the user may see: a company officer sees
    # the company, not the battalion's page.
    ancestors = [a for a in Unit.objects.ancestors_of(unit) if scope.allows(a, access.READ)]
    children = unit.children.all().order_by("valid_to", "code")
    members = (
        Membership.objects.filter(unit=unit, ended_on__isnull=True)
        .select_related("user")
        .order_by("user__sort_name", "user__pk", "pk")
    )
    regulation = active_regulation()
    # What the unit owes comes from the regulation it follows (a variant in a scope, else the
    # base), for its level and type. A unit keeps its level code when an edited regulation
    # drops that level; its page says so rather than failing.
    own_version = version_for(unit)
    own = regulation_of(own_version)
    requirements = requirements_for_unit(unit, own) if unit.level in own.level_codes() else None
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            "ancestors": ancestors,
            "children": children,
            "members": members,
            "requirements": requirements,
            "regulation_followed": own.regulation,
            "follows_variant": not own_version.is_base,
            "unit_type_name": _unit_type_name(own, unit.unit_type),
            "level_names": _level_names(),
            "role_names": {role.code: role.name for role in regulation.roles},
            "history": history_of(unit)[:50],
            "placements": unit.placements.select_related("parent").order_by("valid_from", "id"),
            "can_manage": scope.allows(unit, "unit.manage"),
            "can_view_audit": scope.allows(unit, "audit.view"),
        },
    )


def _manage(request: HttpRequest, code: str) -> Unit:
    return access.get_unit_for_user(request.user, code, permission="unit.manage")


def _form_page(request: HttpRequest, unit: Unit, form: forms.Form, title: str) -> HttpResponse:
    """The page of one change to the unit: its form (a GET, or what was typed and why it
    was refused); each change posts to its own page."""
    return render(request, "units/form.html", {"unit": unit, "form": form, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    unit = _manage(request, code)
    initial = {f: getattr(unit, f) for f in UnitDetailsForm.base_fields}

    def update(data: dict[str, Any]) -> None:
        details = dict(data)
        level = details.pop("level")
        update_unit(unit, by=request.user, level=level, **details)

    return post_form(
        UnitDetailsForm(
            request.POST or None,
            initial=initial,
            levels=_level_choices(),
            unit_types=_unit_type_choices(),
        ),
        update,
        refused=UnitError,
        again=lambda form: _form_page(request, unit, form, _("Sửa đơn vị")),
        then=lambda _none: done(
            request, _("Đã lưu thông tin đơn vị."), "unit-detail", code=unit.code
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_add(request: HttpRequest, code: str) -> HttpResponse:
    parent = _manage(request, code)

    def create(data: dict[str, Any]) -> Unit:
        details = dict(data)
        return create_unit(
            code=details.pop("code"),
            name=details.pop("name"),
            short_name=details.pop("short_name"),
            level=details.pop("level"),
            valid_from=details.pop("valid_from"),
            parent=parent,
            by=request.user,
            **details,
        )

    return post_form(
        NewUnitForm(request.POST or None, levels=_level_choices(), unit_types=_unit_type_choices()),
        create,
        refused=UnitError,
        again=lambda form: _form_page(request, parent, form, _("Thêm đơn vị trực thuộc")),
        then=lambda unit: done(
            request,
            _("Đã thêm đơn vị %(name)s.") % {"name": unit.name},
            "unit-detail",
            code=unit.code,
        ),
    )


def _regroup(
    request: HttpRequest,
    code: str,
    form: MoveForm | MergeForm,
    act: Callable[..., Unit],
    success: str,
    title: str,
) -> HttpResponse:
    """Moving or merging (``act``: move_unit or merge_unit) the unit under or into the one
    the form names, when the user manages both; a unit outside the user's scope is said beside
    its field."""
    unit = _manage(request, code)
    field = "parent_code" if isinstance(form, MoveForm) else "into_code"
    if request.method == "POST" and form.is_valid():
        try:
            other = access.get_unit_for_user(
                request.user, form.cleaned_data[field], permission="unit.manage"
            )
            act(unit, other, by=request.user, on=form.cleaned_data["on"])
        except UnitError as exc:
            form.add_error(None, str(exc))
        except PermissionDenied:
            form.add_error(None, _("Không có quyền."))
        except Http404:
            form.add_error(field, _("Không có đơn vị này trong phạm vi của bạn."))
        else:
            return done(request, success, "unit-detail", code=unit.code)
    return _form_page(request, unit, form, title)


@login_required
@require_http_methods(["GET", "POST"])
def unit_move(request: HttpRequest, code: str) -> HttpResponse:
    form = MoveForm(request.POST or None, user=request.user)
    return _regroup(request, code, form, move_unit, _("Đã chuyển đơn vị."), _("Chuyển đơn vị"))


@login_required
@require_http_methods(["GET", "POST"])
def unit_dissolve(request: HttpRequest, code: str) -> HttpResponse:
    unit = _manage(request, code)
    return post_form(
        DissolveForm(request.POST or None),
        lambda data: dissolve_unit(unit, by=request.user, on=data["on"], reason=data["reason"]),
        refused=UnitError,
        again=lambda form: _form_page(request, unit, form, _("Giải thể đơn vị")),
        then=lambda _none: done(
            request,
            _("Đã giải thể đơn vị; dữ liệu của đơn vị vẫn được lưu."),
            "unit-detail",
            code=unit.code,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_merge(request: HttpRequest, code: str) -> HttpResponse:
    form = MergeForm(request.POST or None, user=request.user)
    return _regroup(request, code, form, merge_unit, _("Đã sáp nhập đơn vị."), _("Sáp nhập đơn vị"))


@login_required
@require_http_methods(["GET", "POST"])
def unit_import(request: HttpRequest) -> HttpResponse:
    scope = access.scope_for(request.user)
    roots = list(Unit.objects.filter(path__in=scope.paths("unit.manage")))
    if not roots:
        raise PermissionDenied("unit.manage")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_units(
                form.cleaned_data["file"].read(),
                by=request.user,
                on=form.cleaned_data["on"],
                allowed_roots=roots,
            )
        except ImportRejected as exc:
            problems = [str(p) for p in exc.problems]
        except UnitError as exc:
            problems = [str(exc)]
        else:
            messages.success(
                request,
                _("Đã nhập: %(c)d tạo mới, %(u)d cập nhật, %(m)d chuyển, %(n)d không đổi.")
                % {
                    "c": result.created,
                    "u": result.updated,
                    "m": result.moved,
                    "n": result.unchanged,
                },
            )
            return redirect("unit-list")
    return render(request, "units/import.html", {"form": form, "problems": problems})


@login_required
def unit_export(request: HttpRequest) -> HttpResponse:
    units = (
        access.visible_units(request.user).filter(valid_to__isnull=True).select_related("parent")
    )
    response = HttpResponse(export_units(units), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="don-vi-{clock.today().isoformat()}.csv"'
    )
    return response


@login_required
@require_http_methods(["GET"])
def unit_suggest(request: HttpRequest) -> HttpResponse:
    """The options of a unit picker's list: units in the user's scope whose name contains what
    was typed. The picker sends its own field (``field=unit`` names the parameter to read), so
    one endpoint serves every form."""
    text = request.GET.get(request.GET.get("field", "q"), "")[:200]
    units = access.suggest_units(request.user, text)
    return render(request, "units/suggestions.html", {"units": units})
