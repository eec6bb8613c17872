"""The whole regulation file."""

from __future__ import annotations

from typing import TypeVar

from khth.lib.vietnamese import nfc
from khth.regulations.schema.common import Coded, Item
from khth.regulations.schema.evaluation import Evaluation
from khth.regulations.schema.followup import Followup
from khth.regulations.schema.formats import DocumentFormats
from khth.regulations.schema.plans import Planning
from khth.regulations.schema.reports import Indicator, ReportTemplate
from khth.regulations.schema.structure import (
    DocumentKind,
    Level,
    Meta,
    RecordBook,
    Role,
    Task,
    UnitType,
    for_unit_type,
)
from khth.regulations.schema.synthesis import SynthesisRules


class Regulation(Item):
    regulation: Meta
    levels: tuple[Level, ...]
    roles: tuple[Role, ...]
    # The kinds of unit whose requirements differ from their level's (issue 13).
    unit_types: tuple[UnitType, ...] = ()
    document_kinds: tuple[DocumentKind, ...]
    tasks: tuple[Task, ...] = ()
    record_books: tuple[RecordBook, ...] = ()
    report_templates: tuple[ReportTemplate, ...]
    evaluation: Evaluation
    planning: Planning
    followup: Followup
    # Optional: a file without it prints with the formats of the shipped default file.
    document_formats: DocumentFormats | None = None
    # Optional: a file without it reads subordinates' texts with the shipped default file's words.
    synthesis: SynthesisRules | None = None

    # Lookups by code. The lists are a few dozen items long, so a scan is cheap and keeps the
    # frozen model free of caches. Each raises KeyError for an unknown code.

    def level_codes(self) -> tuple[str, ...]:
        return tuple(lv.code for lv in self.levels)

    def level(self, code: str) -> Level:
        return _find(self.levels, code)

    def role(self, code: str) -> Role:
        return _find(self.roles, code)

    def unit_type(self, code: str) -> UnitType:
        return _find(self.unit_types, code)

    def document_kind(self, code: str) -> DocumentKind:
        return _find(self.document_kinds, code)

    def task(self, code: str) -> Task:
        return _find(self.tasks, code)

    def task_name(self, code: str) -> str:
        """The name of the task a plan or a document stored ``code`` for, to show it: the code
        itself when this version has no such task (a later version dropped it), "" for none."""
        try:
            return self.task(code).name
        except KeyError:
            return code

    def record_book(self, code: str) -> RecordBook:
        return _find(self.record_books, code)

    def books_for_level(self, level_code: str, unit_type: str = "") -> tuple[RecordBook, ...]:
        """The books a unit of the level (and of ``unit_type``; "" a general unit) keeps: those
        listing the level and the type, never a title the level abolished (validation refuses a
        file that lists both; an unvalidated one still asks nothing abolished)."""
        gone = self.abolished_at(level_code)
        return tuple(
            book
            for book in self.record_books
            if level_code in book.levels
            and for_unit_type(book.unit_types, unit_type)
            and book.code not in gone
            and _title_key(book.name) not in gone
        )

    def abolished_at(self, level_code: str) -> set[str]:
        """Codes and folded names of the titles the level abolished."""
        try:
            abolished = self.level(level_code).abolished
        except KeyError:
            return set()
        if abolished is None:
            return set()
        return {t.code for t in abolished.titles} | {_title_key(t.name) for t in abolished.titles}

    def plan_kinds(self) -> tuple[DocumentKind, ...]:
        return tuple(kind for kind in self.document_kinds if kind.plan is not None)

    def report_template(self, code: str) -> ReportTemplate:
        return _find(self.report_templates, code)

    def indicator(self, template_code: str, code: str) -> Indicator:
        return _find(self.report_template(template_code).indicators, code)


_T = TypeVar("_T", bound=Coded)


def _title_key(name: str) -> str:
    """A book name as compared with an abolished title: NFC, case and spacing ignored."""
    return " ".join(nfc(name).casefold().split())


def _find(items: tuple[_T, ...], code: str) -> _T:
    for item in items:
        if item.code == code:
            return item
    raise KeyError(code)
