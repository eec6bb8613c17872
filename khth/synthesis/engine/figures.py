"""Which numbers of a sentence are figures, and what a group's figures add up to.

A figure is a number followed by what it counts ("12 buổi", "45/48 đồng chí", "96%"), or a
number a rate or score word announces ("điểm trung bình 7,8"). Not figures: identifiers (a
number right after "Nghị quyết", "ngày", "khóa", "lần thứ", "đại đội"… — the lexicon's
``identifier_words``), dates, ranges, document numbers, a bare number with nothing counted, a
share "15/3" whose top is larger than its bottom (a date).

Adding up (docs/synthesis.md, "Figures"): the values of one noun are summed when each comes from
a different unit and none is a rate: not "%", not a noun in ``unsummable_nouns``, not announced by
a ``rate_words`` word, not "12 buổi/tháng". "45/48 đồng chí" counts 45 and keeps 48 beside it:
both add up across units (85/93 đồng chí) under the same rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext

from khth.synthesis.engine.lexicon import Lexicon, PhraseSet
from khth.synthesis.engine.numbers import Number
from khth.synthesis.engine.results import Figure
from khth.synthesis.engine.text import MAX_SENTENCE_CHARS, NUMBER_MASK

# How many syllables before a number a rate word still governs it ("điểm trung bình đạt 7,8").
RATE_REACH = 2
_STOPS = frozenset({".", ",", ";", ":", "!", "?", "(", ")", "…", "-", "–"})


@dataclass(frozen=True)
class Count:
    """One figure of one sentence."""

    noun: str
    value: Decimal
    out_of: Decimal | None
    summable: bool
    number: int  # index in the sentence's numbers; -1 for a number written as a word
    # The word after the noun ("nói chuyện" in "1 buổi nói chuyện"): what tells two figures of
    # one noun in one sentence apart ("1 buổi nói chuyện, 1 buổi xem phim").
    detail: str = ""


def counts_of(
    words: Sequence[str], numbers: Sequence[Number], lexicon: Lexicon
) -> tuple[Count, ...]:
    """The figures of a sentence from its segmented ``words`` (numbers masked as
    ``NUMBER_MASK``, in the order of ``numbers``)."""
    syllables: list[str] = []
    starts: list[int] = []  # the syllable index each word starts at
    for word in words:
        starts.append(len(syllables))
        syllables.extend(word.split())
    found: list[Count] = []
    slots = [i for i, w in enumerate(words) if w == NUMBER_MASK]
    if len(slots) != len(numbers):
        return ()  # the segmenter did not keep the numbers apart: figures would be misread
    for index, (slot, number) in enumerate(zip(slots, numbers, strict=True)):
        if number.kind not in ("number", "slash") or number.value is None:
            continue
        count = _count(words, slot, syllables, starts[slot], lexicon, number.value, index)
        if count is None:
            continue
        if number.kind == "slash":
            if number.denominator is None or number.value > number.denominator:
                continue
            count = replace(count, out_of=number.denominator)
        found.append(count)
    by_word = lexicon.numbers_by_word
    for slot, word in enumerate(words):
        value = by_word.get(word)
        if value is None:
            continue
        # "mười hai", "hai mươi": a compound number; left alone rather than misread.
        if slot > 0 and words[slot - 1] in by_word:
            continue
        if slot + 1 < len(words) and (words[slot + 1] in by_word or words[slot + 1] == "mươi"):
            continue
        count = _count(words, slot, syllables, starts[slot], lexicon, value, -1)
        if count is not None and count.noun != "%" and count.noun not in lexicon.rate_words:
            found.append(count)
    return _told_apart(found)


def _told_apart(found: list[Count]) -> tuple[Count, ...]:
    """A noun one sentence counts twice names two things: each takes the word after it, so
    that "1 buổi nói chuyện, 1 buổi xem phim" gives two figures a group can add up, not one
    noun the same unit gives twice (which never adds up)."""
    nouns = [c.noun for c in found]
    twice = {noun for noun in nouns if nouns.count(noun) > 1}
    return tuple(
        replace(c, noun=f"{c.noun} {c.detail}") if c.noun in twice and c.detail else c
        for c in found
    )


def _count(
    words: Sequence[str],
    slot: int,
    syllables: Sequence[str],
    at: int,
    lexicon: Lexicon,
    value: Decimal,
    index: int,
) -> Count | None:
    after = words[slot + 1] if slot + 1 < len(words) else ""
    if after not in lexicon.counting and lexicon.identifier_set.ending_at(syllables, at):
        return None
    rate = _rate_before(lexicon.rate_set, syllables, at)
    if after == "%":
        return Count("%", value, None, False, index)
    if not any(ch.isalpha() for ch in after) or after in lexicon.numbers_by_word:
        if rate is None:
            return None  # a bare number: nothing says what it counts
        return Count(rate, value, None, False, index)
    next_at = at + 1 + len(after.split())
    per = slot + 2 < len(words) and (
        words[slot + 2] == "/" or lexicon.rate_set.at(syllables, next_at) is not None
    )
    summable = rate is None and not per and after not in lexicon.unsummable
    detail = words[slot + 2] if slot + 2 < len(words) else ""
    if not any(ch.isalpha() for ch in detail) or detail in lexicon.common:
        detail = ""
    return Count(after, value, None, summable, index, detail)


def _rate_before(phrases: PhraseSet, syllables: Sequence[str], at: int) -> str | None:
    """The rate word ending at most RATE_REACH syllables before ``at``, within the clause."""
    for gap in range(RATE_REACH + 1):
        end = at - gap
        if end <= 0:
            return None
        if gap and syllables[end] in _STOPS:
            return None
        key = phrases.ending_at(syllables, end)
        if key is not None:
            return " ".join(key)
    return None


def figures_of(counts: Sequence[tuple[str, Sequence[Count]]]) -> tuple[Figure, ...]:
    """A group's figures from its sentences' (unit, counts), in sentence order; one figure per
    noun, in the order nouns first appear."""
    by_noun: dict[str, list[tuple[str, Count]]] = {}
    for unit, found in counts:
        for count in found:
            by_noun.setdefault(count.noun, []).append((unit, count))
    figures = []
    with localcontext() as exact:
        # Sums are exact: no number is longer than a sentence (text.MAX_SENTENCE_CHARS).
        exact.prec = 2 * MAX_SENTENCE_CHARS
        for noun, parts in by_noun.items():
            figures.append(_figure(noun, parts))
    return tuple(figures)


def _figure(noun: str, parts: list[tuple[str, Count]]) -> Figure:
    units = [unit for unit, _count in parts]
    adds_up = len(set(units)) == len(units) and all(c.summable for _unit, c in parts)
    total = sum((c.value for _unit, c in parts), Decimal(0)) if adds_up else None
    out_of: tuple[Decimal | None, ...] = ()
    out_of_total = None
    if any(c.out_of is not None for _unit, c in parts):
        out_of = tuple(c.out_of for _unit, c in parts)
        bottoms = [b for b in out_of if b is not None]
        if total is not None and len(bottoms) == len(out_of):
            out_of_total = sum(bottoms, Decimal(0))
    return Figure(
        noun=noun,
        parts=tuple((unit, c.value) for unit, c in parts),
        total=total,
        out_of=out_of,
        out_of_total=out_of_total,
    )
