"""Sentences grouped by what they say: vectors of their words, agglomerative clustering.

How (docs/synthesis.md, "Grouping"):

- each sentence is compared by its ``Reading.terms``: underthesea's words, accents kept, numbers
  masked (near-duplicates with other figures are the same statement), synonyms read as one word,
  the lexicon's common words left out (so "đơn vị", "đồng chí", "tổ chức" group nothing);
- sentences with the same terms and problem flag are one point (a template sentence written by
  200 units is one point, which keeps the clustering small and stops it from weighing 200 times);
- term-frequency vectors (scikit-learn's TfidfVectorizer without the IDF: see ``_cluster``),
  cosine distance; a problem sentence is at the greatest distance from one that is not, so
  "không có vi phạm" never joins "có 2 trường hợp vi phạm";
- average-linkage agglomerative clustering (scikit-learn) stopped at ``1 - lexicon.similarity``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from khth.synthesis.engine.figures import figures_of
from khth.synthesis.engine.lexicon import Lexicon
from khth.synthesis.engine.libraries import average_linkage, group_sums, term_frequencies
from khth.synthesis.engine.reading import Reading, read
from khth.synthesis.engine.results import Group, Sentence, Source, Synthesis
from khth.synthesis.engine.text import split_sentences

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# A section of 400 sentences is forty pages; a longer text is read up to there.
MAX_SENTENCES_PER_SOURCE = 400
# The distance matrix of n points takes 8·n² bytes (3,000: 72 MB): points are clustered this many
# at a time (``_labels``).
MAX_CLUSTERED = 3000


@dataclass(frozen=True)
class _Item:
    index: int
    sentence: Sentence
    reading: Reading


def synthesise(sources: Sequence[Source], lexicon: Lexicon) -> Synthesis:
    """The groups of what ``sources`` say; the same input always gives the same groups, keys
    and order."""
    items: list[_Item] = []
    for source in sources:
        for text in split_sentences(source.text)[:MAX_SENTENCES_PER_SOURCE]:
            reading = read(text, lexicon)
            sentence = Sentence(source.ref, source.unit, text, reading.problems)
            items.append(_Item(len(items), sentence, reading))
    units = tuple(dict.fromkeys(item.sentence.unit for item in items))
    if not items:
        return Synthesis(groups=(), units=(), lexicon=lexicon)
    labels, vectors = _cluster(items, lexicon)
    members: dict[int, list[_Item]] = {}
    for item in items:
        members.setdefault(labels[item.index], []).append(item)
    groups = [_group(found, vectors, lexicon) for found in members.values()]
    groups.sort(key=lambda g: (-len(g[0].units), -len(g[0].sentences), g[1]))
    return Synthesis(groups=tuple(g for g, _first in groups), units=units, lexicon=lexicon)


def _point(item: _Item) -> tuple[object, ...]:
    reading = item.reading
    if reading.terms:
        return (bool(reading.problems), *reading.terms)
    # Nothing to compare by (only common words): only the very same words go together.
    return (bool(reading.problems), "", *reading.words)


def _cluster(items: list[_Item], lexicon: Lexicon) -> tuple[list[int], Any]:
    """A group label for each item, and the vectors with each item's row in them (for the
    representative)."""
    points: dict[tuple[object, ...], int] = {}
    point_of = []
    for item in items:
        point_of.append(points.setdefault(_point(item), len(points)))
    keys = list(points)
    if len(keys) == 1:
        return [0] * len(items), None

    documents = [[str(t) for t in key[1:]] if key[1] != "" else [] for key in keys]
    problem = [bool(key[0]) for key in keys]
    if not any(documents):
        return point_of, None
    # TfidfVectorizer without the IDF: fitted on one section, IDF weighs a word down the more
    # sentences share it, so the words a large group has in common would count least, and the
    # more so the more units write (docs/synthesis.md, "Grouping"). The lexicon's common words
    # do IDF's work, the same at 5 units as at 300.
    matrix = term_frequencies(documents)
    labels = _labels(matrix, problem, lexicon.similarity)
    return [labels[p] for p in point_of], (matrix, point_of)


def _agglomerate(matrix: Any, problem: list[bool], similarity: float) -> list[int]:
    if matrix.shape[0] == 1:
        return [0]
    return average_linkage(_distances(matrix, problem), 1.0 - similarity)


def _distances(matrix: Any, problem: list[bool]) -> npt.NDArray[np.float64]:
    import numpy as np

    similarity = (matrix @ matrix.T).toarray()
    distance: npt.NDArray[np.float64] = np.clip(1.0 - similarity, 0.0, 1.0)
    flags = np.array(problem)
    distance[flags[:, None] != flags[None, :]] = 1.0
    # A point with no terms has a zero vector: as far from everything as can be.
    empty = np.asarray(matrix.getnnz(axis=1) == 0)
    distance[empty, :] = 1.0
    distance[:, empty] = 1.0
    np.fill_diagonal(distance, 0.0)
    return distance


def _labels(matrix: Any, problem: list[bool], similarity: float) -> list[int]:
    """A group label per point, MAX_CLUSTERED points at a time: a point past the first chunk
    joins the group whose centre is nearest, when near enough and of the same kind (problem or
    not); the rest of its chunk is clustered into new groups. Time and memory grow with the
    points, not with their square."""
    import numpy as np

    labels: list[int] = []
    kinds: list[bool] = []  # of each group: problem or not
    for start in range(0, matrix.shape[0], MAX_CLUSTERED):
        chunk = range(start, min(matrix.shape[0], start + MAX_CLUSTERED))
        joined: dict[int, int] = {}
        if labels:
            centres = group_sums(labels, len(kinds), matrix[:start])
            scores = np.asarray((matrix[chunk.start : chunk.stop] @ centres.T).todense())
            mine = np.array(problem[chunk.start : chunk.stop])
            scores[mine[:, None] != np.array(kinds)[None, :]] = -1.0
            best = scores.argmax(axis=1)  # the first of equals: the same every run
            joined = {
                point: int(best[i])
                for i, point in enumerate(chunk)
                if scores[i, best[i]] >= similarity
            }
        left = [point for point in chunk if point not in joined]
        fresh = _agglomerate(matrix[left], [problem[p] for p in left], similarity) if left else []
        base = len(kinds)
        new_kinds: dict[int, bool] = {}
        for point, label in zip(left, fresh, strict=True):
            joined[point] = base + label
            new_kinds.setdefault(label, problem[point])
        kinds.extend(new_kinds[label] for label in range(len(new_kinds)))
        labels.extend(joined[point] for point in chunk)
    return labels


def _group(found: list[_Item], vectors: Any, lexicon: Lexicon) -> tuple[Group, int]:
    sentences = tuple(item.sentence for item in found)
    order = {term: i for i, term in enumerate(lexicon.problem_terms)}
    problems = tuple(
        sorted({p for s in sentences for p in s.problems}, key=lambda p: order.get(p, len(order)))
    )
    figures = figures_of([(item.sentence.unit, item.reading.counts) for item in found])
    group = Group(
        key=_key(sentences),
        sentences=sentences,
        units=tuple(dict.fromkeys(s.unit for s in sentences)),
        representative=_representative(found, vectors),
        figures=figures,
        problems=problems,
    )
    return group, found[0].index


def _representative(found: list[_Item], vectors: Any) -> Sentence:
    """The sentence nearest the centre of the group (the first of equals)."""
    if vectors is None or len(found) < 3:
        # With two, both are as near; the first is the one the reader meets first.
        return found[0].sentence
    import numpy as np

    matrix, point_of = vectors
    rows = matrix[[point_of[item.index] for item in found]]
    centre = np.asarray(rows.mean(axis=0)).ravel()
    scores = np.asarray(rows @ centre).ravel()
    best = max(range(len(found)), key=lambda i: (round(float(scores[i]), 9), -i))
    return found[best].sentence


def _key(sentences: tuple[Sentence, ...]) -> str:
    lines = sorted(f"{s.ref}\x1f{s.text}" for s in sentences)
    return hashlib.sha256("\x1e".join(lines).encode("utf-8")).hexdigest()[:12]
