"""What the engine takes and gives: plain frozen values, no Django, no underthesea."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from khth.synthesis.engine.lexicon import Lexicon


@dataclass(frozen=True)
class Source:
    ref: str  # the caller's key back to where the text came from (a report's pk…)
    unit: str  # the unit's label as users see it ("c1/d1")
    text: str  # plain text, paragraphs separated by "\n"


@dataclass(frozen=True)
class Sentence:
    ref: str
    unit: str
    # As written: NFC, whitespace collapsed, a list marker ("1.", "-") dropped; a clause ended by
    # ";" is a sentence of its own, without the ";".
    text: str
    # The lexicon's problem terms found in it, in the lexicon's spelling and order.
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    """One counted thing in a group: "12 buổi", "8 buổi", "10 buổi" → 30 buổi."""

    noun: str  # what is counted: "buổi", "đồng chí", "%", "điểm trung bình"
    # (unit, value) for each time a sentence of the group gives it, in sentence order.
    parts: tuple[tuple[str, Decimal], ...]
    # The sum, where the values count the same thing in different units; None where adding would
    # invent a figure: a percentage, a score or an average, a rate, a duration, a unit giving the
    # noun twice.
    total: Decimal | None
    # For "45/48 đồng chí": the part after the slash of each part (None where a part had none),
    # and their sum when ``total`` is one and every part had one.
    out_of: tuple[Decimal | None, ...] = ()
    out_of_total: Decimal | None = None


@dataclass(frozen=True)
class Group:
    key: str  # hash of its sentences' (ref, text): the same texts give the same key
    sentences: tuple[Sentence, ...]
    units: tuple[str, ...]  # distinct, in source order
    representative: Sentence  # the sentence nearest the group's centre
    figures: tuple[Figure, ...]
    problems: tuple[str, ...]  # union of its sentences' terms, in lexicon order

    @property
    def is_problem(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class Synthesis:
    # Most units first, then most sentences, then first appearance; what one unit alone said is
    # a group of its own.
    groups: tuple[Group, ...]
    units: tuple[str, ...]  # the units that wrote any sentence, in source order
    # The lexicon it was read with, for ``draft`` to find the figures in the sentences it quotes.
    lexicon: Lexicon | None = field(default=None, repr=False, compare=False)
