"""Figures: added up where they count the same thing in different units, never invented."""

from __future__ import annotations

from decimal import Decimal

import pytest

from khth.synthesis.engine import Figure, Lexicon
from khth.synthesis.engine.reading import read
from tests.synthesis.engine.helpers import group_of, run


def figure(lexicon: Lexicon, texts: dict[str, str], noun: str) -> Figure:
    synthesis = run(texts, lexicon)
    group = group_of(synthesis, next(iter(texts.values())))
    assert {s.unit for s in group.sentences} == set(texts), "the sentences must be one group"
    return next(f for f in group.figures if f.noun == noun)


def counted(lexicon: Lexicon, sentence: str) -> list[tuple[str, str]]:
    return [(c.noun, str(c.value)) for c in read(sentence, lexicon).counts]


def test_counts_of_the_same_thing_add_up_with_their_sources(lexicon: Lexicon):
    found = figure(
        lexicon,
        {
            "c1": "Tổ chức học tập nghị quyết 12 buổi.",
            "c2": "Tổ chức học tập nghị quyết được 8 buổi.",
            "c4": "Tổ chức học tập nghị quyết 10 buổi.",
        },
        "buổi",
    )
    assert found.parts == (("c1", Decimal(12)), ("c2", Decimal(8)), ("c4", Decimal(10)))
    assert found.total == Decimal(30)


def test_shares_add_up_top_and_bottom(lexicon: Lexicon):
    found = figure(
        lexicon,
        {
            "c1": "Học tập chính trị 45/48 đồng chí tham gia.",
            "c2": "Học tập chính trị 40/42 đồng chí tham gia.",
        },
        "đồng chí",
    )
    assert found.total == Decimal(85)
    assert found.out_of == (Decimal(48), Decimal(42))
    assert found.out_of_total == Decimal(90)


def test_percentages_are_never_added(lexicon: Lexicon):
    found = figure(
        lexicon,
        {
            "c1": "Quân số tham gia học tập chính trị đạt 96%.",
            "c2": "Quân số tham gia học tập chính trị đạt 95,2%.",
        },
        "%",
    )
    assert found.parts == (("c1", Decimal(96)), ("c2", Decimal("95.2")))
    assert found.total is None


def test_a_noun_counted_twice_in_one_sentence_names_two_things(lexicon: Lexicon):
    texts = {
        "c1": "Tổ chức 1 buổi nói chuyện truyền thống, 1 buổi xem phim tư liệu.",
        "c2": "Tổ chức 2 buổi nói chuyện truyền thống, 1 buổi xem phim tư liệu.",
    }
    talks = figure(lexicon, texts, "buổi nói chuyện")
    assert talks.parts == (("c1", Decimal(1)), ("c2", Decimal(2)))
    assert talks.total == 3
    films = figure(lexicon, texts, "buổi xem")
    assert films.total == 2


def test_a_unit_giving_the_noun_twice_is_not_added(lexicon: Lexicon):
    # The group's two sentences of c1 each count "buổi": the same thing twice, or two things,
    # nothing says which; no total is made up.
    synthesis = run(
        {
            "c1": "Tổ chức 12 buổi học tập chính trị. Tổ chức 10 buổi học tập chính trị.",
            "c2": "Tổ chức 8 buổi học tập chính trị.",
        },
        lexicon,
    )
    group = group_of(synthesis, "Tổ chức 8 buổi học tập chính trị.")
    found = next(f for f in group.figures if f.noun == "buổi")
    assert [unit for unit, _v in found.parts] == ["c1", "c1", "c2"]
    assert found.total is None


@pytest.mark.parametrize(
    ("sentence", "noun"),
    [
        ("Kiểm tra nhận thức, điểm trung bình 7,8.", "điểm trung bình"),
        ("Kết quả kiểm tra nhận thức đạt 8,2 điểm bình quân.", "điểm"),
        ("Duy trì sinh hoạt 2 buổi/tuần.", "buổi"),
        ("Hỗ trợ mỗi gia đình 2 triệu đồng.", "triệu"),
        ("Duy trì đọc báo 15 phút đầu giờ.", "phút"),
    ],
)
def test_scores_averages_rates_and_durations_are_not_summable(
    lexicon: Lexicon, sentence: str, noun: str
):
    (count,) = read(sentence, lexicon).counts
    assert (count.noun, count.summable) == (noun, False)


@pytest.mark.parametrize(
    "sentence",
    [
        "Thực hiện Chỉ thị 91 của Quân ủy Trung ương.",
        "Quán triệt Nghị quyết 847 của Quân ủy Trung ương.",
        "Nghị quyết số 847-NQ/QUTW ngày 15/3/2026.",
        "Hội nghị ngày 15/3, năm 2026.",
        "Học tập Nghị quyết Đại hội XIII, khóa 13, Điều 5, lần thứ 2.",
        "Tổ 3 người hoạt động tốt.",
        "Tổ chức 10-12 buổi, ngày 25-7-2017.",
        "Đơn vị c1/d1 và c2/d1 thực hiện tốt.",
        "Học tập 96.5% quân số.",  # not the Vietnamese decimal comma: not guessed
        "Một số đồng chí chưa tham gia.",
    ],
)
def test_identifiers_dates_ranges_and_unreadable_numbers_are_not_figures(
    lexicon: Lexicon, sentence: str
):
    assert counted(lexicon, sentence) == []


def test_a_count_after_an_identifier_word_is_still_a_count(lexicon: Lexicon):
    assert counted(lexicon, "Quán triệt Nghị quyết 847 được 8 buổi.") == [("buổi", "8")]
    assert counted(lexicon, "Tổ chức học tập nghị quyết 12 buổi.") == [("buổi", "12")]


def test_vietnamese_decimal_comma_thousands_dot_and_number_words(lexicon: Lexicon):
    assert counted(lexicon, "Giúp dân 1.200 ngày công.") == [("ngày công", "1200")]
    assert counted(lexicon, "Hỗ trợ 2,5 triệu đồng.") == [("triệu", "2.5")]
    assert counted(lexicon, "Tổ chức hai buổi sinh hoạt.") == [("buổi", "2")]
    # A compound number written in words is left alone rather than misread.
    assert counted(lexicon, "Có mười hai đồng chí tham gia.") == []


def test_abbreviations_count_as_the_word(lexicon: Lexicon):
    found = figure(
        lexicon,
        {
            "c1": "Tăng cường 5 đ/c tham gia tổ trực.",
            "c2": "Tăng cường 3 đồng chí tham gia tổ trực.",
        },
        "đồng chí",
    )
    assert found.total == Decimal(8)


def test_sums_are_exact_however_long_the_numbers(lexicon: Lexicon):
    texts = {"c1": f"Giúp dân {'9' * 40} ngày công.", "c2": "Giúp dân 1 ngày công."}
    assert figure(lexicon, texts, "ngày công").total == Decimal("1" + "0" * 40)
