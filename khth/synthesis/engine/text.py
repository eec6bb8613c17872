"""Sentences out of a unit's text, and their words as underthesea segments them.

Splitting is our own, not underthesea's ``sent_tokenize``: report texts cut statements with ";"
as often as with ".", and carry "c1/d1", "15/3", "CTĐ, CTCT", "v.v." and list markers ("1.",
"a)", "-") that a general splitter trips on. Segmentation is underthesea's CRF model, shipped
inside its wheel; nothing is downloaded (tests/synthesis/engine/test_offline.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from khth.lib.vietnamese import nfc
from khth.synthesis.engine.libraries import word_tokenize

# A statement of 600 characters is already a paragraph; longer ones (a pasted table, a text with
# no full stop) are cut so that no sentence costs the segmenter or the similarity much.
MAX_SENTENCE_CHARS = 600

# Words whose "." is not the end of a sentence even before a capital ("TS. Nguyễn Văn An"). A
# single letter ("Nguyễn V. An") is handled apart. "v.v." is not here: before a capital it ends
# the sentence, as it does in most reports.
ABBREVIATIONS = frozenset(
    {
        "ts",
        "ths",
        "th.s",
        "pgs",
        "gs",
        "bs",
        "ks",
        "cn",
        "đ/c",
        "tp",
        "tt",
        "tx",
        "q",
        "p",
        "tr",
        "st",
    }
)

_INVISIBLE = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2060\ufeff]")
_LINES = re.compile(r"\r\n?|[\n\u2028\u2029\u0085]")
# The end of a sentence: ".", "!", "?", "…" (with closing quotes or brackets) before a space or
# the end of the line; or a ";".
_END = re.compile(r"[.!?…]+[»\"”’)\]]*(?=\s|$)|;")
_MARKER = re.compile(r"^(?:[-+•*–—]+|\(?(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)])\s+")
_ONLY_MARKER = re.compile(r"^\(?(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)]$")


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as written (NFC, whitespace collapsed, list markers dropped);
    a clause ended by ";" is a sentence of its own, without the ";". A piece with no letter
    (numbers alone, punctuation, emoji) is not a sentence."""
    sentences = []
    for line in _LINES.split(_INVISIBLE.sub(" ", nfc(text))):
        line = " ".join(line.split())
        if line:
            sentences.extend(_split_line(line))
    return sentences


def _split_line(line: str) -> list[str]:
    pieces = []
    start = 0
    for match in _END.finditer(line):
        if match.group() == ";":
            if _inside_brackets(line[start : match.start()]):
                continue  # "(c1: 97%; c2: 96,8%)": a list inside a clause, not two clauses
            pieces.append(line[start : match.start()])
            start = match.end()
            continue
        if not _ends_sentence(line, match):
            continue
        pieces.append(line[start : match.end()])
        start = match.end()
    pieces.append(line[start:])
    sentences = []
    for piece in pieces:
        piece = piece.strip()
        if _ONLY_MARKER.match(piece):
            continue
        piece = _MARKER.sub("", piece).strip()
        if any(ch.isalpha() for ch in piece):
            sentences.extend(_wrap(piece))
    return sentences


def _inside_brackets(text: str) -> bool:
    return text.count("(") > text.count(")") or text.count("[") > text.count("]")


def _ends_sentence(line: str, match: re.Match[str]) -> bool:
    after = line[match.end() :].lstrip()
    if not after:
        return True
    if after[0].islower():
        return False  # "v.v. và …", "TS. nguyễn": the sentence goes on
    if not match.group().startswith(".") or match.group().startswith(".."):
        return True
    before = line[: match.start()].rsplit(" ", 1)[-1].lstrip('(«"“')
    if len(before) == 1 and before.isalpha():
        return False  # an initial: "Nguyễn V. An"
    return before.lower() not in ABBREVIATIONS


def _wrap(sentence: str) -> list[str]:
    pieces = []
    while len(sentence) > MAX_SENTENCE_CHARS:
        cut = sentence.rfind(", ", 0, MAX_SENTENCE_CHARS)
        if cut < MAX_SENTENCE_CHARS // 2:
            cut = sentence.rfind(" ", 0, MAX_SENTENCE_CHARS)
        if cut < MAX_SENTENCE_CHARS // 2:
            cut = MAX_SENTENCE_CHARS
        pieces.append(sentence[: cut + 1].strip())
        sentence = sentence[cut + 1 :].strip()
    if sentence:
        pieces.append(sentence)
    return [p for p in pieces if any(ch.isalpha() for ch in p)]


# The token every number is replaced with before segmenting: underthesea keeps it a word of its
# own ("0 buổi" → "0", "buổi"), while "2,5 điểm" would come out as one word.
NUMBER_MASK = "0"


@lru_cache(maxsize=16384)
def segment(prepared: str) -> tuple[str, ...]:
    """underthesea's words of ``prepared`` (lower case, numbers masked), syllables joined by a
    space; its token normaliser places the tone marks one way ("hoà" → "hòa")."""
    words: list[str] = []
    for word in word_tokenize(prepared):
        syllables = word.split()
        if len(syllables) > 1 and NUMBER_MASK in syllables:
            # Never seen, but a number merged into a word would shift every figure after it.
            words.extend(syllables)
        else:
            words.append(word)
    return tuple(words)
