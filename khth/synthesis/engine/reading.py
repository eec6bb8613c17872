"""Everything the engine reads in one sentence, once: its numbers, its words, the words it is
compared by, its problem terms and its figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from khth.synthesis.engine.figures import Count, counts_of
from khth.synthesis.engine.lexicon import Lexicon
from khth.synthesis.engine.numbers import Number, find_numbers
from khth.synthesis.engine.problems import problem_terms
from khth.synthesis.engine.text import NUMBER_MASK, segment


@dataclass(frozen=True)
class Reading:
    numbers: tuple[Number, ...]  # spans in the sentence as written
    words: tuple[str, ...]  # segmented, lower case, numbers masked; syllables joined by " "
    # What the sentence is compared by: its words with synonyms read as their key, without
    # numbers, punctuation, unit names ("c1") and the lexicon's common words; "_" joins syllables.
    terms: tuple[str, ...]
    problems: tuple[str, ...]
    counts: tuple[Count, ...]


@lru_cache(maxsize=16384)
def read(sentence: str, lexicon: Lexicon) -> Reading:
    numbers = find_numbers(sentence)
    masked = _mask(sentence, numbers).lower()
    words = segment(_spell_out(masked, lexicon))
    syllables = [s for word in words for s in word.split()]
    return Reading(
        numbers=numbers,
        words=words,
        terms=_terms(words, syllables, lexicon),
        problems=problem_terms(syllables, lexicon),
        counts=counts_of(words, numbers, lexicon),
    )


def _mask(sentence: str, numbers: tuple[Number, ...]) -> str:
    pieces = []
    at = 0
    for number in numbers:
        # A zero count says there was none: "0 trường hợp vi phạm" reads as "không …", so the
        # negation rule of khth.synthesis.engine.problems applies to it.
        zero = number.value == 0 and number.denominator is None
        pieces += [sentence[at : number.start], f" {'không' if zero else NUMBER_MASK} "]
        at = number.end
    pieces.append(sentence[at:])
    return "".join(pieces)


def _spell_out(text: str, lexicon: Lexicon) -> str:
    pattern = _abbreviations(lexicon)
    if pattern is None:
        return text
    spelled = lexicon.abbreviation_map
    return pattern.sub(lambda m: spelled[m.group()], text)


@lru_cache(maxsize=16)
def _abbreviations(lexicon: Lexicon) -> re.Pattern[str] | None:
    if not lexicon.abbreviation_map:
        return None
    alternatives = "|".join(
        re.escape(a) for a in sorted(lexicon.abbreviation_map, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _terms(words: tuple[str, ...], syllables: list[str], lexicon: Lexicon) -> tuple[str, ...]:
    starts = []
    at = 0
    for word in words:
        starts.append(at)
        at += len(word.split())
    boundaries = {start: i for i, start in enumerate(starts)}
    boundaries[at] = len(words)
    synonyms = lexicon.synonym_set
    keys = lexicon.synonym_keys
    read: list[str] = []
    i = 0
    while i < len(words):
        match = synonyms.at(syllables, starts[i])
        if match is not None and match[0] in boundaries:
            read.append(keys[match[1]])
            i = boundaries[match[0]]
            continue
        read.append(words[i])
        i += 1
    common = lexicon.common
    return tuple(
        word.replace(" ", "_")
        for word in read
        if word not in common and _LETTER.search(word) and not _DIGIT.search(word)
    )


_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
