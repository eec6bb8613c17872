"""How text becomes searchable, and how a match is shown.

Both databases index the same string (``SearchEntry.folded``): every character of the NFC text
folded on its own (khth.lib.vietnamese.fold: case, marks, đ → d), anything that is not a letter
or a digit turned into a space. A token is a run of letters and digits; a query token matches an
entry when it is the start of one of the entry's tokens ("dang" finds "Đảng", "uy" finds "ủy"
and "ủy ban", "hoà" finds "hòa"). Folding character by character keeps positions: a snippet
maps a match in the folded text back to the very characters of the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from khth.lib.vietnamese import fold, nfc

# A token longer than this is left out of the index (hashes, base64, runs of digits): no one
# types it, and PostgreSQL refuses lexemes over 2047 bytes. A longer query token finds nothing.
MAX_TOKEN = 60
# The indexed text of one entry, in characters. PostgreSQL's tsvector holds at most 1 MB.
MAX_TEXT = 100_000
MAX_FOLDED = 200_000
# What is read of a query: longer input is cut, further tokens are ignored.
MAX_QUERY = 200
MAX_QUERY_TOKENS = 10
SNIPPET_WORDS = 30

# C0/C1 controls (NUL included: PostgreSQL cannot store it), except tab and line breaks.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\S+")
_BREAK = re.compile(r"([.;:!?])?[^\S\n]*\n\s*")


def clean(text: str) -> str:
    """NFC, without control characters (they become spaces)."""
    return nfc(_CONTROLS.sub(" ", text))


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """What one character of NFC text is in the index: its folded letters and digits; " " for a
    character that separates words; "" for one that is ignored inside a word (a combining mark
    NFC could not compose, a soft hyphen, a zero-width joiner)."""
    if unicodedata.category(ch)[0] == "M" or unicodedata.category(ch) == "Cf":
        return ""
    folded = fold(ch)
    if not folded:  # whitespace: fold() strips it
        return " "
    return "".join(c if c.isalnum() else " " for c in folded)


class _FoldTable(dict[int, str]):
    """fold_char as a str.translate table, filled as characters turn up. With ``one``, a
    character that does not fold to exactly one character maps to IRREGULAR instead, so that
    positions in the folded text are positions in the original."""

    def __init__(self, *, one: bool) -> None:
        super().__init__()
        self.one = one

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        if self.one and len(folded) != 1:
            folded = IRREGULAR
        if len(self) < 100_000:  # any text may be pasted in: bound the memory
            self[code] = folded
        return folded


IRREGULAR = "\x01"  # clean() removes it from stored text; fold_char maps it to " "
_FOLD = _FoldTable(one=False)
_FOLD_ONE = _FoldTable(one=True)


def fold_text(text: str) -> str:
    """The folded form of NFC ``text``, one space between tokens; long tokens dropped."""
    folded = text.translate(_FOLD)
    return " ".join(t for t in folded.split() if len(t) <= MAX_TOKEN)


def index_text(title: str, text: str) -> str:
    """``SearchEntry.folded``: title and text folded, cut at a token boundary."""
    folded = f"{fold_text(title)} {fold_text(text)}".strip()
    if len(folded) > MAX_FOLDED:
        folded = folded[:MAX_FOLDED].rsplit(" ", 1)[0]
    return folded


def query_tokens(query: str, limit: int | None = MAX_QUERY_TOKENS) -> tuple[str, ...]:
    """The distinct tokens of a query (its first MAX_QUERY characters), in order, at most
    ``limit`` of them."""
    folded = "".join(map(fold_char, clean(query[:MAX_QUERY])))
    tokens = tuple(dict.fromkeys(folded.split()))
    return tokens if limit is None else tokens[:limit]


def title_hits(title: str, tokens: tuple[str, ...]) -> int:
    """How many of the query's tokens the title has (the first ranking key)."""
    folded = " " + fold_text(title)
    return sum(1 for q in tokens if " " + q in folded)


# --- showing a match -------------------------------------------------------------------------


def _words(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text``: (start, end) in it, and the word folded."""
    folded = text.translate(_FOLD_ONE)
    if IRREGULAR not in folded:  # one character each (all Vietnamese text): same positions
        return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
    pieces = [fold_char(ch) for ch in text]
    # origin[i]: the original character the i-th folded character came from.
    origin = [i for i, piece in enumerate(pieces) for _c in piece]
    words: list[tuple[int, int, str]] = []
    for m in _WORD.finditer("".join(pieces)):
        start = origin[m.start()]
        end = origin[m.end() - 1] + 1
        # Marks after the last letter belong to it ("ủ" typed as u + hook + ...).
        while end < len(text) and pieces[end] == "":
            end += 1
        if words and start < words[-1][1]:  # one character that folds to two words
            continue
        words.append((start, end, m.group()))
    return words


def _hit(word: str, tokens: tuple[str, ...]) -> bool:
    return len(word) <= MAX_TOKEN and word.startswith(tokens)


def _squash(text: str) -> str:
    """Whitespace as one space; a line break between parts (sections, tasks) as " · " unless
    punctuation already ends the part."""
    text = _BREAK.sub(lambda m: m.group(1) + " " if m.group(1) else " · ", text)
    return escape(_SPACES.sub(" ", text))


def highlight(
    text: str, tokens: tuple[str, ...], *, words: int | None = SNIPPET_WORDS
) -> SafeString:
    """``text`` escaped, matching words in <mark>. With ``words``: only a window of that many
    words around the first match (or the first words when nothing matches), "…" where cut."""
    found = _words(text)
    if not found:
        return mark_safe(_squash(text.strip()) if words is None else "")  # noqa: S308 (escaped)
    first, last = 0, len(found)
    if words is not None:
        hit = next((i for i, w in enumerate(found) if _hit(w[2], tokens)), 0)
        first = max(0, hit - words // 3)
        last = min(len(found), first + words)
        first = max(0, last - words)
    parts: list[str] = ["… "] if first > 0 else []
    at = found[first][0] if first > 0 else 0
    for start, end, word in found[first:last]:
        gap = _squash(text[at:start])
        parts.append(gap.lstrip() if at == 0 else gap)
        piece = escape(text[start:end])
        parts.append(f"<mark>{piece}</mark>" if _hit(word, tokens) else piece)
        at = end
    parts.append(" …" if last < len(found) else _squash(text[at:]).rstrip())
    return mark_safe("".join(parts))  # noqa: S308 (every piece of the text is escaped)
