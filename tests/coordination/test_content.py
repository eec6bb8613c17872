"""What the partner receives holds the agreed indicators and nothing else of the unit's data: the
DOCX (official administrative format, addressed to the partner), the XLSX and the JSON of an
exchange report name exactly the agreed indicators, with the values computed here from what
the companies reported, and neither the other indicators nor the units under the owner."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest

from khth.coordination.actions import generate_exchange, save_exchange, send_exchange
from khth.coordination.documents import exchange_document, exchange_spreadsheet
from khth.coordination.models import ExchangeReport
from khth.documents.render.docx import render_docx
from khth.documents.render.xlsx import render_workbook
from khth.regulations.access import active_regulation
from tests.api.test_api import api
from tests.coordination.conftest import (
    AGREED,
    CANDIDATES,
    ENTERED,
    PARTNER,
    QUARTER,
    TODAY,
)
from tests.documents.helpers import LIBREOFFICE, docx_text, libreoffice_text

pytestmark = pytest.mark.django_db

SENT_ON = dt.date(2024, 10, 6)
MEMBERS = "38"


@pytest.fixture
def sent(world, agreement, quarter_reports):
    report = generate_exchange(agreement, QUARTER, by=world.users["po_b1"], today=TODAY)
    report = save_exchange(
        report,
        values={ENTERED: MEMBERS},
        note="Đề nghị phối hợp rà soát nguồn.",
        by=world.users["po_b1"],
        base_revision=report.revision,
    )
    return send_exchange(report, by=world.users["po_b1"], dated=SENT_ON)


def number(report: ExchangeReport) -> str:
    assert report.registered is not None
    return report.registered.number_text


def names() -> tuple[set[str], set[str]]:
    """(agreed indicator names, every other indicator name the regulation knows)."""
    regulation = active_regulation()
    coordination = {i.code: i.name for i in regulation.followup.coordination.indicators}
    agreed = {coordination[code] for code in AGREED}
    others = set(coordination.values())
    for template in regulation.report_templates:
        others |= {i.name for i in template.indicators}
    return agreed, others - agreed


SUBORDINATES = ["Đại đội 1", "Đại đội 2", "Đại đội 3", "Tiểu đoàn 2"]
PEOPLE = ["Phạm Văn Một", "Hoàng Văn Hai", "Vũ Văn Ba"]


def assert_only_the_agreed(text: str) -> None:
    """Each agreed name is there; no other name is — as a line (a table cell) when it is part
    of an agreed name ("Số đảng viên" in "Số đảng viên trong dân quân…"), anywhere otherwise."""
    agreed, others = names()
    lines = set(text.splitlines())
    for name in agreed:
        assert name in lines, name
    for name in others:
        if any(name in a for a in agreed):
            assert name not in lines, name
        else:
            assert name not in text, name
    for name in SUBORDINATES + PEOPLE:
        assert name not in text, name


def test_the_docx_sent_to_the_partner(world, sent):
    text = docx_text(render_docx(exchange_document(sent)))
    assert_only_the_agreed(text)
    total = str(CANDIDATES["C1"] + CANDIDATES["C2"])
    lines = text.splitlines()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "TIỂU ĐOÀN 1" in text  # the issuer, under its superior
    assert number(sent) in lines
    assert "ngày 06 tháng 10 năm 2024" in text
    assert f"Kính gửi: {PARTNER}." in lines
    assert "Quy chế phối hợp số 05/QCPH ký ngày 2-1-2024" in text
    assert f"Trao đổi thông tin quý III/2024 với {PARTNER}" in text
    assert total in lines and MEMBERS in lines
    assert "Đề nghị phối hợp rà soát nguồn." in lines
    assert f"- {PARTNER};" in lines
    assert "DỰ THẢO" not in text
    assert "/reports/" not in text  # the links to the sources stay inside KHTH


def test_a_draft_says_so_and_has_no_number_yet(world, agreement, quarter_reports):
    draft = generate_exchange(agreement, QUARTER, by=world.users["po_b1"], today=TODAY)
    text = docx_text(render_docx(exchange_document(draft)))
    assert "DỰ THẢO" in text
    assert "Số:" in text and "/BC-" in text
    assert_only_the_agreed(text)


def test_the_xlsx(world, sent):
    book = openpyxl.load_workbook(io.BytesIO(render_workbook(exchange_spreadsheet(sent))))
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert_only_the_agreed("\n".join(cells))
    rows = list(book["Trao đổi thông tin"].iter_rows(min_row=2, values_only=True))
    agreed, _others = names()
    assert {r[1] for r in rows} == agreed
    values = {r[1]: r[3] for r in rows}
    assert (
        values["Số quần chúng ưu tú (đối tượng kết nạp Đảng)"]
        == CANDIDATES["C1"] + CANDIDATES["C2"]
    )
    assert values["Số đảng viên trong dân quân tự vệ, dự bị động viên"] == int(MEMBERS)
    facts = {r[0]: r[1] for r in book["Thông tin chung"].iter_rows(min_row=2, values_only=True)}
    assert facts["Nơi nhận"] == PARTNER
    assert facts["Số văn bản"] == number(sent)


def test_the_json(world, sent):
    response = api("po_b1").get(f"/api/v1/exchanges/{sent.pk}")
    assert response.status_code == 200
    body = response.json()
    assert [v["code"] for v in body["values"]] == AGREED
    assert {v["code"]: v["value"] for v in body["values"]} == {
        ENTERED: MEMBERS,
        "quan-chung-uu-tu": str(CANDIDATES["C1"] + CANDIDATES["C2"]),
    }
    assert body["number"] == number(sent)
    shown = [v["name"] for v in body["values"]]
    assert set(shown) == names()[0]
    assert_only_the_agreed("\n".join([*shown, json.dumps(body, ensure_ascii=False)]))


@pytest.mark.skipif(
    LIBREOFFICE is None,
    reason="LIBREOFFICE MISSING: apt-get install libreoffice-writer-nogui — "
    "the DOCX was not checked with an office suite",
)
def test_libreoffice_opens_it(world, sent, tmp_path):
    source = tmp_path / "trao-doi.docx"
    source.write_bytes(render_docx(exchange_document(sent)))
    text = libreoffice_text(source, tmp_path / "profile")
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "TIỂU ĐOÀN 1",
        f"Kính gửi: {PARTNER}.",
        "Số quần chúng ưu tú (đối tượng kết nạp Đảng)",
        "Số đảng viên trong dân quân tự vệ, dự bị động viên",
        "ngày 06 tháng 10 năm 2024",
    ]:
        assert expected in text, expected
