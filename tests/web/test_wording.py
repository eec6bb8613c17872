"""Wording (issue 13): terms users read as wrong, checked where they live — the templates, the
regulation data, the demo data and the Python strings of khth (gettext msgids and the text of
generated documents). A rule names the wrong pattern, the right form and where it applies; each
rule also proves on an example that it catches the wrong form and lets the right one pass.

Sources of the right forms: the seed articles (shared/seeds) and the domain notes (domain.md).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from khth.regulations.loader import default_regulation_path, parse_regulation
from khth.regulations.schema import Regulation

ROOT = Path(__file__).resolve().parents[2]
KHTH = ROOT / "khth"

TEMPLATES, REGULATION, DEMO, PYTHON = "templates", "regulation", "demo", "python"
EVERYWHERE = frozenset({TEMPLATES, REGULATION, DEMO, PYTHON})
# The coordination pages and their history labels: a provincial board is a «cơ quan», never an
# «đơn vị» (a military unit); a plan's participating units elsewhere are «đơn vị phối hợp».
COORDINATION = ("khth/coordination/", "khth/web/history.py", "khth/regulations/data/")


@dataclass(frozen=True)
class Rule:
    wrong: str  # a regular expression
    right: str
    basis: str
    wrong_example: str
    right_example: str
    where: frozenset[str] = EVERYWHERE
    paths: tuple[str, ...] = ()  # only files under these (relative to the project), if given


RULES = (
    Rule(
        r"(?i:công tác) đảng(?! viên)",
        "công tác Đảng",
        "seeds 001–004: «công tác Đảng, công tác chính trị»; «công tác đảng viên» is a common noun",
        "Kết quả công tác đảng, công tác chính trị",
        "Kết quả công tác Đảng, công tác chính trị; nghiệp vụ công tác đảng viên",
    ),
    Rule(
        r"(?!Ban Tổ chức Tỉnh ủy|BAN TỔ CHỨC TỈNH ỦY)(?i:ban tổ chức tỉnh [uủ][yỷ])",
        "Ban Tổ chức Tỉnh ủy",
        "seed 003",
        "phối hợp với ban tổ chức tỉnh ủy",
        "phối hợp với Ban Tổ chức Tỉnh ủy Sóc Trăng",
    ),
    Rule(
        r"Bộ CH BĐBP",
        "Bộ Chỉ huy BĐBP",
        "seed 002 «Bộ Chỉ huy BĐBP 44 tỉnh, thành»; domain.md §3",
        "Bộ CH BĐBP tỉnh",
        "Bộ Chỉ huy BĐBP tỉnh",
    ),
    Rule(
        r"\bLHĐ\b",
        "no abbreviation: the lịch hoạt động has none (domain.md §2; Decree 30/2020, Appendix III)",
        "domain.md §2",
        "Số: 05/LHĐ-CT",
        "Số: 05/CT",
    ),
    Rule(
        r"(?i)hạ mức",
        "điều kiện khống chế",
        "default.yaml sources: «khung đánh giá 100 điểm, 4 mức và điều kiện khống chế»",
        "Điều kiện hạ mức xếp loại",
        "Điều kiện khống chế mức xếp loại",
    ),
    Rule(
        r"\bTổ chức đảng\b",
        "Cấp ủy (the committee); «tổ chức đảng» stays as a common noun",
        "domain.md §2: cấp ủy = Party committee",
        "Tổ chức đảng cấp trên",
        "Cấp ủy cấp trên; số tổ chức đảng đạt trong sạch vững mạnh",
        where=frozenset({TEMPLATES, PYTHON}),
    ),
    Rule(r"\bTầng\b", "Cấp", "domain.md §3: levels are «cấp»", "Tầng", "Cấp; hạ tầng"),
    Rule(r"Đơn vị nhập", "Nhập tay", "issue 13", "Đơn vị nhập", "Nhập tay"),
    Rule(
        r"(?i)đơn vị phối hợp",
        "cơ quan phối hợp",
        "seed 003: Ban Tổ chức Tỉnh ủy is a body, not a unit",
        "Thêm đơn vị phối hợp",
        "Thêm cơ quan phối hợp",
        paths=COORDINATION,
    ),
    Rule(
        r"(?i)văn bản phối hợp",
        "Quy chế phối hợp",
        "seed 003: «quy chế phối hợp»",
        "Sửa văn bản phối hợp",
        "Sửa quy chế phối hợp",
        paths=COORDINATION,
    ),
    Rule(
        r"thông báo để\b.{0,80}\bbiết",
        "a báo cáo's closing («Trên đây là báo cáo … gửi … để …»)",
        "domain.md §2: a thông báo (TB) or công văn (CV) is another kind of document",
        "Trung đoàn 1 thông báo để Ban Tổ chức Tỉnh ủy biết, phối hợp thực hiện./.",
        "Trên đây là báo cáo kết quả trao đổi thông tin, gửi Ban Tổ chức Tỉnh ủy./.",
        where=frozenset({PYTHON, TEMPLATES}),
    ),
    Rule(
        r"Kế hoạch – Tổng hợp công tác",
        "Kế hoạch – tổng hợp về công tác Đảng, công tác chính trị",
        "seed 000: «công tác kế hoạch - tổng hợp về CTĐ, CTCT»",
        "Kế hoạch – Tổng hợp công tác Đảng, công tác chính trị",
        "Kế hoạch – tổng hợp về công tác Đảng, công tác chính trị",
    ),
    Rule(
        r"không được biết|được thực hiện bởi|cho phép bạn|ghi bởi|hạ mức bởi"
        r"|không \w+ nào được (?:nhập|tạo)|không có gì được nhập|thao tác trên bản",
        "natural Vietnamese («khóa lạ», «người ghi», «chưa nhập … nào»)",
        "calques of English passives",
        "khóa không được biết: to; không đơn vị nào được nhập",
        "khóa lạ: to; chưa nhập đơn vị nào",
        where=frozenset({TEMPLATES, PYTHON}),
    ),
    Rule(
        r"Cờ thi đua của Tổng cục Chính trị, quân khu",
        "two titles: «Cờ thi đua của Tổng cục Chính trị», «Cờ thi đua của quân khu»",
        "domain.md §4 Awards (Thông tư 118/2023/TT-BQP)",
        "Cờ thi đua của Tổng cục Chính trị, quân khu",
        "Cờ thi đua của Tổng cục Chính trị; Cờ thi đua của quân khu",
    ),
    Rule(
        r"Bằng khen của Tư lệnh",
        "Bằng khen của Bộ Tư lệnh",
        "seed 001 «Bộ Tư lệnh Quân khu tặng bằng khen»; seed 002 «Bằng khen của Bộ Tư lệnh BĐBP»",
        "Bằng khen của Tư lệnh quân khu",
        "Bằng khen của Bộ Tư lệnh quân khu",
    ),
)


@dataclass(frozen=True)
class Source:
    kind: str
    path: str  # relative to the project
    text: str


def _strings(tree: ast.AST) -> Iterator[str]:
    """The string literals of a module; an f-string as its literal parts with «{…}» between."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.JoinedStr):
            yield "".join(
                part.value
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
                else "{…}"
                for part in node.values
            )


@cache
def sources() -> tuple[Source, ...]:
    out: list[Source] = []
    for path in sorted(KHTH.rglob("templates/**/*.html")):
        out.append(Source(TEMPLATES, _rel(path), path.read_text(encoding="utf-8")))
    regulation = default_regulation_path()
    out.append(Source(REGULATION, _rel(regulation), regulation.read_text(encoding="utf-8")))
    for path in sorted(KHTH.rglob("*.py")):
        if {"locale", "migrations"} & set(path.relative_to(KHTH).parts):
            continue  # migrations keep the labels of their day
        kind = DEMO if path.parent == KHTH / "demo" else PYTHON
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        out += [Source(kind, _rel(path), text) for text in dict.fromkeys(_strings(tree))]
    return tuple(out)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _applies(rule: Rule, source: Source) -> bool:
    if source.kind not in rule.where:
        return False
    return not rule.paths or source.path.startswith(rule.paths)


def _ids(rule: Rule) -> str:
    return rule.right.split(" (")[0][:40]


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_the_rule_catches_its_wrong_form_only(rule: Rule) -> None:
    assert re.search(rule.wrong, rule.wrong_example)
    assert not re.search(rule.wrong, rule.right_example)


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_no_source_uses_the_wrong_form(rule: Rule) -> None:
    pattern = re.compile(rule.wrong)
    found = [
        f"{source.path}: «{match.group(0)}» in {source.text.strip()[:90]!r}"
        for source in sources()
        if _applies(rule, source)
        for match in pattern.finditer(source.text)
    ]
    assert not found, f"write «{rule.right}» ({rule.basis}):\n" + "\n".join(found)


def test_the_sources_are_all_read() -> None:
    kinds = {source.kind for source in sources()}
    assert kinds == EVERYWHERE
    paths = {source.path for source in sources()}
    assert "khth/web/templates/web/base.html" in paths
    assert "khth/demo/builder.py" in paths


def test_the_site_title_is_the_long_name() -> None:
    base = (KHTH / "web/templates/web/base.html").read_text(encoding="utf-8")
    assert "Kế hoạch – tổng hợp về công tác Đảng, công tác chính trị" in base


# --- the regulation data: points that are structure rather than a phrase ----------------------


@cache
def regulation() -> Regulation:
    path = default_regulation_path()
    return parse_regulation(path.read_text(encoding="utf-8"), path.name)


def test_a_company_lists_only_its_own_mass_organisations() -> None:
    # A company has a chi đoàn and a Hội đồng quân nhân; no trade union, no women's union.
    for book in regulation().record_books:
        if "dai-doi" not in book.levels:
            continue
        for column in book.columns:
            named = " ".join(column.choices or ()).casefold()
            assert "công đoàn" not in named and "phụ nữ" not in named, (book.code, column.code)


def test_a_grassroots_party_committee_resolves_monthly() -> None:
    reg = regulation()
    grassroots = [lv.code for lv in reg.levels if lv.party_organisation == "Đảng ủy cơ sở"]
    assert grassroots
    monthly = [
        kind
        for kind in reg.document_kinds
        if kind.family == "party" and "monthly" in kind.occasions and kind.code.startswith("nq")
    ]
    for level in grassroots:
        assert any(level in kind.issuing_levels for kind in monthly), level


def test_the_schedule_has_no_invented_abbreviation() -> None:
    kind = regulation().document_kind("lhd-tuan")
    assert kind.abbreviation == ""
    assert kind.type_name == "Lịch hoạt động"


def test_military_region_awards_come_from_the_bo_tu_lenh() -> None:
    titles = {t.name: t for t in regulation().followup.awards.titles}
    assert "Cờ thi đua của Tổng cục Chính trị" in titles
    assert "Cờ thi đua của quân khu" in titles
    # Seed 003 names another giver for bodies outside the army: "Chính ủy Quân khu tặng bằng
    # khen cho Ban Tổ chức Tỉnh ủy 6 tỉnh".
    region = [
        t for name, t in titles.items() if "quân khu" in name and t.recipient != "outside_body"
    ]
    assert region
    assert all(t.issuer.startswith("Bộ Tư lệnh") for t in region), [t.issuer for t in region]
    outside = [t for t in titles.values() if t.recipient == "outside_body"]
    assert [t.issuer for t in outside] == ["Chính ủy quân khu"]
