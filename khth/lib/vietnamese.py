"""Vietnamese text helpers: normalisation, search folding, collation, numbers and dates.

Pure functions with no Django dependency, so they serve models, exports and the CLI alike.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, localcontext

__all__ = [
    "fold",
    "format_number",
    "format_percent",
    "military_date",
    "nfc",
    "official_date",
    "parse_number",
    "person_sort_key",
    "short_date",
    "sort_key",
]


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# đ/Đ are letters of their own, not d + a mark, so NFD leaves them alone and they must be mapped by
# hand. ð (the casefold of U+00D0 "Ð") looks the same as Đ and turns up in text typed on foreign
# keyboards or converted from legacy encodings; a search key may safely treat it as d too.
_FOLD_LETTERS = str.maketrans({"đ": "d", "ð": "d"})


def fold(s: str) -> str:
    """Accent- and case-insensitive search key: "Đảng  ủy" -> "dang uy", "hoà"/"hòa" -> "hoa"."""
    decomposed = unicodedata.normalize("NFD", nfc(s).casefold())
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    # Recompose what is left (e.g. Hangul) so the key is NFC like every other stored string.
    return nfc(" ".join(bare.translate(_FOLD_LETTERS).split()))


def same_name(a: str, b: str) -> bool:
    """Whether two names are the very same name, whatever the case, spacing or Unicode form:
    "Bà" and "BÀ" are, "Ba" and "Bà" are not (a tone makes another name; ``fold`` finds those
    pairs, to warn about them, never to refuse)."""
    return " ".join(nfc(a).casefold().split()) == " ".join(nfc(b).casefold().split())


# --- Collation -------------------------------------------------------------------------------
#
# A three-level collation in the manner of the Unicode Collation Algorithm: base letters are
# compared over the whole string first, then tones, then case. Python's code-point order puts
# Đ, Ơ, Ư and every toned vowel after "z", which is wrong for any list a Vietnamese reader sees.

# f j w z are not in the Vietnamese alphabet; foreign words keep them, sorted after y.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

# Marks that make a different letter (ă â ê ô ơ ư), as opposed to tone marks.
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")  # breve, circumflex, horn
# none < huyền < hỏi < ngã < sắc < nặng
_TONE_RANK = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}

# Primary weights are group * _GROUP + value, so every group sorts as a block:
# space < punctuation and symbols < digits < letters of the alphabet above < any other letter.
_GROUP = 0x110000  # one past the largest code point, so values never spill into the next group
_SPACE, _SYMBOL, _DIGIT, _LETTER, _OTHER_LETTER = range(5)

# The key is a string of lowercase ASCII letters and digits, compared character by character.
# Those characters sort the same as bytes under SQLite's BINARY and under PostgreSQL's C, en_US
# or vi_VN collations, so ORDER BY on a stored key gives the order Python's sorted() gives.
# Every weight is a token whose first character says what it is; "0" and "1" are kept below
# every token so that a shorter word, a level or a name part ends before any longer one.
_PART_END = "0"  # between the name parts of person_sort_key
_LEVEL_END = "1"  # between base letters, tones and case
_RANKS = "0123456789abcdefghijklmnopqrstuvw"  # one character per letter of _ALPHABET (33)


def _clusters(s: str) -> list[tuple[str, list[str]]]:
    """Split into (base character, its combining marks), one entry per user-perceived letter."""
    clusters: list[tuple[str, list[str]]] = []
    for ch in unicodedata.normalize("NFD", s):
        if unicodedata.category(ch).startswith("M"):
            if clusters:  # a mark with nothing before it carries no meaning; drop it
                clusters[-1][1].append(ch)
        else:
            clusters.append((ch, []))
    return clusters


def _primary_token(weight: int) -> str:
    group, value = divmod(weight, _GROUP)
    if group == _SPACE:
        return "2"
    if group == _SYMBOL:
        return f"3{value:06x}"
    if group == _DIGIT:
        return f"4{value}"
    if group == _LETTER:
        return "5" + _RANKS[value]
    return f"6{value:06x}"


def _weigh(base: str, marks: list[str]) -> tuple[str, str, str]:
    lower = base.lower()[:1]
    tone = 0
    letter_marks: list[str] = []
    other_marks: list[int] = []
    # Marks are sorted by role, not by position: input typed as o + sắc + circumflex (which
    # neither NFD nor NFC reorders) must weigh the same as ố.
    for mark in marks:
        if mark in _LETTER_MARKS:
            letter_marks.append(mark)
        elif mark in _TONE_RANK and not tone:
            tone = _TONE_RANK[mark]
        else:
            other_marks.append(ord(mark))

    letter = nfc(lower + "".join(letter_marks))
    if letter in _LETTER_RANK:
        primary = _LETTER * _GROUP + _LETTER_RANK[letter]
    else:
        other_marks.extend(ord(mark) for mark in letter_marks)
        if lower in _LETTER_RANK:
            primary = _LETTER * _GROUP + _LETTER_RANK[lower]
        elif base.isspace():
            primary = _SPACE * _GROUP
        elif base.isdecimal():
            primary = _DIGIT * _GROUP + unicodedata.decimal(base)
        elif base.isalpha():
            primary = _OTHER_LETTER * _GROUP + ord(lower)
        else:
            primary = _SYMBOL * _GROUP + ord(base)
    # The tone ("2" none … "7" nặng); marks foreign to Vietnamese (ü, ç, ...) sort after it.
    secondary = str(2 + tone) + "".join(f"8{mark:06x}" for mark in sorted(other_marks))
    tertiary = "3" if base.isupper() else "2"  # lower case first, as in the UCA
    return _primary_token(primary), secondary, tertiary


def sort_key(s: str) -> str:
    """Key for Vietnamese alphabetical order; accepts NFC and decomposed input alike.

    "an" < "anh" < "ánh" < "ăn" < "ân" < "b"; "d..." < "đ..."; "ơ" < "p"; digits before letters;
    runs of whitespace count as one space, which sorts before everything ("Lê An" < "Lê Anh").
    Base letters are compared over the whole text first, then tones, then case, as ICU's
    Vietnamese collation does. The key is plain ASCII, so a database can store it and ORDER BY
    it (``sort_name`` columns) in the same order as ``sorted(key=sort_key)``.
    """
    weights = [_weigh(base, marks) for base, marks in _clusters(" ".join(nfc(s).split()))]
    return _LEVEL_END.join("".join(w[level] for w in weights) for level in range(3))


def person_sort_key(full_name: str) -> str:
    """Key for lists of people: given name (last word) first, then family and middle names.

    Each name part is compared whole (letters, tones, case) before the next, so "Lê Văn An"
    comes before "Lệ Thị An": the family names differ before the middle names are looked at.
    """
    words = nfc(full_name).split()
    parts = words[-1:] + words[:-1]
    return _PART_END.join(sort_key(word) for word in parts)


# --- Numbers ---------------------------------------------------------------------------------


def format_number(x: int | float | Decimal, decimals: int | None = None) -> str:
    """Vietnamese notation: "." between thousands, "," before decimals: 1234567.8 -> "1.234.567,8".

    With ``decimals`` the value is rounded half up (2.675 -> "2,68"), the way people round by hand,
    not to even as ``round()`` does. Without it, an int prints whole, a Decimal prints exactly the
    digits it holds ("1,50" stays "1,50"), and a float prints its shortest round-trip form.
    """
    if isinstance(x, bool):
        raise TypeError("format_number() expects a number, not a bool")
    if decimals is not None and decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"cannot format {x!r}")
        # repr() gives the digits a person typed (2.675), not the binary value (2.67499999...),
        # so rounding matches what the reader expects.
        value = Decimal(repr(x))
        if decimals is None and x.is_integer():
            value = value.normalize()  # a float has no significant trailing zeros: 3.0 -> "3"
    else:
        value = Decimal(x)
        if not value.is_finite():
            raise ValueError(f"cannot format {x!r}")

    if decimals is not None:
        with localcontext() as ctx:
            # The default 28-digit precision would make quantize fail on large values.
            ctx.prec = max(ctx.prec, value.adjusted() + decimals + 2)
            value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)

    text = format(value, "f")
    negative = text.startswith("-") and not value.is_zero()  # never print "-0,0"
    whole, _, fraction = text.lstrip("-").partition(".")
    result = f"{int(whole):,}".replace(",", ".")
    if fraction:
        result += "," + fraction
    return "-" + result if negative else result


def format_percent(x: int | float | Decimal, decimals: int | None = 1) -> str:
    """95.8 -> "95,8%" (no space before the sign, as in official documents)."""
    return format_number(x, decimals) + "%"


# Grouped form requires a first group 1-999 without a leading zero and full groups of three after
# it, which rejects the English decimals that would otherwise be misread: "1.23", "0.5", "1.2345".
_NUMBER = re.compile(
    r"""
    (?P<sign>[+-]?)
    (?P<whole>[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)
    (?:,(?P<fraction>[0-9]+))?
    """,
    re.VERBOSE | re.ASCII,
)


def parse_number(s: str) -> Decimal:
    """Read "1.234.567,8", "95,8", "-1.234" or "1234" exactly; reject anything ambiguous.

    "1.234" is one thousand two hundred thirty-four, as Vietnamese readers mean it.
    """
    match = _NUMBER.fullmatch(nfc(s).strip())
    if match is None:
        raise ValueError(
            f"“{s}” không phải là số hợp lệ: dùng dấu chấm ngăn cách hàng nghìn và dấu phẩy "
            "trước phần thập phân, ví dụ 1.234.567,8"
        )
    literal = match["sign"] + match["whole"].replace(".", "")
    if match["fraction"]:
        literal += "." + match["fraction"]
    value = Decimal(literal)
    return value.copy_abs() if value.is_zero() else value


# --- Dates -----------------------------------------------------------------------------------
# CLDR's Vietnamese date formats differ from the official ones, so dates are formatted by hand.


def official_date(d: dt.date, place: str | None = None) -> str:
    """The place-and-date line of a document: "Sóc Trăng, ngày 05 tháng 02 năm 2024".

    Days below 10 and months 1 and 2 take a leading zero (Decree 30/2020/NĐ-CP, Appendix I) so
    that no digit can be added in front of them afterwards; months 3-12 do not: "tháng 7".
    """
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    text = f"ngày {d.day:02d} tháng {month} năm {d.year}"
    place = nfc(place).strip() if place else ""
    return f"{place}, {text}" if place else text


def military_date(d: dt.date) -> str:
    """The date as cited in military prose: "25-7-2017", without padding."""
    return f"{d.day}-{d.month}-{d.year}"


def short_date(d: dt.date) -> str:
    """The compact date for tables: "05/02/2024"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"
