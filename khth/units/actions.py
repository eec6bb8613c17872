"""Every change to the unit tree. Each function is one transaction with its audit entries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import CharField, F, Model, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, Substr
from django.utils.translation import gettext as _

from khth.audit.actions import audit_entry, log_action, log_actions
from khth.lib import clock
from khth.lib.bulk import BATCH, batched, update_rows
from khth.lib.errors import ActionRefused
from khth.lib.vietnamese import short_date
from khth.regulations.access import level_codes, regulation_of
from khth.units.models import Membership, Unit, UnitPlacement, on_date_q, path_ids
from khth.units.regulation import Resolver, ScopeError, check_unit_type


class UnitError(ActionRefused, ValueError):
    """A change to the tree that the rules forbid; the message says which rule, in the user's
    language (translated when raised). ``code``: the unit of a bulk change it is about."""

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.code = code


def units_by_code(codes: Sequence[str]) -> dict[str, Unit]:
    """The units of ``codes`` that exist, with their parents, a query per ``BATCH`` codes."""
    return {
        unit.code: unit
        for chunk in batched(sorted(set(codes)))
        for unit in Unit.objects.filter(code__in=chunk).select_related("parent", "successor")
    }


EDITABLE_FIELDS = (
    "name",
    "short_name",
    "party_body",
    "superior_party_body",
    "party_abbr",
    "admin_abbr",
    "place",
    # Checked against the regulation the unit follows (``_check_type``).
    "unit_type",
)


def _level_rank(level: str, codes: Sequence[str]) -> int:
    if level not in codes:
        raise UnitError(
            _("Cấp «%(level)s» không có trong quy định; các cấp hợp lệ: %(levels)s")
            % {"level": level, "levels": ", ".join(codes)}
        )
    return codes.index(level)


def check_level_below(level: str, parent: Unit | None, codes: Sequence[str] = ()) -> None:
    """A unit sits strictly below its parent's level; levels may be skipped (uneven trees).
    ``codes``: the regulation's level codes, when the caller has read them already."""
    codes = codes or level_codes()
    rank = _level_rank(level, codes)
    if parent is not None and rank <= _level_rank(parent.level, codes):
        raise UnitError(
            _("Cấp «%(level)s» không thấp hơn cấp «%(parent_level)s» của đơn vị cấp trên %(code)s")
            % {"level": level, "parent_level": parent.level, "code": parent.code}
        )


def _check_active(unit: Unit, day: dt.date, message: str) -> None:
    """``message`` names the unit's part in the change, with %(code)s and %(day)s."""
    if not unit.is_active_on(day):
        raise UnitError(message % {"code": unit.code, "day": day.isoformat()})


PENDING = "pending-"


@dataclass(frozen=True)
class NewUnit:
    """A unit to create. Its parent is an existing unit or one listed before it."""

    code: str
    name: str
    short_name: str
    level: str
    parent_code: str = ""  # "": a root
    details: Mapping[str, str] = field(default_factory=dict)


@transaction.atomic
def create_unit(
    *,
    code: str,
    name: str,
    short_name: str,
    level: str,
    parent: Unit | None,
    by: Any,
    valid_from: dt.date | None = None,
    **details: str,
) -> Unit:
    new = NewUnit(code, name, short_name, level, parent.code if parent else "", details)
    parents = {parent.code: parent} if parent is not None else {}
    return create_units([new], parents=parents, by=by, on=valid_from)[0]


@transaction.atomic
def create_units(
    new: Sequence[NewUnit], *, parents: Mapping[str, Unit], by: Any, on: dt.date | None = None
) -> list[Unit]:
    """Create the units of ``new`` (a parent is in ``parents`` or listed earlier), each with its
    placement and audit entry, in a few statements per tree level whatever their number: an
    import's write holds the database's write lock as briefly as it can. A refusal names the
    unit it is about (``UnitError.code``)."""
    day = on or clock.today()
    known = dict(parents)
    taken = _taken([n.code.strip() for n in new])
    levels = level_codes()
    resolver = _resolver_if_typed([n.details.get("unit_type", "") for n in new])
    by_depth: dict[int, list[Unit]] = defaultdict(list)
    units = []
    for spec in new:
        code = spec.code.strip()
        try:
            unit = _new_unit(spec, code, known, taken, day, levels)
            _check_type(resolver, unit, _ancestor_ids(unit))
        except UnitError as exc:
            raise UnitError(str(exc), code=code) from None
        known[code] = unit
        by_depth[unit.depth].append(unit)
        units.append(unit)
    for depth in sorted(by_depth):
        level = by_depth[depth]
        # The path holds the unit's own key, which exists only once it is inserted; parents are
        # a level up, inserted already (bulk_create takes their keys). One UPDATE a level sets
        # the paths (bulk_update's CASE over every key is quadratic); the same rule is applied
        # to the instances.
        for unit in level:
            unit.refresh_sort_name()  # bulk_create bypasses Unit.save
        Unit.objects.bulk_create(level, batch_size=BATCH)
        parent_path = Unit.objects.filter(pk=OuterRef("parent_id")).values("path")[:1]
        Unit.objects.filter(depth=depth, path__startswith=PENDING).update(
            path=Concat(
                Coalesce(Subquery(parent_path), Value("/")),
                Cast("pk", CharField()),
                Value("/"),
                output_field=CharField(),
            )
        )
        for unit in level:
            unit.path = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
    UnitPlacement.objects.bulk_create(
        (UnitPlacement(unit=u, parent=u.parent, path=u.path, valid_from=day) for u in units),
        batch_size=BATCH,
    )
    log_actions(
        audit_entry("units.unit.created", u, by=by, after=u.snapshot(), unit_path=u.path)
        for u in units
    )
    return units


def _taken(codes: Sequence[str]) -> set[str]:
    """Which of ``codes`` exist (codes are never reused): a query per ``BATCH`` codes."""
    return {
        code
        for chunk in batched(sorted(set(codes)))
        for code in Unit.objects.filter(code__in=chunk).values_list("code", flat=True)
    }


def _new_unit(
    spec: NewUnit,
    code: str,
    known: Mapping[str, Unit],
    taken: set[str],
    day: dt.date,
    levels: Sequence[str],
) -> Unit:
    if not code:
        raise UnitError(_("Mã đơn vị không được để trống"))
    if code in taken or code in known:
        raise UnitError(
            _("Mã đơn vị %(code)s đã dùng rồi (mỗi mã chỉ dùng một lần, không dùng lại)")
            % {"code": code}
        )
    parent = known.get(spec.parent_code) if spec.parent_code else None
    if spec.parent_code and parent is None:
        raise UnitError(_("Không có đơn vị mã %(code)s") % {"code": spec.parent_code})
    check_level_below(spec.level, parent, levels)
    if parent is not None:
        _check_active(parent, day, _("Đơn vị cấp trên %(code)s không tồn tại vào ngày %(day)s"))
    unknown = set(spec.details) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown unit fields: {sorted(unknown)}")
    name = spec.name.strip()
    return Unit(
        code=code,
        name=name,
        short_name=spec.short_name.strip() or name,
        level=spec.level,
        parent=parent,
        valid_from=day,
        # Unique until the real path is known, right after the insert.
        path=f"{PENDING}{code}",
        depth=0 if parent is None else parent.depth + 1,
        **spec.details,
    )


@dataclass(frozen=True)
class UnitChange:
    unit: Unit
    level: str | None = None  # None: unchanged
    fields: Mapping[str, str] = field(default_factory=dict)


@transaction.atomic
def update_unit(unit: Unit, *, by: Any, level: str | None = None, **changes: str) -> Unit:
    update_units([UnitChange(unit, level, changes)], by=by)
    return unit


@transaction.atomic
def update_units(changes: Sequence[UnitChange], *, by: Any) -> list[Unit]:
    """Apply ``changes`` (only what differs is written) in a few statements whatever their
    number; returns the units that changed. A refusal names its unit (``UnitError.code``)."""
    levels = level_codes()
    resolver = _resolver_if_typed(
        [c.fields.get("unit_type", "") or c.unit.unit_type for c in changes]
    )
    levels_below = _active_child_levels([c.unit for c in changes if c.level is not None])
    changed_units: list[Unit] = []
    written: set[str] = set()
    entries = []
    for change in changes:
        unit = change.unit
        try:
            changed = _changed_fields(unit, change, levels_below.get(unit.pk, []), levels)
            if "unit_type" in changed or "level" in changed:
                _check_type(
                    resolver,
                    _with(unit, changed),
                    path_ids(unit.path),
                )
        except UnitError as exc:
            raise UnitError(str(exc), code=unit.code) from None
        if not changed:
            continue
        before = unit.snapshot()
        for name, value in changed.items():
            setattr(unit, name, value)
        written.update(changed)
        if "name" in changed:  # bulk_update bypasses Unit.save, which keeps the key in step
            unit.refresh_sort_name()
            written.add("sort_name")
        changed_units.append(unit)
        entries.append(
            audit_entry(
                "units.unit.updated",
                unit,
                by=by,
                before=before,
                after=unit.snapshot(),
                unit_path=unit.path,
            )
        )
    if changed_units:
        update_rows(changed_units, sorted(written))
        log_actions(entries)
    return changed_units


def _resolver_if_typed(types: Sequence[str]) -> Resolver | None:
    """The regulations in force, read once for a batch, when some unit has a type to check."""
    return Resolver.load() if any(t.strip() for t in types) else None


def _ancestor_ids(unit: Unit) -> list[int]:
    """The keys above a unit not inserted yet: its parents that are (a parent created in the
    same batch has no key yet, and so no scope)."""
    parent = unit.parent
    while parent is not None and parent.path.startswith(PENDING):
        parent = parent.parent
    return path_ids(parent.path) if parent is not None else []


def _with(unit: Unit, changed: Mapping[str, str]) -> Unit:
    """A copy of ``unit`` with ``changed`` applied, to check before anything is written."""
    copy = Unit(level=changed.get("level", unit.level), unit_type=unit.unit_type)
    copy.unit_type = changed.get("unit_type", unit.unit_type)
    return copy


def _check_type(resolver: Resolver | None, unit: Unit, ancestor_ids: Sequence[int]) -> None:
    """A unit's type is one the regulation it will follow names, at its level."""
    if resolver is None or not unit.unit_type:
        return
    version = resolver.version_at(ancestor_ids, unit.unit_type)
    try:
        check_unit_type(regulation_of(version), unit.level, unit.unit_type)
    except ScopeError as exc:
        raise UnitError(str(exc)) from None


def _active_child_levels(units: Sequence[Unit]) -> dict[int, list[str]]:
    levels: dict[int, list[str]] = defaultdict(list)
    for chunk in batched([u.pk for u in units]):
        for parent_id, level in Unit.objects.filter(
            parent_id__in=chunk, valid_to__isnull=True
        ).values_list("parent_id", "level"):
            levels[parent_id].append(level)
    return levels


def _changed_fields(
    unit: Unit, change: UnitChange, child_levels: list[str], levels: Sequence[str]
) -> dict[str, str]:
    unknown = set(change.fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown unit fields: {sorted(unknown)}")
    changed = {
        name: value.strip()
        for name, value in change.fields.items()
        if getattr(unit, name) != value.strip()
    }
    level = change.level
    if level is not None and level != unit.level:
        check_level_below(level, unit.parent, levels)
        rank = _level_rank(level, levels)
        if any(_level_rank(c, levels) <= rank for c in child_levels):
            raise UnitError(
                _("Cấp «%(level)s» không cao hơn cấp của các đơn vị trực thuộc") % {"level": level}
            )
        changed["level"] = level
    return changed


# Columns of higher rooms that copy a unit's path to order by it (the report list): a move
# rewrites them with the units' paths, in the same transaction.
_PATH_COPIES: list[tuple[type[Model], str]] = []


def add_path_copy(model: type[Model], column: str) -> None:
    """Called in a room's AppConfig.ready() for a column that holds its unit's path."""
    _PATH_COPIES.append((model, column))


def _repath_subtree(unit: Unit, new_path: str) -> None:
    """Rewrite the scope path of ``unit`` and everything under it in one UPDATE, and the copies
    of those paths."""
    old_path = unit.path
    for model, column in _PATH_COPIES:
        model._default_manager.filter(**{f"{column}__startswith": old_path}).update(
            **{column: Concat(Value(new_path), Substr(column, len(old_path) + 1))}
        )
    depth_change = new_path.count("/") - old_path.count("/")
    # Two steps through a temporary prefix: the unique index on path must not see a collision
    # while rows are half-way (a unit moved under a sibling whose subtree shares a prefix).
    temp = f"~moving-{unit.pk}/"
    Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(temp), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    Unit.objects.filter(path__startswith=temp).update(
        path=Concat(Value(new_path), Substr("path", len(temp) + 1))
    )
    unit.path = new_path
    unit.depth += depth_change


def _reopen_placements(root: Unit, on: dt.date) -> None:
    """Close the open placements of the active units under ``root`` and open them at the paths
    they have now. Called after the paths were rewritten."""
    active = list(Unit.objects.subtree_of(root).filter(valid_to__isnull=True))
    UnitPlacement.objects.filter(unit__in=active, valid_to__isnull=True).update(valid_to=on)
    UnitPlacement.objects.bulk_create(
        UnitPlacement(unit=u, parent_id=u.parent_id, path=u.path, valid_from=on) for u in active
    )


def _lock(*units: Unit) -> None:
    """Lock the subtrees about to change and reload the units, so that two concurrent changes
    of overlapping subtrees run one after the other on PostgreSQL (SQLite's IMMEDIATE
    transactions already serialise writers)."""
    for unit in units:
        list(Unit.objects.select_for_update().filter(path__startswith=unit.path).values("pk"))
        unit.refresh_from_db()


def _latest_change(unit: Unit) -> dt.date | None:
    latest = (
        UnitPlacement.objects.filter(unit__path__startswith=unit.path)
        .order_by("-valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    return latest


@transaction.atomic
def move_unit(unit: Unit, new_parent: Unit, *, by: Any, on: dt.date | None = None) -> Unit:
    """Put ``unit`` (with its subtree) under ``new_parent`` from ``on``; the past is kept."""
    day = on or clock.today()
    _lock(unit, new_parent)
    _check_active(unit, day, _("Đơn vị %(code)s không tồn tại vào ngày %(day)s"))
    _check_active(new_parent, day, _("Đơn vị cấp trên mới %(code)s không tồn tại vào ngày %(day)s"))
    if new_parent.path.startswith(unit.path):
        raise UnitError(
            _(
                "Không thể chuyển %(code)s vào %(parent)s: "
                "đơn vị cấp trên mới nằm trong chính đơn vị được chuyển"
            )
            % {"code": unit.code, "parent": new_parent.code}
        )
    if unit.parent_id == new_parent.pk:
        raise UnitError(
            _("%(code)s đã trực thuộc %(parent)s") % {"code": unit.code, "parent": new_parent.code}
        )
    check_level_below(unit.level, new_parent)
    latest = _latest_change(unit)
    if latest is not None and day < latest:
        raise UnitError(
            _(
                "Ngày chuyển %(day)s sớm hơn thay đổi gần nhất của %(code)s "
                "(%(latest)s): lịch sử không được viết lại"
            )
            % {"day": day.isoformat(), "code": unit.code, "latest": latest.isoformat()}
        )
    before = unit.snapshot()
    unit.parent = new_parent
    unit.save(update_fields=["parent"])
    _repath_subtree(unit, f"{new_parent.path}{unit.pk}/")
    _reopen_placements(unit, day)
    # Stored notes are Vietnamese whatever the reader's language, as documents are.
    return _logged("units.unit.moved", unit, by, before, note=f"ngày {short_date(day)}")


def _logged(action: str, unit: Unit, by: Any, before: dict[str, Any], note: str = "") -> Unit:
    """Audit a change of ``unit``: its snapshot before and after, under its path as it now is."""
    log_action(
        action, unit, by=by, before=before, after=unit.snapshot(), unit_path=unit.path, note=note
    )
    return unit


def _end_memberships(unit: Unit, day: dt.date, by: Any) -> None:
    for membership in Membership.objects.filter(unit=unit, ended_on__isnull=True):
        membership.ended_on = day
        membership.save(update_fields=["ended_on"])
        log_action(
            "units.membership.ended",
            membership,
            by=by,
            before={"user": membership.user_id, "role": membership.role, "ended_on": None},
            after={"ended_on": day.isoformat()},
            unit_path=unit.path,
        )


@transaction.atomic
def dissolve_unit(unit: Unit, *, by: Any, on: dt.date | None = None, reason: str = "") -> Unit:
    """End a unit from ``on``. Its records stay where they are and stay readable from above."""
    day = on or clock.today()
    _lock(unit)
    _check_active(unit, day, _("Đơn vị %(code)s không tồn tại vào ngày %(day)s"))
    children = list(
        unit.children.filter(on_date_q(day)).order_by("code").values_list("code", flat=True)
    )
    if children:
        raise UnitError(
            _("%(code)s còn đơn vị trực thuộc (%(children)s): chuyển hoặc giải thể chúng trước")
            % {"code": unit.code, "children": ", ".join(children)}
        )
    latest = _latest_change(unit)
    if latest is not None and day < latest:
        raise UnitError(
            _("Ngày giải thể %(day)s sớm hơn thay đổi gần nhất của %(code)s")
            % {"day": day.isoformat(), "code": unit.code}
        )
    before = unit.snapshot()
    unit.valid_to = day
    unit.save(update_fields=["valid_to"])
    UnitPlacement.objects.filter(unit=unit, valid_to__isnull=True).update(valid_to=day)
    _end_memberships(unit, day, by)
    return _logged("units.unit.dissolved", unit, by, before, note=reason)


@transaction.atomic
def merge_unit(unit: Unit, into: Unit, *, by: Any, on: dt.date | None = None) -> Unit:
    """Merge ``unit`` into ``into``: its subordinates move to ``into``, it is dissolved with
    ``into`` as successor, and its records are kept under ``into`` so the successor can read them.
    """
    day = on or clock.today()
    _lock(unit, into)
    if into.pk == unit.pk or into.path.startswith(unit.path):
        raise UnitError(
            _("Không thể sáp nhập %(code)s vào chính nó hoặc đơn vị trực thuộc nó")
            % {"code": unit.code}
        )
    _check_active(into, day, _("Đơn vị nhận sáp nhập %(code)s không tồn tại vào ngày %(day)s"))
    for child in unit.children.filter(on_date_q(day)).order_by("code"):
        move_unit(child, into, by=by, on=day)
    unit.refresh_from_db()
    # Stored in the audit log, not shown as a message: it stays in the records' language
    # (Vietnamese) whatever language the person merging reads the interface in.
    dissolve_unit(unit, by=by, on=day, reason=f"sáp nhập vào {into.code}")
    before = unit.snapshot()
    unit.successor = into
    unit.save(update_fields=["successor"])
    # Only the scope path moves: the placement history still says where the unit really stood.
    _repath_subtree(unit, f"{into.path}{unit.pk}/")
    return _logged(
        "units.unit.merged", unit, by, before, note=f"vào {into.name} ngày {short_date(day)}"
    )


def tree_on(day: dt.date) -> list[UnitPlacement]:
    """The placements in force on ``day``: the whole tree as it was, parents before children."""
    placements = list(UnitPlacement.objects.filter(on_date_q(day)).select_related("unit", "parent"))
    placements.sort(key=lambda p: (p.path.count("/"), p.path))
    return placements


def subtree_on(unit: Unit, day: dt.date) -> list[UnitPlacement]:
    """``unit`` and everything under it on ``day`` (empty if it did not exist then)."""
    root = UnitPlacement.objects.filter(on_date_q(day), unit=unit).first()
    if root is None:
        return []
    return list(
        UnitPlacement.objects.filter(on_date_q(day), path__startswith=root.path)
        .select_related("unit", "parent")
        .order_by("path")
    )
