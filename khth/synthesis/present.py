"""A synthesis as people read it, and as a report keeps it.

``synthesis_view`` runs the engine on one section's sources and makes what the page, the
reusable ``synthesis/_groups.html`` partial and the API show: groups largest first, each with its
units ("c1, c2, c4 — 3/4 đơn vị"), its sentences linked to where they were written, its figures
("30 buổi (c1: 12, c2: 8, c4: 10)") and the terms that call for attention; the silent units; the
draft. ``kept_groups`` turns the same groups into the JSON a report keeps of the groups a draft
drew on, and ``groups_of`` reads them back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html import escape
from typing import Any

from django.urls import reverse

from khth.lib.vietnamese import format_number
from khth.reports.completeness import section_anchor
from khth.synthesis.engine import Group, Lexicon, draft, synthesise
from khth.synthesis.sources import SectionSources, Silent

# Past these, a long list says how many more rather than naming them all (a group of a
# 300-unit subtree names 300 units).
UNITS_SHOWN = 30
# Groups on a page: a whole subtree at the top of the army can give thousands, most of them one
# unit's own sentence (the API gives them all, up to khth.synthesis.api.GROUPS_LISTED).
GROUPS_SHOWN = 100
SILENT_SHOWN = 50
SENTENCES_SHOWN = 20

Link = Callable[[str], str]


def number(value: Decimal) -> str:
    """A figure the Vietnamese way, without trailing zeros: "12", "95,8"."""
    if value == value.to_integral_value():
        # to_integral_value, not quantize: quantize raises past 28 digits (a hostile text).
        return format_number(value.to_integral_value())
    return format_number(value.normalize())


@dataclass(frozen=True)
class SentenceView:
    text: str
    unit: str
    ref: str  # the key of the document it was written in
    link: str  # where it was written, "" when there is no page to go to
    # Which of the unit's documents it came from where a unit sent several (a review reads six
    # monthly reports: "tháng 3/2026"); "" otherwise.
    source: str = ""


@dataclass(frozen=True)
class FigureView:
    noun: str
    parts: tuple[tuple[str, Decimal], ...]
    # None: the figures do not add up (percentages…), only the parts are shown.
    total: Decimal | None
    # "45/48 đồng chí": each part's figure after the slash (None where it had none), and their
    # sum where the total has one.
    out_of: tuple[Decimal | None, ...] = ()
    out_of_total: Decimal | None = None

    @property
    def text(self) -> str:
        """ "30 buổi (c1: 12, c2: 8, c4: 10)", "45/48 đồng chí (…)"; the parts only where
        they do not add up: "điểm trung bình (c1: 8,5, c2: 7)", "c1: 98%, c2: 97%"."""
        percent = self.noun == "%"
        parts = ", ".join(
            f"{unit}: {self._of(number(value), index)}{'%' if percent else ''}"
            for index, (unit, value) in enumerate(self.parts)
        )
        if self.total is None:
            return parts if percent else f"{self.noun} ({parts})"
        total = number(self.total)
        if self.out_of_total is not None:
            total = f"{total}/{number(self.out_of_total)}"
        return f"{total}{self.noun} ({parts})" if percent else f"{total} {self.noun} ({parts})"

    def _of(self, shown: str, index: int) -> str:
        whole = self.out_of[index] if index < len(self.out_of) else None
        return shown if whole is None else f"{shown}/{number(whole)}"


@dataclass(frozen=True)
class GroupView:
    key: str
    units: tuple[str, ...]
    expected: int
    representative: str
    sentences: tuple[SentenceView, ...]
    figures: tuple[FigureView, ...]
    problems: tuple[str, ...]
    is_problem: bool

    @property
    def count(self) -> int:
        return len(self.units)

    @property
    def units_shown(self) -> tuple[str, ...]:
        return self.units[:UNITS_SHOWN]

    @property
    def units_hidden(self) -> int:
        return max(0, len(self.units) - UNITS_SHOWN)

    @property
    def sentences_shown(self) -> tuple[SentenceView, ...]:
        return self.sentences[:SENTENCES_SHOWN]

    @property
    def sentences_hidden(self) -> int:
        return max(0, len(self.sentences) - SENTENCES_SHOWN)


@dataclass(frozen=True)
class SynthesisView:
    groups: tuple[GroupView, ...]
    expected: int
    silent: tuple[Silent, ...]
    # Units whose documents were not read (beyond khth.synthesis.sources.MAX_SOURCES).
    left_out: int
    draft: tuple[str, ...]
    # Units whose text is in the synthesis.
    written: int

    @property
    def draft_html(self) -> str:
        """The draft as the text of a section: a paragraph each, escaped."""
        return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in self.draft)

    @property
    def groups_shown(self) -> tuple[GroupView, ...]:
        return self.groups[:GROUPS_SHOWN]

    @property
    def groups_hidden(self) -> int:
        return max(0, len(self.groups) - GROUPS_SHOWN)

    @property
    def silent_shown(self) -> tuple[Silent, ...]:
        return self.silent[:SILENT_SHOWN]

    @property
    def silent_hidden(self) -> int:
        return max(0, len(self.silent) - SILENT_SHOWN)


def synthesis_view(
    section: SectionSources, lexicon: Lexicon, *, link: Link, source: Link | None = None
) -> SynthesisView:
    """The engine's synthesis of ``section`` and its draft; ``link`` gives the page where a
    source (by its ``ref``) was written, ``source`` which of the unit's documents it is."""
    written = len({s.unit for s in section.sources})
    expected = max(section.expected, written)
    if not section.sources:
        groups: tuple[GroupView, ...] = ()
        paragraphs: tuple[str, ...] = ()
    else:
        synthesis = synthesise(section.sources, lexicon)
        groups = tuple(_group(g, expected, link, source or no_link) for g in synthesis.groups)
        paragraphs = tuple(
            draft(synthesis, expected=expected, silent=[s.unit for s in section.silent])
        )
    return SynthesisView(
        groups=groups,
        expected=expected,
        silent=section.silent,
        left_out=section.left_out,
        draft=paragraphs,
        written=written,
    )


def _group(group: Group, expected: int, link: Link, source: Link) -> GroupView:
    return GroupView(
        key=group.key,
        units=tuple(group.units),
        expected=expected,
        representative=group.representative.text,
        sentences=tuple(
            SentenceView(s.text, s.unit, s.ref, link(s.ref), source(s.ref)) for s in group.sentences
        ),
        figures=tuple(
            FigureView(f.noun, tuple(f.parts), f.total, tuple(f.out_of), f.out_of_total)
            for f in group.figures
        ),
        problems=tuple(group.problems),
        is_problem=group.is_problem,
    )


# --- what a report keeps --------------------------------------------------------------------


def kept_groups(groups: Sequence[GroupView]) -> list[dict[str, Any]]:
    """The groups as JSON: decimals as strings, so nothing is rounded on the way."""
    return [
        {
            "key": g.key,
            "units": list(g.units),
            "representative": g.representative,
            "sentences": [
                {"text": s.text, "unit": s.unit, "ref": s.ref, "source": s.source}
                for s in g.sentences
            ],
            "figures": [
                {
                    "noun": f.noun,
                    "parts": [[unit, str(value)] for unit, value in f.parts],
                    "total": _text(f.total),
                    "out_of": [_text(whole) for whole in f.out_of],
                    "out_of_total": _text(f.out_of_total),
                }
                for f in g.figures
            ],
            "problems": list(g.problems),
            "is_problem": g.is_problem,
        }
        for g in groups
    ]


def kept_view(kept: Any, expected: int, written: int, link: Link) -> SynthesisView:
    """What a report kept of the synthesis a draft was made from, to be shown as one."""
    return SynthesisView(
        groups=groups_of(kept, expected, link),
        expected=expected,
        silent=(),
        left_out=0,
        draft=(),
        written=written,
    )


def groups_of(kept: Any, expected: int, link: Link) -> tuple[GroupView, ...]:
    """The groups a report kept (``kept_groups``), read back for showing; whatever is not of
    that shape is left out rather than failing the report's page."""
    if not isinstance(kept, list):
        return ()
    groups = []
    for item in kept:
        if not isinstance(item, dict):
            continue
        sentences = tuple(
            SentenceView(
                str(s.get("text", "")),
                str(s.get("unit", "")),
                str(s.get("ref", "")),
                link(str(s.get("ref", ""))),
                str(s.get("source", "")),
            )
            for s in item.get("sentences", [])
            if isinstance(s, dict)
        )
        groups.append(
            GroupView(
                key=str(item.get("key", "")),
                units=tuple(str(u) for u in item.get("units", [])),
                expected=expected,
                representative=str(item.get("representative", "")),
                sentences=sentences,
                figures=tuple(_figure(f) for f in item.get("figures", []) if isinstance(f, dict)),
                problems=tuple(str(p) for p in item.get("problems", [])),
                is_problem=bool(item.get("is_problem")),
            )
        )
    return tuple(groups)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _figure(data: dict[str, Any]) -> FigureView:
    parts = tuple(
        (str(part[0]), _decimal(part[1]) or Decimal(0))
        for part in data.get("parts", [])
        if isinstance(part, list) and len(part) == 2
    )
    return FigureView(
        str(data.get("noun", "")),
        parts,
        _decimal(data.get("total")),
        tuple(_decimal(whole) for whole in data.get("out_of", []) or []),
        _decimal(data.get("out_of_total")),
    )


def _decimal(raw: Any) -> Decimal | None:
    try:
        return None if raw is None else Decimal(str(raw))
    except InvalidOperation:
        return None


# --- for reports ----------------------------------------------------------------------------


def report_link(section_code: str) -> Link:
    """The link of a source that is a report (its key): the section on the report's page."""
    anchor = section_anchor(section_code)

    def link(ref: str) -> str:
        if not ref.isdigit():
            return ""
        return f"{reverse('report-detail', args=[int(ref)])}#{anchor}"

    return link


def no_link(ref: str) -> str:
    return ""
