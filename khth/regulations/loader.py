"""Reading a regulation file: YAML → field validation → whole-file checks.

Every failure is a ``RegulationError`` whose problems read ``{source}: {path}: {why}``, so a
person editing the file can go straight to the key at fault.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.utils.translation import gettext as _
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from khth.regulations.schema import Regulation, format_path, validate_references


class RegulationError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def default_regulation_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "default.yaml"


# libyaml's parser when PyYAML has it (its wheels do): ten times faster on the default file, which
# every test and every start loads. The constructor, and so the checks below, stay the same.
if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):
    """SafeLoader that refuses duplicate keys.

    Plain YAML keeps the last of two equal keys without a word; in a hand-edited file that silently
    drops the first block.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            # "<<" is the merge key of anchors; it may legitimately repeat.
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                continue  # SafeLoader reports unhashable keys itself
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    _("khóa '%(key)s' bị lặp") % {"key": key},
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# The default file is under 100 KB; twenty times that is room for any edited one.
MAX_CHARS = 2_000_000


def parse_yaml(text: str, source: str) -> dict[str, Any]:
    if len(text) > MAX_CHARS:
        raise RegulationError(
            [
                _("%(source)s: tệp dài hơn %(max)d ký tự, không phải một tệp quy định")
                % {"source": source, "max": MAX_CHARS}
            ]
        )
    # Vietnamese arrives composed or decomposed (NFD) depending on the editor that saved it; names
    # are compared as text, so normalise at the boundary.
    text = unicodedata.normalize("NFC", text)
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        # "[[[[…" a hundred thousand deep: the YAML composer recurses once per level.
        raise RegulationError(
            [
                _("%(source)s: dữ liệu lồng nhau quá sâu (danh sách hoặc mapping lồng nhau)")
                % {"source": source}
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        why = exc.problem or exc.context or _("lỗi cú pháp")
        if mark is None:
            message = _("%(source)s: lỗi cú pháp YAML: %(why)s") % {"source": source, "why": why}
        else:
            message = _("%(source)s: dòng %(line)d, cột %(column)d: lỗi cú pháp YAML: %(why)s") % {
                "source": source,
                "line": mark.line + 1,
                "column": mark.column + 1,
                "why": why,
            }
        raise RegulationError([message]) from None
    except yaml.YAMLError as exc:
        raise RegulationError(
            [_("%(source)s: lỗi cú pháp YAML: %(why)s") % {"source": source, "why": exc}]
        ) from None
    if not isinstance(data, dict):
        found = _("tệp rỗng") if data is None else type(data).__name__
        raise RegulationError(
            [
                _(
                    "%(source)s: cấp cao nhất phải là một mapping (regulation:, levels:, …), "
                    "không phải %(found)s"
                )
                % {"source": source, "found": found}
            ]
        )
    return data


def regulation_from_data(data: dict[str, Any], source: str) -> Regulation:
    try:
        regulation = Regulation.model_validate(data)
    except ValidationError as exc:
        raise RegulationError(
            [_line(source, tuple(err["loc"]), _why(err)) for err in exc.errors(include_url=False)]
        ) from None
    problems = validate_references(regulation)
    if problems:
        raise RegulationError([_line(source, path, why) for path, why in problems])
    return regulation


@lru_cache(maxsize=8)
def parse_regulation(text: str, source: str) -> Regulation:
    # Kept per text: the same file is read at every deployment and by every test, and a file
    # that fails raises every time (exceptions are not cached). Nothing mutates a Regulation.
    return regulation_from_data(parse_yaml(text, source), source)


def _why(err: ErrorDetails) -> str:
    message = str(err["msg"])
    # Our own validators' messages arrive as "Value error, …".
    return message.removeprefix("Value error, ")


def _line(source: str, path: tuple[str | int, ...], why: str) -> str:
    where = format_path(path)
    return f"{source}: {where}: {why}" if where else f"{source}: {why}"
