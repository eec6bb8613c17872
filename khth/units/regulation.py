"""Which regulation a unit follows: the base, or the variant of the nearest scope above it.

Several regulations are in force at once (issue 13: the Border Guard's own regulation "trong
BĐBP", seed 002), one version per regulation code. A ``RegulationScope`` gives a code to a
subtree (its ``root``), optionally to the units of one type in it, or to the units of a type
anywhere. A unit follows the nearest scope:

1. among the scopes whose root is the unit or one of its ancestors, the deepest root wins;
   at equal depth, one for the unit's type wins over one for every type;
2. else a scope for the unit's type with no root;
3. else the base regulation.

Resolution reads the unit's ``path`` (its ancestors' keys) and two small tables — the active
versions and the scopes — so a whole subtree of 20,000 units resolves in two queries (one
when no variant is loaded: ``versions_for``). The parsed regulation is cached by checksum
(``khth.regulations.access``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khth.audit.actions import log_action
from khth.lib import clock
from khth.lib.errors import ActionRefused
from khth.regulations.access import (
    RegulationNotLoaded,
    active_versions,
    regulation_of,
)
from khth.regulations.actions import load_regulation
from khth.regulations.models import RegulationVersion
from khth.regulations.requirements import LevelRequirements, requirements_for_level
from khth.regulations.schema import Regulation
from khth.units.access import scope_for
from khth.units.models import RegulationScope, Unit, path_ids

MANAGE = "regulation.manage"


class ScopeError(ActionRefused, ValueError):
    """A scope the rules refuse; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Resolver:
    """The active versions and the scopes, read once; answers for any number of units."""

    base: RegulationVersion
    versions: dict[str, RegulationVersion]
    # root id -> {unit type or "": code}
    rooted: dict[int, dict[str, str]]
    # unit type -> code
    anywhere: dict[str, str]

    @classmethod
    def load(cls) -> Resolver:
        versions = active_versions()
        base = next((v for v in versions.values() if v.is_base), None)
        if base is None:
            raise RegulationNotLoaded
        rooted: dict[int, dict[str, str]] = {}
        anywhere: dict[str, str] = {}
        if len(versions) == 1:  # the common case, one regulation for all: no scope can matter
            return cls(base, versions, rooted, anywhere)
        for code, root_id, unit_type in RegulationScope.objects.filter(
            code__in=list(versions)
        ).values_list("code", "root_id", "unit_type"):
            if root_id is None:
                anywhere[unit_type] = code
            else:
                rooted.setdefault(root_id, {})[unit_type] = code
        return cls(base, versions, rooted, anywhere)

    def code_at(self, ancestor_ids: Sequence[int], unit_type: str) -> str:
        """The regulation code of a unit whose path holds ``ancestor_ids`` (root first, the
        unit itself last) and whose type is ``unit_type``."""
        for unit_id in reversed(ancestor_ids):
            here = self.rooted.get(unit_id)
            if here is None:
                continue
            if unit_type and unit_type in here:
                return here[unit_type]
            if "" in here:
                return here[""]
        if unit_type and unit_type in self.anywhere:
            return self.anywhere[unit_type]
        return self.base.code

    def version_at(self, ancestor_ids: Sequence[int], unit_type: str) -> RegulationVersion:
        return self.versions[self.code_at(ancestor_ids, unit_type)]

    def version(self, unit: Unit) -> RegulationVersion:
        return self.version_at(path_ids(unit.path), unit.unit_type)


def versions_for(units: Iterable[Unit]) -> dict[int, RegulationVersion]:
    """The version each unit follows, by unit key: two queries whatever the number of units."""
    units = list(units)
    if not units:
        return {}
    resolver = Resolver.load()
    return {unit.pk: resolver.version(unit) for unit in units}


def version_for(unit: Unit) -> RegulationVersion:
    """The version ``unit`` follows now: what a report, plan, evaluation or book made for it
    stores (and is read with afterwards)."""
    return Resolver.load().version(unit)


def regulation_for(unit: Unit) -> Regulation:
    return regulation_of(version_for(unit))


def regulations_for(units: Iterable[Unit]) -> dict[int, Regulation]:
    return {pk: regulation_of(v) for pk, v in versions_for(units).items()}


def requirements_for_unit(unit: Unit, regulation: Regulation | None = None) -> LevelRequirements:
    """What ``unit`` must produce and keep: its level and type in its own regulation."""
    reg = regulation if regulation is not None else regulation_for(unit)
    return requirements_for_level(reg, unit.level, unit.unit_type)


# --- unit types ------------------------------------------------------------------------------


def check_unit_type(regulation: Regulation, level: str, unit_type: str) -> None:
    """A unit's type is one its regulation names, at a level it occurs at. Raises ScopeError."""
    if not unit_type:
        return
    try:
        known = regulation.unit_type(unit_type)
    except KeyError:
        names = ", ".join(f"{t.code} ({t.name})" for t in regulation.unit_types)
        raise ScopeError(
            _(
                "Loại hình đơn vị: «%(code)s» không có trong quy định %(regulation)s; "
                "các loại hình: %(known)s"
            )
            % {
                "code": unit_type,
                "regulation": regulation.regulation.code,
                "known": names or _("chưa khai báo"),
            }
        ) from None
    if not known.occurs_at(level):
        raise ScopeError(
            _("Loại hình đơn vị: «%(name)s» không có ở cấp «%(level)s» (chỉ ở: %(levels)s)")
            % {"name": known.name, "level": level, "levels": ", ".join(known.levels)}
        )


# --- scopes ----------------------------------------------------------------------------------


def may_manage_regulation(user: Any) -> bool:
    """Whoever may load a regulation may say where it applies: the operator at the shell
    (``by=None``) or a holder of ``regulation.manage`` at a root of the tree."""
    if user is None:
        return True
    grants = scope_for(user).grants
    roots = {g.unit_id for g in grants if MANAGE in g.permissions and g.path.count("/") == 2}
    return bool(roots)


def _require_manager(by: Any) -> None:
    if not may_manage_regulation(by):
        raise ScopeError(
            _("Chỉ người quản trị quy định ở đơn vị cao nhất được gán phạm vi quy định")
        )


@transaction.atomic
def assign_regulation(
    code: str, *, root: Unit | None, unit_type: str = "", by: Any
) -> RegulationScope:
    """Give regulation ``code`` to the subtree of ``root`` (only its units of ``unit_type``
    when given), or to every unit of ``unit_type`` when there is no root. Refused when the
    code is not in force, the type unknown, the place already has a scope, or the units it
    reaches have a level or a type the regulation does not name."""
    _require_manager(by)
    unit_type = unit_type.strip()
    versions = active_versions()
    version = versions.get(code)
    if version is None:
        raise ScopeError(
            _("Quy định: không có quy định mã «%(code)s» đang áp dụng (có: %(known)s)")
            % {"code": code, "known": ", ".join(sorted(versions))}
        )
    if root is None and not unit_type:
        raise ScopeError(
            _(
                "Phạm vi: cần chọn đơn vị gốc hoặc loại hình đơn vị "
                "(không chọn gì là quy định chung)"
            )
        )
    if root is not None and root.is_dissolved:
        raise ScopeError(_("Đơn vị gốc: %(unit)s đã giải thể") % {"unit": root.name})
    regulation = regulation_of(version)
    if unit_type:
        try:
            regulation.unit_type(unit_type)
        except KeyError:
            raise ScopeError(
                _("Loại hình đơn vị: «%(code)s» không có trong quy định %(regulation)s")
                % {"code": unit_type, "regulation": code}
            ) from None
    taken = RegulationScope.objects.filter(root=root, unit_type=unit_type).first()
    if taken is not None:
        raise ScopeError(
            _("Phạm vi này đã theo quy định %(code)s: gỡ phạm vi đó trước") % {"code": taken.code}
        )
    _check_units_fit(regulation, root, unit_type)
    scope = RegulationScope.objects.create(
        code=code,
        root=root,
        unit_type=unit_type,
        created_at=clock.now(),
        created_by=by if getattr(by, "pk", None) else None,
    )
    log_action(
        "regulations.scope.assigned",
        scope,
        by=by,
        after=scope.snapshot(),
        unit_path=root.path if root else "",
    )
    return scope


def _check_units_fit(regulation: Regulation, root: Unit | None, unit_type: str) -> None:
    """Every unit the scope reaches has a level (and a type) the regulation names."""
    reached = Unit.objects.filter(valid_to__isnull=True)
    if root is not None:
        reached = reached.subtree_of(root)
    if unit_type:
        reached = reached.filter(unit_type=unit_type)
    pairs = set(reached.values_list("level", "unit_type").distinct())
    levels = set(regulation.level_codes())
    types = {t.code for t in regulation.unit_types}
    missing_levels = sorted({level for level, _t in pairs if level not in levels})
    if missing_levels:
        raise ScopeError(
            _(
                "Quy định %(code)s không có cấp %(levels)s mà đơn vị trong phạm vi đang có; "
                "các cấp của nó phải trùng mã với quy định chung"
            )
            % {"code": regulation.regulation.code, "levels": ", ".join(missing_levels)}
        )
    missing_types = sorted({t for _l, t in pairs if t and t not in types})
    if missing_types:
        raise ScopeError(
            _("Quy định %(code)s không có loại hình đơn vị %(types)s mà đơn vị trong phạm vi có")
            % {"code": regulation.regulation.code, "types": ", ".join(missing_types)}
        )


@transaction.atomic
def remove_scope(scope: RegulationScope, *, by: Any) -> None:
    """The scope's units follow the next scope above them again, or the base."""
    _require_manager(by)
    before = scope.snapshot()
    path = scope.root.path if scope.root else ""
    log_action("regulations.scope.removed", scope, by=by, before=before, unit_path=path)
    scope.delete()


def scopes_in_force() -> list[RegulationScope]:
    return list(RegulationScope.objects.select_related("root").order_by("code", "root__path"))


def load_variant(
    text: str, source: str, *, root: Unit | None, unit_type: str = "", by: Any
) -> tuple[RegulationVersion, bool]:
    """Load a regulation file as a variant and give it its scope, in one transaction: a file
    that cannot stand where it is sent is not left loaded."""
    _require_manager(by)
    with transaction.atomic():
        version, created = load_regulation(text, source, by=by)
        if version.is_base:
            raise ScopeError(
                _("Quy định %(code)s là quy định chung: áp dụng cho mọi đơn vị, không gán phạm vi")
                % {"code": version.code}
            )
        exists = RegulationScope.objects.filter(
            code=version.code, root=root, unit_type=unit_type.strip()
        ).exists()
        if not exists:
            assign_regulation(version.code, root=root, unit_type=unit_type, by=by)
    return version, created
