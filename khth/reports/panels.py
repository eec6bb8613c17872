"""Panels that apps above reports add to the consolidation page.

The consolidation page shows what other apps make of its figures (the plans' targets due in the
period, evaluated on these very figures) without reports importing them: an app registers a
panel in its ``AppConfig.ready()``, and the page renders each panel's template with the context
the panel returns. A panel that returns None shows nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from khth.reports.consolidation import Consolidation


@dataclass(frozen=True)
class Shown:
    template: str
    context: Mapping[str, Any]


Panel = Callable[[Consolidation], Shown | None]
_PANELS: list[Panel] = []


def add_consolidation_panel(panel: Panel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def consolidation_panels(consolidation: Consolidation) -> list[Shown]:
    shown = (panel(consolidation) for panel in _PANELS)
    return [s for s in shown if s is not None]
