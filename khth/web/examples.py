"""Examples offered to a user writing a report, plan or typed document («Xem mẫu điển hình»).

The editors sit in rooms below the one that keeps the models of good practice (khth.practice),
so they do not import it: that room registers a source here in its ``AppConfig.ready()``, and the
editors' templates show what the sources give through the ``examples_panel`` tag
(khth/web/templatetags/examples.py). No source registered: no panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Example:
    title: str
    unit: str
    url: str
    note: str = ""


# (user, kind: "report" | "plan" | "document", code of the template or kind, limit) -> examples
ExamplesSource = Callable[[Any, str, str, int], list[Example]]
_SOURCES: list[ExamplesSource] = []
LIMIT = 3


def add_examples_source(source: ExamplesSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def examples(user: Any, kind: str, code: str, limit: int = LIMIT) -> list[Example]:
    out: list[Example] = []
    for source in _SOURCES:
        out.extend(source(user, kind, code, limit - len(out)))
        if len(out) >= limit:
            break
    return out[:limit]
