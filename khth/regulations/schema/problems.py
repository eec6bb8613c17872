"""Problems found in a regulation file, each with the path of the key at fault."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from khth.regulations.schema.common import Coded

Path = tuple[str | int, ...]
Problem = tuple[Path, str]


def format_path(path: Path) -> str:
    """``("report_templates", 2, "indicators", 5)`` → ``report_templates[2].indicators[5]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.startswith("["):
            # pydantic's marker for a bad dictionary key: "deadlines.Dai Doi[key]".
            text += part
        else:
            text += f".{part}" if text else str(part)
    return text


def unique(items: Sequence[Coded], path: Path, out: list[Problem]) -> dict[str, int]:
    """Index of each code's first use; every later use is a problem."""
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.code in first:
            where = format_path((*path, first[item.code]))
            out.append(
                (
                    (*path, i, "code"),
                    _("mã '%(code)s' bị trùng (đã dùng ở %(where)s)")
                    % {"code": item.code, "where": where},
                )
            )
        else:
            first[item.code] = i
    return first


def no_repeats(values: Iterable[str], path: Path, out: list[Problem]) -> None:
    seen: set[str] = set()
    for j, value in enumerate(values):
        if value in seen:
            out.append(((*path, j), _("'%(value)s' bị lặp") % {"value": value}))
        seen.add(value)
