"""``khth units import|export|levels|tree``: the unit tree from the command line.

The command runs as the system (``by=None`` in the audit log): whoever can run it already holds the
database, so there is no user scope to apply.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from khth.lib import clock
from khth.lib.commands import TranslatedCommand, fail_with_problems, read_file
from khth.lib.importing import ImportRejected
from khth.regulations.access import active_regulation
from khth.units.actions import UnitError, tree_on
from khth.units.csvio import export_units, import_units
from khth.units.models import Unit, UnitPlacement


def parse_day(value: str) -> dt.date:
    """ISO dates (2024-02-05) or the way people here write them (05/02/2024)."""
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time part)
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        _("ngày «%(value)s» không hợp lệ: viết 2024-02-05 hoặc 05/02/2024") % {"value": value}
    )


def units_as_of(day: dt.date) -> list[Unit]:
    """The units in force on ``day``, each carrying its parent and path *of that day*.

    ``Unit.parent``/``Unit.path`` say where a unit answers now; after a move or a merge that is not
    where it stood then. The placement of that day is the truth, so it is copied onto the (unsaved)
    instances that ``export_units`` reads.
    """
    units = []
    for placement in tree_on(day):
        unit = placement.unit
        unit.parent = placement.parent
        unit.path = placement.path
        unit.depth = placement.path.count("/") - 2
        units.append(unit)
    return units


def _placements(code: str | None, day: dt.date) -> list[UnitPlacement]:
    placements = tree_on(day)
    if code is None:
        return placements
    root = next((p for p in placements if p.unit.code == code), None)
    if root is None:
        if Unit.objects.filter(code=code).exists():
            raise CommandError(
                _("Đơn vị %(code)s không tồn tại vào ngày %(day)s")
                % {"code": code, "day": day.isoformat()}
            )
        raise CommandError(_("Không có đơn vị mã %(code)s") % {"code": code})
    return [p for p in placements if p.path.startswith(root.path)]


def _add_day_argument(parser: argparse.ArgumentParser, help_message: str) -> None:
    """``--on DAY``: the day a change takes effect or the tree is seen on (None: today)."""
    parser.add_argument("--on", metavar=_("NGÀY"), type=parse_day, default=None, help=help_message)


class Command(TranslatedCommand):
    help_text = gettext_lazy("Nhập, xuất và xem cây đơn vị.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar=_("LỆNH"))

        do_import = actions.add_parser(
            "import", help=_("nhập đơn vị từ tệp CSV (tất cả hoặc không gì cả)")
        )
        do_import.add_argument("file", type=Path, help=_("tệp CSV UTF-8"))
        _add_day_argument(do_import, _("ngày có hiệu lực của các thay đổi (mặc định: hôm nay)"))

        export = actions.add_parser("export", help=_("xuất cây đơn vị ra CSV (đầu ra chuẩn)"))
        _add_day_argument(export, _("cây đơn vị vào ngày này (mặc định: hôm nay)"))

        actions.add_parser("levels", help=_("các cấp đơn vị của quy định đang áp dụng"))

        tree = actions.add_parser("tree", help=_("in cây đơn vị"))
        tree.add_argument(
            "code", nargs="?", default=None, help=_("mã đơn vị gốc (mặc định: cả cây)")
        )
        _add_day_argument(tree, _("cây đơn vị vào ngày này (mặc định: hôm nay)"))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options["file"], options["on"])
        elif action == "export":
            self.stdout.write(export_units(units_as_of(options["on"] or clock.today())), ending="")
        elif action == "levels":
            for level in active_regulation().levels:
                self.stdout.write(f"{level.code}\t{level.name}")
        elif action == "tree":
            self._tree(options["code"], options["on"] or clock.today())

    def _import(self, path: Path, on: dt.date | None) -> None:
        try:
            result = import_units(read_file(path), by=None, on=on)
        except ImportRejected as exc:
            fail_with_problems(
                self.stderr,
                exc.problems,
                ngettext(
                    "Tệp %(name)s có %(count)d lỗi; chưa nhập đơn vị nào.",
                    "Tệp %(name)s có %(count)d lỗi; chưa nhập đơn vị nào.",
                    len(exc.problems),
                )
                % {"name": path.name, "count": len(exc.problems)},
            )
        except UnitError as exc:
            # Some rules are only met while applying (a parent dissolved on that date, a change
            # dated before the unit's last one); the import is one transaction, so it is undone.
            self.stderr.write(str(exc))
            raise CommandError(
                _("Không nhập được tệp %(name)s; chưa nhập đơn vị nào.") % {"name": path.name}
            ) from None
        self.stdout.write(
            _("Đã nhập: %(c)d tạo mới, %(u)d cập nhật, %(m)d chuyển, %(n)d không đổi")
            % {
                "c": result.created,
                "u": result.updated,
                "m": result.moved,
                "n": result.unchanged,
            }
        )

    def _tree(self, code: str | None, day: dt.date) -> None:
        placements = _placements(code, day)
        if not placements:
            self.stdout.write(_("Không có đơn vị nào vào ngày %(day)s.") % {"day": day.isoformat()})
            return
        children: dict[int | None, list[UnitPlacement]] = defaultdict(list)
        for placement in placements:
            children[placement.parent_id].append(placement)
        for siblings in children.values():
            # Creation order keeps "Trung đoàn 1, 2, 3" in the order they were set up; path
            # order would not ("/10/" sorts before "/9/").
            siblings.sort(key=lambda p: p.unit_id)
        top = placements[0].path.count("/")
        # Top entries: the chosen unit, or every unit whose parent is outside the listing.
        listed = {p.unit_id for p in placements}
        roots = sorted(
            (p for p in placements if p.parent_id not in listed), key=lambda p: p.unit_id
        )
        stack = list(reversed(roots))
        while stack:
            placement = stack.pop()
            unit = placement.unit
            indent = "  " * (placement.path.count("/") - top)
            self.stdout.write(f"{indent}{unit.name} [{unit.code}] ({unit.level})")
            stack.extend(reversed(children.get(placement.unit_id, [])))
