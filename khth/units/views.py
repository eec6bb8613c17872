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
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khth.audit.actions import history_of
from khth.lib import clock
from khth.lib.forms import done, post_form
from khth.lib.importing import ImportRejected
from khth.regulations.access import active_regulation, regulation_of, regulations_in_force
from khth.regulations.schema import Regulation
from khth.units import access, listing
from khth.units.actions import (
    UnitError,
    create_unit,
    dissolve_unit,
    merge_unit,
    move_unit,
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
from khth.units.models import Membership, Unit
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


def _kept(day: dt.date | None, dissolved: bool) -> str:
    """The query string every link of the unit list keeps, the date or the dissolved toggle,
    ending with "&" when not empty."""
    kept = {"on": day.isoformat()} if day is not None else {}
    if dissolved and day is None:
        kept["dissolved"] = "1"
    return urlencode(kept) + "&" if kept else ""


def _depth_asked(raw: str | None) -> int:
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) <= 2 else 1


@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    """The tree the user may see, today or on a past date (?on=YYYY-MM-DD): the user's units and
    their subordinates, a unit's own subordinates opened on demand (?root=CODE, or the
    fragment ``unit-children``), or at most ``listing.ROWS`` units matching a search or a
    level. Bounded whatever the size of the tree (tests/units/test_bounded_lists.py)."""
    day = _parse_day(request.GET.get("on"))
    dissolved = request.GET.get("dissolved") == "1"
    text = request.GET.get("q", "")[:200]
    level = request.GET.get("level", "")
    levels = _level_choices()
    tree = listing.tree_for(request.user, day=day, dissolved=dissolved)
    root_code = request.GET.get("root", "")
    root = tree.node(root_code) if root_code else None  # 404 outside the scope
    if root_code and root is None:  # in the scope, but not under the user's units that day
        listed = listing.Listed([], 0)
    elif text or level:
        listed = listing.filtered(tree, root, text, level)
    else:
        listed = listing.opened(tree, [root] if root is not None else tree.homes())
    return render(
        request,
        "units/list.html",
        {
            "rows": listed.rows,
            "total": listed.total,
            "shown": sum(1 for r in listed.rows if isinstance(r, listing.TreeRow)),
            "filtering": bool(text or level),
            "root": root,
            "root_code": root_code,
            "breadcrumb": tree.ancestors(root) if root is not None else [],
            "kept": _kept(day, dissolved),
            "day": day,
            "q": text,
            "level": level,
            "levels": levels,
            "level_names": dict(levels),
            "show_dissolved": dissolved,
        },
    )


@login_required
@require_GET
def unit_children(request: HttpRequest, code: str) -> HttpResponse:
    """The rows of one unit's direct subordinates (``?on=``, ``?dissolved=1`` as the list page;
    ``?depth=`` their indentation), for the unit list's "open" links (units/tree.js). 404
    outside the user's scope, and on a past date outside the user's units of that day."""
    day = _parse_day(request.GET.get("on"))
    dissolved = request.GET.get("dissolved") == "1"
    tree = listing.tree_for(request.user, day=day, dissolved=dissolved)
    parent = tree.node(code)
    if parent is None:
        raise Http404("unit not under the user's units that day")
    listed = listing.children(tree, parent.unit, depth=_depth_asked(request.GET.get("depth")))
    return render(
        request,
        "units/_tree_rows.html",
        {"rows": listed.rows, "kept": _kept(day, dissolved), "level_names": _level_names()},
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
