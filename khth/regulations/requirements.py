"""What a unit at a given level must produce and keep, read from the regulation.

One answer for the CLI (``lines()``) and for the unit page (the fields; each code comes with its
label so a template needs no lookups). Labels and lines are translated when they are built, in the
language of the request or command that asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from khth.regulations.labels import (
    FAMILY_LABELS,
    FREQUENCY_LABELS,
    OCCASION_LABELS,
    PLANNING_BY_LABELS,
    REPORT_KIND_LABELS,
    UPDATE_FREQUENCY_LABELS,
)
from khth.regulations.schema import DocumentKind, Level, Regulation, UnitType, for_unit_type


@dataclass(frozen=True)
class DocumentRequirement:
    code: str
    name: str
    abbreviation: str
    family: str
    family_label: str
    issuer: str | None
    occasions: tuple[str, ...]
    occasion_labels: tuple[str, ...]
    required: bool

    def line(self) -> str:
        need = _("bắt buộc") if self.required else _("khi cần")
        occasions = ", ".join(self.occasion_labels)
        return f"{_tag(self.abbreviation)}{self.name} — {self.family_label}; {occasions}; {need}"


def _tag(abbreviation: str) -> str:
    # A type without an abbreviation (lịch hoạt động) shows none rather than empty brackets.
    return f"[{abbreviation}] " if abbreviation else ""


@dataclass(frozen=True)
class TaskRequirement:
    code: str
    name: str
    # Only the documents this level issues for the task.
    documents: tuple[DocumentRequirement, ...]


@dataclass(frozen=True)
class BookRequirement:
    code: str
    name: str
    update_frequency: str
    update_frequency_label: str
    # Name of the document kind that may replace a handwritten entry, if any.
    typed_document: str | None

    def line(self) -> str:
        names = {
            "name": self.name,
            "frequency": self.update_frequency_label,
            "document": self.typed_document,
        }
        if self.typed_document:
            return (
                _(
                    "%(name)s — cập nhật %(frequency)s; "
                    "có thể thay bằng văn kiện đánh máy: %(document)s"
                )
                % names
            )
        return _("%(name)s — cập nhật %(frequency)s") % names


@dataclass(frozen=True)
class ReportRequirement:
    code: str
    name: str
    kind: str
    kind_label: str
    frequency: str | None
    frequency_label: str | None
    # Working days after the end of the data cut-off (for ad hoc reports: after the request).
    deadline_working_days: int

    def line(self) -> str:
        when = (
            self.kind_label
            if self.frequency_label is None
            else (f"{self.kind_label}, {self.frequency_label}")
        )
        days = self.deadline_working_days
        if self.frequency is None:
            due = ngettext(
                "hạn %(days)d ngày làm việc sau khi nhận yêu cầu",
                "hạn %(days)d ngày làm việc sau khi nhận yêu cầu",
                days,
            ) % {"days": days}
        else:
            due = ngettext(
                "hạn %(days)d ngày làm việc sau khi chốt số liệu",
                "hạn %(days)d ngày làm việc sau khi chốt số liệu",
                days,
            ) % {"days": days}
        return f"{self.name} — {when}; {due}"


@dataclass(frozen=True)
class LevelRequirements:
    regulation_code: str
    regulation_version: str
    level: Level
    # The unit type asked about; None: a general unit of the level.
    unit_type: UnitType | None
    planning_by_label: str
    documents: tuple[DocumentRequirement, ...]
    tasks: tuple[TaskRequirement, ...]
    books: tuple[BookRequirement, ...]
    reports: tuple[ReportRequirement, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.documents or self.tasks or self.books or self.reports)

    def lines(self) -> list[str]:
        level = self.level
        out = [
            _("Cấp %(short_name)s: %(name)s (%(code)s)")
            % {"short_name": level.short_name, "name": level.name, "code": level.code},
            _("Quy định %(code)s phiên bản %(version)s")
            % {"code": self.regulation_code, "version": self.regulation_version},
        ]
        if self.unit_type is not None:
            out.append(_("Loại hình đơn vị: %(name)s") % {"name": self.unit_type.name})
        out += [
            _("Cơ quan chính trị: %(agency)s")
            % {"agency": level.political_agency or _("không có")},
            _("Công tác kế hoạch – tổng hợp: %(by)s") % {"by": self.planning_by_label},
        ]
        if level.description:
            out.append(level.description)
        out += ["", _("Văn kiện phải ban hành:")]
        out += _bullets(doc.line() for doc in self.documents)
        out += ["", _("Bộ văn kiện theo từng nhiệm vụ:")]
        if not self.tasks:
            out.append(_nothing())
        for task in self.tasks:
            out.append(f"  - {task.name}")
            out += [f"      {_tag(doc.abbreviation)}{doc.name}" for doc in task.documents]
        out += ["", _("Sổ sách phải giữ:")]
        out += _bullets(book.line() for book in self.books)
        out += ["", _("Báo cáo phải gửi cấp trên:")]
        out += _bullets(report.line() for report in self.reports)
        return out


def _nothing() -> str:
    return "  " + _("(không có)")


def _bullets(lines: Iterable[str]) -> list[str]:
    return [f"  - {line}" for line in lines] or [_nothing()]


def _document(kind: DocumentKind) -> DocumentRequirement:
    return DocumentRequirement(
        code=kind.code,
        name=kind.name,
        abbreviation=kind.abbreviation,
        family=kind.family,
        family_label=str(FAMILY_LABELS[kind.family]),
        issuer=kind.issuer,
        occasions=tuple(kind.occasions),
        occasion_labels=tuple(str(OCCASION_LABELS[o]) for o in kind.occasions),
        required=kind.required,
    )


def requirements_for_level(
    reg: Regulation, level_code: str, unit_type: str = ""
) -> LevelRequirements:
    """What a unit of the level and of ``unit_type`` ("": a general unit) must produce and keep.
    Raises KeyError for a level the regulation does not have; a type it does not know is a unit
    of no known type (it gets what every unit of the level gets)."""
    level = reg.level(level_code)
    try:
        kind_of_unit: UnitType | None = reg.unit_type(unit_type) if unit_type else None
    except KeyError:
        kind_of_unit = None
    documents = tuple(
        _document(kind)
        for kind in reg.document_kinds
        if level_code in kind.issuing_levels and for_unit_type(kind.unit_types, unit_type)
    )
    tasks = []
    for task in reg.tasks:
        issued = tuple(
            _document(reg.document_kind(doc.kind))
            for doc in task.documents
            if level_code in doc.levels and for_unit_type(doc.unit_types, unit_type)
        )
        if issued:
            tasks.append(TaskRequirement(code=task.code, name=task.name, documents=issued))
    books = tuple(
        BookRequirement(
            code=book.code,
            name=book.name,
            update_frequency=book.update_frequency,
            update_frequency_label=str(UPDATE_FREQUENCY_LABELS[book.update_frequency]),
            typed_document=(
                reg.document_kind(book.typed_document_kind).name
                if book.typed_document_kind
                else None
            ),
        )
        for book in reg.books_for_level(level_code, unit_type)
    )
    reports = tuple(
        ReportRequirement(
            code=template.code,
            name=template.name,
            kind=template.kind,
            kind_label=str(REPORT_KIND_LABELS[template.kind]),
            frequency=template.frequency,
            frequency_label=(
                str(FREQUENCY_LABELS[template.frequency]) if template.frequency else None
            ),
            deadline_working_days=template.deadlines[level_code],
        )
        for template in reg.report_templates
        if level_code in template.reporting_levels and for_unit_type(template.unit_types, unit_type)
    )
    return LevelRequirements(
        regulation_code=reg.regulation.code,
        regulation_version=reg.regulation.version,
        level=level,
        unit_type=kind_of_unit,
        planning_by_label=str(PLANNING_BY_LABELS[level.planning_by]),
        documents=documents,
        tasks=tuple(tasks),
        books=books,
        reports=reports,
    )
