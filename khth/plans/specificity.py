"""The specificity check: what makes a plan "chung chung, thiếu cụ thể", found by place with a
concrete suggestion. Rules are named in khth.regulations.schema.plans.SPECIFICITY_RULES; their
severity and the vague phrases are regulation data.

Pure: it reads a PlanContent (saved or still in the editor), the plan's span and the items
assigned to the unit, and touches no database, so the editor can run it on every keystroke.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from khth.lib.vietnamese import fold, nfc, short_date
from khth.plans.cascade import Assigned, is_weaker
from khth.plans.content import PlanContent, TargetIn, TaskIn
from khth.regulations.schema.plans import Severity, Specificity

BLOCKING: Severity = "blocking"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    # Where: "target-2", "task-3", "entry-1", "assigned-<key>" — the editor's anchors.
    anchor: str
    place: str
    message: str
    suggestion: str


@dataclass(frozen=True)
class Result:
    findings: tuple[Finding, ...]

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == BLOCKING)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == WARNING)

    @property
    def ok(self) -> bool:
        return not self.blocking


@dataclass(frozen=True)
class Span:
    starts_on: dt.date
    ends_on: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def check(
    content: PlanContent,
    span: Span,
    spec: Specificity,
    assigned: Sequence[Assigned] = (),
    *,
    schedule: bool = False,
) -> Result:
    out: list[_Draft] = []
    if schedule:
        _entries(content, span, out)
    else:
        _targets(content, spec, assigned, out)
        _tasks(content, span, spec, out)
        _coverage(content, assigned, out)
    return Result(tuple(d.finding(spec) for d in out))


@dataclass(frozen=True)
class _Draft:
    rule: str
    anchor: str
    place: str
    message: str
    suggestion: str

    def finding(self, spec: Specificity) -> Finding:
        return Finding(
            rule=self.rule,
            severity=spec.severity(self.rule),
            anchor=self.anchor,
            place=self.place,
            message=self.message,
            suggestion=self.suggestion,
        )


# --- targets ---------------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")


def _targets(
    content: PlanContent, spec: Specificity, assigned: Sequence[Assigned], out: list[_Draft]
) -> None:
    by_key = {a.key: a for a in assigned if a.kind == "target"}
    for i, target in enumerate(content.targets or (), start=1):
        anchor, place = (
            f"target-{i}",
            _("Chỉ tiêu %(n)s «%(text)s»")
            % {
                "n": i,
                "text": _short(target.text),
            },
        )
        measurable = target.value is not None or bool(_DIGIT.search(target.text))
        if not measurable:
            out.append(
                _Draft(
                    "target_without_number",
                    anchor,
                    place,
                    _("Chỉ tiêu không có con số"),
                    # The percent sign is a value, never in the message: a message is always
                    # %-formatted, so it holds no literal "%" to escape (and none to leak as "%%").
                    _(
                        "Gắn chỉ tiêu với một chỉ tiêu báo cáo và ghi mức cần đạt (ví dụ: "
                        "≥ %(example)s quân số tham gia học tập chính trị), hoặc ghi rõ con số "
                        "và đơn vị tính trong nội dung."
                    )
                    % {"example": "95%"},
                )
            )
        if target.due_on is None:
            out.append(
                _Draft(
                    "target_without_deadline",
                    anchor,
                    place,
                    _("Chỉ tiêu không có thời hạn đạt"),
                    _("Ghi ngày phải đạt chỉ tiêu (thường là ngày cuối kỳ kế hoạch)."),
                )
            )
        if not target.indicator:
            needs = [] if measurable else [_("con số và đơn vị tính của mức cần đạt")]
            if target.due_on is None:
                needs.append(_("ngày phải đạt"))
            _vague(target.text, spec, anchor, place, needs or [_("mức cần đạt")], out)
        source = by_key.get(target.assigned_key) if target.assigned_key else None
        if source is not None and _weaker(source, target) and not target.weaker_reason.strip():
            out.append(
                _Draft(
                    "target_weaker_than_assigned",
                    anchor,
                    place,
                    _("Thấp hơn chỉ tiêu cấp trên giao (%(assigned)s) mà không ghi lý do")
                    % {"assigned": _measure(source.comparison, source.value)},
                    _(
                        "Nâng mức chỉ tiêu bằng mức được giao, hoặc ghi lý do đơn vị đề nghị "
                        "thấp hơn."
                    ),
                )
            )


def _weaker(source: Assigned, target: TargetIn) -> bool:
    if source.value is None:
        return False
    same_direction = {
        ">=": {">=", ">", "=="},
        ">": {">", ">=", "=="},
        "<=": {"<=", "<", "=="},
        "<": {"<", "<=", "=="},
        "==": {"=="},
    }
    if target.comparison not in same_direction.get(source.comparison, {source.comparison}):
        return True
    if source.indicator and target.indicator and source.indicator != target.indicator:
        return True
    return is_weaker(source.comparison, source.value, target.value)


def _measure(comparison: str, value: object) -> str:
    sign = {">=": "≥", "<=": "≤", "==": "="}.get(comparison, comparison)
    return f"{sign} {value}".strip()


# --- tasks -----------------------------------------------------------------------------------


def _tasks(content: PlanContent, span: Span, spec: Specificity, out: list[_Draft]) -> None:
    seen: dict[str, int] = {}
    for i, task in enumerate(content.tasks or (), start=1):
        anchor = f"task-{i}"
        place = _("Nhiệm vụ %(n)s «%(text)s»") % {"n": i, "text": _short(task.title)}
        if not task.lead_unit and not task.lead_person:
            out.append(
                _Draft(
                    "task_without_lead",
                    anchor,
                    place,
                    _("Không có đơn vị hoặc người chủ trì"),
                    _("Chọn đơn vị chủ trì hoặc ghi người chủ trì (chức vụ, họ tên)."),
                )
            )
        if task.starts_on is None or task.ends_on is None:
            out.append(
                _Draft(
                    "task_without_window",
                    anchor,
                    place,
                    _("Không có thời gian thực hiện"),
                    _("Ghi ngày bắt đầu và ngày kết thúc trong kỳ kế hoạch (%(from)s – %(to)s).")
                    % {"from": short_date(span.starts_on), "to": short_date(span.ends_on)},
                )
            )
        else:
            _window(task.starts_on, task.ends_on, span, anchor, place, out)
        if not task.measures.strip():
            out.append(
                _Draft(
                    "task_without_measure",
                    anchor,
                    place,
                    _("Không có biện pháp"),
                    _("Ghi biện pháp cụ thể: làm gì, bằng cách nào, với ai, bao nhiêu lần."),
                )
            )
        phrases = only_vague([task.title, task.measures], spec)
        needs = _task_needs(task, span, only=bool(phrases))
        if phrases:
            out.append(
                _Draft(
                    "task_only_vague",
                    anchor,
                    place,
                    _("Chỉ có cụm từ chung chung (%(phrases)s), chưa nêu việc gì cụ thể")
                    % {"phrases": ", ".join(f"«{p}»" for p in phrases)},
                    _("Viết lại nhiệm vụ, ghi rõ: %(needs)s.") % {"needs": "; ".join(needs)},
                )
            )
        else:
            _vague(task.title, spec, anchor, place, needs, out)
            _vague(task.measures, spec, anchor, place, needs, out)
        folded = " ".join(fold(task.title).split())
        if folded in seen:
            out.append(
                _Draft(
                    "duplicate_task",
                    anchor,
                    place,
                    _("Trùng với nhiệm vụ %(n)s") % {"n": seen[folded]},
                    _("Gộp hai nhiệm vụ làm một, hoặc viết rõ chỗ khác nhau."),
                )
            )
        else:
            seen[folded] = i


def _task_needs(task: TaskIn, span: Span, *, only: bool) -> list[str]:
    """What a vague task should say instead, from what its own fields lack; ``only``: its words
    are nothing but vague phrases."""
    if only:
        needs = [_("làm việc gì, với ai (tên hoạt động, nội dung, đối tượng)")]
    else:
        needs = [_("đối tượng hoặc mức cụ thể ngay sau cụm từ này")]
    if not _DIGIT.search(f"{task.title} {task.measures}"):
        needs.append(_("bao nhiêu: số buổi, số lượt hoặc tỷ lệ quân số"))
    if task.starts_on is None or task.ends_on is None:
        needs.append(
            _("thời gian: ngày bắt đầu, ngày kết thúc trong kỳ %(from)s – %(to)s")
            % {"from": short_date(span.starts_on), "to": short_date(span.ends_on)}
        )
    if not task.lead_unit and not task.lead_person:
        needs.append(_("đơn vị hoặc người chủ trì"))
    return needs


def _window(
    starts_on: dt.date, ends_on: dt.date, span: Span, anchor: str, place: str, out: list[_Draft]
) -> None:
    if ends_on < starts_on:
        message = _("Ngày kết thúc trước ngày bắt đầu")
    elif not (span.holds(starts_on) and span.holds(ends_on)):
        message = _("Thời gian %(from)s – %(to)s nằm ngoài kỳ kế hoạch") % {
            "from": short_date(starts_on),
            "to": short_date(ends_on),
        }
    else:
        return
    out.append(
        _Draft(
            "task_outside_period",
            anchor,
            place,
            message,
            _("Đặt thời gian trong kỳ kế hoạch (%(from)s – %(to)s).")
            % {"from": short_date(span.starts_on), "to": short_date(span.ends_on)},
        )
    )


# --- vague wording -----------------------------------------------------------------------------

# Commas do not end a clause here: "nâng cao tỷ lệ khá, giỏi lên 70%" is one thought; the
# window of words bounds how far a quantity may be.
_CLAUSE = re.compile(r"[;:.!?()\n\[\]]+")
_WORD = re.compile(r"[«»“”\"'‘’]|[^\s«»“”\"'‘’]+")
_QUOTES = set("«»“”\"'‘’")


def vague_phrases(text: str, spec: Specificity) -> list[str]:
    """The vague phrases of ``text`` not followed, in the same clause, by a quantity or a
    named object (see Specificity)."""
    found: list[str] = []
    numbers = {nfc(w).lower() for w in spec.number_words}
    for clause in _CLAUSE.split(nfc(text)):
        lowered = clause.lower()
        for phrase in spec.vague_phrases:
            needle = nfc(phrase).lower()
            for match in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", lowered):
                after = _WORD.findall(clause[match.end() :])[: spec.window]
                if not any(_specific(word, numbers) for word in after):
                    found.append(phrase)
                    break
    return found


def _specific(word: str, numbers: set[str]) -> bool:
    if word in _QUOTES or _DIGIT.search(word):
        return True
    if word.lower() in numbers:
        return True
    # A capitalised word after the phrase is a name: "phong trào thi đua Quyết thắng",
    # "Đơn vị VMTD".
    return word[:1].isupper()


def only_vague(texts: Sequence[str], spec: Specificity) -> list[str]:
    """The vague phrases of ``texts`` when, with them and the filler words taken out, no word
    is left (no number, date, unit, place or named activity); else nothing."""
    # (text number, place in it, phrase): named in the order they were written.
    phrases: list[tuple[int, int, str]] = []
    rest: list[str] = []
    for n, text in enumerate(texts):
        lowered = nfc(text).lower()
        for phrase in _by_length(spec.vague_phrases):
            pattern = rf"(?<!\w){re.escape(nfc(phrase).lower())}(?!\w)"
            first = re.search(pattern, lowered)
            if first is not None:
                phrases.append((n, first.start(), phrase))
                # Blanked to the same length, so the places of the others stay true.
                lowered = re.sub(pattern, lambda m: " " * len(m.group()), lowered)
        for filler in _by_length(spec.filler_words):
            lowered = re.sub(rf"(?<!\w){re.escape(nfc(filler).lower())}(?!\w)", " ", lowered)
        rest += re.findall(r"\w+", lowered)
    if rest or not phrases:
        return []
    named: list[str] = []
    for _n, _at, phrase in sorted(phrases):
        if phrase not in named:
            named.append(phrase)
    return named


def _by_length(words: Sequence[str]) -> list[str]:
    # Longest first: "tổ chức tốt" goes before the filler "tổ chức" can split it.
    return sorted(words, key=len, reverse=True)


def _vague(
    text: str,
    spec: Specificity,
    anchor: str,
    place: str,
    needs: Sequence[str],
    out: list[_Draft],
) -> None:
    """A finding per vague phrase of ``text``; ``needs`` says what this item should state
    instead (built by the caller from the item's own fields)."""
    for phrase in vague_phrases(text, spec):
        out.append(
            _Draft(
                "vague_wording",
                anchor,
                place,
                _("«%(phrase)s» chưa nêu đối tượng hay mức cụ thể") % {"phrase": phrase},
                _("Ghi rõ sau «%(phrase)s»: %(needs)s.")
                % {"phrase": phrase, "needs": "; ".join(needs)},
            )
        )


# --- cascade ---------------------------------------------------------------------------------


def _coverage(content: PlanContent, assigned: Sequence[Assigned], out: list[_Draft]) -> None:
    covered = {t.assigned_key for t in content.targets or () if t.assigned_key}
    covered |= {t.assigned_key for t in content.tasks or () if t.assigned_key}
    for item in assigned:
        # Taken on in another plan in force for the whole of this one's days: not asked again.
        if item.key in covered or item.taken_in:
            continue
        what = _("Chỉ tiêu") if item.kind == "target" else _("Nhiệm vụ")
        out.append(
            _Draft(
                "assigned_not_covered",
                f"assigned-{item.key}",
                _("%(what)s cấp trên giao «%(text)s» (%(plan)s, %(unit)s)")
                % {
                    "what": what,
                    "text": _short(item.text),
                    "plan": item.plan_title,
                    "unit": item.from_unit,
                },
                _("Kế hoạch chưa có nội dung thực hiện chỉ tiêu, nhiệm vụ được giao"),
                _("Thêm một chỉ tiêu hoặc nhiệm vụ nhận từ mục này («Nhận thực hiện»)."),
            )
        )


# --- schedules -------------------------------------------------------------------------------


def _entries(content: PlanContent, span: Span, out: list[_Draft]) -> None:
    for i, entry in enumerate(content.entries or (), start=1):
        anchor = f"entry-{i}"
        place = _("Lịch, dòng %(n)s «%(text)s»") % {"n": i, "text": _short(entry.content)}
        if not entry.lead:
            out.append(
                _Draft(
                    "entry_incomplete",
                    anchor,
                    place,
                    _("Không có người chủ trì"),
                    _("Ghi người chủ trì hoạt động (chức vụ, họ tên)."),
                )
            )
        day = entry.starts_at.date()
        if not span.holds(day):
            out.append(
                _Draft(
                    "task_outside_period",
                    anchor,
                    place,
                    _("Ngày %(day)s nằm ngoài tuần của lịch") % {"day": short_date(day)},
                    _("Đặt hoạt động trong kỳ của lịch (%(from)s – %(to)s).")
                    % {"from": short_date(span.starts_on), "to": short_date(span.ends_on)},
                )
            )


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
