"""Inspection areas, award titles and their proposal rules, and coordination with bodies outside
the army tree: the parts of the regulation behind inspections, reviews, awards and coordination."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from khth.regulations.schema.common import Basis, Code, Frequency, Item, Text


class InspectionArea(Item):
    """An area an inspection can cover (the areas of CTĐ, CTCT of the report outline)."""

    code: Code
    name: Text
    basis: Basis


class AwardTitle(Item):
    code: Code
    name: Text
    # "outside_body": a body outside the army (a provincial Party Organisation Board) awarded by
    # an army unit's commander or political commissar (seed 003).
    recipient: Literal["collective", "individual", "outside_body"]
    # Who confers it: "Thủ tướng Chính phủ", "Bộ trưởng Bộ Quốc phòng", "Bộ Tư lệnh quân khu"…
    issuer: Text
    basis: Basis


class ProposalRule(Item):
    """Draft a proposal for ``title`` for a unit rated ``level`` in ``periods`` consecutive
    evaluation periods of type ``period`` (a human confirms or rejects it)."""

    title: Code
    level: Code
    periods: int = Field(ge=1, le=10)
    period: Frequency
    basis: Basis


class Awards(Item):
    titles: tuple[AwardTitle, ...] = Field(min_length=1)
    proposals: tuple[ProposalRule, ...] = ()


class CoordinationIndicator(Item):
    """A figure exchanged with an outside body; ``source`` "indicator:<code>" fills it from the
    unit's reports, otherwise it is entered in the exchange report.

    ``direction`` says which way it flows: ``send`` (the unit reports it to the partner),
    ``receive`` (the partner reports it to the unit), ``both``. ``tally: transfers`` counts it,
    for a period, from the agreement's list of Party members handed over to the locality (by
    the date of the introduction letter) once that list holds rows."""

    code: Code
    name: Text
    unit: Text
    source: str | None = None
    direction: Literal["send", "receive", "both"] = "send"
    tally: Literal["transfers"] | None = None
    basis: Basis


class Coordination(Item):
    indicators: tuple[CoordinationIndicator, ...] = Field(min_length=1)
    # The default exchange schedule of a new agreement.
    frequency: Frequency = "quarterly"
    # The document kind an exchange report is registered under when it is sent (its number).
    document_kind: Code = "bc-chuyen-de"


class Followup(Item):
    inspection_areas: tuple[InspectionArea, ...] = Field(min_length=1)
    awards: Awards
    coordination: Coordination
