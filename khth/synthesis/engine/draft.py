"""A first draft of the superior's section, in plain Vietnamese, from a synthesis.

Paragraphs, in this order (each only when it has something to say):

1. what several units said, largest group first: "3/4 đơn vị (c1, c2, c4) tổ chức học tập nghị
   quyết được tổng cộng 30 buổi (c1: 12, c2: 8, c4: 10).";
2. what one unit alone said: "Đơn vị c3 tổ chức 1 buổi nói chuyện truyền thống.";
3. the problems, gathered under "Những vấn đề cần quan tâm:": "Đơn vị c2 còn 2 trường hợp …";
4. the units that wrote nothing: "Đơn vị c5 chưa báo cáo nội dung này."

Each statement quotes the group's representative sentence. In a group of several units, its own
number of a figure is replaced by the total and the parts, or by the range and the parts where
the figure does not add up, and a count one unit alone gave is attributed to it: one unit's
number never stands for all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from khth.lib.vietnamese import format_number
from khth.synthesis.engine.lexicon import Lexicon, shipped_rules, syllables_of
from khth.synthesis.engine.libraries import pos_tag
from khth.synthesis.engine.reading import read
from khth.synthesis.engine.results import Figure, Group, Synthesis

PROBLEMS_HEADING = "Những vấn đề cần quan tâm:"
# Past these, a list says how many more rather than naming them all.
UNITS_NAMED = 10
PARTS_GIVEN = 12
SILENT_NAMED = 20
# A draft is a page or two of a report: past this many statements (a whole subtree whose units
# each said something of their own) the rest is counted, not written. What several units said
# and what calls for attention come first.
STATEMENTS = 40
LEFT_OUT = "Còn {n} ý riêng của từng đơn vị chưa đưa vào bản nháp (xem trang tổng hợp)."

_LETTERS = re.compile(r"[^\W\d_]+")


def draft(synthesis: Synthesis, *, expected: int, silent: Sequence[str]) -> list[str]:
    """The paragraphs of a draft; ``expected`` is the number of units that should have written
    (the "4" of "3/4 đơn vị"), ``silent`` the units that wrote nothing."""
    lexicon = synthesis.lexicon or _shipped_lexicon()
    out_of = max(expected, len(synthesis.units), 1)
    shared: list[str] = []
    alone: list[str] = []
    problems: list[str] = []
    ranked = sorted(
        range(len(synthesis.groups)),
        key=lambda i: (
            len(synthesis.groups[i].units) == 1 and not synthesis.groups[i].is_problem,
            i,
        ),
    )
    kept = sorted(ranked[:STATEMENTS])
    for group in (synthesis.groups[i] for i in kept):
        statement = _statement(group, out_of, lexicon)
        if group.is_problem:
            problems.append(statement)
        elif len(group.units) > 1:
            shared.append(statement)
        else:
            alone.append(statement)
    if len(synthesis.groups) > len(kept):
        alone.append(LEFT_OUT.format(n=len(synthesis.groups) - len(kept)))
    paragraphs = [" ".join(p) for p in (shared, alone) if p]
    if problems:
        paragraphs.append(" ".join([PROBLEMS_HEADING, *problems]))
    quiet = list(dict.fromkeys(silent))
    if quiet:
        paragraphs.append(_silent(quiet))
    return paragraphs


@lru_cache(maxsize=1)
def _shipped_lexicon() -> Lexicon:
    return Lexicon.from_rules(shipped_rules())


def _statement(group: Group, out_of: int, lexicon: Lexicon) -> str:
    units = group.units
    if len(units) == 1:
        who = f"Đơn vị {units[0]}"
    else:
        who = f"{len(units)}/{out_of} đơn vị ({_names(units, UNITS_NAMED)})"
    body = _body(group, lexicon)
    if not body:
        return who + "."
    return f"{who}{' ' if _opens_with_verb(body) else ': '}{body}."


def _names(units: Sequence[str], shown: int) -> str:
    if len(units) <= shown:
        return ", ".join(units)
    return f"{', '.join(units[:shown])} và {len(units) - shown} đơn vị khác"


def _body(group: Group, lexicon: Lexicon) -> str:
    sentence = group.representative
    text = sentence.text
    if len(group.units) == 1:
        # One unit's own words and figures: nothing to add up or attribute.
        return _lower_first(_strip_subject(text.rstrip(" .;!?…"), sentence.unit))
    reading = read(text, lexicon)
    figures = {f.noun: f for f in group.figures}
    starts = [n.start for n in reading.numbers]
    edits: list[tuple[int, int, str]] = []
    for count in reading.counts:
        if count.number < 0 or count.noun not in figures:
            continue
        figure = figures.pop(count.noun)
        if len(figure.parts) == 1 and figure.total is None and figure.noun != "%":
            continue  # one unit's duration or score: its own words say whose it is
        number = reading.numbers[count.number]
        noun_end = _noun_end(text, number.end, figure.noun)
        after = number.end if noun_end is None else noun_end
        # "96%" is replaced whole, by "từ 95% đến 98%"; "12 buổi" keeps its noun as written.
        replaced = after if figure.noun == "%" else number.end
        # The parts go at the end of the clause ("… 85/90 đồng chí tham gia (c3: 45/48, …)"),
        # or right after the noun when another number comes first.
        clause = _CLAUSE_END.search(text, after)
        at = clause.start() if clause else len(text)
        if any(after <= other < at for other in starts):
            at = after
        edits.append((number.start, replaced, _amount(figure)))
        edits.append((at, at, f" ({_parts(figure)})"))
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    # Parts put before a bracket the unit wrote: "tham gia (c1: 88/90…) (đạt …)", one space.
    text = " ".join(text.split()).replace(")(", ") (")
    text = _strip_subject(text.rstrip(" .;!?…"), sentence.unit)
    # Figures of the group that the quoted sentence does not give are added after it, when
    # there is something to add up or compare.
    rest = [
        _stated(f, noun_first=f.noun in lexicon.rate_words)
        for f in figures.values()
        if len(f.parts) > 1
    ]
    return _lower_first("; ".join([text, *rest]))


_CLAUSE_END = re.compile(r"[,;.:()!?…]")


def _noun_end(text: str, at: int, noun: str) -> int | None:
    """Where ``noun`` ends when it follows the number ending at ``at``."""
    rest = text[at:]
    if noun == "%":
        stripped = rest.lstrip()
        return at + len(rest) - len(stripped) + 1 if stripped.startswith("%") else None
    wanted = noun.split()
    words: list[re.Match[str]] = []
    for match in _LETTERS.finditer(rest):
        gap = rest[words[-1].end() : match.start()] if words else rest[: match.start()]
        if gap.strip():
            break
        words.append(match)
        if len(words) == len(wanted):
            break
    if len(words) != len(wanted):
        return None
    spelled = syllables_of(" ".join(w.group() for w in words))
    return at + words[-1].end() if list(spelled) == wanted else None


def _amount(figure: Figure) -> str:
    """What replaces a number: "tổng cộng 30", "tổng cộng 85/90", "từ 95% đến 98%", "12"."""
    sign = "%" if figure.noun == "%" else ""
    values = [v for _unit, v in figure.parts]
    if figure.total is not None and len(values) > 1:
        amount = "tổng cộng " + _number(figure.total)
        if figure.out_of_total is not None:
            amount += "/" + _number(figure.out_of_total)
        return amount + sign
    if min(values) == max(values):
        if len(values) == 1 and figure.out_of and figure.out_of[0] is not None:
            return f"{_number(values[0])}/{_number(figure.out_of[0])}{sign}"
        return _number(values[0]) + sign
    return f"từ {_number(min(values))}{sign} đến {_number(max(values))}{sign}"


def _stated(figure: Figure, *, noun_first: bool) -> str:
    """A figure on its own: "tổng cộng 30 suất (c2: 20, c7: 10)", "2 đảng viên (c6)"."""
    amount = _amount(figure)
    if figure.noun == "%":
        text = f"tỷ lệ {amount}"  # a bare "95%" after the sentence would say nothing
    elif noun_first:
        text = f"{figure.noun} {amount}"
    else:
        text = f"{amount} {figure.noun}"
    return f"{text} ({_parts(figure)})"


def _parts(figure: Figure) -> str:
    """Whose values: "c1: 12, c2: 8"; where every unit gave the same value, or one unit only,
    just their names."""
    units = list(dict.fromkeys(unit for unit, _v in figure.parts))
    if len(figure.parts) > PARTS_GIVEN:
        return f"{len(units)} đơn vị"
    values = {value for _unit, value in figure.parts}
    if len(figure.parts) == 1 or (figure.total is None and len(values) == 1):
        return ", ".join(units)  # the value is in the text already
    sign = "%" if figure.noun == "%" else ""
    out_of = figure.out_of or (None,) * len(figure.parts)
    parts = [
        f"{unit}: {_number(value)}{'' if bottom is None else '/' + _number(bottom)}{sign}"
        for (unit, value), bottom in zip(figure.parts, out_of, strict=True)
    ]
    separator = "; " if any("," in part for part in parts) else ", "
    return separator.join(parts)


def _number(value: Decimal) -> str:
    # Not quantize(): it fails past 28 digits, and a hostile text may hold a 40-digit number.
    whole = value.to_integral_value()
    return format_number(whole if value == whole else value.normalize())


def _strip_subject(text: str, unit: str) -> str:
    """The sentence without its subject when that is "Đơn vị" or the unit's own name ("Đơn vị
    đã phổ biến …" → "đã phổ biến …"): the statement names the units itself."""
    for _turn in range(2):
        for subject in ("đơn vị", unit.casefold()):
            if subject and text.casefold().startswith(subject + " "):
                text = text[len(subject) + 1 :].lstrip()
    return text


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if not first or (len(first) > 1 and first.isupper()) or any(ch.isdigit() for ch in first):
        return text  # "CTĐ, CTCT …", "3 trường hợp …"
    return text[0].lower() + text[1:]


@lru_cache(maxsize=4096)
def _opens_with_verb(body: str) -> bool:
    """Whether the statement reads on from "Đơn vị c1 …" ("tổ chức …", "đã …", "còn …") rather
    than after a colon ("tư tưởng bộ đội ổn định"): underthesea's part-of-speech tagger, on the
    lower-case sentence, whose first word it tags well enough; a wrong guess only costs a colon."""
    tags = pos_tag(body[:200])
    return bool(tags) and tags[0][1] in ("V", "R")


def _silent(units: list[str]) -> str:
    if len(units) == 1:
        return f"Đơn vị {units[0]} chưa báo cáo nội dung này."
    return f"Các đơn vị {_names(units, SILENT_NAMED)} chưa báo cáo nội dung này."
