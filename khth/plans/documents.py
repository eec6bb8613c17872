"""Plans → the neutral document model and plain sheets. Data only: no file format here.

``plan_document(plan)`` builds the official document of the plan's kind (header, number line
with the kind's abbreviation, place and date, type name and summary, the outline sections in
order with their narrative, the targets table where the outline has ``chi-tieu``, the tasks
table where it has ``noi-dung-bien-phap``, the milestones under ``to-chuc-thuc-hien``; for an
activity schedule the schedule table with the kind's columns; recipients and the approver's
signature). ``plan_spreadsheet(plan)`` gives the sheets «Chỉ tiêu» and «Nhiệm vụ» with results
and progress, or «Lịch hoạt động» for a schedule. It goes through the same renderers as reports
(khth.documents.render), so a plan and a report of one unit look alike on paper.

Like reports, the document is in Vietnamese whatever the reader's interface language: it is an
official document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from khth.documents.build import (
    DATE,
    DATETIME,
    DRAFT_MARK,
    cell,
    document_day,
    draft_mark,
    file_stems,
    heading,
    outline_number,
    para,
    table,
    wall_time,
)
from khth.documents.heading import letterhead, title_summary
from khth.documents.model import (
    Block,
    Cell,
    Document,
    Sheet,
    SheetColumn,
    SheetValue,
    Spreadsheet,
    Table,
)
from khth.documents.richtext import html_to_blocks
from khth.lib import clock
from khth.lib.vietnamese import format_number, short_date
from khth.plans.models import Milestone, Plan, ScheduleEntry, Target, Task
from khth.plans.results import TARGET_STATES, TASK_STATES, progress_of, task_state
from khth.plans.stored import is_schedule, kind_of, regulation
from khth.regulations.schema import DocumentKind, Regulation
from khth.regulations.schema.common import Section
from khth.units.access import signing_role
from khth.units.models import Unit

__all__ = [
    "DRAFT_MARK",
    "PlanData",
    "entry_time",
    "plan_data",
    "plan_document",
    "plan_file_names",
    "plan_spreadsheet",
]

# Where the tables go in the outline (section codes of the regulation's plan outline).
TARGETS_SECTION = "chi-tieu"
TASKS_SECTION = "noi-dung-bien-phap"
MILESTONES_SECTION = "to-chuc-thuc-hien"

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
SYMBOLS = dict(Target.COMPARISONS)

# The schedule's columns by code (regulation data, ``lhd-tuan.columns``), and the columns a plan
# with an attached schedule uses when its kind names none.
SCHEDULE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("thoi-gian", "Thời gian"),
    ("noi-dung", "Nội dung"),
    ("chu-tri", "Người chủ trì"),
    ("thanh-phan", "Thành phần"),
    ("dia-diem", "Địa điểm"),
    ("ghi-chu", "Ghi chú"),
)
SCHEDULE_WIDTHS = {"thoi-gian": 3.0, "noi-dung": 4.6, "chu-tri": 2.4, "thanh-phan": 2.6}


# --- what is read once -----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanData:
    """A plan with its items, read in a fixed number of queries."""

    plan: Plan
    regulation: Regulation
    kind: DocumentKind
    targets: tuple[Target, ...]
    tasks: tuple[Task, ...]
    milestones: tuple[Milestone, ...]
    entries: tuple[ScheduleEntry, ...]

    @property
    def schedule(self) -> bool:
        return is_schedule(self.plan)

    @property
    def draft(self) -> bool:
        return self.plan.status == Plan.DRAFT


def plan_data(plan: Plan) -> PlanData:
    units = Unit.objects.order_by("path")
    return PlanData(
        plan=plan,
        regulation=regulation(plan),
        kind=kind_of(plan),
        targets=tuple(plan.targets.prefetch_related(Prefetch("assignees", queryset=units))),
        tasks=tuple(
            plan.tasks.select_related("lead_unit").prefetch_related(
                Prefetch("assignees", queryset=units),
                Prefetch("participant_units", queryset=units),
            )
        ),
        milestones=tuple(plan.milestones.all()),
        entries=tuple(plan.entries.all()),
    )


# --- the document ----------------------------------------------------------------------------


def plan_document(plan: Plan | PlanData, *, on: dt.date | None = None) -> Document:
    """The plan as an official document of its kind's family, dated ``on`` (default: the day it
    was approved, or today for a draft)."""
    data = plan if isinstance(plan, PlanData) else plan_data(plan)
    plan, kind = data.plan, data.kind
    # The register (khth.docsystem, above plans) links to the plan: read through the reverse
    # relation. Once registered the plan prints the register's number and date.
    registration = plan.registrations.order_by("pk").first()
    if registration is not None:
        day = on or registration.dated
    else:
        day = on or document_day(plan.approved_at, final=not data.draft)
    letter = letterhead(
        data.regulation,
        plan.unit,
        kind.family,
        kind.abbreviation,
        day,
        number=registration.number_text if registration is not None else None,
        # A deputy who approved signs for the head ("KT. CHÍNH ỦY / PHÓ CHÍNH ỦY").
        signer_role=signing_role(plan.approved_by, plan.unit) if plan.approved_by else None,
    )
    if kind.type_name:  # a type without an abbreviation to look its name up by
        letter = replace(letter, title=kind.type_name)
    blocks: list[Block] = [draft_mark()] if data.draft else []
    blocks += _body(data)
    spec = kind.plan
    signer = ""
    if plan.approved_by is not None and (spec is None or spec.approver == "political_officer"):
        signer = plan.approved_by.full_name
    return letter.document(
        _summary(data, letter.title),
        blocks,
        draft=data.draft,
        file_stem=plan_file_names(plan)[0],
        recipients=letter.recipients([u.name for u in _assignees(data)]),
        signature=letter.signature(signer),
    )


def _summary(data: PlanData, kind_name: str) -> str:
    """The plan's title without the type name the line above already says; a schedule's span."""
    text = title_summary(data.plan.title, kind_name)
    if data.schedule:
        plan = data.plan
        text += f" (từ ngày {short_date(plan.starts_on)} đến ngày {short_date(plan.ends_on)})"
    return text


def _body(data: PlanData) -> list[Block]:
    plan = data.plan
    placed: dict[str, list[Block]] = {}
    if data.targets:
        placed[TARGETS_SECTION] = [targets_table(data)]
    if data.tasks:
        placed[TASKS_SECTION] = [tasks_table(data)]
    if data.milestones:
        placed[MILESTONES_SECTION] = list(_milestones(data.milestones))
    if data.entries and not data.schedule:
        placed["_schedule"] = [
            para("Lịch hoạt động kèm theo:", bold=True),
            schedule_table(data),
        ]
    out: list[Block] = []

    def walk(sections: Sequence[Section], depth: int) -> None:
        for index, section in enumerate(sections):
            out.append(heading(outline_number(depth, index), section.title, depth))
            if not section.children:
                out.extend(html_to_blocks(plan.sections.get(section.code, "")))
            out.extend(placed.pop(section.code, []))
            walk(section.children, depth + 1)

    walk(data.kind.outline, 0)
    if data.schedule and data.entries:
        out.append(schedule_table(data))
    # An outline without the section a table belongs to (an edited regulation): the table
    # still goes into the document, at its end, rather than being lost.
    for blocks in placed.values():
        out.extend(blocks)
    if data.schedule and not data.entries:
        out.append(para("Chưa có hoạt động nào trong lịch.", italic=True))
    return out


def _rich_cell(first: str, rest: str) -> Cell:
    """A bold first line (a task's content) over plain lines (its measures)."""
    paragraphs = [para(first, bold=bool(rest), role="table")]
    paragraphs += [para(line, role="table") for line in rest.split("\n") if line]
    return Cell(tuple(paragraphs))


def targets_table(data: PlanData) -> Table:
    rows = [
        (
            cell(str(index), align="center"),
            cell(target.text),
            cell(target_level(data.regulation, target), align="center"),
            cell(short_date(target.due_on) if target.due_on else "", align="center"),
            cell(_names(target.assignees.all())),
        )
        for index, target in enumerate(data.targets, start=1)
    ]
    titles = ("STT", "Chỉ tiêu", "Mức", "Thời hạn", "Đơn vị được giao")
    return table(titles, rows, (1.3, 6.2, 2.2, 2.8, 3.0))


def tasks_table(data: PlanData) -> Table:
    rows = [
        (
            cell(str(index), align="center"),
            _rich_cell(task.title, task.measures),
            cell(task_lead(task)),
            cell(task_participants(task)),
            cell(task_span(task), align="center"),
            cell("x" if task.is_key else "", align="center"),
        )
        for index, task in enumerate(data.tasks, start=1)
    ]
    titles = ("STT", "Nội dung – biện pháp", "Chủ trì", "Phối hợp", "Thời gian", "Trọng tâm")
    return table(titles, rows, (1.3, 6.0, 2.4, 2.4, 2.8, 1.9))


def _milestones(milestones: Iterable[Milestone]) -> Iterable[Block]:
    yield para("Các mốc thực hiện và báo cáo:", italic=True)
    for milestone in milestones:
        yield para(f"Ngày {short_date(milestone.due_on)}: {milestone.content}", marker="-")


def schedule_columns(kind: DocumentKind) -> tuple[tuple[str, str], ...]:
    if kind.columns:
        return tuple((c.code, c.name) for c in kind.columns)
    return SCHEDULE_COLUMNS


def entry_values(entry: ScheduleEntry) -> dict[str, str]:
    """An entry by the codes of the schedule's columns; a column the data adds stays blank."""
    return {
        "thoi-gian": entry_time(entry),
        "noi-dung": entry.content,
        "chu-tri": entry.lead,
        "thanh-phan": entry.participants,
        "dia-diem": entry.place,
        "ghi-chu": entry.notes,
    }


def schedule_table(data: PlanData) -> Table:
    columns = schedule_columns(data.kind)
    rows: list[tuple[Cell, ...]] = []
    for entry in data.entries:
        values = entry_values(entry)
        rows.append(
            tuple(
                cell(values.get(code, ""), align="center" if code == "thoi-gian" else None)
                for code, _name in columns
            )
        )
    widths = tuple(SCHEDULE_WIDTHS.get(code, 2.2) for code, _name in columns)
    return table((name for _code, name in columns), rows, widths)


def _assignees(data: PlanData) -> list[Unit]:
    found: dict[int, Unit] = {}
    for target in data.targets:
        for unit in target.assignees.all():
            found.setdefault(unit.pk, unit)
    for task in data.tasks:
        for unit in task.assignees.all():
            found.setdefault(unit.pk, unit)
    return sorted(found.values(), key=lambda u: u.path)


# --- texts shared by the document, the sheets and the pages ---------------------------------


def _plain(value: Decimal) -> str:
    """At most two decimals, without trailing zeros: 95.0000 → "95", 8.5 → "8,5"."""
    text = format_number(value, 2)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def target_level(reg: Regulation, target: Target) -> str:
    """The level to reach: "≥ 95%", "= 0 vụ"; empty for a target stated in words."""
    if target.value is None:
        return ""
    unit = ""
    percentage = False
    if target.indicator_code:
        try:
            indicator = reg.indicator(target.template_code, target.indicator_code)
        except KeyError:
            indicator = None
        if indicator is not None:
            percentage = indicator.type == "percentage"
            unit = indicator.unit or ""
    number = _plain(target.value) + ("%" if percentage else "")
    if unit and not percentage and unit != "%":
        number += f" {unit}"
    symbol = SYMBOLS.get(target.comparison, "")
    return f"{symbol} {number}".strip()


def _names(units: Iterable[Unit]) -> str:
    return ", ".join(u.short_name or u.name for u in units)


def task_lead(task: Task) -> str:
    parts = [task.lead_unit.short_name or task.lead_unit.name] if task.lead_unit else []
    if task.lead_person:
        parts.append(task.lead_person)
    return "\n".join(parts)


def task_participants(task: Task) -> str:
    parts = [_names(task.participant_units.all())] if task.participant_units.all() else []
    if task.participants:
        parts.append(task.participants)
    return "\n".join(parts)


def task_span(task: Task) -> str:
    start, end = task.starts_on, task.ends_on
    if start and end:
        if start == end:
            return short_date(start)
        return f"{short_date(start)}\n– {short_date(end)}"
    if end:
        return f"đến {short_date(end)}"
    if start:
        return f"từ {short_date(start)}"
    return ""


def entry_time(entry: ScheduleEntry) -> str:
    """When an entry is, in the server's time zone, on three lines for a narrow column:
    "Thứ Hai", "08/07/2024", "07:30 – 09:00"."""
    start = timezone.localtime(entry.starts_at)
    text = f"{WEEKDAYS[start.weekday()]}\n{short_date(start.date())}\n{start:%H:%M}"
    if entry.ends_at is not None:
        end = timezone.localtime(entry.ends_at)
        text += f" – {end:%H:%M}"
        if end.date() != start.date():
            text += f" {short_date(end.date())}"
    return text


# --- sheets ----------------------------------------------------------------------------------


def plan_spreadsheet(plan: Plan | PlanData, *, today: dt.date | None = None) -> Spreadsheet:
    """«Chỉ tiêu» and «Nhiệm vụ» with results and progress as of ``today``; «Lịch hoạt động»
    for a schedule."""
    data = plan if isinstance(plan, PlanData) else plan_data(plan)
    plan = data.plan
    title = " ".join(plan.title.split())
    if data.draft:
        title += " (dự thảo)"
    if data.schedule:
        sheets: tuple[Sheet, ...] = (_schedule_sheet(data),)
    else:
        sheets = _plan_sheets(data, today or clock.today())
    return Spreadsheet(title=title, subject=plan.unit.name, sheets=sheets)


def _plan_sheets(data: PlanData, today: dt.date) -> tuple[Sheet, Sheet]:
    reg = data.regulation
    progress = progress_of(data.plan, today, tasks=data.tasks, targets=data.targets)
    target_rows: list[tuple[SheetValue, ...]] = []
    for index, result in enumerate(progress.targets, start=1):
        target = result.target
        target_rows.append(
            (
                index,
                target.text,
                target_level(reg, target),
                target.due_on,
                _names(target.assignees.all()),
                TARGET_STATES[result.state],
                result.display,
            )
        )
    targets = Sheet(
        title="Chỉ tiêu",
        columns=(
            SheetColumn("STT", 6),
            SheetColumn("Chỉ tiêu", 55, wrap=True),
            SheetColumn("Mức", 14),
            SheetColumn("Thời hạn", 13, number_format=DATE),
            SheetColumn("Đơn vị được giao", 26, wrap=True),
            SheetColumn("Kết quả", 22),
            SheetColumn("Số liệu thực tế", 16),
        ),
        rows=tuple(target_rows),
    )
    task_rows: list[tuple[SheetValue, ...]] = []
    for index, task in enumerate(data.tasks, start=1):
        task_rows.append(
            (
                index,
                task.title,
                task.measures,
                task_lead(task).replace("\n", "; "),
                task_participants(task).replace("\n", "; "),
                task.starts_on,
                task.ends_on,
                "x" if task.is_key else "",
                _names(task.assignees.all()),
                TASK_STATES[task_state(task, today)],
                task.progress_note,
            )
        )
    tasks = Sheet(
        title="Nhiệm vụ",
        columns=(
            SheetColumn("STT", 6),
            SheetColumn("Nội dung", 45, wrap=True),
            SheetColumn("Biện pháp", 50, wrap=True),
            SheetColumn("Chủ trì", 22, wrap=True),
            SheetColumn("Phối hợp", 22, wrap=True),
            SheetColumn("Bắt đầu", 13, number_format=DATE),
            SheetColumn("Kết thúc", 13, number_format=DATE),
            SheetColumn("Trọng tâm", 10),
            SheetColumn("Đơn vị được giao", 22, wrap=True),
            SheetColumn("Tiến độ", 18),
            SheetColumn("Ghi chú tiến độ", 30, wrap=True),
        ),
        rows=tuple(task_rows),
    )
    return targets, tasks


def _schedule_sheet(data: PlanData) -> Sheet:
    columns = schedule_columns(data.kind)
    head = [SheetColumn("Bắt đầu", 17, number_format=DATETIME)]
    head.append(SheetColumn("Kết thúc", 17, number_format=DATETIME))
    head += [
        SheetColumn(name, 40 if code == "noi-dung" else 24, wrap=True)
        for code, name in columns
        if code != "thoi-gian"
    ]
    rows: list[tuple[SheetValue, ...]] = []
    for entry in data.entries:
        values = entry_values(entry)
        rows.append(
            (
                wall_time(entry.starts_at),
                wall_time(entry.ends_at),
                *(values.get(code, "") for code, _name in columns if code != "thoi-gian"),
            )
        )
    return Sheet(title="Lịch hoạt động", columns=tuple(head), rows=tuple(rows))


# --- file names ------------------------------------------------------------------------------


def plan_file_names(plan: Plan) -> tuple[str, str]:
    """(ASCII stem, Vietnamese stem) for downloads: "ke-hoach-ctd-ctct-nam-2024-tieu-doan-1"
    and "Kế hoạch CTĐ, CTCT năm 2024 - Tiểu đoàn 1" (with "lần 2" for an amendment)."""
    readable = f"{plan.title} - {plan.unit.short_name or plan.unit.name}"
    if plan.version > 1:
        readable += f" - lần {plan.version}"
    if plan.status == Plan.DRAFT:
        readable += " (dự thảo)"
    return file_stems(readable, "ke-hoach")
