"""``khth bench synthesis``: how long the narrative synthesis engine takes on generated texts.

Two figures, each the median of a few runs with the engine's caches emptied first (every
sentence segmented again, as on a first visit), then the same with them full (a page shown
again):

- a company-level report: 12 units × 20 sections, one synthesis per section (goal < 1 s);
- the top of a 300-unit subtree: 300 units × 1 section (goal < 3 s);

each on the demo's texts, then with every sentence unlike any other, four a unit drawn from all
sections (the worst case: no sentence shares its segmentation, and the groups are many).

The texts are the demo's section texts (khth/demo/texts.py) with each unit's own figures, two
variants a unit, so that units say the same things in different words and numbers. Importing
underthesea and scikit-learn and loading the segmentation model are printed apart: a process
pays them once. Needs no database.
"""

from __future__ import annotations

import importlib
import random
import statistics
import sys
import time
from collections.abc import Callable

from khth.demo.texts import SECTIONS
from khth.synthesis.engine import Lexicon, Source, draft, synthesise
from khth.synthesis.engine.draft import _opens_with_verb
from khth.synthesis.engine.lexicon import shipped_rules
from khth.synthesis.engine.reading import read
from khth.synthesis.engine.text import segment, split_sentences

RUNS = 5
SUBTREE_RUNS = 3
SECTION_COUNT = 20
COMPANY_UNITS = 12
SUBTREE_UNITS = 300


def unit_text(code: str, unit: int, rng: random.Random) -> str:
    """Unit ``unit``'s text for section ``code``: up to two of its variants, with its figures."""
    variants = SECTIONS[code]
    chosen = rng.sample(variants, k=min(2, len(variants)))
    return "\n".join(unit_text_from(variant, unit, rng) for variant in chosen)


def unit_text_from(variant: str, unit: int, rng: random.Random) -> str:
    qs = rng.randint(28, 120)
    gdct = qs - rng.randint(0, 6)
    figures = {
        "unit": f"Đại đội {unit}",
        "period": "tháng 6 năm 2026",
        "qs": qs,
        "gdct": gdct,
        "tyle": f"{100 * gdct / qs:.1f}".replace(".", ","),
        "dv": rng.randint(8, 40),
        "qcut": rng.randint(1, 8),
        "kn": rng.randint(0, 3),
        "vpt": rng.randint(0, 4),
        "tin": rng.randint(5, 40),
        "kt": rng.randint(1, 4),
        "dvnc": rng.randint(20, 300),
        "hd": rng.randint(1, 4),
        "diem": f"{rng.randint(65, 95) / 10:.1f}".replace(".", ","),
    }
    return variant.format(**figures)


def section_sources(code: str, units: int, seed: int) -> list[Source]:
    rng = random.Random(seed)  # noqa: S311 — generated report texts, not secrets
    return [
        Source(ref=str(i), unit=f"c{i}", text=unit_text(code, i, rng)) for i in range(1, units + 1)
    ]


# Syllables of hamlet names: two of them make every generated sentence of the hardest case a
# sentence of its own (1,600 names) while adding as few words as a real place name does.
NAMES = (
    "An", "Bình", "Phú", "Tân", "Long", "Vĩnh", "Mỹ", "Hòa", "Thạnh", "Phước", "Thới", "Hưng",
    "Lợi", "Đông", "Tây", "Nam", "Bắc", "Trung", "Thuận", "Khánh", "Hiệp", "Hội", "Lạc", "Định",
    "Điền", "Xuyên", "Thành", "Lộc", "Quới", "Đức", "Hậu", "Mới", "Giang", "Sơn", "Hải", "Lâm",
    "Châu", "Ninh", "Quang", "Xuân",
)  # fmt: skip


def distinct_sources(units: int, seed: int) -> list[Source]:
    """``units`` texts of four passages drawn from every section, each of their sentences made
    unlike any other by a hamlet's name: the segmentation cache never helps."""
    rng = random.Random(seed)  # noqa: S311 — generated report texts, not secrets
    pool = [variant for variants in SECTIONS.values() for variant in variants]
    sources = []
    n = 0
    for i in range(1, units + 1):
        sentences = []
        for variant in rng.sample(pool, k=4):
            for sentence in split_sentences(unit_text_from(variant, i, rng)):
                n += 1
                hamlet = f"{NAMES[n % len(NAMES)]} {NAMES[n // len(NAMES) % len(NAMES)]}"
                clause = sentence[0].upper() + sentence[1:].rstrip(".")
                sentences.append(f"{clause} ở thôn {hamlet}.")
        sources.append(Source(ref=str(i), unit=f"c{i}", text=" ".join(sentences)))
    return sources


def bench_synthesis(
    *,
    sections: int = SECTION_COUNT,
    company_units: int = COMPANY_UNITS,
    subtree_units: int = SUBTREE_UNITS,
    runs: int = RUNS,
    subtree_runs: int = SUBTREE_RUNS,
) -> list[str]:
    """The figures as lines to print; the sizes are the goals' unless a test asks for less."""
    lines = []
    for module in ("underthesea", "sklearn.cluster", "sklearn.feature_extraction.text"):
        if module in sys.modules:
            lines.append(f"import {module}: already imported")
            continue
        started = time.perf_counter()
        importlib.import_module(module)
        lines.append(f"import {module}: {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    lexicon = Lexicon.from_rules(shipped_rules())
    read("Tổ chức học tập nghị quyết 12 buổi.", lexicon)
    _opens_with_verb("tổ chức học tập")
    lines.append(
        f"first use (lexicon, segmentation and tagging models): "
        f"{time.perf_counter() - started:.2f} s"
    )

    codes = list(SECTIONS)[:sections]
    company = [section_sources(code, company_units, seed=i) for i, code in enumerate(codes)]
    subtree = section_sources("giao-duc-chinh-tri", subtree_units, seed=subtree_units)
    distinct = distinct_sources(subtree_units, seed=subtree_units)
    company_distinct = [distinct_sources(company_units, seed=i) for i in range(len(codes))]
    company_name = f"{company_units} units × {len(codes)} sections"
    subtree_name = f"{subtree_units} units × 1 section"
    for name, texts, times, goal in (
        (company_name, company, runs, 1.0),
        (f"{company_name}, every sentence distinct", company_distinct, runs, 1.0),
        (subtree_name, [subtree], subtree_runs, 3.0),
        (f"{subtree_name}, every sentence distinct", [distinct], subtree_runs, 3.0),
    ):
        results = [synthesise(sources, lexicon) for sources in texts]
        sentences = sum(len(g.sentences) for r in results for g in r.groups)
        groups = sum(len(r.groups) for r in results)
        cold = _median(lambda: _run(texts, lexicon), times, clear=True)
        warm = _median(lambda: _run(texts, lexicon), times, clear=False)
        drafts = _median(lambda: _drafts(texts, lexicon), times, clear=False)
        lines.append(
            f"synthesis {name}: {sentences} sentences, {groups} groups; "
            f"{cold:.2f} s with empty caches, {warm:.2f} s with full ones "
            f"(median of {times}; goal < {goal:.0f} s); with the drafts {drafts:.2f} s "
            "(full caches)"
        )
    return lines


def _run(sections: list[list[Source]], lexicon: Lexicon) -> None:
    for sources in sections:
        synthesise(sources, lexicon)


def _drafts(sections: list[list[Source]], lexicon: Lexicon) -> None:
    for sources in sections:
        synthesis = synthesise(sources, lexicon)
        draft(synthesis, expected=len(sources) + 1, silent=["c0"])


def _median(work: Callable[[], None], runs: int, *, clear: bool) -> float:
    timings = []
    for _run_index in range(runs):
        if clear:
            read.cache_clear()
            segment.cache_clear()
            _opens_with_verb.cache_clear()
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)
