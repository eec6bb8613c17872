"""The unit tree, its history, and who belongs where with which role.

Tree layout: each unit stores a materialized ``path`` of primary keys ("/1/5/23/"). Subtree and
ancestor queries are one indexed query each on SQLite and PostgreSQL; nothing walks the tree node
by node in Python.

History: ``Unit.path`` is where the unit answers *now* (for a dissolved unit: where its records are
kept, which is also who may read them). Where it stood on any past date is in ``UnitPlacement`` —
one row per interval, never rewritten — so past periods are consolidated on the tree as it was.
All intervals are half-open: ``valid_from`` is the first day, ``valid_to`` the first day after.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from khth.lib.identifiers import validate_identifier
from khth.lib.models import SortedByName
from khth.regulations.permissions import ROLE_CODES


def path_ids(path: str) -> list[int]:
    """The primary keys along a path, root first."""
    return [int(part) for part in path.strip("/").split("/") if part]


def on_date_q(day: dt.date, prefix: str = "") -> Q:
    """Rows whose half-open [valid_from, valid_to) interval contains ``day``."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


class UnitQuerySet(models.QuerySet["Unit"]):
    def active_on(self, day: dt.date) -> UnitQuerySet:
        return self.filter(on_date_q(day))

    def subtree_of(self, unit: Unit, *, include_self: bool = True) -> UnitQuerySet:
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)

    def ancestors_of(self, unit: Unit, *, include_self: bool = False) -> UnitQuerySet:
        ids = path_ids(unit.path)
        if not include_self:
            ids = ids[:-1]
        return self.filter(pk__in=ids).order_by("depth")


class Unit(SortedByName):
    # In every unit address (/units/<code>/): the one rule of khth.lib.identifiers.
    code = models.CharField(max_length=40, unique=True, validators=[validate_identifier])
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=80)
    # A level code of the regulation data (e.g. "dai-doi"); checked against the active regulation
    # by the actions, not by a foreign key, so that regulation versions can come and go.
    level = models.CharField(max_length=40, db_index=True)
    # A unit type code of the unit's regulation (``unit_types:``, e.g. "don-bien-phong"); blank:
    # a general unit of its level. Checked by the actions, like ``level``.
    unit_type = models.CharField(max_length=64, blank=True, default="")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, unique=True)
    depth = models.PositiveSmallIntegerField()
    # Document headers (Party family: superior body over issuing body; "Số 15-BC/ĐU").
    party_body = models.CharField(max_length=200, blank=True, default="")
    superior_party_body = models.CharField(max_length=200, blank=True, default="")
    party_abbr = models.CharField(max_length=20, blank=True, default="")
    # Administrative family issuer, as in "Số: 15/BC-CT".
    admin_abbr = models.CharField(max_length=20, blank=True, default="")
    # Place name in document dates: "Sóc Trăng, ngày 05 tháng 02 năm 2024".
    place = models.CharField(max_length=100, blank=True, default="")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors"
    )

    objects: ClassVar[UnitQuerySet] = UnitQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["path"]
        indexes = [
            # LIKE 'prefix%' uses a btree index on PostgreSQL only with the pattern opclass; other
            # backends ignore opclasses.
            models.Index(
                fields=["path"], name="unit_path_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_dissolved(self) -> bool:
        return self.valid_to is not None

    def is_active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    def snapshot(self) -> dict[str, object]:
        """The audited fields, JSON-ready."""
        return {
            "code": self.code,
            "name": self.name,
            "short_name": self.short_name,
            "level": self.level,
            "unit_type": self.unit_type,
            "parent": self.parent.code if self.parent else None,
            "party_body": self.party_body,
            "superior_party_body": self.superior_party_body,
            "party_abbr": self.party_abbr,
            "admin_abbr": self.admin_abbr,
            "place": self.place,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "successor": self.successor.code if self.successor else None,
        }


class UnitPlacement(models.Model):
    """Where a unit stood in the tree during one interval. Rows are closed, never edited back."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="placements")
    parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    path = models.CharField(max_length=255)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["unit_id", "valid_from", "id"]
        indexes = [
            models.Index(
                fields=["path"], name="placement_path_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["valid_from", "valid_to"], name="placement_interval"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} at {self.path} from {self.valid_from}"


class Membership(models.Model):
    """A person's role at a unit. What the role may do is regulation data (``roles:``)."""

    ROLE_CHOICES: ClassVar[list[tuple[str, str]]] = [(code, code) for code in ROLE_CODES]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=30, choices=ROLE_CHOICES)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["unit__path", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(ended_on__isnull=True),
                name="one_open_membership_per_role",
            ),
            models.CheckConstraint(condition=Q(role__in=ROLE_CODES), name="membership_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} @ {self.unit_id}"


class RegulationScope(models.Model):
    """Where a regulation other than the base applies (issue 13: the services' own versions).

    ``code`` is a regulation code, not a version: loading a new version of that code changes
    what the scope's units follow, as it does for the base. A unit follows the nearest scope:
    the deepest ``root`` among its ancestors (itself included), a scope of its type winning at
    equal depth, a scope of its type anywhere (no root) below every rooted one
    (``khth.units.regulation``)."""

    code = models.CharField(max_length=64)
    root = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="regulation_scopes"
    )
    unit_type = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["code", "root__path", "unit_type"]
        constraints = [
            # One answer per place: two scopes on the same root and type would be a tie.
            models.UniqueConstraint(
                fields=["root", "unit_type"],
                condition=Q(root__isnull=False),
                name="regulation_scope_one_per_root_and_type",
            ),
            models.UniqueConstraint(
                fields=["unit_type"],
                condition=Q(root__isnull=True),
                name="regulation_scope_one_per_type_anywhere",
            ),
            # No root and no type is everywhere: that is the base, not a scope.
            models.CheckConstraint(
                condition=Q(root__isnull=False) | ~Q(unit_type=""),
                name="regulation_scope_root_or_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} @ {self.root_id or '*'} [{self.unit_type or '*'}]"

    def snapshot(self) -> dict[str, object]:
        return {
            "code": self.code,
            "root": self.root.code if self.root else None,
            "unit_type": self.unit_type,
        }
