"""The words the narrative synthesis reads subordinates' texts with (khth.synthesis.engine,
docs/synthesis.md): which terms make a sentence a problem to report, which words cancel them,
which phrases mean the same thing, which numbers are counts and which are not.

They are data because every service words its reports its own way and the lists will grow with
use; the engine holds no Vietnamese word of its own. Phrases are compared as lower-case NFC text
with the tone marks placed the same way (hoà = hòa), so the file may spell them either way.
"""

from __future__ import annotations

from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import Field, StringConstraints, model_validator

from khth.regulations.schema.common import Basis, Item

Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class SynthesisRules(Item):
    # A sentence holding one of these (not cancelled, see below) is a problem the superior must
    # see: a shortcoming, a violation, an incident, a proposal to the superior.
    problem_terms: tuple[Phrase, ...] = Field(min_length=1)
    # Said at most ``negation_window`` syllables before a problem term, these say it did not
    # happen ("không phát hiện đảng viên vi phạm"): the term is not counted.
    negations: tuple[Phrase, ...] = ()
    negation_window: int = Field(default=4, ge=0, le=12)
    # Words after which a negation no longer reaches ("không có vi phạm nghiêm trọng, còn 2 …").
    negation_breaks: tuple[Phrase, ...] = ()
    # Phrases inside which a problem term names no problem ("hoàn cảnh khó khăn": welfare); "…"
    # stands for up to ``negation_window`` syllables ("gia đình … khó khăn").
    not_problems: tuple[Phrase, ...] = ()
    # Read as the key when grouping sentences: {key: [phrases meaning the same]}.
    synonyms: dict[Phrase, tuple[Phrase, ...]] = Field(default_factory=dict)
    # Spelled out before anything else is read: {"đ/c": "đồng chí"}.
    abbreviations: dict[Phrase, Phrase] = Field(default_factory=dict)
    # Words every report uses, which say nothing about what a sentence is about.
    common_words: tuple[Phrase, ...] = ()
    # A number right after one of these names something (Nghị quyết 847, ngày 15/3, khóa 13):
    # it is not a figure, unless one of ``count_nouns`` follows it ("học tập nghị quyết 12 buổi").
    identifier_words: tuple[Phrase, ...] = ()
    count_nouns: tuple[Phrase, ...] = ()
    # A number a few words after one of these is a rate, a score or an average: never added up.
    rate_words: tuple[Phrase, ...] = ()
    # Counted things that do not add up across units (a percentage, minutes of a daily routine).
    unsummable_nouns: tuple[Phrase, ...] = ()
    # Numbers written as words; "một" and "năm" are left out on purpose (docs/synthesis.md).
    number_words: dict[Phrase, int] = Field(default_factory=dict)
    # Two sentences group when their average cosine similarity reaches this.
    similarity: float = Field(default=0.3, gt=0, lt=1)
    basis: Basis

    @model_validator(mode="after")
    def _one_key_per_phrase(self) -> SynthesisRules:
        seen: dict[str, str] = {}
        for key, phrases in self.synonyms.items():
            for phrase in phrases:
                folded = " ".join(phrase.casefold().split())
                if seen.get(folded, key) != key:
                    raise ValueError(
                        _("synonyms: «%(phrase)s» được xếp vào cả «%(a)s» và «%(b)s»")
                        % {"phrase": phrase, "a": seen[folded], "b": key}
                    )
                seen[folded] = key
        return self
