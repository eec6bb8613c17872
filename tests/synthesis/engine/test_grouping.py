"""Grouping: what goes together, the order, the keys, and inputs that must never fail."""

from __future__ import annotations

import pytest

from khth.synthesis.engine import Lexicon, Source, Synthesis, draft, grouping, synthesise
from khth.synthesis.engine.grouping import MAX_SENTENCES_PER_SOURCE
from tests.synthesis.engine.helpers import group_of, run

TEXTS = {
    "c1": (
        "Tổ chức học tập nghị quyết 12 buổi. Duy trì đọc báo, nghe tin 15 phút đầu giờ. "
        "Tổ chức 1 buổi nói chuyện truyền thống."
    ),
    "c2": "Tổ chức học tập nghị quyết được 8 buổi. Duy trì nghe tin, đọc báo mỗi sáng.",
    "c3": "Đơn vị tổ chức giao lưu văn nghệ với đoàn viên thanh niên xã.",
    "c4": "Học tập, quán triệt nghị quyết 10 buổi. Có 2 trường hợp vi phạm kỷ luật.",
}


def shape(synthesis: Synthesis) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(g.key, g.units, tuple(s.text for s in g.sentences)) for g in synthesis.groups]


def test_near_duplicates_with_other_numbers_and_paraphrases_go_together(lexicon: Lexicon):
    synthesis = run(TEXTS, lexicon)
    study = group_of(synthesis, "Tổ chức học tập nghị quyết 12 buổi.")
    assert study.units == ("c1", "c2", "c4")
    assert group_of(synthesis, "Duy trì nghe tin, đọc báo mỗi sáng.").units == ("c1", "c2")


def test_sentences_sharing_only_common_words_stay_apart(lexicon: Lexicon):
    synthesis = run(
        {
            "c1": "Đơn vị tổ chức giao lưu văn nghệ với đoàn viên thanh niên xã.",
            "c2": "Đơn vị tổ chức học tập chính trị cho đồng chí mới.",
            "c3": "Đơn vị tổ chức cho 12 đồng chí tham gia hội thao.",
            "c4": "Đồng chí chính trị viên tổ chức kiểm tra điều lệnh.",
        },
        lexicon,
    )
    assert [len(g.sentences) for g in synthesis.groups] == [1, 1, 1, 1]


def test_order_is_most_units_then_most_sentences_then_first_seen(lexicon: Lexicon):
    synthesis = run(TEXTS, lexicon)
    assert [len(g.units) for g in synthesis.groups] == [3, 2, 1, 1, 1]
    alone = [g.sentences[0].text for g in synthesis.groups[2:]]
    assert alone == [
        "Tổ chức 1 buổi nói chuyện truyền thống.",
        "Đơn vị tổ chức giao lưu văn nghệ với đoàn viên thanh niên xã.",
        "Có 2 trường hợp vi phạm kỷ luật.",
    ]
    assert synthesis.units == ("c1", "c2", "c3", "c4")


def test_what_one_unit_alone_said_is_its_own_group(lexicon: Lexicon):
    synthesis = run(TEXTS, lexicon)
    alone = group_of(synthesis, "Tổ chức 1 buổi nói chuyện truyền thống.")
    assert alone.units == ("c1",) and len(alone.sentences) == 1
    assert alone.representative == alone.sentences[0]


def test_the_representative_is_one_of_the_group(lexicon: Lexicon):
    for group in run(TEXTS, lexicon).groups:
        assert group.representative in group.sentences


def test_same_input_same_groups_keys_and_order(lexicon: Lexicon):
    assert shape(run(TEXTS, lexicon)) == shape(run(dict(TEXTS), lexicon))


def test_a_key_is_the_hash_of_its_sentences_whatever_the_source_order(lexicon: Lexicon):
    forward = run(TEXTS, lexicon)
    backward = run(dict(reversed(TEXTS.items())), lexicon)
    assert {g.key for g in forward.groups} == {g.key for g in backward.groups}
    assert len({g.key for g in forward.groups}) == len(forward.groups)
    # Another text in the group gives another key.
    changed = run({**TEXTS, "c2": "Tổ chức học tập nghị quyết được 9 buổi."}, lexicon)
    before = group_of(forward, "Tổ chức học tập nghị quyết 12 buổi.").key
    assert group_of(changed, "Tổ chức học tập nghị quyết 12 buổi.").key != before


def test_sentences_keep_their_source(lexicon: Lexicon):
    synthesis = synthesise(
        [Source(ref="17", unit="c1/d1", text="Kết nạp 2 đảng viên mới.\nTư tưởng ổn định.")],
        lexicon,
    )
    assert {(s.ref, s.unit) for g in synthesis.groups for s in g.sentences} == {("17", "c1/d1")}


def test_empty_input(lexicon: Lexicon):
    assert synthesise([], lexicon) == Synthesis(groups=(), units=())
    nothing = run({"c1": "", "c2": "   \n  ", "c3": "…!!!"}, lexicon)
    assert nothing.groups == () and nothing.units == ()
    assert draft(nothing, expected=3, silent=[]) == []


def test_one_unit_only(lexicon: Lexicon):
    synthesis = run({"c1": "Kết nạp 2 đảng viên mới. Tư tưởng bộ đội ổn định."}, lexicon)
    assert synthesis.units == ("c1",)
    assert sorted(len(g.sentences) for g in synthesis.groups) == [1, 1]
    single = run({"c1": "Kết nạp 2 đảng viên mới."}, lexicon)
    assert [g.units for g in single.groups] == [("c1",)]


@pytest.mark.parametrize(
    "text",
    [
        "Tổ chức học tập nghị quyết 12 buổi. " * 2000,  # very long, and 4,000 times the same
        "<p>Tổ chức <b>học tập</b> nghị quyết</p><script>alert(1)</script> &amp; &nbsp;",
        "😀😀 Bộ đội vui vẻ 🎉🎉 ổn định 👍. 🇻🇳🇻🇳🇻🇳",
        "12 34 56,7 1.200 45/48 15/3/2026 100%",
        "Tổ chức học tập nghị quyết " + "9" * 60 + " buổi, " + "1" * 3000 + "/2 đồng chí.",
        "... ;;; !!! ??? --- … « » ( ) [ ] / \\ | @ # $ ^ & * _ = +",
        "\x00\x01\ufeff\u200b\u202e Tổ chức\x00 12 buổi \u2028 quán triệt",
        "a" * 5000,
        "đ/c " * 500,
        "Không không không có có vi phạm vi phạm chưa chưa chưa.",
        "x" + "; " * 3000,
    ],
)
def test_hostile_text_never_fails(lexicon: Lexicon, text: str):
    synthesis = run({"c1": text, "c2": "Tổ chức học tập nghị quyết 8 buổi."}, lexicon)
    paragraphs = draft(synthesis, expected=3, silent=["c3"])
    assert paragraphs[-1] == "Đơn vị c3 chưa báo cáo nội dung này."
    for group in synthesis.groups:
        assert group.sentences and group.representative in group.sentences


def test_a_very_long_text_is_read_up_to_its_limit(lexicon: Lexicon):
    text = " ".join(f"Giúp dân nạo vét kênh thôn số {i} được {i} ngày công." for i in range(900))
    synthesis = run({"c1": text}, lexicon)
    assert sum(len(g.sentences) for g in synthesis.groups) == MAX_SENTENCES_PER_SOURCE


def test_past_the_clustering_limit_sentences_join_the_nearest_group(
    lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
):
    texts = {
        "c1": "Tổ chức học tập nghị quyết 12 buổi. Tư tưởng bộ đội ổn định.",
        "c2": "Kết nạp 2 đảng viên mới. Có 2 trường hợp vi phạm kỷ luật.",
        "c3": "Tổ chức học tập nghị quyết được 8 buổi. Có 1 trường hợp vi phạm kỷ luật.",
        "c4": "Tư tưởng bộ đội ổn định, yên tâm công tác. Giúp dân 80 ngày công.",
    }
    whole = run(texts, lexicon)
    monkeypatch.setattr(grouping, "MAX_CLUSTERED", 3)
    limited = run(texts, lexicon)
    assert sorted(len(g.sentences) for g in limited.groups) == sorted(
        len(g.sentences) for g in whole.groups
    )
    assert group_of(limited, "Có 1 trường hợp vi phạm kỷ luật.").units == ("c2", "c3")
    assert group_of(limited, "Giúp dân 80 ngày công.").units == ("c4",)
