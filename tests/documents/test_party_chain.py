"""Issue 13: the Party chain beside the command chain. A provincial military Party committee
belongs to the provincial Party organisation (its Tỉnh ủy) as well as answering to the military
region; its documents go up either chain or both (``khth.documents.heading.superiors``), and
the header's superior line and the "Nơi nhận" follow the choice. Checked on the DOCX text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from khth.documents.heading import (
    BOTH_CHAINS,
    COMMAND_CHAIN,
    PARTY_CHAIN,
    letterhead,
    two_chains,
)
from khth.documents.render.docx import render_docx
from khth.regulations.loader import default_regulation_path, parse_regulation
from khth.regulations.schema import Regulation
from tests.documents.helpers import docx_text

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


QK = U("Quân khu 9", "quan-khu", party_body="Đảng ủy Quân khu 9", admin_abbr="QK9")
PROVINCE = U(
    "Bộ Chỉ huy Quân sự tỉnh Sóc Trăng",
    "su-doan",
    QK,
    party_body="Đảng ủy Quân sự tỉnh Sóc Trăng",
    superior_party_body="Tỉnh ủy Sóc Trăng",
    party_abbr="ĐU",
    admin_abbr="BCH",
)
# A regiment whose recorded superior is its parent's committee: one chain only.
F = U("Sư đoàn 330", "su-doan", QK, party_body="Đảng ủy Sư đoàn 330")
R = U(
    "Trung đoàn 1",
    "trung-doan",
    F,
    party_body="Đảng ủy Trung đoàn 1",
    superior_party_body="Đảng ủy Sư đoàn 330",
    admin_abbr="E1",
)


@pytest.fixture(scope="module")
def reg() -> Regulation:
    return parse_regulation(default_regulation_path().read_text(encoding="utf-8"), "default")


def text(reg: Regulation, unit: U, family: str, abbreviation: str, send_to: str | None) -> str:
    letter = letterhead(reg, unit, family, abbreviation, DAY, send_to=send_to)  # type: ignore[arg-type]
    document = letter.document("Kết quả lãnh đạo 6 tháng", [], draft=False, file_stem="x")
    return docx_text(render_docx(document))


def lines_after(body: str, label: str) -> list[str]:
    lines = body.splitlines()
    start = lines.index(label) + 1
    return [line for line in lines[start:] if line.startswith("- ")]


def test_two_chains_only_where_the_superior_party_body_is_not_the_parents(reg: Regulation) -> None:
    assert two_chains(reg, PROVINCE)
    assert not two_chains(reg, R)
    assert not two_chains(reg, QK)


@pytest.mark.parametrize(
    ("send_to", "superior", "recipients"),
    [
        (None, "TỈNH ỦY SÓC TRĂNG", ["- Tỉnh ủy Sóc Trăng,"]),
        (PARTY_CHAIN, "TỈNH ỦY SÓC TRĂNG", ["- Tỉnh ủy Sóc Trăng,"]),
        (COMMAND_CHAIN, "ĐẢNG BỘ QUÂN KHU 9", ["- Đảng ủy Quân khu 9,"]),
        (BOTH_CHAINS, "TỈNH ỦY SÓC TRĂNG", ["- Tỉnh ủy Sóc Trăng,", "- Đảng ủy Quân khu 9,"]),
    ],
)
def test_a_party_committees_resolution_goes_up_the_chosen_chain(
    reg: Regulation, send_to: str | None, superior: str, recipients: list[str]
) -> None:
    body = text(reg, PROVINCE, "party", "NQ", send_to)
    assert body.splitlines()[0].upper().startswith(superior), body[:200]
    other = {"TỈNH ỦY SÓC TRĂNG", "ĐẢNG BỘ QUÂN KHU 9"} - {superior}
    assert not any(line.upper().startswith(o) for o in other for line in body.splitlines()[:3])
    assert "ĐẢNG ỦY QUÂN SỰ TỈNH SÓC TRĂNG" in body.upper()
    assert lines_after(body, "Nơi nhận:") == [*recipients, "- Lưu Văn phòng."]


@pytest.mark.parametrize(
    ("send_to", "recipients"),
    [
        (None, ["- Quân khu 9;"]),
        (COMMAND_CHAIN, ["- Quân khu 9;"]),
        (PARTY_CHAIN, ["- Tỉnh ủy Sóc Trăng;"]),
        (BOTH_CHAINS, ["- Tỉnh ủy Sóc Trăng;", "- Quân khu 9;"]),
    ],
)
def test_a_report_goes_up_the_chosen_chain_under_its_command_header(
    reg: Regulation, send_to: str | None, recipients: list[str]
) -> None:
    body = text(reg, PROVINCE, "administrative", "BC", send_to)
    # Decree 30/2020: the header names the issuer's governing body, the command superior.
    assert body.splitlines()[0].upper().startswith("QUÂN KHU 9")
    assert lines_after(body, "Nơi nhận:") == [*recipients, "- Lưu: VT."]


@pytest.mark.parametrize("send_to", [None, PARTY_CHAIN, COMMAND_CHAIN, BOTH_CHAINS])
def test_one_chain_ignores_the_choice(reg: Regulation, send_to: str | None) -> None:
    body = text(reg, R, "party", "NQ", send_to)
    assert body.splitlines()[0].upper().startswith("ĐẢNG ỦY SƯ ĐOÀN 330")
    assert lines_after(body, "Nơi nhận:") == ["- Đảng ủy Sư đoàn 330,", "- Lưu: VT."]
