"""A big unit tree for the tests that read one, built in a few statements.

``create_unit`` writes a unit, its placement and its audit entry one by one: fine for the named
world, slow for thousands. ``bulk_tree`` hands out the keys itself, so each materialised path
(which holds the unit's own key) is known before the insert, and inserts every unit and
placement in bulk, as ``khth bench rollup`` does. The sequences are moved past the keys used, so
rows created later (``create_unit`` on PostgreSQL) do not collide with them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from khth.units.models import Unit, UnitPlacement
from tests.conftest import FOUNDED


def bulk_tree(
    parent: Unit,
    levels: Sequence[tuple[str, str, int]],
    *,
    prefix: str,
    valid_from: dt.date = FOUNDED,
) -> list[Unit]:
    """Under ``parent``, for each ``(level code, name, n)`` of ``levels``, ``n`` units under
    every unit of the level above: ``n`` units named "<name> <prefix><key>" with the code
    "<prefix><key>". The units, level by level, each level in the order of its parents."""
    next_id = (Unit.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    above = [parent]
    units: list[Unit] = []
    for level, name, count in levels:
        row = []
        for up in above:
            for _index in range(count):
                key, next_id = next_id, next_id + 1
                unit = Unit(
                    id=key,
                    code=f"{prefix}{key}",
                    name=f"{name} {prefix}{key}",
                    short_name=f"{prefix}{key}",
                    level=level,
                    parent=up,
                    path=f"{up.path}{key}/",
                    depth=up.depth + 1,
                    valid_from=valid_from,
                )
                unit.refresh_sort_name()  # bulk_create bypasses Unit.save
                row.append(unit)
        units += row
        above = row
    Unit.objects.bulk_create(units, batch_size=1000)
    UnitPlacement.objects.bulk_create(
        [UnitPlacement(unit=u, parent=u.parent, path=u.path, valid_from=valid_from) for u in units],
        batch_size=1000,
    )
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Unit, UnitPlacement]):
            cursor.execute(statement)
    return units
