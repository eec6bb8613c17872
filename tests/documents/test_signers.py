"""Issue 13: who issues and who signs, from one place (``khth.documents.heading.issuing``): the
header's issuer, the ký hiệu's issuer part and the signature's authority agree; deputies sign
"KT.", the political agency's head "TL." for the commissar; a Party header's superior line is
the Đảng bộ; "Lưu Văn phòng" only where the issuer has one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from khth.documents.formats import family_format
from khth.documents.heading import issuing, letterhead
from khth.regulations.loader import default_regulation_path, parse_regulation
from khth.regulations.schema import Regulation

DAY = dt.date(2024, 7, 3)


@dataclass(frozen=True)
class U:
    name: str
    level: str
    parent: U | None = None
    place: str = "Sóc Trăng"
    party_body: str = ""
    superior_party_body: str = ""
    party_abbr: str = ""
    admin_abbr: str = ""


QK = U("Quân khu 9", "quan-khu", party_body="Đảng ủy Quân khu 9", admin_abbr="CT")
F = U("Sư đoàn 330", "su-doan", QK, party_body="Đảng ủy Sư đoàn 330", party_abbr="ĐU")
R = U("Trung đoàn 1", "trung-doan", F, party_body="Đảng ủy Trung đoàn 1", admin_abbr="E1")
B = U("Tiểu đoàn 1", "tieu-doan", R, party_body="Đảng ủy Tiểu đoàn 1", admin_abbr="D1")
C = U("Đại đội 1", "dai-doi", B, party_body="Chi bộ Đại đội 1", party_abbr="CB")


@pytest.fixture(scope="module")
def reg() -> Regulation:
    return parse_regulation(default_regulation_path().read_text(encoding="utf-8"), "default")


def sign(reg: Regulation, unit: U, family: str, role: str | None = None) -> tuple[str, str]:
    who = issuing(reg, unit, family, family_format(reg, family), signer_role=role)  # type: ignore[arg-type]
    return who.signature.authority, who.signature.title


def test_a_committees_resolution_is_signed_for_the_committee(reg: Regulation) -> None:
    assert sign(reg, F, "party") == ("T/M Đảng ủy", "BÍ THƯ")
    assert sign(reg, F, "party", "deputy_party_secretary") == ("T/M Đảng ủy", "PHÓ BÍ THƯ")
    assert sign(reg, C, "party") == ("T/M Chi bộ", "BÍ THƯ")


def test_deputies_sign_for_the_head(reg: Regulation) -> None:
    assert sign(reg, R, "administrative") == ("", "Chính ủy")
    assert sign(reg, R, "administrative", "deputy_commissar") == ("KT. Chính ủy", "Phó Chính ủy")
    assert sign(reg, B, "administrative", "deputy_political_officer") == (
        "KT. Chính trị viên",
        "Phó Chính trị viên",
    )
    # The head of the political agency signs the unit's document for the commissar.
    assert sign(reg, R, "administrative", "political_chief") == (
        "TL. Chính ủy",
        "Chủ nhiệm chính trị",
    )
    assert sign(reg, R, "administrative", "deputy_political_chief")[0] == "TUQ. Chính ủy"


def test_the_issuer_the_number_and_the_signature_agree(reg: Regulation) -> None:
    # The demo's Quân khu records its Cục Chính trị's "CT": the agency issues, its head signs.
    letter = letterhead(reg, QK, "administrative", "BC", DAY, number="Số: 05/BC-CT")
    assert (letter.header.superior, letter.header.issuer) == ("Quân khu 9", "Cục Chính trị")
    assert letter.signature().title == "Chủ nhiệm"
    blank = letterhead(reg, QK, "administrative", "BC", DAY)
    assert blank.header.number.endswith("/BC-CT")
    deputy = letterhead(reg, QK, "administrative", "BC", DAY, signer_role="deputy_political_chief")
    assert (deputy.signature().authority, deputy.signature().title) == (
        "KT. Chủ nhiệm",
        "Phó Chủ nhiệm",
    )
    # A unit with its own ký hiệu issues in its own name, signed by its commissar.
    own = letterhead(reg, R, "administrative", "BC", DAY)
    assert (own.header.superior, own.header.issuer) == ("Sư đoàn 330", "Trung đoàn 1")
    assert own.header.number.endswith("/BC-E1")
    assert own.signature().title == "Chính ủy"


def test_a_party_header_names_the_superior_dang_bo(reg: Regulation) -> None:
    letter = letterhead(reg, R, "party", "NQ", DAY)
    assert (letter.header.superior, letter.header.issuer) == (
        "Đảng bộ Sư đoàn 330",
        "Đảng ủy Trung đoàn 1",
    )
    # …and is sent to the superior committee itself.
    assert letter.recipients()[0] == "- Đảng ủy Sư đoàn 330,"
    # A Party cell under a body the unit recorded keeps what was recorded.
    commune = U("Ban CHQS xã A", "tieu-doan", R, superior_party_body="Đảng ủy xã A")
    assert letterhead(reg, commune, "party", "NQ", DAY).header.superior == "Đảng ủy xã A"


def test_the_file_copy_goes_to_a_van_phong_only_where_there_is_one(reg: Regulation) -> None:
    assert letterhead(reg, F, "party", "NQ", DAY).recipients()[-1] == "- Lưu Văn phòng."
    assert letterhead(reg, C, "party", "NQ", DAY).recipients()[-1] == "- Lưu: VT."
    assert letterhead(reg, R, "administrative", "BC", DAY).recipients()[-1] == "- Lưu: VT."
