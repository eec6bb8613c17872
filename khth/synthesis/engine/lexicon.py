"""The regulation's ``synthesis:`` words, made ready for matching.

Every phrase is matched syllable by syllable on lower-case text whose tone marks underthesea has
placed one way ("hoà" and "hòa" are one syllable), so a phrase never matches inside a syllable
("chưa" is not in "chừa") and the file may spell it either way.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from khth.lib.vietnamese import nfc
from khth.synthesis.engine.libraries import text_normalize

if TYPE_CHECKING:
    from khth.regulations.schema.regulation import Regulation
    from khth.regulations.schema.synthesis import SynthesisRules

Syllables = tuple[str, ...]
# In a ``not_problems`` phrase, where other words may stand ("gia đình … khó khăn").
GAP = "…"


def syllables_of(phrase: str) -> Syllables:
    """A phrase as the engine reads text: lower case, tone marks placed by underthesea,
    punctuation apart ("lộ, lọt" → ("lộ", ",", "lọt"))."""
    return tuple(text_normalize(nfc(phrase).lower()).split())


class PhraseSet:
    """Phrases to find in a list of syllables, the longest one at each position."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.keys: list[Syllables] = []
        by_first: dict[str, list[tuple[Syllables, int]]] = {}
        for index, phrase in enumerate(phrases):
            key = syllables_of(phrase)
            self.keys.append(key)
            if key:
                by_first.setdefault(key[0], []).append((key, index))
        for entries in by_first.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        self._by_first = by_first
        self.longest_first = sorted((k for k in self.keys if k), key=len, reverse=True)

    def at(self, words: Sequence[str], start: int) -> tuple[int, int] | None:
        """(end, phrase index) of the longest phrase starting at ``start``, or None."""
        for key, index in self._by_first.get(words[start], ()):
            end = start + len(key)
            if tuple(words[start:end]) == key:
                return end, index
        return None

    def ending_at(self, words: Sequence[str], end: int) -> Syllables | None:
        """The longest phrase that ends just before ``end``, or None."""
        for key in self.longest_first:
            if len(key) <= end and tuple(words[end - len(key) : end]) == key:
                return key
        return None

    def find(self, words: Sequence[str]) -> list[tuple[int, int, int]]:
        """(start, end, phrase index) of every match, left to right, none inside another."""
        found = []
        start = 0
        while start < len(words):
            match = self.at(words, start)
            if match is None:
                start += 1
                continue
            found.append((start, match[0], match[1]))
            start = match[0]
        return found


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The words the engine reads with (``from_rules``: the regulation's ``synthesis:`` block).

    Compared and hashed by identity: the engine caches per lexicon, and ``lexicon_for`` hands out
    one object per set of rules.
    """

    problem_terms: tuple[str, ...]
    negations: tuple[str, ...] = ()
    negation_window: int = 4
    negation_breaks: tuple[str, ...] = ()
    not_problems: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, str], ...] = ()  # (phrase, the key it is read as)
    abbreviations: tuple[tuple[str, str], ...] = ()  # (abbreviation, spelled out)
    common_words: tuple[str, ...] = ()
    identifier_words: tuple[str, ...] = ()
    count_nouns: tuple[str, ...] = ()
    rate_words: tuple[str, ...] = ()
    unsummable_nouns: tuple[str, ...] = ()
    number_words: tuple[tuple[str, Decimal], ...] = ()
    similarity: float = 0.3

    @classmethod
    def from_rules(cls, rules: SynthesisRules) -> Lexicon:
        return cls(
            problem_terms=_distinct(rules.problem_terms),
            negations=_distinct(rules.negations),
            negation_window=rules.negation_window,
            negation_breaks=_distinct(rules.negation_breaks),
            not_problems=_distinct(rules.not_problems),
            # The key is read as itself too, so that "giúp dân" is one word however underthesea
            # cut it.
            synonyms=tuple(
                dict.fromkeys(
                    (nfc(phrase), nfc(key))
                    for key, phrases in rules.synonyms.items()
                    for phrase in (key, *phrases)
                )
            ),
            abbreviations=tuple((nfc(a), nfc(b)) for a, b in rules.abbreviations.items()),
            common_words=_distinct(rules.common_words),
            identifier_words=_distinct(rules.identifier_words),
            count_nouns=_distinct(rules.count_nouns),
            rate_words=_distinct(rules.rate_words),
            unsummable_nouns=_distinct(rules.unsummable_nouns),
            number_words=tuple((nfc(w), Decimal(n)) for w, n in rules.number_words.items()),
            similarity=rules.similarity,
        )

    # The matchers below are built on first use: building needs underthesea's normaliser.

    @cached_property
    def problem_set(self) -> PhraseSet:
        return PhraseSet(self.problem_terms)

    @cached_property
    def negation_set(self) -> PhraseSet:
        return PhraseSet(self.negations)

    @cached_property
    def break_set(self) -> PhraseSet:
        return PhraseSet(self.negation_breaks)

    @cached_property
    def not_problem_set(self) -> PhraseSet:
        return PhraseSet(p for p in self.not_problems if GAP not in p)

    @cached_property
    def not_problem_gaps(self) -> tuple[tuple[Syllables, Syllables], ...]:
        """The ``not_problems`` phrases written "a … b", as (a, b)."""
        pairs = []
        for phrase in self.not_problems:
            if GAP in phrase:
                head, _gap, tail = phrase.partition(GAP)
                if syllables_of(head) and syllables_of(tail):
                    pairs.append((syllables_of(head), syllables_of(tail)))
        return tuple(pairs)

    @cached_property
    def synonym_set(self) -> PhraseSet:
        return PhraseSet(phrase for phrase, _key in self.synonyms)

    @cached_property
    def synonym_keys(self) -> tuple[str, ...]:
        return tuple(" ".join(syllables_of(key)) for _phrase, key in self.synonyms)

    @cached_property
    def common(self) -> frozenset[str]:
        return frozenset(" ".join(syllables_of(w)) for w in self.common_words)

    @cached_property
    def identifier_set(self) -> PhraseSet:
        return PhraseSet(self.identifier_words)

    @cached_property
    def counting(self) -> frozenset[str]:
        return frozenset(" ".join(syllables_of(w)) for w in self.count_nouns)

    @cached_property
    def rate_set(self) -> PhraseSet:
        return PhraseSet(self.rate_words)

    @cached_property
    def unsummable(self) -> frozenset[str]:
        return frozenset(" ".join(syllables_of(w)) for w in self.unsummable_nouns)

    @cached_property
    def numbers_by_word(self) -> dict[str, Decimal]:
        return {" ".join(syllables_of(w)): n for w, n in self.number_words}

    @cached_property
    def abbreviation_map(self) -> dict[str, str]:
        return {nfc(a).lower(): nfc(b).lower() for a, b in self.abbreviations}


def _distinct(phrases: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(nfc(p) for p in phrases))


@lru_cache(maxsize=1)
def shipped_rules() -> SynthesisRules:
    """The default file's ``synthesis:`` block, for a regulation stored without one."""
    from khth.regulations.loader import default_regulation_path, parse_yaml
    from khth.regulations.schema.synthesis import SynthesisRules

    data = parse_yaml(default_regulation_path().read_text(encoding="utf-8"), "default.yaml")
    return SynthesisRules.model_validate(data["synthesis"])


# Keyed by the rules object, which is kept alive with its lexicon so that its id is never
# reused; a regulation is parsed once per version and process (khth.regulations.loader).
_LEXICONS: dict[int, tuple[SynthesisRules, Lexicon]] = {}
_MAX_LEXICONS = 16
_LOCK = threading.Lock()


def lexicon_for(regulation: Regulation) -> Lexicon:
    """The lexicon of ``regulation``'s ``synthesis:`` block, else of the shipped default file."""
    rules = regulation.synthesis or shipped_rules()
    with _LOCK:
        cached = _LEXICONS.get(id(rules))
        if cached is not None and cached[0] is rules:
            return cached[1]
        lexicon = Lexicon.from_rules(rules)
        if len(_LEXICONS) >= _MAX_LEXICONS:
            _LEXICONS.pop(next(iter(_LEXICONS)))
        _LEXICONS[id(rules)] = (rules, lexicon)
        return lexicon
