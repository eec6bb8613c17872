"""The regulation file as pydantic models (field validation) plus whole-file reference checks."""

from khth.regulations.schema.common import Basis, Column, Section
from khth.regulations.schema.evaluation import (
    EVIDENCE_KEYS,
    CriteriaGroup,
    Criterion,
    Evaluation,
    EvaluationLevel,
    Quota,
    Veto,
)
from khth.regulations.schema.problems import Path, Problem, format_path
from khth.regulations.schema.references import ALLOWED_AGGREGATIONS, validate_references
from khth.regulations.schema.regulation import Regulation
from khth.regulations.schema.reports import (
    Condition,
    Cutoff,
    Expression,
    Indicator,
    ReportTemplate,
    Rule,
)
from khth.regulations.schema.structure import (
    Abolished,
    AbolishedTitle,
    BookSection,
    DocumentKind,
    Level,
    Meta,
    RecordBook,
    Role,
    Source,
    Task,
    TaskDocument,
    UnitType,
    for_unit_type,
)

__all__ = [
    "ALLOWED_AGGREGATIONS",
    "EVIDENCE_KEYS",
    "Abolished",
    "AbolishedTitle",
    "Basis",
    "BookSection",
    "Column",
    "Condition",
    "CriteriaGroup",
    "Criterion",
    "Cutoff",
    "DocumentKind",
    "Evaluation",
    "EvaluationLevel",
    "Expression",
    "Indicator",
    "Level",
    "Meta",
    "Path",
    "Problem",
    "Quota",
    "RecordBook",
    "Regulation",
    "ReportTemplate",
    "Role",
    "Rule",
    "Section",
    "Source",
    "Task",
    "TaskDocument",
    "UnitType",
    "Veto",
    "for_unit_type",
    "format_path",
    "validate_references",
]
