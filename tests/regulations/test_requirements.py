"""What a unit at each level must produce and keep."""

from __future__ import annotations

import pytest

from khth.regulations.loader import parse_regulation
from khth.regulations.requirements import requirements_for_level
from khth.regulations.schema import Regulation


@pytest.fixture
def reg(default_text: str) -> Regulation:
    return parse_regulation(default_text, "default.yaml")


def test_company(reg: Regulation) -> None:
    company = requirements_for_level(reg, "dai-doi")
    documents = {d.code: d for d in company.documents}
    assert documents["nq-thang"].family == "party"
    assert documents["nq-thang"].occasions == ("monthly",)
    assert documents["nq-thang"].required
    assert "hd-ctd" not in documents
    reports = {r.code: r for r in company.reports}
    assert reports["bc-thang"].deadline_working_days == 2
    assert reports["bc-thang"].frequency == "monthly"
    # No written weekly report at company (docs/regulation.md); the battalion still sends one.
    assert "bc-tuan" not in reports
    books = {b.code: b for b in company.books}
    assert books["so-nghi-quyet"].update_frequency == "monthly"
    assert books["so-nghi-quyet"].typed_document == "Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng"
    assert "so-dang-ky-van-ban-di" not in books
    training = next(t for t in company.tasks if t.code == "huan-luyen")
    assert [d.code for d in training.documents] == [
        "nq-chuyen-de",
        "kh-nhiem-vu",
        "bc-so-ket",
        "bc-tong-ket",
    ]


def test_regiment_issues_guidance(reg: Regulation) -> None:
    regiment = requirements_for_level(reg, "trung-doan")
    assert "hd-ctd" in {d.code for d in regiment.documents}
    assert {r.code: r.deadline_working_days for r in regiment.reports}["bc-thang"] == 5
    training = next(t for t in regiment.tasks if t.code == "huan-luyen")
    assert "hd-ctd" in [d.code for d in training.documents]


def test_platoon_has_nothing_of_its_own(reg: Regulation) -> None:
    platoon = requirements_for_level(reg, "trung-doi")
    assert platoon.is_empty
    assert platoon.lines().count("  (không có)") == 4


def test_lines_have_the_headings(reg: Regulation) -> None:
    lines = requirements_for_level(reg, "tieu-doan").lines()
    assert lines[0] == (
        "Cấp Tiểu đoàn: Tiểu đoàn, Đồn Biên phòng, Ban CHQS xã/phường và tương đương (tieu-doan)"
    )
    for heading in (
        "Văn kiện phải ban hành:",
        "Bộ văn kiện theo từng nhiệm vụ:",
        "Sổ sách phải giữ:",
        "Báo cáo phải gửi cấp trên:",
    ):
        assert heading in lines
    assert "  - Báo cáo đột xuất — đột xuất; hạn 1 ngày làm việc sau khi nhận yêu cầu" in lines


def test_unknown_level(reg: Regulation) -> None:
    with pytest.raises(KeyError):
        requirements_for_level(reg, "lu-doan")
