"""The lexicon is regulation data: the ``synthesis:`` block, or the shipped file's."""

from __future__ import annotations

import pytest
import yaml

from khth.regulations.loader import RegulationError, default_regulation_path, parse_regulation
from khth.regulations.schema.regulation import Regulation
from khth.regulations.schema.synthesis import SynthesisRules
from khth.synthesis.engine import Lexicon, lexicon_for
from khth.synthesis.engine.lexicon import shipped_rules
from khth.synthesis.engine.reading import read


@pytest.fixture(scope="module")
def shipped() -> Regulation:
    return parse_regulation(default_regulation_path().read_text(encoding="utf-8"), "default.yaml")


def test_the_shipped_file_has_the_block(shipped: Regulation):
    assert shipped.synthesis == shipped_rules()
    assert "vi phạm" in shipped.synthesis.problem_terms


def test_a_regulation_without_the_block_reads_with_the_shipped_words(shipped: Regulation):
    bare = shipped.model_copy(update={"synthesis": None})
    assert lexicon_for(bare).problem_terms == lexicon_for(shipped).problem_terms
    # One lexicon per set of rules, not one per call.
    assert lexicon_for(shipped) is lexicon_for(shipped)


def test_a_regulation_with_its_own_words_reads_with_them(shipped: Regulation):
    rules = shipped_rules().model_copy(update={"problem_terms": ("mất điện",)})
    own = lexicon_for(shipped.model_copy(update={"synthesis": rules}))
    assert own.problem_terms == ("mất điện",)
    assert read("Doanh trại mất điện 2 ngày.", own).problems == ("mất điện",)
    assert read("Có 2 trường hợp vi phạm.", own).problems == ()


def test_an_edited_file_may_leave_the_block_out():
    data = yaml.safe_load(default_regulation_path().read_text(encoding="utf-8"))
    del data["synthesis"]
    data["regulation"]["version"] = "2017.1-thu.1"
    edited = parse_regulation(yaml.safe_dump(data, allow_unicode=True), "thu.yaml")
    assert edited.synthesis is None
    assert lexicon_for(edited).problem_terms == Lexicon.from_rules(shipped_rules()).problem_terms


def test_a_phrase_under_two_keys_is_refused():
    data = yaml.safe_load(default_regulation_path().read_text(encoding="utf-8"))
    data["synthesis"]["synonyms"]["rèn luyện"] = ["quán triệt"]
    with pytest.raises(RegulationError) as error:
        parse_regulation(yaml.safe_dump(data, allow_unicode=True), "sai.yaml")
    assert "quán triệt" in str(error.value) and "synthesis" in str(error.value)


def test_the_rules_need_problem_terms():
    with pytest.raises(ValueError, match="problem_terms"):
        SynthesisRules.model_validate({"problem_terms": [], "basis": "default"})
