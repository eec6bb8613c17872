"""The draft: "3/4 đơn vị (c1, c2, c4) …", single units, problems gathered, silent units."""

from __future__ import annotations

import sys

from khth.synthesis.engine import Lexicon, Synthesis, draft
from tests.synthesis.engine.helpers import run

TEXTS = {
    "c1": "Tổ chức học tập nghị quyết 12 buổi. Giáo dục chính trị đúng tiến độ, quân số đạt 96%.",
    "c2": (
        "Tổ chức học tập nghị quyết được 8 buổi. "
        "Giáo dục chính trị đúng tiến độ, quân số đạt 95,2%. "
        "Còn 2 trường hợp vi phạm kỷ luật thông thường."
    ),
    "c3": "Tổ chức 1 buổi nói chuyện truyền thống.",
    "c4": (
        "Tổ chức học tập nghị quyết 10 buổi. Đề nghị cấp trên bổ sung tài liệu học tập. "
        "Giáo dục chính trị đúng tiến độ, quân số đạt 98%."
    ),
}


def test_the_draft_of_a_section(lexicon: Lexicon):
    assert draft(run(TEXTS, lexicon), expected=5, silent=["c5"]) == [
        "3/5 đơn vị (c1, c2, c4) tổ chức học tập nghị quyết tổng cộng 30 buổi "
        "(c1: 12, c2: 8, c4: 10). "
        "3/5 đơn vị (c1, c2, c4): giáo dục chính trị đúng tiến độ, quân số đạt từ 95,2% đến 98% "
        "(c1: 96%; c2: 95,2%; c4: 98%).",
        "Đơn vị c3 tổ chức 1 buổi nói chuyện truyền thống.",
        "Những vấn đề cần quan tâm: Đơn vị c2 còn 2 trường hợp vi phạm kỷ luật thông thường. "
        "Đơn vị c4 đề nghị cấp trên bổ sung tài liệu học tập.",
        "Đơn vị c5 chưa báo cáo nội dung này.",
    ]


def test_a_figure_the_quoted_sentence_lacks_is_added_after_it(lexicon: Lexicon):
    texts = {
        "c1": "Học tập nghị quyết 12 buổi.",
        "c2": "Học tập nghị quyết 8 buổi.",
        "c3": "Học tập nghị quyết, quân số tham gia đạt 95%.",
        "c4": "Học tập nghị quyết, quân số tham gia đạt 97%.",
    }
    assert draft(run(texts, lexicon), expected=4, silent=[]) == [
        "4/4 đơn vị (c1, c2, c3, c4) học tập nghị quyết tổng cộng 20 buổi (c1: 12, c2: 8); "
        "tỷ lệ từ 95% đến 97% (c3: 95%, c4: 97%)."
    ]


def test_units_that_should_have_written_are_the_denominator(lexicon: Lexicon):
    first = draft(run(TEXTS, lexicon), expected=4, silent=[])[0]
    assert first.startswith("3/4 đơn vị (c1, c2, c4) tổ chức học tập nghị quyết")
    # Never fewer than the units that wrote.
    assert draft(run(TEXTS, lexicon), expected=0, silent=[])[0].startswith("3/4 đơn vị")


def test_silent_units_are_named(lexicon: Lexicon):
    paragraphs = draft(run(TEXTS, lexicon), expected=6, silent=["c5", "c6"])
    assert paragraphs[-1] == "Các đơn vị c5, c6 chưa báo cáo nội dung này."
    nobody = draft(Synthesis(groups=(), units=()), expected=2, silent=["c1", "c2"])
    assert nobody == ["Các đơn vị c1, c2 chưa báo cáo nội dung này."]


def test_shares_add_up_and_a_subject_is_not_repeated(lexicon: Lexicon):
    texts = {
        "c1": "Đơn vị học tập chính trị 45/48 đồng chí tham gia.",
        "c2": "Đơn vị học tập chính trị 40/42 đồng chí tham gia.",
    }
    assert draft(run(texts, lexicon), expected=2, silent=[]) == [
        "2/2 đơn vị (c1, c2) học tập chính trị tổng cộng 85/90 đồng chí tham gia "
        "(c1: 45/48, c2: 40/42)."
    ]


def test_a_statement_that_does_not_read_on_from_the_units_takes_a_colon(lexicon: Lexicon):
    texts = {"c1": "Tư tưởng bộ đội ổn định.", "c2": "Tư tưởng bộ đội ổn định, yên tâm công tác."}
    assert draft(run(texts, lexicon), expected=2, silent=[]) == [
        "2/2 đơn vị (c1, c2): tư tưởng bộ đội ổn định."
    ]


def test_one_units_figure_is_not_given_as_everyones(lexicon: Lexicon):
    texts = {
        "c1": "Phổ biến Luật Giao thông đường bộ cho 54 đồng chí.",
        "c2": "Phổ biến Luật Giao thông đường bộ cho bộ đội.",
    }
    (paragraph,) = draft(run(texts, lexicon), expected=2, silent=[])
    assert (
        paragraph == "2/2 đơn vị (c1, c2) phổ biến Luật Giao thông đường bộ cho 54 đồng chí (c1)."
    )


def test_a_long_list_of_units_is_counted(lexicon: Lexicon):
    texts = {f"c{i}": "Tư tưởng bộ đội ổn định." for i in range(1, 15)}
    (paragraph,) = draft(run(texts, lexicon), expected=14, silent=[])
    assert paragraph.startswith("14/14 đơn vị (c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 và 4 đơn vị")


def test_parts_before_a_bracket_the_unit_wrote_keep_one_space(lexicon: Lexicon):
    synthesis = run(
        {
            "c1": "Học tập chính trị theo chương trình, 88/90 đồng chí tham gia (đạt 97,8%).",
            "c2": "Học tập chính trị theo chương trình, 85/88 đồng chí tham gia (đạt 96,6%).",
        },
        lexicon,
    )
    (paragraph,) = draft(synthesis, expected=2, silent=[])
    assert "173/178 đồng chí tham gia (c1: 88/90, c2: 85/88) (đạt" in paragraph
    assert "  " not in paragraph and ")(" not in paragraph


def test_a_draft_past_its_length_counts_the_rest(lexicon: Lexicon, monkeypatch):
    # The module, not the function of the same name the package exports.
    monkeypatch.setattr(sys.modules["khth.synthesis.engine.draft"], "STATEMENTS", 2)
    synthesis = run(
        {
            "c1": "Tổ chức hội thao chào mừng ngày thành lập đơn vị.",
            "c2": "Sửa chữa doanh trại sau mưa bão.",
            "c3": "Có 1 đồng chí vi phạm kỷ luật, đã xử lý.",
            "c4": "Tăng gia sản xuất được 2 tấn rau xanh.",
        },
        lexicon,
    )
    assert len(synthesis.groups) == 4
    text = " ".join(draft(synthesis, expected=4, silent=[]))
    # The problem comes first among what is kept; two statements are counted, not written.
    assert "vi phạm kỷ luật" in text
    assert "Còn 2 ý riêng của từng đơn vị chưa đưa vào bản nháp" in text
    assert sum(unit in text for unit in ("c1", "c2", "c4")) == 1
