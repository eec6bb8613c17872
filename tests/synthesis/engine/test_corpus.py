"""The grouping measured on the corpus (corpus.yaml): pairwise precision and recall, the tuning
sections and the held-out ones apart, and the problem flag of every sentence.

Pairwise: each pair of sentences of a section is "together" in the truth when they carry the
same label, in the result when they are in the same group. Precision is the share of pairs put
together that should be, recall the share of pairs that should be together that are. The
thresholds and the measured figures are in docs/synthesis.md ("Measured").
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from khth.synthesis.engine import Lexicon, Source, synthesise
from khth.synthesis.engine.lexicon import shipped_rules
from tests.synthesis.engine.helpers import corpus_sections

# Measured: tuning 0.956 / 0.925, held-out 1.000 / 0.864 (docs/synthesis.md).
TUNING = (0.90, 0.85)
HELD_OUT = (0.90, 0.80)


@dataclass
class Pairs:
    together: int = 0  # right: together in both
    wrongly_together: int = 0
    wrongly_apart: int = 0

    @property
    def precision(self) -> float:
        return self.together / max(1, self.together + self.wrongly_together)

    @property
    def recall(self) -> float:
        return self.together / max(1, self.together + self.wrongly_apart)


def measure(part: str, lexicon: Lexicon) -> Pairs:
    pairs = Pairs()
    for section in corpus_sections():
        if section["part"] != part:
            continue
        sources = []
        truth: dict[tuple[str, str], str] = {}
        for unit, sentences in section["units"].items():
            sources.append(Source(ref=unit, unit=unit, text=" ".join(s[1] for s in sentences)))
            truth.update({(unit, s[1]): s[0] for s in sentences})
        result = synthesise(sources, lexicon)
        found = {(s.unit, s.text): i for i, g in enumerate(result.groups) for s in g.sentences}
        assert found.keys() == truth.keys(), "the splitter must find the corpus's sentences"
        for a, b in itertools.combinations(sorted(truth), 2):
            should, did = truth[a] == truth[b], found[a] == found[b]
            pairs.together += should and did
            pairs.wrongly_together += did and not should
            pairs.wrongly_apart += should and not did
    return pairs


@pytest.mark.parametrize(("part", "floor"), [("tuning", TUNING), ("held-out", HELD_OUT)])
def test_pairwise_precision_and_recall(lexicon: Lexicon, part: str, floor: tuple[float, float]):
    pairs = measure(part, lexicon)
    measured = f"{part}: precision {pairs.precision:.3f}, recall {pairs.recall:.3f}"
    assert pairs.precision >= floor[0] and pairs.recall >= floor[1], measured


@pytest.mark.parametrize("similarity", [0.28, 0.36])
def test_the_threshold_is_not_on_a_knife_edge(similarity: float):
    """A threshold a little either side of the shipped one (0.32) still does the job on the
    tuning sections: the choice sits on a plateau, not a peak."""
    rules = shipped_rules().model_copy(update={"similarity": similarity})
    pairs = measure("tuning", Lexicon.from_rules(rules))
    assert pairs.precision >= 0.9 and pairs.recall >= 0.85, (pairs.precision, pairs.recall)


def test_every_sentence_is_flagged_as_the_corpus_says(lexicon: Lexicon):
    wrong = []
    for section in corpus_sections():
        for unit, sentences in section["units"].items():
            result = synthesise([Source(unit, unit, " ".join(s[1] for s in sentences))], lexicon)
            flagged = {s.text for g in result.groups for s in g.sentences if s.problems}
            for label, text, *marks in sentences:
                if (text in flagged) != ("problem" in marks):
                    wrong.append(f"{label}: {text}")
    assert wrong == []


def test_a_group_is_all_problems_or_none(lexicon: Lexicon):
    for section in corpus_sections():
        sources = [
            Source(unit, unit, " ".join(s[1] for s in sentences))
            for unit, sentences in section["units"].items()
        ]
        for group in synthesise(sources, lexicon).groups:
            assert len({bool(s.problems) for s in group.sentences}) == 1
