"""Panels that apps above reports add to the consolidation page and to a report's sections.

The consolidation page shows what other apps make of its figures (the plans' targets due in the
period, evaluated on these very figures) without reports importing them: an app registers a
panel in its ``AppConfig.ready()``, and the page renders each panel's template with the context
the panel returns. A panel that returns None shows nothing.

A report's pages (the editor, "edit", and the read page, "detail") show beside each section what
other apps offer about it (the synthesis of the subordinates' texts, and where a drafted text
came from) the same way: a section panel returns, by section code, what to show there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from khth.reports.consolidation import Consolidation
from khth.reports.models import Report


@dataclass(frozen=True)
class Shown:
    template: str
    context: Mapping[str, Any]


Panel = Callable[[Consolidation], Shown | None]
_PANELS: list[Panel] = []

ReportPage = Literal["edit", "detail"]
SectionPanel = Callable[[Report, ReportPage], Mapping[str, Sequence[Shown]]]
_SECTION_PANELS: list[SectionPanel] = []


def add_consolidation_panel(panel: Panel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def consolidation_panels(consolidation: Consolidation) -> list[Shown]:
    shown = (panel(consolidation) for panel in _PANELS)
    return [s for s in shown if s is not None]


def add_section_panel(panel: SectionPanel) -> None:
    if panel not in _SECTION_PANELS:
        _SECTION_PANELS.append(panel)


def section_panels(report: Report, page: ReportPage) -> dict[str, list[Shown]]:
    """What the registered apps show beside each section of ``report`` on ``page``."""
    by_section: dict[str, list[Shown]] = {}
    for panel in _SECTION_PANELS:
        for code, shown in panel(report, page).items():
            by_section.setdefault(code, []).extend(shown)
    return by_section
