"""Stored narrative HTML → document blocks: what the editor showed is what prints."""

from __future__ import annotations

import pytest

from khth.documents.model import Paragraph, Run, Table
from khth.documents.richtext import html_to_blocks


def paragraphs(html: str) -> list[Paragraph]:
    blocks = html_to_blocks(html)
    assert all(isinstance(b, Paragraph) for b in blocks)
    return [b for b in blocks if isinstance(b, Paragraph)]


def test_runs_keep_bold_italic_underline_and_collapse_spaces():
    (p,) = paragraphs("<p>Đơn vị   <b>duy trì <i>nghiêm</i></b>\n <u>chế độ</u>.</p>")
    assert p.runs == (
        Run("Đơn vị "),
        Run("duy trì ", bold=True),
        Run("nghiêm", bold=True, italic=True),
        Run(" "),
        Run("chế độ", underline=True),
        Run("."),
    )
    assert p.text == "Đơn vị duy trì nghiêm chế độ."


def test_line_breaks_stay_and_empty_paragraphs_go():
    result = paragraphs("<p> Dòng một <br> dòng hai<br></p><p> </p><p><br></p>")
    assert [p.text for p in result] == ["Dòng một\ndòng hai"]


def test_text_outside_paragraphs_is_a_paragraph():
    assert [p.text for p in paragraphs("Trước<p>Giữa</p>Sau")] == ["Trước", "Giữa", "Sau"]


def test_entities_are_decoded_and_text_is_nfc():
    decomposed = "Đa\u0309ng u\u0309y &amp; chi bộ"
    (p,) = paragraphs(f"<p>{decomposed}</p>")
    assert p.text == "Đảng ủy & chi bộ"


def test_lists_get_vietnamese_markers_and_levels():
    html = (
        "<ul><li>Một</li><li><p>Hai</p><p>tiếp theo</p>"
        "<ol><li>con một</li><li>con hai</li></ol></li></ul>"
        "<ol><li>Thứ nhất</li><li>Thứ hai</li></ol>"
    )
    result = paragraphs(html)
    assert [(p.marker, p.level, p.continued, p.text) for p in result] == [
        ("-", 0, False, "Một"),
        ("-", 0, False, "Hai"),
        ("", 0, True, "tiếp theo"),
        ("a)", 1, False, "con một"),
        ("b)", 1, False, "con hai"),
        ("1.", 0, False, "Thứ nhất"),
        ("2.", 0, False, "Thứ hai"),
    ]


def test_tables_with_heading_rows_and_spans():
    html = (
        "<table><thead><tr><th>Nội dung</th><th colspan='2'>Kết quả</th></tr></thead>"
        "<tbody><tr><td rowspan='2'>Học tập</td><td>1.234</td><td><b>95,8%</b></td></tr>"
        "<tr><td>2</td><td>3</td></tr></tbody></table>"
    )
    (table,) = html_to_blocks(html)
    assert isinstance(table, Table)
    assert table.header_rows == 1
    assert table.columns == 3
    assert [[c.text for c in row] for row in table.rows] == [
        ["Nội dung", "Kết quả"],
        ["Học tập", "1.234", "95,8%"],
        ["2", "3"],
    ]
    assert (table.rows[0][1].colspan, table.rows[1][0].rowspan) == (2, 2)
    assert table.rows[1][2].paragraphs[0].runs == (Run("95,8%", bold=True),)
    assert table.rows[0][0].header and not table.rows[1][0].header


def test_a_table_in_a_cell_becomes_lines_of_that_cell():
    html = "<table><tr><td>Ngoài<table><tr><td>a</td><td>b</td></tr></table></td></tr></table>"
    (table,) = html_to_blocks(html)
    assert isinstance(table, Table)
    assert [p.text for p in table.rows[0][0].paragraphs] == ["Ngoài", "a | b"]


@pytest.mark.parametrize("html", ["", "   ", "<p></p>", "<table></table>", "<ul></ul>"])
def test_nothing_gives_no_blocks(html):
    assert html_to_blocks(html) == []


def test_unclosed_markup_is_still_read():
    blocks = html_to_blocks("<p>Một <b>đậm<table><tr><td>ô")
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["Một đậm"]
    assert isinstance(blocks[-1], Table) and blocks[-1].rows[0][0].text == "ô"
