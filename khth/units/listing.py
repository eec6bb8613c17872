"""The rows of the unit list page (/units/), bounded whatever the size of the tree.

At the top of a 20,000-unit tree the page once listed every unit (5.5 MB). It now opens on the
user's own units and their direct subordinates; a unit's subordinates are fetched when it is
opened (a fragment, or the page rooted at it); a search or a level filter lists at most
``ROWS`` matches and says how many more there are. Every list is a fixed number of queries.

Today's tree reads ``Unit`` within the user's scope (``access.scope_for``). A past date
(``?on=``) reads the placements of that day below the placements the user's own units had then:
the tree as it was under the user's units, as the page always showed it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Protocol

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from khth.lib.vietnamese import fold
from khth.units import access
from khth.units.models import Unit, UnitPlacement, UnitQuerySet, on_date_q, path_ids

# The most rows a list of the page shows: the subordinates of one unit, or the matches of a
# search. 200 rows are about 100 KB of page.
ROWS = 200


@dataclass(frozen=True)
class TreeRow:
    """One unit of the page."""

    more: ClassVar[bool] = False
    unit: Unit
    parent: Unit | None
    path: str  # where it stood (today's path, or the day's placement): for tree order
    depth: int  # indentation on the page, 0 for the units the page starts from
    below: int  # direct subordinates it would list when opened
    opened: bool = False  # its subordinates are the rows right below it


@dataclass(frozen=True)
class MoreRow:
    """The line after the first ``ROWS`` subordinates of ``parent``: how many more there are."""

    more: ClassVar[bool] = True
    parent: Unit
    depth: int
    hidden: int


@dataclass(frozen=True)
class Listed:
    rows: list[TreeRow | MoreRow]
    total: int  # units that match; more than ``len(rows)`` when the list was cut


class Tree(Protocol):
    """Where the rows come from: today's tree or a past day's, in the user's scope."""

    def homes(self) -> list[TreeRow]: ...

    def node(self, code: str) -> TreeRow | None: ...

    def children(self, parent: Unit, limit: int) -> tuple[list[TreeRow], int]: ...

    def units(self, under: TreeRow | None) -> UnitQuerySet: ...

    def fetch(self, ids: Sequence[int]) -> list[TreeRow]: ...

    def ancestors(self, row: TreeRow) -> list[Unit]: ...


def _top_only(rows: list[TreeRow]) -> list[TreeRow]:
    """A home unit inside another home unit is listed under it, not a second time on top."""
    return [r for r in rows if not any(r.path.startswith(o.path) and r is not o for o in rows)]


def _capped(rows: QuerySet[Any], limit: int) -> tuple[list[Any], int]:
    """The first ``limit`` rows and how many there are in all: one query, two when cut."""
    found = list(rows[: limit + 1])
    if len(found) <= limit:
        return found, len(found)
    return found[:limit], rows.count()


def _count_of(rows: QuerySet[Any], group: str) -> Coalesce:
    """``rows`` (filtered on an OuterRef) counted, as an annotation: 0 when there are none."""
    counted = rows.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class Today:
    """Today's tree in the user's scope; dissolved units only when asked for."""

    def __init__(self, user: Any, *, dissolved: bool) -> None:
        self.user = user
        self.scope = access.scope_for(user)
        self.dissolved = dissolved

    def _kept(self, rows: UnitQuerySet) -> UnitQuerySet:
        return rows if self.dissolved else rows.filter(valid_to__isnull=True)

    def _rows(self, rows: UnitQuerySet) -> UnitQuerySet:
        below = self._kept(Unit.objects.filter(parent=OuterRef("pk")))
        return rows.select_related("parent").annotate(below=_count_of(below, "parent"))

    def _row(self, unit: Any) -> TreeRow:
        return TreeRow(unit, unit.parent, unit.path, 0, unit.below)

    def homes(self) -> list[TreeRow]:
        homes = Unit.objects.filter(path__in=self.scope.paths(access.READ)).select_related("parent")
        rows = [TreeRow(u, u.parent, u.path, 0, 0) for u in homes.order_by("sort_name", "pk")]
        return _top_only(rows)

    def node(self, code: str) -> TreeRow | None:
        unit = access.get_unit_for_user(self.user, code)  # 404 outside the scope
        return TreeRow(unit, unit.parent, unit.path, 0, 0)

    def children(self, parent: Unit, limit: int) -> tuple[list[TreeRow], int]:
        rows = self._rows(self.units(None).filter(parent=parent)).order_by("sort_name", "pk")
        found, total = _capped(rows, limit)
        return [self._row(u) for u in found], total

    def units(self, under: TreeRow | None) -> UnitQuerySet:
        rows = self._kept(Unit.objects.filter(self.scope.q("path")))
        return rows if under is None else rows.filter(path__startswith=under.path)

    def fetch(self, ids: Sequence[int]) -> list[TreeRow]:
        return [self._row(u) for u in self._rows(Unit.objects.filter(pk__in=ids))]

    def ancestors(self, row: TreeRow) -> list[Unit]:
        # Only the part of the chain the user may read: a company officer rooted at a platoon
        # sees the company above it, not the battalion.
        above = Unit.objects.ancestors_of(row.unit)
        return [a for a in above if self.scope.allows(a, access.READ)]


class OnDay:
    """The tree of a past day below the placements the user's units had that day."""

    def __init__(self, user: Any, day: dt.date) -> None:
        self.user = user
        self.day = day
        scope = access.scope_for(user)
        homes = [g.unit_id for g in scope.grants if access.READ in g.permissions]
        self.paths = list(
            UnitPlacement.objects.filter(on_date_q(day), unit_id__in=homes).values_list(
                "path", flat=True
            )
        )

    def _placements(self) -> QuerySet[UnitPlacement]:
        inside = Q(pk__in=[])
        for path in self.paths:
            inside |= Q(path__startswith=path)
        return UnitPlacement.objects.filter(on_date_q(self.day)).filter(inside)

    def _rows(self, rows: QuerySet[UnitPlacement]) -> QuerySet[UnitPlacement]:
        below = UnitPlacement.objects.filter(on_date_q(self.day), parent=OuterRef("unit_id"))
        return rows.select_related("unit", "parent").annotate(below=_count_of(below, "parent"))

    def _row(self, placement: Any) -> TreeRow:
        return TreeRow(placement.unit, placement.parent, placement.path, 0, placement.below)

    def homes(self) -> list[TreeRow]:
        homes = self._placements().filter(path__in=self.paths).select_related("unit", "parent")
        rows = [
            TreeRow(p.unit, p.parent, p.path, 0, 0)
            for p in homes.order_by("unit__sort_name", "unit_id")
        ]
        return _top_only(rows)

    def node(self, code: str) -> TreeRow | None:
        """None when the unit, in the user's scope today, was not under the user's units then."""
        unit = access.get_unit_for_user(self.user, code)  # 404 outside the scope
        found = self._placements().filter(unit=unit).select_related("parent").first()
        return None if found is None else TreeRow(unit, found.parent, found.path, 0, 0)

    def children(self, parent: Unit, limit: int) -> tuple[list[TreeRow], int]:
        rows = self._rows(self._placements().filter(parent=parent))
        found, total = _capped(rows.order_by("unit__sort_name", "unit_id"), limit)
        return [self._row(p) for p in found], total

    def units(self, under: TreeRow | None) -> UnitQuerySet:
        placements = self._placements()
        if under is not None:
            placements = placements.filter(path__startswith=under.path)
        return Unit.objects.filter(pk__in=placements.values("unit_id"))

    def fetch(self, ids: Sequence[int]) -> list[TreeRow]:
        return [self._row(p) for p in self._rows(self._placements().filter(unit_id__in=ids))]

    def ancestors(self, row: TreeRow) -> list[Unit]:
        ids = path_ids(row.path)[:-1]
        # The ancestor at position i stood at the path made of the first i + 1 keys that day.
        shown = [
            pk
            for i, pk in enumerate(ids)
            if any(f"/{'/'.join(map(str, ids[: i + 1]))}/".startswith(p) for p in self.paths)
        ]
        units = Unit.objects.in_bulk(shown)
        return [units[pk] for pk in shown if pk in units]


def tree_for(user: Any, *, day: dt.date | None, dissolved: bool) -> Tree:
    return Today(user, dissolved=dissolved) if day is None else OnDay(user, day)


def opened(tree: Tree, starts: list[TreeRow], *, depth: int = 0) -> Listed:
    """Each of ``starts`` followed by its direct subordinates (at most ``ROWS`` each)."""
    rows: list[TreeRow | MoreRow] = []
    total = 0
    for start in starts:
        rows.append(replace(start, depth=depth, opened=True))
        listed = children(tree, start.unit, depth=depth + 1)
        rows += listed.rows
        total += 1 + listed.total
    return Listed(rows, total)


def children(tree: Tree, parent: Unit, *, depth: int) -> Listed:
    """The direct subordinates of ``parent`` at ``depth``, and a line for those left out."""
    found, total = tree.children(parent, ROWS)
    rows: list[TreeRow | MoreRow] = [replace(r, depth=depth) for r in found]
    if total > len(found):
        rows.append(MoreRow(parent, depth, total - len(found)))
    return Listed(rows, total)


def filtered(tree: Tree, under: TreeRow | None, text: str, level: str) -> Listed:
    """The units (below ``under``, or all in the scope) whose name or code contains ``text``
    and whose level is ``level`` (each, when given): the first ``ROWS`` in path order, shown in
    tree order, indented from the highest of them."""
    units = tree.units(under)
    if level:
        units = units.filter(level=level)
    if fold(text):
        ids = list(access.matching_units(units, text))
        total, ids = len(ids), ids[:ROWS]
    else:
        ids, total = _capped(units.order_by("path").values_list("pk", flat=True), ROWS)
    found = tree.fetch(ids)
    found.sort(key=tree_order([r.path for r in found]))
    top = min((r.path.count("/") for r in found), default=0)
    rows: list[TreeRow | MoreRow] = [replace(r, depth=r.path.count("/") - top) for r in found]
    return Listed(rows, total)


def tree_order(paths: list[str]) -> Callable[[TreeRow], list[tuple[str, int]]]:
    """Sort key for rows: the tree, each unit under its parent, brothers in Vietnamese name
    order (the units' sort keys along the path, one query for them all)."""
    ids = {pk for path in paths for pk in path_ids(path)}
    keys = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "sort_name"))
    return lambda row: [(keys.get(pk, ""), pk) for pk in path_ids(row.path)]
