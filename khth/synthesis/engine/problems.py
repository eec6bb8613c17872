"""Which problem terms a sentence holds, once negations and harmless phrases are taken out.

The rule (docs/synthesis.md, "Problems"):

1. every problem term is found, the longest at each place ("tư tưởng dao động" over "dao động");
2. a term inside a ``not_problems`` phrase is dropped ("hoàn cảnh khó khăn", "thiếu úy"); a
   phrase with "…" lets up to ``negation_window`` syllables stand there ("gia đình … khó khăn"
   covers "gia đình quân nhân khó khăn");
3. a term that a negation precedes by at most ``negation_window`` syllables, with no ".", ";",
   ":", "!", "?" and no ``negation_breaks`` word between them, is dropped: "không có vi phạm",
   "không phát hiện đảng viên vi phạm", "không để xảy ra lộ, lọt bí mật" — and a zero count,
   "0 trường hợp vi phạm", read as "không" (khth.synthesis.engine.reading); the negation reaches on
   from each term it drops ("không có đảng viên vi phạm phải xử lý kỷ luật", "không để xảy ra
   vụ việc, tai nạn, mất an toàn");
4. a term that is part of a negation which cancelled something is dropped too (the "chưa" of
   "chưa phát hiện vi phạm"); one that cancelled nothing stays ("chưa có kế hoạch").
"""

from __future__ import annotations

from collections.abc import Sequence

from khth.synthesis.engine.lexicon import Lexicon

_HARD_STOPS = frozenset({".", ";", ":", "!", "?", "…"})


def problem_terms(syllables: Sequence[str], lexicon: Lexicon) -> tuple[str, ...]:
    """The lexicon's problem terms in ``syllables`` (as ``syllables_of`` gives them), in
    lexicon order."""
    terms = lexicon.problem_set.find(syllables)
    if not terms:
        return ()
    window = lexicon.negation_window
    harmless = _harmless(syllables, lexicon)
    terms = [t for t in terms if not any(h[0] <= t[0] and t[1] <= h[1] for h in harmless)]
    negations = lexicon.negation_set.find(syllables)
    breaks = {start for start, _end, _i in lexicon.break_set.find(syllables)}
    breaks.update(i for i, s in enumerate(syllables) if s in _HARD_STOPS)
    used: list[tuple[int, int, int]] = []
    kept = []
    for term in terms:
        negation = _negating(term[0], negations, breaks, syllables, window)
        if negation is None:
            kept.append(term)
        else:
            used.append(negation)
            # The negation reaches on from the term it cancelled (kept in start order).
            negations = sorted([*negations, (term[0], term[1], -1)])
    found = {
        index for start, end, index in kept if not any(n[0] < end and start < n[1] for n in used)
    }
    return tuple(lexicon.problem_terms[i] for i in sorted(found))


def _harmless(syllables: Sequence[str], lexicon: Lexicon) -> list[tuple[int, int]]:
    """Spans of the ``not_problems`` phrases; "a … b" is a, then b at most
    ``negation_window`` syllables later, in the same clause."""
    spans = [(start, end) for start, end, _i in lexicon.not_problem_set.find(syllables)]
    for head, tail in lexicon.not_problem_gaps:
        for start in range(len(syllables) - len(head) + 1):
            if tuple(syllables[start : start + len(head)]) != head:
                continue
            at = start + len(head)
            for gap in range(lexicon.negation_window + 1):
                end = at + gap
                if end > at and syllables[end - 1] in _HARD_STOPS:
                    break
                if tuple(syllables[end : end + len(tail)]) == tail:
                    spans.append((start, end + len(tail)))
                    break
    return spans


def _negating(
    start: int,
    negations: list[tuple[int, int, int]],
    breaks: set[int],
    syllables: Sequence[str],
    window: int,
) -> tuple[int, int, int] | None:
    for negation in reversed(negations):
        end = negation[1]
        if end > start:
            continue
        between = range(end, start)
        if any(i in breaks for i in between):
            return None
        apart = sum(1 for i in between if any(ch.isalnum() for ch in syllables[i]))
        return negation if apart <= window else None
    return None
