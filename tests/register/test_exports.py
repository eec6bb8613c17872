"""The outgoing and incoming registers of a year as XLSX and DOCX on the columns of Decree
30/2020/NĐ-CP, with the secrecy and urgency marks; secret documents left out for people without
clearance, kept (and marked) by ``khth register export``, which runs as the operator."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse

from khth.docsystem.register.actions import (
    Incoming,
    Outgoing,
    add_party_term,
    register_incoming,
    register_outgoing,
)
from khth.units.actions import update_unit
from tests.cli.helpers import run
from tests.documents.helpers import docx_text

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OUTGOING_COLUMNS = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
    "Độ mật",
    "Độ khẩn",
]
INCOMING_COLUMNS = [
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu",
    "Ngày tháng",
    "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Ký nhận",
    "Ghi chú",
    "Độ mật",
    "Độ khẩn",
]


@pytest.fixture
def registers(world: Any) -> None:
    """C1's registers. Outgoing 2024: a plan (administrative, 01), the chi bộ's resolution
    (Party, 1), a TỐI MẬT report (02, urgent); 2025: one report. Incoming: two in 2024 (the second
    MẬT), one that arrived on 2 January 2025."""
    officer = world.users["po_c1"]
    unit = update_unit(world.unit("C1"), by=None, party_abbr="ĐU", admin_abbr="CT")
    add_party_term(unit, name="Nhiệm kỳ 2020 – 2025", starts_on=dt.date(2020, 10, 15), by=officer)

    def out(kind: str, day: dt.date, summary: str, **extra: Any) -> None:
        data = Outgoing(kind_code=kind, dated=day, summary=summary, **extra)
        register_outgoing(unit, data, by=officer)

    out(
        "kh-ctd-thang",
        dt.date(2024, 3, 1),
        "CTĐ, CTCT tháng 3/2024",
        signer="Phạm Văn Một",
        recipients="Tiểu đoàn 1\nCác trung đội",
        copies=4,
        file_holder="Văn thư đại đội",
        notes="Gửi kèm lịch",
    )
    out("nq-thang", dt.date(2024, 3, 2), "Lãnh đạo thực hiện nhiệm vụ tháng 3/2024")
    out(
        "bc-dinh-ky",
        dt.date(2024, 3, 31),
        "Báo cáo tình hình tư tưởng quý I",
        secrecy="toi_mat",
        urgency="khan",
    )
    out("bc-dinh-ky", dt.date(2025, 1, 5), "Kết quả tháng 12/2024")

    def received(day: dt.date, theirs: str, summary: str, **extra: Any) -> None:
        data = Incoming(
            sender="Tiểu đoàn 1",
            number_text=theirs,
            dated=day - dt.timedelta(days=2),
            received_on=day,
            summary=summary,
            **extra,
        )
        register_incoming(unit, data, by=officer)

    received(
        dt.date(2024, 2, 10), "Số: 12/HD-TĐ1", "Hướng dẫn giáo dục chính trị", kind_code="hd-ctd"
    )
    received(
        dt.date(2024, 12, 31),
        "Số: 40/TB-TĐ1",
        "Tình hình an ninh địa bàn",
        secrecy="mat",
        handled_by="Chính trị viên",
    )
    received(dt.date(2025, 1, 2), "Số: 01/KH-TĐ1", "Kế hoạch năm 2025")


def url(name: str, unit: str, direction: str, year: int) -> str:
    return reverse(name, args=[unit, direction, year])


def rows(content: bytes) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# --- XLSX ------------------------------------------------------------------------------------


def test_the_outgoing_register_of_a_year_on_the_decree_columns(world, registers):
    response = world.client("po_c1").get(url("register-xlsx", "C1", "out", 2024))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Cache-Control"] == "private, no-store"
    disposition = unquote(response["Content-Disposition"])
    assert "Sổ đăng ký văn bản đi năm 2024 - Đại đội 1.xlsx" in disposition
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames == ["Văn bản đi 2024"]
    table = rows(response.content)
    assert table[0] == OUTGOING_COLUMNS
    assert [row[0] for row in table[1:]] == ["Số: 01/KH-CT", "Số 1-NQ/ĐU", "Số: 02/BC-CT"]
    plan = table[1]
    assert plan[1].date() == dt.date(2024, 3, 1)
    assert plan[2:7] == [
        "Kế hoạch CTĐ, CTCT tháng 3/2024",
        "Phạm Văn Một",
        "Tiểu đoàn 1\nCác trung đội",
        "Văn thư đại đội",
        4,
    ]
    # Handed over and signed for on paper.
    assert plan[7:9] == [None, None]
    assert plan[9:] == ["Gửi kèm lịch", None, None]
    # The type name is not repeated when the summary starts with it.
    assert table[3][2] == "Báo cáo tình hình tư tưởng quý I"
    assert table[3][10:] == ["TỐI MẬT", "KHẨN"]


def test_the_incoming_register_follows_the_arrival_numbers(world, registers):
    table = rows(world.client("po_c1").get(url("register-xlsx", "C1", "in", 2024)).content)
    assert table[0] == INCOMING_COLUMNS
    assert [(row[0].date(), row[1], row[3]) for row in table[1:]] == [
        (dt.date(2024, 2, 10), 1, "Số: 12/HD-TĐ1"),
        (dt.date(2024, 12, 31), 2, "Số: 40/TB-TĐ1"),
    ]
    assert table[1][2] == "Tiểu đoàn 1"
    assert table[1][5] == "Hướng dẫn giáo dục chính trị"
    assert table[2][6] == "Chính trị viên"
    assert table[2][9] == "MẬT"
    next_year = rows(world.client("po_c1").get(url("register-xlsx", "C1", "in", 2025)).content)
    assert [(row[1], row[3]) for row in next_year[1:]] == [(1, "Số: 01/KH-TĐ1")]


def test_a_year_without_documents_gives_the_empty_register(world, registers):
    table = rows(world.client("po_c1").get(url("register-xlsx", "C1", "out", 2023)).content)
    assert table == [OUTGOING_COLUMNS]


# --- DOCX ------------------------------------------------------------------------------------


def test_the_register_prints_as_the_units_book(world, registers):
    response = world.client("po_c1").get(url("register-docx", "C1", "out", 2024))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Cache-Control"] == "private, no-store"
    text = docx_text(response.content)
    for expected in [
        "TIỂU ĐOÀN 1",
        "ĐẠI ĐỘI 1",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
        "Năm 2024",
        "Số văn bản vào sổ: 3.",
        "Số, ký hiệu văn bản",
        "Độ mật, khẩn",
        "Số: 01/KH-CT",
        "01/03/2024",
        "Nghị quyết Lãnh đạo thực hiện nhiệm vụ tháng 3/2024",
        "TỐI MẬT\nKHẨN",
    ]:
        assert expected in text, expected
    assert "Kết quả tháng 12/2024" not in text  # 2025's


def test_the_incoming_register_prints_too(world, registers):
    text = docx_text(world.client("po_c1").get(url("register-docx", "C1", "in", 2024)).content)
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in text
    assert "Số: 40/TB-TĐ1" in text and "31/12/2024" in text
    assert "Số: 01/KH-TĐ1" not in text


# --- scope and secrecy -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "numbers"),
    [
        ("po_c1", ["Số: 01/KH-CT", "Số 1-NQ/ĐU", "Số: 02/BC-CT"]),
        ("po_b1", ["Số: 01/KH-CT", "Số 1-NQ/ĐU", "Số: 02/BC-CT"]),
        ("cmd_b1", ["Số: 01/KH-CT", "Số 1-NQ/ĐU", "Số: 02/BC-CT"]),
        # The assistant reads MẬT only: the TỐI MẬT report is not in the register they get.
        ("as_c1", ["Số: 01/KH-CT", "Số 1-NQ/ĐU"]),
        # The division's administrator manages accounts, not secrets.
        ("admin_d", ["Số: 01/KH-CT", "Số 1-NQ/ĐU"]),
    ],
)
def test_secret_documents_are_left_out_beyond_clearance(world, registers, username, numbers):
    for name in ("register-xlsx", "register-docx"):
        response = world.client(username).get(url(name, "C1", "out", 2024))
        assert response.status_code == 200
        if name == "register-xlsx":
            assert [row[0] for row in rows(response.content)[1:]] == numbers
        else:
            text = docx_text(response.content)
            assert ("TỐI MẬT" in text) is ("Số: 02/BC-CT" in numbers)
            assert ("Báo cáo tình hình tư tưởng" in text) is ("Số: 02/BC-CT" in numbers)


def test_a_mat_document_is_kept_for_the_assistant(world, registers):
    table = rows(world.client("as_c1").get(url("register-xlsx", "C1", "in", 2024)).content)
    assert [row[9] for row in table[1:]] == [None, "MẬT"]


@pytest.mark.parametrize("name", ["register-xlsx", "register-docx"])
def test_registers_follow_the_scope(world, registers, name):
    assert world.client("po_c2").get(url(name, "C1", "out", 2024)).status_code == 404
    assert world.client("nobody").get(url(name, "C1", "out", 2024)).status_code == 404
    assert world.client("po_c1").get(url(name, "ZZ", "out", 2024)).status_code == 404
    # Only two directions, and years a register can have.
    assert world.client("po_c1").get(url(name, "C1", "sideways", 2024)).status_code == 404
    assert world.client("po_c1").get(url(name, "C1", "out", 99999)).status_code == 404


def test_registers_need_a_login(world, client):
    response = client.get(url("register-xlsx", "C1", "out", 2024))
    assert response.status_code == 302 and "/login" in response["Location"]


# --- khth register export --------------------------------------------------------------------


def test_the_operator_gets_every_document_with_its_secrecy_marked(registers, tmp_path):
    out = tmp_path / "di.xlsx"
    result = run(
        "register", "export", "--unit", "C1", "--direction", "out", "--year", "2024",
        "--format", "xlsx", "--out", str(out),
    )  # fmt: skip
    assert not result.failed, result.errors
    assert "Đã ghi" in result.err
    table = rows(out.read_bytes())
    assert table[0] == OUTGOING_COLUMNS
    assert [(row[0], row[10]) for row in table[1:]] == [
        ("Số: 01/KH-CT", None),
        ("Số 1-NQ/ĐU", None),
        ("Số: 02/BC-CT", "TỐI MẬT"),
    ]
    docx = tmp_path / "den.docx"
    result = run(
        "register", "export", "--unit", "C1", "--direction", "in", "--year", "2024",
        "--format", "docx", "--out", str(docx),
    )  # fmt: skip
    assert not result.failed, result.errors
    text = docx_text(docx.read_bytes())
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in text and "Tình hình an ninh địa bàn" in text


def test_the_command_explains_what_is_wrong(world, tmp_path):
    out = str(tmp_path / "x.xlsx")
    base = ["register", "export", "--direction", "out", "--format", "xlsx", "--out", out]
    assert run(*base, "--unit", "ZZ", "--year", "2024").error == "Không có đơn vị mã «ZZ»"
    assert run(*base, "--unit", "C1", "--year", "24").error == "Năm «24» không hợp lệ"
    result = run("register", "export", "--unit", "C1", "--direction", "out", "--year", "2024",
                 "--format", "xlsx")  # fmt: skip
    assert result.failed and "--out" in (result.error or "")
