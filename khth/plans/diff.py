"""What changed between two versions of a plan, in words a reader checks an amendment by.

Items (targets, tasks, milestones, schedule entries) are paired by ``key``, which survives from
version to version, so a moved or reworded item shows as changed, not as removed and added.
Narrative sections are compared on their plain text (formatting alone is not a change), word by
word, and shown as short excerpts around what changed.

Pure over ``content_of()`` of both versions: nothing is written, nothing is asked of the clock.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _

from khth.lib.vietnamese import format_number, short_date
from khth.plans.content import EntryIn, MilestoneIn, PlanContent, TargetIn, TaskIn
from khth.plans.models import Plan
from khth.plans.stored import content_of, kind_of
from khth.reports.richtext import plain_text

Kind = Literal["added", "removed", "changed"]
ADDED: Kind = "added"
REMOVED: Kind = "removed"
CHANGED: Kind = "changed"

# Words of context either side of a change in a section or a long text; hunks shown at most.
CONTEXT = 6
MAX_HUNKS = 3
SIGNS = {">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<"}


@dataclass(frozen=True)
class FieldChange:
    """One field of a changed item: «mức ≥ 95 → ≥ 97»."""

    name: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.name} {self.before or '—'} → {self.after or '—'}"


@dataclass(frozen=True)
class Change:
    place: str
    kind: Kind
    # For a changed item: its changed fields, "; "-joined, as they were and as they are.
    before: str
    after: str
    fields: tuple[FieldChange, ...] = field(default=())

    def __str__(self) -> str:
        """One line: «Chỉ tiêu 2 «…»: mức ≥ 95 → ≥ 97; thời hạn 31/12/2024 → 30/11/2024»."""
        if self.fields:
            return f"{self.place}: " + "; ".join(str(f) for f in self.fields)
        if self.kind == ADDED:
            return f"{self.place}: {_('thêm')} {self.after}".rstrip()
        if self.kind == REMOVED:
            return f"{self.place}: {_('bỏ')} {self.before}".rstrip()
        return f"{self.place}: {self.before} → {self.after}"


def diff_plans(old: Plan, new: Plan) -> list[Change]:
    """The changes from ``old`` to ``new`` (two versions of one plan), in plan order."""
    outline = [(s.code, s.title) for s in kind_of(new).outline]
    return diff_content(content_of(old), content_of(new), outline=outline)


def diff_content(
    old: PlanContent, new: PlanContent, *, outline: Sequence[tuple[str, str]] = ()
) -> list[Change]:
    """The changes between two full contents; ``outline`` gives the sections' order and titles."""
    out: list[Change] = []
    if (old.title or "") != (new.title or ""):
        out.append(Change(_("Tên kế hoạch"), CHANGED, old.title or "", new.title or ""))
    out += _sections(old.sections or {}, new.sections or {}, outline)
    out += _items(old.targets or [], new.targets or [], _target_place, _target_fields)
    out += _items(old.tasks or [], new.tasks or [], _task_place, _task_fields)
    out += _items(old.milestones or [], new.milestones or [], _milestone_place, _milestone_fields)
    out += _items(old.entries or [], new.entries or [], _entry_place, _entry_fields)
    return out


# --- sections --------------------------------------------------------------------------------


def _sections(
    old: dict[str, str], new: dict[str, str], outline: Sequence[tuple[str, str]]
) -> list[Change]:
    titles = dict(outline)
    order = [code for code, _title in outline]
    order += sorted((set(old) | set(new)) - set(order))
    out: list[Change] = []
    for code in order:
        before, after = plain_text(old.get(code, "")), plain_text(new.get(code, ""))
        if before == after:
            continue
        place = _("Mục «%(title)s»") % {"title": titles.get(code, code)}
        if not before:
            out.append(Change(place, ADDED, "", _clip(after)))
        elif not after:
            out.append(Change(place, REMOVED, _clip(before), ""))
        else:
            out.append(Change(place, CHANGED, *excerpts(before, after)))
    return out


def excerpts(before: str, after: str, context: int = CONTEXT) -> tuple[str, str]:
    """The changed words of two texts with ``context`` words around them, "…" where cut."""
    a, b = before.split(), after.split()
    matcher = SequenceMatcher(a=a, b=b, autojunk=False)
    olds: list[str] = []
    news: list[str] = []
    groups = list(matcher.get_grouped_opcodes(context))
    for group in groups[:MAX_HUNKS]:
        i1, i2 = group[0][1], group[-1][2]
        j1, j2 = group[0][3], group[-1][4]
        olds.append(_cut(a, i1, i2))
        news.append(_cut(b, j1, j2))
    if len(groups) > MAX_HUNKS:
        olds.append("…")
        news.append("…")
    return " ".join(olds), " ".join(news)


def _cut(words: list[str], start: int, end: int) -> str:
    text = " ".join(words[start:end])
    if start > 0:
        text = "…" + text
    if end < len(words):
        text += "…"
    return text


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- items -----------------------------------------------------------------------------------

Fields = list[tuple[str, str]]  # (Vietnamese field name, the value as shown)


def _items(
    old: Sequence[Any],
    new: Sequence[Any],
    place: Callable[[int, Any], str],
    fields: Callable[[Any], Fields],
) -> list[Change]:
    """Pair by key. A removed item is listed where it stood, before what was added there."""
    old_at = {item.key: i for i, item in enumerate(old) if item.key is not None}
    new_keys = {item.key for item in new if item.key is not None}
    removed = [i for i, item in enumerate(old) if item.key not in new_keys or item.key is None]
    out: list[Change] = []

    def flush(upto: int) -> None:
        while removed and removed[0] < upto:
            i = removed.pop(0)
            shown = fields(old[i])
            out.append(Change(place(i + 1, old[i]), REMOVED, _summary(shown), ""))

    # Where each new item stands in the old order; an added item takes the place of the
    # paired item after it, so what it replaces (removed in the same gap) is listed first.
    was_at = [old_at.get(item.key) if item.key is not None else None for item in new]
    following = len(old)
    before_next = [0] * len(new)
    for n in range(len(new) - 1, -1, -1):
        before_next[n] = following
        paired = was_at[n]
        if paired is not None:
            following = paired
    for n, item in enumerate(new, start=1):
        was = was_at[n - 1]
        if was is None:
            flush(before_next[n - 1])
            out.append(Change(place(n, item), ADDED, "", _summary(fields(item))))
            continue
        flush(was)
        changed = _changed_fields(fields(old[was]), fields(item))
        if changed:
            out.append(
                Change(
                    place(n, item),
                    CHANGED,
                    "; ".join(f"{c.name} {c.before or '—'}" for c in changed),
                    "; ".join(f"{c.name} {c.after or '—'}" for c in changed),
                    tuple(changed),
                )
            )
    flush(len(old))
    return out


def _changed_fields(before: Fields, after: Fields) -> list[FieldChange]:
    out: list[FieldChange] = []
    for (name, was), (_name, now) in zip(before, after, strict=True):
        if was == now:
            continue
        if len(was) > 80 or len(now) > 80:
            was, now = excerpts(was, now)
        out.append(FieldChange(name, was, now))
    return out


def _summary(shown: Fields) -> str:
    return "; ".join(f"{name} {value}" for name, value in shown if value)


def _date(day: dt.date | None) -> str:
    return short_date(day) if day is not None else ""


def _moment(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:%H:%M} {short_date(moment.date())}"


def _span(start: str, end: str) -> str:
    if start and end:
        return f"{start} – {end}"
    return start or end


def _measure(comparison: str, value: Decimal | None) -> str:
    number = format_number(value.normalize()) if value is not None else ""
    return f"{SIGNS.get(comparison, comparison)} {number}".strip()


def _codes(codes: Sequence[str]) -> str:
    return ", ".join(sorted(codes))


def _link(key: uuid.UUID | None) -> str:
    # The superior's item, by key: a reader needs to know only whether it is linked.
    return _("có") if key is not None else ""


def _target_place(n: int, target: TargetIn) -> str:
    return _("Chỉ tiêu %(n)s «%(text)s»") % {"n": n, "text": _short(target.text)}


def _target_fields(target: TargetIn) -> Fields:
    indicator = "/".join(p for p in (target.template, target.indicator) if p)
    return [
        (_("nội dung"), target.text),
        (_("chỉ tiêu báo cáo"), indicator),
        (_("mức"), _measure(target.comparison, target.value)),
        (_("thời hạn"), _date(target.due_on)),
        (_("giao cho"), _codes(target.assignees)),
        (_("nhận từ mục cấp trên giao"), _link(target.assigned_key)),
        (_("lý do thấp hơn mức được giao"), target.weaker_reason),
    ]


def _task_place(n: int, task: TaskIn) -> str:
    return _("Nhiệm vụ %(n)s «%(text)s»") % {"n": n, "text": _short(task.title)}


def _task_fields(task: TaskIn) -> Fields:
    return [
        (_("nội dung"), task.title),
        (_("biện pháp"), task.measures),
        (_("đơn vị chủ trì"), task.lead_unit),
        (_("người chủ trì"), task.lead_person),
        (_("đơn vị phối hợp"), _codes(task.participant_units)),
        (_("thành phần"), task.participants),
        (_("thời gian"), _span(_date(task.starts_on), _date(task.ends_on))),
        (_("trọng tâm"), _("có") if task.is_key else ""),
        (_("giao cho"), _codes(task.assignees)),
        (_("nhận từ mục cấp trên giao"), _link(task.assigned_key)),
    ]


def _milestone_place(n: int, milestone: MilestoneIn) -> str:
    return _("Mốc %(n)s «%(text)s»") % {"n": n, "text": _short(milestone.content)}


def _milestone_fields(milestone: MilestoneIn) -> Fields:
    return [
        (_("nội dung"), milestone.content),
        (_("ngày"), _date(milestone.due_on)),
        (_("mẫu báo cáo"), milestone.template),
    ]


def _entry_place(n: int, entry: EntryIn) -> str:
    return _("Lịch, dòng %(n)s «%(text)s»") % {"n": n, "text": _short(entry.content)}


def _entry_fields(entry: EntryIn) -> Fields:
    return [
        (_("nội dung"), entry.content),
        (_("thời gian"), _span(_moment(entry.starts_at), _moment(entry.ends_at))),
        (_("người chủ trì"), entry.lead),
        (_("thành phần"), entry.participants),
        (_("địa điểm"), entry.place),
        (_("ghi chú"), entry.notes),
    ]
