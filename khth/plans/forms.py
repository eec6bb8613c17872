"""Forms of the plan pages.

The editor posts one group of fields per row: ``target-2-text``, ``task-3-starts_on``… Every
row has a ``<kind>-<n>-key`` field (empty for a new row), which is how rows are found.
``read_editor`` turns the post into a PlanContent — the shape the actions take — and names
every value it cannot read by row and field ("Nhiệm vụ 2, Bắt đầu: …"), never raising.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel, ValidationError

from khth.lib.forms import NfcMixin
from khth.lib.vietnamese import format_number, nfc, parse_number
from khth.periods.forms import PeriodField
from khth.plans.content import EntryIn, MilestoneIn, PlanContent, TargetIn, TaskIn

TARGET = "target"
TASK = "task"
MILESTONE = "milestone"
ENTRY = "entry"
TABLES = (TARGET, TASK, MILESTONE, ENTRY)


class NewPlanForm(NfcMixin, forms.Form):
    kind_code = forms.ChoiceField(label=gettext_lazy("Loại kế hoạch"))
    # Not every plan has a period (task plans, programmes run from a date to a date), so the
    # picker opens empty rather than on a period due.
    period_id = PeriodField(label=gettext_lazy("Kỳ kế hoạch"), required=False, due=None)
    starts_on = forms.DateField(
        label=gettext_lazy("Từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Với kế hoạch nhiệm vụ, chương trình, hướng dẫn"),
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    task_code = forms.ChoiceField(label=gettext_lazy("Nhiệm vụ"), required=False)
    title = forms.CharField(
        label=gettext_lazy("Tên kế hoạch"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Để trống: đặt theo loại và kỳ kế hoạch"),
    )

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]],
        tasks: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind_code"].choices = kinds  # type: ignore[attr-defined]
        self.fields["task_code"].choices = [("", "—"), *tasks]  # type: ignore[attr-defined]


# --- the editor ------------------------------------------------------------------------------

# Text fields of each row as posted; list fields are multiple checkboxes / selects, flags are
# checkboxes.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    TARGET: (
        "text",
        "indicator",
        "comparison",
        "value",
        "due_on",
        "assigned_key",
        "weaker_reason",
    ),
    TASK: (
        "title",
        "measures",
        "lead_unit",
        "lead_person",
        "participants",
        "starts_on",
        "ends_on",
        "assigned_key",
    ),
    MILESTONE: ("due_on", "content", "template"),
    ENTRY: ("starts_at", "ends_at", "content", "lead", "participants", "place", "notes"),
}
LIST_FIELDS: dict[str, tuple[str, ...]] = {
    TARGET: ("assignees",),
    TASK: ("participant_units", "assignees"),
    MILESTONE: (),
    ENTRY: (),
}
FLAG_FIELDS: dict[str, tuple[str, ...]] = {TARGET: (), TASK: ("is_key",), MILESTONE: (), ENTRY: ()}
# The field a row cannot do without.
MAIN_FIELD = {TARGET: "text", TASK: "title", MILESTONE: "content", ENTRY: "content"}

FIELD_LABELS = {
    "text": gettext_lazy("Nội dung chỉ tiêu"),
    "indicator": gettext_lazy("Chỉ tiêu báo cáo"),
    "comparison": gettext_lazy("So sánh"),
    "value": gettext_lazy("Mức"),
    "due_on": gettext_lazy("Thời hạn"),
    "assigned_key": gettext_lazy("Nhận từ chỉ tiêu, nhiệm vụ cấp trên"),
    "weaker_reason": gettext_lazy("Lý do thấp hơn mức cấp trên giao"),
    "assignees": gettext_lazy("Giao cho đơn vị"),
    "title": gettext_lazy("Nội dung nhiệm vụ"),
    "measures": gettext_lazy("Biện pháp"),
    "lead_unit": gettext_lazy("Đơn vị chủ trì"),
    "lead_person": gettext_lazy("Người chủ trì"),
    "participant_units": gettext_lazy("Đơn vị phối hợp"),
    "participants": gettext_lazy("Thành phần tham gia"),
    "starts_on": gettext_lazy("Bắt đầu"),
    "ends_on": gettext_lazy("Kết thúc"),
    "content": gettext_lazy("Nội dung"),
    "template": gettext_lazy("Mẫu báo cáo"),
    "starts_at": gettext_lazy("Bắt đầu"),
    "ends_at": gettext_lazy("Kết thúc"),
    "lead": gettext_lazy("Người chủ trì"),
    "place": gettext_lazy("Địa điểm"),
    "notes": gettext_lazy("Ghi chú"),
    "title_of_plan": gettext_lazy("Tên kế hoạch"),
}

_ROW_KEY = re.compile(r"^(target|task|milestone|entry)-(\d{1,4})-key$")


def row_label(kind: str, number: int) -> str:
    """The place of a row, in the same words as khth.plans.stored.Writer's problems."""
    if kind == TARGET:
        return _("Chỉ tiêu %(n)s") % {"n": number}
    if kind == TASK:
        return _("Nhiệm vụ %(n)s") % {"n": number}
    if kind == MILESTONE:
        return _("Mốc %(n)s") % {"n": number}
    return _("Lịch, dòng %(n)s") % {"n": number}


@dataclass
class Row:
    """One row of a table of the editor, as typed (strings), to be shown again as typed."""

    kind: str
    # 1-based place in the plan's list: what the form shows and what the checks name.
    number: int
    values: dict[str, Any]
    key: str = ""
    # The number the row had in the posted form; differs from ``number`` when rows above it
    # were removed or left blank (the live check links findings to the rows on screen).
    form_number: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.number}"

    @property
    def prefix(self) -> str:
        """Of the row's field names: ``task-3-`` + ``title``."""
        return f"{self.kind}-{self.number}-"


@dataclass
class Editor:
    title: str
    sections: dict[str, str]
    rows: dict[str, list[Row]]
    # (place, message) of every value that could not be read.
    errors: list[tuple[str, str]]
    content: PlanContent

    def add_blank(self, kind: str, count: int = 1) -> None:
        rows = self.rows[kind]
        for _i in range(count):
            number = len(rows) + 1
            rows.append(Row(kind, number, blank_values(kind), form_number=number))

    def screen_anchors(self) -> dict[str, str]:
        """Anchor of a checked item ("task-3") → anchor of its row on the posted screen."""
        return {
            row.anchor: f"{row.kind}-{row.form_number}"
            for rows in self.rows.values()
            for row in rows
        }


def blank_values(kind: str) -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(TEXT_FIELDS[kind], "")
    values.update({name: [] for name in LIST_FIELDS[kind]})
    values.update(dict.fromkeys(FLAG_FIELDS[kind], False))
    return values


# --- stored → form ---------------------------------------------------------------------------


def editor_from_content(content: PlanContent, *, schedule: bool) -> Editor:
    """The editor filled with what is stored."""
    rows: dict[str, list[Row]] = {kind: [] for kind in TABLES}
    if not schedule:
        for i, t in enumerate(content.targets or (), start=1):
            values = blank_values(TARGET)
            values.update(
                text=t.text,
                indicator=f"{t.template}:{t.indicator}" if t.indicator else "",
                comparison=t.comparison,
                value=number_text(t.value),
                due_on=t.due_on.isoformat() if t.due_on else "",
                assigned_key=str(t.assigned_key) if t.assigned_key else "",
                weaker_reason=t.weaker_reason,
                assignees=list(t.assignees),
            )
            rows[TARGET].append(Row(TARGET, i, values, _key(t.key), i))
        for i, k in enumerate(content.tasks or (), start=1):
            values = blank_values(TASK)
            values.update(
                title=k.title,
                measures=k.measures,
                lead_unit=k.lead_unit,
                lead_person=k.lead_person,
                participants=k.participants,
                starts_on=k.starts_on.isoformat() if k.starts_on else "",
                ends_on=k.ends_on.isoformat() if k.ends_on else "",
                assigned_key=str(k.assigned_key) if k.assigned_key else "",
                participant_units=list(k.participant_units),
                assignees=list(k.assignees),
                is_key=k.is_key,
            )
            rows[TASK].append(Row(TASK, i, values, _key(k.key), i))
        for i, m in enumerate(content.milestones or (), start=1):
            values = blank_values(MILESTONE)
            values.update(due_on=m.due_on.isoformat(), content=m.content, template=m.template)
            rows[MILESTONE].append(Row(MILESTONE, i, values, _key(m.key), i))
    else:
        for i, e in enumerate(content.entries or (), start=1):
            values = blank_values(ENTRY)
            values.update(
                starts_at=moment_text(e.starts_at),
                ends_at=moment_text(e.ends_at) if e.ends_at else "",
                content=e.content,
                lead=e.lead,
                participants=e.participants,
                place=e.place,
                notes=e.notes,
            )
            rows[ENTRY].append(Row(ENTRY, i, values, _key(e.key), i))
    return Editor(
        title=content.title or "",
        sections=dict(content.sections or {}),
        rows=rows,
        errors=[],
        content=content,
    )


def _key(key: uuid.UUID | None) -> str:
    return str(key) if key else ""


def number_text(value: Decimal | None) -> str:
    """A stored figure as a Vietnamese reader types it: 95 → "95", 95.5 → "95,5"."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return format_number(value.quantize(Decimal(1)))
    return format_number(value.normalize())


def moment_text(moment: dt.datetime) -> str:
    """The value of a datetime-local input, in the server's (the unit's) time zone."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%dT%H:%M")


# --- form → content --------------------------------------------------------------------------


class _Reader:
    def __init__(self, data: QueryDict) -> None:
        self.data = data
        self.errors: list[tuple[str, str]] = []

    def text(self, name: str) -> str:
        return nfc(self.data.get(name, "") or "").strip()

    def rows(self, kind: str) -> list[Row]:
        """The posted rows of ``kind`` in form order, without the removed and the blank ones,
        numbered as they will be in the plan."""
        numbers = sorted(
            int(m[2]) for name in self.data if (m := _ROW_KEY.match(name)) and m[1] == kind
        )
        out: list[Row] = []
        seen: set[str] = set()
        for n in numbers:
            prefix = f"{kind}-{n}-"
            if self.data.get(prefix + "delete"):
                continue
            values: dict[str, Any] = {name: self.text(prefix + name) for name in TEXT_FIELDS[kind]}
            for name in LIST_FIELDS[kind]:
                values[name] = [nfc(v).strip() for v in self.data.getlist(prefix + name) if v]
            for name in FLAG_FIELDS[kind]:
                values[name] = bool(self.data.get(prefix + name))
            if not any(values.values()):
                continue
            key = self.text(prefix + "key")
            if key in seen:
                key = ""  # a copied row is a new row: keys are unique within a plan
            seen.add(key)
            out.append(Row(kind, len(out) + 1, values, key, form_number=n))
        return out

    def fail(self, row: Row, name: str, message: str) -> None:
        label = FIELD_LABELS[name]
        row.errors.append(f"{label}: {message}")
        self.errors.append((f"{row_label(row.kind, row.number)}, {label}", message))

    def required(self, row: Row) -> None:
        name = MAIN_FIELD[row.kind]
        if not row.values[name]:
            self.fail(row, name, _("chưa ghi"))

    def date(self, row: Row, name: str) -> dt.date | None:
        raw = row.values[name]
        if not raw:
            return None
        parsed = parse_date(raw)
        if parsed is None:
            self.fail(
                row,
                name,
                _("«%(value)s» không phải ngày hợp lệ (ngày/tháng/năm)") % {"value": raw},
            )
        return parsed

    def moment(self, row: Row, name: str) -> dt.datetime | None:
        raw = row.values[name]
        if not raw:
            return None
        parsed = parse_moment(raw)
        if parsed is None:
            self.fail(
                row,
                name,
                _("«%(value)s» không phải thời gian hợp lệ (ngày/tháng/năm giờ:phút)")
                % {"value": raw},
            )
        return parsed

    def number(self, row: Row, name: str) -> Decimal | None:
        raw = row.values[name]
        if not raw:
            return None
        try:
            return parse_number(raw.replace(" ", ""))
        except ValueError:
            self.fail(
                row,
                name,
                _("«%(value)s» không phải số (viết 95 hoặc 95,5; hàng nghìn: 1.234)")
                % {"value": raw},
            )
            return None

    def assigned(self, row: Row, name: str) -> uuid.UUID | None:
        raw = row.values[name]
        if not raw:
            return None
        try:
            return uuid.UUID(raw)
        except ValueError:
            self.fail(row, name, _("lựa chọn không hợp lệ"))
            return None

    @staticmethod
    def key(row: Row) -> uuid.UUID | None:
        """The row's identity; a mangled one makes it a new row rather than an error."""
        try:
            return uuid.UUID(row.key) if row.key else None
        except ValueError:
            return None

    def model(self, row: Row, model: type[BaseModel], data: dict[str, Any]) -> Any:
        """The row as the content model; what pydantic still refuses (a text too long) is named
        like the rest, and the row is left out of the check."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                name = str(error["loc"][0]) if error["loc"] else MAIN_FIELD[row.kind]
                if name not in FIELD_LABELS:
                    name = MAIN_FIELD[row.kind]
                if error["type"] == "string_too_long":
                    limit = (error.get("ctx") or {}).get("max_length", "")
                    message = _("dài quá %(n)s ký tự") % {"n": limit}
                else:
                    message = _("giá trị không hợp lệ")
                self.fail(row, name, message)
            return None


def parse_date(raw: str) -> dt.date | None:
    """ISO (what a date input posts) or dd/mm/yyyy (what people type)."""
    raw = raw.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(raw, pattern).date()  # noqa: DTZ007 (a date, no zone)
        except ValueError:
            continue
    return None


def parse_moment(raw: str) -> dt.datetime | None:
    """A naive local time (khth.plans.stored makes it aware in the server's zone)."""
    raw = raw.strip()
    for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"):
        try:
            return dt.datetime.strptime(raw, pattern)  # noqa: DTZ007 (local time, see docstring)
        except ValueError:
            continue
    return None


def read_editor(data: QueryDict, *, schedule: bool, narrative: list[str]) -> Editor:
    """The posted editor as rows to show again and as content to check or save. Unreadable
    values are left out of the content and named in ``errors``."""
    reader = _Reader(data)
    title = reader.text("title")
    if not title:
        reader.errors.append((str(FIELD_LABELS["title_of_plan"]), _("chưa ghi")))
    elif len(title) > 300:
        reader.errors.append(
            (str(FIELD_LABELS["title_of_plan"]), _("dài quá %(n)s ký tự") % {"n": 300})
        )
        title = title[:300]
    sections = {
        code: data.get(f"section-{code}", "") or ""
        for code in narrative
        if f"section-{code}" in data
    }
    rows = {kind: reader.rows(kind) if (kind == ENTRY) == schedule else [] for kind in TABLES}
    targets = [t for row in rows[TARGET] if (t := _target(reader, row)) is not None]
    tasks = [k for row in rows[TASK] if (k := _task(reader, row)) is not None]
    milestones = [m for row in rows[MILESTONE] if (m := _milestone(reader, row)) is not None]
    entries = [e for row in rows[ENTRY] if (e := _entry(reader, row)) is not None]
    content = PlanContent(
        title=title or None,
        sections=sections,
        targets=None if schedule else targets,
        tasks=None if schedule else tasks,
        milestones=None if schedule else milestones,
        entries=entries if schedule else None,
    )
    return Editor(title, sections, rows, reader.errors, content)


def _target(reader: _Reader, row: Row) -> TargetIn | None:
    v = row.values
    reader.required(row)
    template, _sep, indicator = v["indicator"].partition(":")
    return reader.model(  # type: ignore[no-any-return]
        row,
        TargetIn,
        {
            "key": reader.key(row),
            "text": v["text"],
            "template": template,
            "indicator": indicator,
            "comparison": v["comparison"],
            "value": reader.number(row, "value"),
            "due_on": reader.date(row, "due_on"),
            "assigned_key": reader.assigned(row, "assigned_key"),
            "weaker_reason": v["weaker_reason"],
            "assignees": v["assignees"],
        },
    )


def _task(reader: _Reader, row: Row) -> TaskIn | None:
    v = row.values
    reader.required(row)
    return reader.model(  # type: ignore[no-any-return]
        row,
        TaskIn,
        {
            "key": reader.key(row),
            "title": v["title"],
            "measures": v["measures"],
            "lead_unit": v["lead_unit"],
            "lead_person": v["lead_person"],
            "participant_units": v["participant_units"],
            "participants": v["participants"],
            "starts_on": reader.date(row, "starts_on"),
            "ends_on": reader.date(row, "ends_on"),
            "is_key": v["is_key"],
            "assigned_key": reader.assigned(row, "assigned_key"),
            "assignees": v["assignees"],
        },
    )


def _milestone(reader: _Reader, row: Row) -> MilestoneIn | None:
    v = row.values
    reader.required(row)
    due_on = reader.date(row, "due_on")
    if due_on is None:
        if not v["due_on"]:
            reader.fail(row, "due_on", _("chưa ghi"))
        return None
    return reader.model(  # type: ignore[no-any-return]
        row,
        MilestoneIn,
        {
            "key": reader.key(row),
            "due_on": due_on,
            "content": v["content"],
            "template": v["template"],
        },
    )


def _entry(reader: _Reader, row: Row) -> EntryIn | None:
    v = row.values
    reader.required(row)
    starts_at = reader.moment(row, "starts_at")
    ends_at = reader.moment(row, "ends_at")
    if starts_at is None:
        if not v["starts_at"]:
            reader.fail(row, "starts_at", _("chưa ghi"))
        return None
    return reader.model(  # type: ignore[no-any-return]
        row,
        EntryIn,
        {
            "key": reader.key(row),
            "starts_at": starts_at,
            "ends_at": ends_at,
            "content": v["content"],
            "lead": v["lead"],
            "participants": v["participants"],
            "place": v["place"],
            "notes": v["notes"],
        },
    )
