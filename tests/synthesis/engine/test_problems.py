"""Problem sentences flagged; a sentence saying a problem did NOT happen is not one."""

from __future__ import annotations

import pytest

from khth.synthesis.engine import Lexicon
from khth.synthesis.engine.reading import read
from tests.synthesis.engine.helpers import group_of, run


@pytest.mark.parametrize(
    ("sentence", "problems"),
    [
        ("Có 2 trường hợp vi phạm kỷ luật.", ("vi phạm",)),
        ("Còn 1 đồng chí chậm đóng đảng phí.", ("chậm",)),
        ("Một số báo cáo chưa kịp thời.", ("chưa",)),
        ("Chưa có kế hoạch bồi dưỡng.", ("chưa",)),  # "chưa có" cancelled nothing
        ("Đề nghị cấp trên bổ sung tài liệu.", ("đề nghị",)),
        ("Kiến nghị trên cấp thêm kinh phí.", ("kiến nghị",)),
        ("Đề xuất cấp trên hỗ trợ dụng cụ thể thao.", ("đề xuất",)),
        ("Đơn vị gặp nhiều khó khăn về doanh trại.", ("khó khăn",)),
        ("Sử dụng điện thoại không đúng quy định.", ("không đúng",)),
        ("Có 1 đồng chí có biểu hiện tư tưởng dao động.", ("tư tưởng dao động", "biểu hiện")),
        # In lexicon order, not the sentence's.
        ("Tồn tại, hạn chế: sổ sách cập nhật chậm.", ("hạn chế", "tồn tại", "chậm")),
        # The negation does not reach past "còn", nor past a full stop.
        ("Không có vi phạm nghiêm trọng, còn 2 trường hợp vi phạm thông thường.", ("vi phạm",)),
        ("Không có vi phạm. Còn thiếu tài liệu.", ("thiếu",)),
    ],
)
def test_problem_terms_are_found(lexicon: Lexicon, sentence: str, problems: tuple[str, ...]):
    assert read(sentence, lexicon).problems == problems


@pytest.mark.parametrize(
    "sentence",
    [
        "Tư tưởng bộ đội ổn định, yên tâm công tác.",
        "Không có vi phạm kỷ luật.",
        "Quân nhân không vi phạm kỷ luật.",
        "Không phát hiện đảng viên vi phạm.",
        "Chưa phát hiện trường hợp vi phạm.",
        "Kỷ luật được duy trì nghiêm, không có trường hợp nào vi phạm.",
        "Không để xảy ra lộ, lọt bí mật.",
        "Không để xảy ra vụ việc, tai nạn, mất an toàn.",
        "Không có đảng viên vi phạm phải xử lý kỷ luật.",
        "Thăm hỏi 2 gia đình có hoàn cảnh khó khăn.",
        "Giải quyết 2 trường hợp có hoàn cảnh gia đình khó khăn.",
        "Thiếu úy Nguyễn Văn An được khen thưởng.",
        "Hoàn thành hồ sơ đề nghị kết nạp 2 quần chúng ưu tú.",
        "Thực hiện tốt công tác phòng, chống tham nhũng, tiêu cực.",
        "Tiếp tục chừa bỏ thói quen xấu.",  # "chừa" is not "chưa"
        "0 trường hợp vi phạm kỷ luật.",  # a zero count says there was none
        "Có 0 vụ việc mất an toàn.",
    ],
)
def test_no_problem(lexicon: Lexicon, sentence: str):
    assert read(sentence, lexicon).problems == ()


def test_terms_match_whatever_the_tone_mark_placement():
    # The file spells it the old way, the unit the new way (and the other way round).
    lexicon = Lexicon(problem_terms=("thuỷ lợi hư hỏng", "hòa giải"))
    assert read("Công trình thủy lợi hư hỏng.", lexicon).problems == ("thuỷ lợi hư hỏng",)
    assert read("Phải hoà giải mâu thuẫn.", lexicon).problems == ("hòa giải",)


def test_a_problem_group_carries_its_terms(lexicon: Lexicon):
    synthesis = run(
        {
            "c1": "Có 2 trường hợp vi phạm kỷ luật thông thường.",
            "c2": "Có 1 trường hợp vi phạm kỷ luật thông thường, đã nhắc nhở.",
            "c3": "Không có vi phạm kỷ luật.",
        },
        lexicon,
    )
    problem = group_of(synthesis, "Có 2 trường hợp vi phạm kỷ luật thông thường.")
    assert problem.is_problem and problem.problems == ("vi phạm",)
    assert problem.units == ("c1", "c2")
    clean = group_of(synthesis, "Không có vi phạm kỷ luật.")
    assert not clean.is_problem and clean.units == ("c3",)
