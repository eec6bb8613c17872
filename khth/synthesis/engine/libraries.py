"""The only door to underthesea and scikit-learn: typed, and imported on first use.

Neither ships type information, so their untyped calls stay here behind signatures mypy can
check. Importing them costs about a second (scikit-learn most of it; ``khth bench synthesis``
prints it), which a process pays on its first synthesis, not when Django starts.
"""

from __future__ import annotations

from typing import Any


def word_tokenize(text: str) -> list[str]:
    """underthesea's words, syllables joined by a space; its token normaliser places the tone
    marks one way ("hoà" → "hòa")."""
    from underthesea import word_tokenize as tokenize  # type: ignore[import-untyped]

    words: list[str] = tokenize(text)
    return words


def text_normalize(text: str) -> str:
    from underthesea import text_normalize as normalize

    normalized: str = normalize(text)
    return normalized


def pos_tag(text: str) -> list[tuple[str, str]]:
    from underthesea import pos_tag as tag

    tags: list[tuple[str, str]] = tag(text)
    return tags


def term_frequencies(documents: list[list[str]]) -> Any:
    """Sublinear term frequencies of already-split documents, rows L2-normalised: a scipy
    sparse matrix, one row per document."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

    vectoriser = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, use_idf=False, norm="l2")
    return vectoriser.fit_transform(documents)


def _identity(document: list[str]) -> list[str]:
    return document


def group_sums(labels: list[int], count: int, matrix: Any) -> Any:
    """Row ``g`` is the sum of the rows of ``matrix`` labelled ``g``, L2-normalised: the
    direction of each group's centre (scipy sparse, ``count`` rows)."""
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
    from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

    ones = [1.0] * len(labels)
    membership = csr_matrix((ones, (labels, range(len(labels)))), shape=(count, len(labels)))
    return normalize(membership @ matrix)


def average_linkage(distances: Any, threshold: float) -> list[int]:
    """A cluster label per row of the square ``distances`` matrix: average linkage, merging
    while the distance stays under ``threshold``."""
    from sklearn.cluster import AgglomerativeClustering  # type: ignore[import-untyped]

    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    )
    return [int(label) for label in model.fit_predict(distances)]
