"""The layers of docs/architecture.md, checked on the source: every import (module level, inside
functions, under TYPE_CHECKING) runs from a room to one below it, never up, and no two rooms
import each other. ``khth/documents/`` is the engine: it reads no app at all."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import khth

ROOT = Path(khth.__file__).parent

# Bottom first. A room may import the rooms of the layers below its own, and rooms of its own
# layer as long as no two import each other. "x.api" is the API router of room x (khth/x/api.py
# or khth/x/api/): it stands on the shared API pieces (khth/api/), which stand on accounts and
# units. "assembly" is where the rooms are put together: settings, URLs, the API's mounting.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("lib",),
    ("audit", "regulations", "periods", "documents"),
    ("units",),
    ("accounts", "notifications"),
    ("web", "api"),
    ("reports",),
    ("synthesis",),
    ("plans",),
    ("inspections",),
    ("docsystem",),
    ("practice",),
    ("evaluations",),
    ("awards",),
    ("coordination",),
    ("directives",),
    ("reviews",),
    ("search", "home"),
    ("accounts.api", "units.api", "reports.api", "synthesis.api", "plans.api", "inspections.api"),
    ("docsystem.api", "evaluations.api", "awards.api", "coordination.api", "reviews.api"),
    ("directives.api",),
    ("search.api",),
    ("assembly",),
    ("demo",),  # builds a demo organisation through every app's actions, and serves the whole
)
ASSEMBLY = {"khth.settings", "khth.urls", "khth.wsgi", "khth.cli", "khth.api.urls"}
# The engine knows no domain: the document model, renderers, formats (regulation data).
ENGINE_MAY_READ = {"documents", "lib", "regulations"}


def room_of(module: str) -> str | None:
    """The room a dotted module name belongs to; None for khth itself."""
    if module in ASSEMBLY or any(module.startswith(m + ".") for m in ASSEMBLY):
        return "assembly"
    parts = module.split(".")
    if parts[0] != "khth" or len(parts) < 2:
        return None
    if parts[1] == "docsystem" and len(parts) > 3 and parts[3] == "api":
        return "docsystem.api"
    if len(parts) > 2 and parts[2] == "api" and parts[1] != "api":
        return f"{parts[1]}.api"
    return parts[1]


def module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, module: str) -> Iterator[tuple[int, str]]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in sorted(ast.walk(tree), key=lambda n: getattr(n, "lineno", 0)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                yield node.lineno, ".".join([*base, node.module] if node.module else base)
            elif node.module:
                yield node.lineno, node.module


def edges() -> dict[tuple[str, str], list[str]]:
    """(room, room it imports) → where, as "file:line"."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = module_of(path)
        source = room_of(module)
        for line, target in imports_of(path, module):
            room = room_of(target)
            if source is None or room is None or room == source:
                continue
            where = f"{path.relative_to(ROOT.parent)}:{line}"
            found.setdefault((source, room), []).append(where)
    return found


def layer_index() -> dict[str, int]:
    return {room: i for i, layer in enumerate(LAYERS) for room in layer}


def test_every_room_has_a_layer():
    rooms = {room for pair in edges() for room in pair}
    assert rooms - set(layer_index()) == set()


def test_no_room_imports_a_room_above_it():
    index = layer_index()
    upward = {
        f"{a} → {b}": places[:3]
        for (a, b), places in edges().items()
        if index.get(b, 0) > index.get(a, 0)
    }
    assert upward == {}


def test_no_two_rooms_import_each_other():
    found = edges()
    both_ways = {
        f"{a} ↔ {b}": found[(a, b)][:2] + found[(b, a)][:2]
        for (a, b) in found
        if a < b and (b, a) in found
    }
    assert both_ways == {}


def test_the_document_engine_reads_no_app():
    reads = {
        b: places[:3]
        for (a, b), places in edges().items()
        if a == "documents" and b not in ENGINE_MAY_READ
    }
    assert reads == {}


def test_the_checks_see_a_planted_upward_import(tmp_path):
    # The rules above pass on an empty graph too; prove the scanner finds what it must.
    planted = tmp_path / "x.py"
    planted.write_text(
        "from khth.reports.models import Report\n"
        "def f():\n    from khth.plans import results\n"
        "from . import sibling\n",
        encoding="utf-8",
    )
    found = [t for _line, t in imports_of(planted, "khth.documents.x")]
    assert found == ["khth.reports.models", "khth.plans", "khth.documents"]
    assert [room_of(t) for t in found] == ["reports", "plans", "documents"]
    assert room_of("khth.docsystem.records.api") == "docsystem.api"
    assert room_of("khth.plans.api.schemas") == "plans.api"
    assert room_of("khth.api.schemas") == "api"
    assert room_of("khth.api.urls") == "assembly"
