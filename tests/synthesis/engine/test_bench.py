"""``khth bench synthesis``: the command prints the figures; the bench runs on small sizes."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from khth.demo import bench_synthesis
from khth.synthesis.engine.text import split_sentences


def test_the_bench_measures_every_case_on_small_sizes():
    lines = bench_synthesis.bench_synthesis(
        sections=2, company_units=3, subtree_units=6, runs=1, subtree_runs=1
    )
    assert lines[0].startswith("import underthesea: ")
    assert lines[3].startswith("first use (lexicon, segmentation and tagging models): ")
    cases = [line.split(":")[0] for line in lines[4:]]
    assert cases == [
        "synthesis 3 units × 2 sections",
        "synthesis 3 units × 2 sections, every sentence distinct",
        "synthesis 6 units × 1 section",
        "synthesis 6 units × 1 section, every sentence distinct",
    ]
    assert all("s with empty caches" in line for line in lines[4:])


def test_generated_texts_differ_by_unit():
    sources = bench_synthesis.section_sources("giao-duc-chinh-tri", 4, seed=1)
    assert len({s.text for s in sources}) == 4
    distinct = bench_synthesis.distinct_sources(20, seed=1)
    sentences = [s for source in distinct for s in split_sentences(source.text)]
    assert len(set(sentences)) == len(sentences)


def test_the_command_prints_the_lines(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(bench_synthesis, "bench_synthesis", lambda: ["một dòng", "hai dòng"])
    out = io.StringIO()
    call_command("bench", "synthesis", stdout=out)
    assert out.getvalue() == "một dòng\nhai dòng\n"
