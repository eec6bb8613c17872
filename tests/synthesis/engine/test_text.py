"""Sentence splitting, and segmentation that works with the network cut off."""

from __future__ import annotations

import importlib
import socket
from typing import Any

import pytest

from khth.synthesis.engine import Lexicon, Source, draft, synthesise
from khth.synthesis.engine.draft import _opens_with_verb
from khth.synthesis.engine.reading import read
from khth.synthesis.engine.text import MAX_SENTENCE_CHARS, segment, split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Đơn vị c1/d1 học tập ngày 15/3. Tổ chức 12 buổi.",
            ["Đơn vị c1/d1 học tập ngày 15/3.", "Tổ chức 12 buổi."],
        ),
        (
            "Quán triệt CTĐ, CTCT trong huấn luyện. Tỷ lệ 98,5%, giúp dân 1.200 ngày công.",
            ["Quán triệt CTĐ, CTCT trong huấn luyện.", "Tỷ lệ 98,5%, giúp dân 1.200 ngày công."],
        ),
        # ";" ends a statement; "v.v." ends a sentence before a capital, not before a small letter.
        (
            "Học tập nghị quyết; duy trì đọc báo, nghe tin, v.v. Kết nạp 2 đảng viên.",
            ["Học tập nghị quyết", "duy trì đọc báo, nghe tin, v.v.", "Kết nạp 2 đảng viên."],
        ),
        (
            "Tham gia văn nghệ, thể thao v.v. và tăng gia.",
            ["Tham gia văn nghệ, thể thao v.v. và tăng gia."],
        ),
        (
            "TS. Nguyễn Văn An báo cáo chuyên đề. Đ/c Nguyễn V. Bình dự.",
            ["TS. Nguyễn Văn An báo cáo chuyên đề.", "Đ/c Nguyễn V. Bình dự."],
        ),
        # A ";" inside brackets lists parts of one statement.
        (
            "Tham gia từ 96,8% đến 97% (c1: 97%; c2: 96,8%); kết nạp 2 đảng viên.",
            ["Tham gia từ 96,8% đến 97% (c1: 97%; c2: 96,8%)", "kết nạp 2 đảng viên."],
        ),
        # List markers go, paragraphs are lines; a closing quote stays with its sentence.
        (
            "1. Tổ chức học tập.\n"
            "- Thi đua «Tuổi trẻ giữ vững kỷ luật.» Đoàn viên hưởng ứng.\n"
            "a) Xong",
            [
                "Tổ chức học tập.",
                "Thi đua «Tuổi trẻ giữ vững kỷ luật.»",
                "Đoàn viên hưởng ứng.",
                "Xong",
            ],
        ),
        # Decomposed (NFD) input comes out composed; spaces collapse; no letter, no sentence.
        ("Tư tu\u031b\u01a1\u0309ng   ổn định.  12 34. !!! 😀.", ["Tư tưởng ổn định."]),
    ],
)
def test_sentences(text: str, sentences: list[str]):
    assert split_sentences(text) == sentences


def test_a_sentence_without_end_is_cut_to_a_readable_length():
    pieces = split_sentences("Đơn vị thực hiện tốt, " * 200)
    assert len(pieces) > 1 and all(len(p) <= MAX_SENTENCE_CHARS + 1 for p in pieces)


def test_segmentation_keeps_masked_numbers_apart_and_normalises_tone_marks():
    assert segment("tổ chức 0 buổi , 0 / 0 đồng chí , đạt 0 %") == (
        "tổ chức", "0", "buổi", ",", "0", "/", "0", "đồng chí", ",", "đạt", "0", "%",
    )  # fmt: skip
    assert segment("hoà bình") == segment("hòa bình")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every outgoing connection fails, and underthesea's models load again from disk."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError("network is not allowed")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # Their models load on first use, when a download would happen if one ever did.
    segmenter = importlib.import_module("underthesea.pipeline.word_tokenize")
    tagger = importlib.import_module("underthesea.pipeline.pos_tag")
    monkeypatch.setattr(segmenter, "word_tokenize_model", None)
    monkeypatch.setattr(tagger, "pos_model_v2", None)
    read.cache_clear()
    segment.cache_clear()
    _opens_with_verb.cache_clear()


@pytest.mark.usefixtures("no_network")
def test_the_engine_needs_no_network(lexicon: Lexicon):
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80))
    assert segment("cán bộ , chiến sĩ quán triệt nghị quyết") == (
        "cán bộ", ",", "chiến sĩ", "quán triệt", "nghị quyết",
    )  # fmt: skip
    synthesis = synthesise(
        [
            Source("1", "c1", "Tổ chức học tập nghị quyết 12 buổi."),
            Source("2", "c2", "Tổ chức học tập nghị quyết được 8 buổi."),
        ],
        lexicon,
    )
    assert draft(synthesis, expected=2, silent=[]) == [
        "2/2 đơn vị (c1, c2) tổ chức học tập nghị quyết tổng cộng 20 buổi (c1: 12, c2: 8)."
    ]
