"""The one data-scope mechanism.

A user may act on a unit's data when one of their open memberships is at that unit or above it and
the membership's role grants the permission (role → permissions is regulation data). Every view,
API endpoint, export and CLI command asks this module; nothing filters by unit on its own.

Other apps scope their objects with ``scope_for(user).q("unit__path")`` in their queryset's
``visible_to`` and write one ``get_<object>_for_user`` helper on the pattern of
``get_unit_for_user`` below: 404 outside the scope (``get_visible``), 403 inside it without the
permission.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from khth.lib import clock
from khth.lib.vietnamese import fold
from khth.regulations.access import role_permissions
from khth.regulations.permissions import ROLE_CODES
from khth.units.models import Membership, Unit, UnitQuerySet

READ = "unit.view"

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Grant:
    path: str
    role: str
    unit_id: int
    permissions: frozenset[str]
    # The unit itself, read with the membership: the navigation and the pages that open on the
    # user's own unit need no query of their own.
    unit: Unit | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Scope:
    """What one user may reach, computed once per request from their open memberships."""

    grants: tuple[Grant, ...]

    def paths(self, permission: str = READ) -> list[str]:
        return [g.path for g in self.grants if permission in g.permissions]

    def q(self, path_field: str = "path", permission: str = READ) -> Q:
        """A filter on ``path_field`` (a unit path, e.g. "unit__path") for permitted subtrees."""
        condition = Q(pk__in=[])  # no grant: matches nothing
        for path in self.paths(permission):
            condition |= Q(**{f"{path_field}__startswith": path})
        return condition

    def allows(self, unit: Unit, permission: str) -> bool:
        return any(unit.path.startswith(path) for path in self.paths(permission))

    def holds_at(self, unit: Unit, permission: str) -> bool:
        """The permission held at this very unit, not inherited from above (e.g. reviewing
        what a unit's *direct* subordinates submit)."""
        return any(g.unit_id == unit.pk and permission in g.permissions for g in self.grants)

    def has_anywhere(self, permission: str) -> bool:
        return bool(self.paths(permission))

    @property
    def home_unit_ids(self) -> list[int]:
        return sorted({g.unit_id for g in self.grants})

    @property
    def home_units(self) -> list[Unit]:
        """The units of the user's memberships, once each, in tree order."""
        return self.units_holding()

    def units_holding(self, *permissions: str) -> list[Unit]:
        """The units where a membership holds any of ``permissions`` (none named: any
        membership), once each, in tree order."""
        units = {
            g.unit_id: g.unit
            for g in self.grants
            if g.unit is not None and (not permissions or set(permissions) & g.permissions)
        }
        return sorted(units.values(), key=lambda unit: unit.path)


_CACHE_ATTR = "_khth_scope"


def scope_for(user: Any, *, on: dt.date | None = None) -> Scope:
    """The user's scope; cached on the user object, so one request computes it once."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(grants=())
    day = on or clock.today()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None and cached[0] == day:
        scope: Scope = cached[1]
        return scope
    memberships = (
        Membership.objects.filter(user=user, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .select_related("unit")
    )
    scope = Scope(
        grants=tuple(
            Grant(
                path=m.unit.path,
                role=m.role,
                unit_id=m.unit_id,
                permissions=role_permissions(m.role),
                unit=m.unit,
            )
            for m in memberships
        )
    )
    setattr(user, _CACHE_ATTR, (day, scope))
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope after the user's memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def visible_units(user: Any) -> UnitQuerySet:
    return Unit.objects.filter(scope_for(user).q("path"))


def get_visible(rows: QuerySet[M], pk: int, what: str) -> M:
    """Row ``pk`` among ``rows``, a ``visible_*`` queryset: 404 when it is not there, so a row
    outside the user's scope is not told to exist (the first step of every
    ``get_<object>_for_user``)."""
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404(f"{what} not found")
    return found


def get_unit_for_user(user: Any, code: str, *, permission: str = READ) -> Unit:
    """The unit with ``code`` if the user may see it; 404 outside the scope, 403 without the
    permission."""
    scope = scope_for(user)
    unit = Unit.objects.filter(scope.q("path")).filter(code=code).select_related("parent").first()
    if unit is None:
        raise Http404("unit not found")
    if not scope.allows(unit, permission):
        raise PermissionDenied(permission)
    return unit


def require(user: Any, unit: Unit, permission: str) -> None:
    """403 unless the user holds ``permission`` over ``unit`` (already known to be visible)."""
    if not scope_for(user).allows(unit, permission):
        raise PermissionDenied(permission)


def holders_at(unit: Unit, permission: str) -> QuerySet[Any]:
    """People whose open membership at ``unit`` itself grants ``permission`` (whom to notify)."""
    # The user model through Django, as khth.accounts (above units) defines it.
    user_model = get_user_model()
    roles = [r for r in ROLE_CODES if permission in role_permissions(r)]
    return user_model.objects.filter(
        memberships__unit=unit, memberships__role__in=roles, memberships__ended_on=None
    ).distinct()


# --- choosing a unit by name --------------------------------------------------------------

SUGGESTIONS = 20
# "Đại đội 1 (C1)": what a picker's list offers and puts in the box; the code in brackets is
# what is read back, so two units of the same name stay apart.
_CHOSEN = re.compile(r".*\(\s*([^()\s]+)\s*\)\s*", re.DOTALL)


class UnitChoiceError(ValueError):
    """A unit written in a picker that names no unit, or several, in the user's scope."""


@functools.lru_cache(maxsize=65_536)
def _folded(name: str) -> str:
    # Folding costs ~30 µs a name; a 20,000-unit tree is searched on every key press. A name's
    # fold never changes, so the cache needs no invalidation, only a bound.
    return fold(name)


def chosen_label(unit: Unit) -> str:
    return f"{unit.name} ({unit.code})"


def matching_units(rows: QuerySet[Unit], text: str) -> Iterator[int]:
    """The keys of the units among ``rows`` whose name, short name or code contains ``text``,
    accents and case aside ("dai doi" finds "Đại đội 1"), in path order: the one way units are
    searched (the picker, the unit list page, ``GET /api/v1/units?q=``). Lazy: a caller that
    wants the first few stops reading early. An empty text matches every row.

    The names are folded here rather than in SQL: neither database folds Vietnamese (đ → d,
    tones) the way khth.lib.vietnamese.fold does, and a scan of (key, code, name, short name)
    tuples over 20,000 units takes tens of milliseconds."""
    key = fold(text)
    for pk, code, name, short_name in rows.order_by("path").values_list(
        "pk", "code", "name", "short_name"
    ):
        if not key or key in code.casefold() or key in _folded(name) or key in _folded(short_name):
            yield pk


def suggest_units(user: Any, text: str, *, limit: int = SUGGESTIONS) -> list[Unit]:
    """Active units in the user's scope whose name, short name or code contains ``text``,
    accents and case aside ("dai doi" finds "Đại đội 1"); the first ``limit`` in tree order,
    the unit whose code is ``text`` first. An empty text gives the top of the user's tree."""
    rows = visible_units(user).filter(valid_to__isnull=True)
    key = fold(text)
    if not key:
        return list(rows.select_related("parent").order_by("depth", "path")[:limit])
    found = list(itertools.islice(matching_units(rows, text), limit))
    units = {u.pk: u for u in Unit.objects.filter(pk__in=found).select_related("parent")}
    ordered = [units[pk] for pk in found]
    return sorted(ordered, key=lambda u: u.code.casefold() != key.casefold())


def unit_from_text(user: Any, text: str) -> Unit:
    """The unit in the user's scope that ``text`` names: a code, a label chosen from a picker
    ("Đại đội 1 (C1)"), or a name or short name written out that only one unit has. A unit
    outside the scope is "not found", as if it did not exist."""
    written = " ".join(text.split())
    chosen = _CHOSEN.fullmatch(written)
    code = chosen.group(1) if chosen else written
    rows = visible_units(user)
    unit = rows.filter(code=code).select_related("parent").first()
    if unit is not None:
        return unit
    key = fold(written)
    named = [
        pk
        for pk, name, short_name in rows.filter(valid_to__isnull=True).values_list(
            "pk", "name", "short_name"
        )
        if key in (_folded(name), _folded(short_name))
    ]
    if len(named) == 1:
        return Unit.objects.select_related("parent").get(pk=named[0])
    if named:
        raise UnitChoiceError(
            _("Có %(count)d đơn vị tên «%(text)s»: chọn một đơn vị trong danh sách.")
            % {"count": len(named), "text": written}
        )
    raise UnitChoiceError(
        _("Không có đơn vị này trong phạm vi của bạn: «%(text)s».") % {"text": written}
    )


# --- the user's own units, for the home page ------------------------------------------------


@dataclass(frozen=True)
class HomeUnit:
    grant: Grant
    unit: Unit
    children: list[Unit]  # active, each with ``active_below``: its active direct subordinates
    size: int  # active units in the subtree, the unit included


def home_units(user: Any) -> list[HomeUnit]:
    """Each unit where the user holds a membership, its active subordinates and the size of its
    subtree: three queries a membership (a user holds one or two), whatever the tree's size."""
    out = []
    for grant in scope_for(user).grants:
        unit = grant.unit or Unit.objects.get(pk=grant.unit_id)
        children = unit.children.filter(valid_to__isnull=True).annotate(
            active_below=Count("children", filter=Q(children__valid_to__isnull=True))
        )
        below = list(children)
        # Counted only where the tree goes two levels down: a company (most units of the army)
        # or a battalion of companies knows its size from its children.
        if any(getattr(child, "active_below", 0) for child in below):
            size = Unit.objects.subtree_of(unit).filter(valid_to__isnull=True).count()
        else:
            size = 1 + len(below)
        out.append(HomeUnit(grant, unit, below, size))
    return out


# The role a person signs a unit's documents as, when they hold several there: the head's first,
# so that a commissar who is also bí thư signs as the head (khth.documents.heading.issuing).
SIGNING_ORDER = (
    "political_officer",
    "party_secretary",
    "political_chief",
    "deputy_commissar",
    "deputy_political_officer",
    "deputy_party_secretary",
    "deputy_political_chief",
)


def signing_role(user: Any, unit: Unit) -> str | None:
    """The role ``user`` signs ``unit``'s documents as (None: no signing role there)."""
    if user is None:
        return None
    held = set(
        unit.memberships.filter(user=user, ended_on__isnull=True).values_list("role", flat=True)
    )
    return next((role for role in SIGNING_ORDER if role in held), None)
