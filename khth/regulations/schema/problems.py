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
    seen: dict[str, Path] = {}
    for i, item in enumerate(items):
        if first_use(item.code, (*path, i), seen, out):
            first[item.code] = i
    return first


def first_use(
    code: str, at: Path, seen: dict[str, Path], out: list[Problem], message: str | None = None
) -> bool:
    """Whether ``at`` is the first use of ``code`` among ``seen`` (which it joins); a later use
    is a problem naming where the code was first used. ``message`` (with ``%(code)s`` and
    ``%(where)s``) names the kind of code when it is not a plain "mã"."""
    if code in seen:
        text = message or _("mã '%(code)s' bị trùng (đã dùng ở %(where)s)")
        out.append(((*at, "code"), text % {"code": code, "where": format_path(seen[code])}))
        return False
    seen[code] = at
    return True


def no_repeats(values: Iterable[str], path: Path, out: list[Problem]) -> None:
    seen: set[str] = set()
    for j, value in enumerate(values):
        if value in seen:
            out.append(((*path, j), _("'%(value)s' bị lặp") % {"value": value}))
        seen.add(value)
