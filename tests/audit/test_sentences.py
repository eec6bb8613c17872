"""Every audit action the code writes has a Vietnamese sentence, and the history shows people
words, not codes."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from khth.audit.models import AuditEntry
from khth.web.history import FIELDS, SENTENCES, describe, sentence

ROOT = Path(__file__).resolve().parents[2] / "khth"
WRITERS = {"log_action", "audit_entry"}
ACTION = re.compile(r"[a-z]+\.[a-z_]+\.[a-z_]+")
# Actions named from a variable part: the f-string as written → the parts it is called with.
DYNAMIC = {"reports.report.{kind}": ("returned", "accepted", "unlocked")}


def _calls() -> tuple[set[str], set[str], set[str]]:
    """(names passed as literals, f-string shapes, dotted literals anywhere in the apps)."""
    literal: set[str] = set()
    shapes: set[str] = set()
    dotted: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or path.parts[-2] == "audit":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and ACTION.fullmatch(node.value)
            ):
                dotted.add(node.value)
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in WRITERS:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                literal.add(first.value)
            elif isinstance(first, ast.JoinedStr):
                shapes.add(
                    "".join(
                        str(part.value)
                        if isinstance(part, ast.Constant)
                        else "{" + ast.unparse(part.value) + "}"  # type: ignore[attr-defined]
                        for part in first.values
                    )
                )
    return literal, shapes, dotted


def test_every_action_written_has_a_sentence() -> None:
    literal, shapes, dotted = _calls()
    assert len(literal) > 40, "the search for log_action calls found too few: has it moved?"
    assert shapes <= set(DYNAMIC), f"new f-string action names, list their parts: {shapes}"
    # Actions passed through a helper (``_logged("units.unit.moved", …)``) are literals too:
    # every dotted string of a logging app's shape counts.
    apps = {name.split(".")[0] for name in literal}
    helpers = {name for name in dotted if name.split(".")[0] in apps}
    expanded = {shape.replace("{kind}", part) for shape, parts in DYNAMIC.items() for part in parts}
    missing = sorted((literal | helpers | expanded) - set(SENTENCES))
    assert not missing, f"actions without a Vietnamese sentence in khth/web/history.py: {missing}"


def test_a_sentence_is_a_sentence_not_a_code() -> None:
    for action, text in SENTENCES.items():
        assert not ACTION.search(str(text)), action
        assert str(text)[0].isupper(), action
    assert sentence("gone.thing.done") == "Thay đổi khác"


def _entry(**fields: Any) -> AuditEntry:
    defaults: dict[str, Any] = {
        "action": "reports.report.opened",
        "at": dt.datetime(2026, 7, 1, tzinfo=dt.UTC),
        "object_type": "reports.report",
        "object_id": "1",
        "object_repr": "",
    }
    return AuditEntry(**(defaults | fields))


@pytest.mark.django_db
def test_history_shows_labels_and_values_as_people_read_them(world: Any) -> None:
    entries = [
        _entry(
            action="evaluations.evaluation.opened",
            object_type="evaluations.evaluation",
            after={"period": "2026S2", "unit": "C1", "level": None},
        ),
        _entry(
            action="reports.report.submitted",
            before={"status": "draft", "justified_missing": []},
            after={"status": "submitted", "justified_missing": ["section:a", "indicator:b"]},
        ),
        _entry(
            action="units.unit.moved",
            object_type="units.unit",
            before={"parent": "B1", "valid_from": "2020-01-01", "level": "dai-doi"},
            after={"parent": "B2", "valid_from": "2024-07-05", "level": "dai-doi"},
            note="on 2024-07-05",
        ),
        _entry(
            action="regulations.version.activated",
            object_type="regulations.regulationversion",
            before={"is_active": False, "checksum": "ab12"},
            after={"is_active": True, "checksum": "cd34"},
        ),
    ]
    opened, submitted, moved, activated = describe(entries)
    assert opened.sentence == "Mở bản đánh giá"
    assert [(c.label, c.before, c.after) for c in opened.changes] == [
        ("Kỳ", "—", "6 tháng cuối năm 2026"),
        ("Đơn vị", "—", "Đại đội 1"),
    ]
    assert [(c.label, c.before, c.after) for c in submitted.changes] == [
        ("Số mục thiếu có giải trình", "—", "2 mục"),
        ("Trạng thái", "Dự thảo", "Đã gửi"),
    ]
    assert [(c.label, c.before, c.after) for c in moved.changes] == [
        ("Đơn vị cấp trên", "Tiểu đoàn 1", "Tiểu đoàn 2"),
        ("Hiệu lực từ", "01/01/2020", "05/07/2024"),
    ]
    assert moved.note == "on 05/07/2024"  # an old note: its date at least reads as ours
    # The checksum is bookkeeping, not shown; a flag reads as a word.
    assert [(c.label, c.before, c.after) for c in activated.changes] == [
        ("Đang sử dụng", "Không", "Có")
    ]


def test_every_field_label_is_vietnamese() -> None:
    for key, label in FIELDS.items():
        assert str(label) != key and not re.search(r"[a-z]_[a-z]", str(label)), key


@pytest.mark.django_db
def test_the_history_partial_shows_no_code(world: Any, client: Any) -> None:
    from khth.units.actions import move_unit

    client.force_login(world.users["admin_d"])
    move_unit(world.unit("C3"), world.unit("B1"), by=world.users["admin_d"])
    body = client.get("/units/C3/").content.decode()
    table = body[body.index('data-testid="history"') :]
    table = re.sub(r"<[^>]+>", " ", table[: table.index("</table>")])
    assert "Chuyển đơn vị sang đơn vị cấp trên khác" in table
    assert not re.search(r"\b[a-z]+\.[a-z_]+\.[a-z_]+\b|\b[a-z]+_[a-z_]+\b", table), table
