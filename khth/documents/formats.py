"""Document formats from the regulation data, and which family a document kind belongs to.

A document is printed with the formats of the regulation version its report was written under
(like its outline): a report of 2024 keeps the format of 2024 when it is printed again in 2026.
A version loaded before formats were part of the file prints with the formats of the shipped
default file, so no value lives in code.
"""

from __future__ import annotations

from functools import lru_cache

from khth.regulations.loader import default_regulation_path, parse_yaml
from khth.regulations.schema import DocumentKind, Regulation
from khth.regulations.schema.formats import DocumentFormats, Family, FamilyFormat
from khth.regulations.schema.reports import ReportTemplate

__all__ = ["document_formats", "family_format", "family_of", "find_kind", "type_name"]


@lru_cache(maxsize=1)
def _shipped() -> DocumentFormats:
    data = parse_yaml(default_regulation_path().read_text(encoding="utf-8"), "default.yaml")
    return DocumentFormats.model_validate(data["document_formats"])


def document_formats(regulation: Regulation) -> DocumentFormats:
    return regulation.document_formats or _shipped()


def find_kind(regulation: Regulation, code: str | None) -> DocumentKind | None:
    """The regulation's document kind ``code``; None when no kind is named or the regulation (an
    edited one) has no such kind, and the caller falls back on its default."""
    if not code:
        return None
    try:
        return regulation.document_kind(code)
    except KeyError:
        return None


def family_of(regulation: Regulation, template: ReportTemplate) -> Family:
    """The family of the template's document kind; administrative when the template names none
    (reports go up the command and political chain unless the regulation says otherwise)."""
    kind = find_kind(regulation, template.document_kind)
    return kind.family if kind is not None else "administrative"


def family_format(regulation: Regulation, family: Family) -> FamilyFormat:
    return document_formats(regulation).family(family)


def type_name(regulation: Regulation, abbreviation: str) -> str:
    """The type name ("Báo cáo" for "BC"); the abbreviation itself when the data has none."""
    return document_formats(regulation).type_names.get(abbreviation, abbreviation)
