"""Every change to inspections: plan and edit, record findings and remedies, write the
conclusion and conclude (or reopen a conclusion to amend it), close a remedy with evidence and
reopen a closure, and remind both sides of overdue remedies. One transaction each, audited,
people notified.

Rules (docs/inspections.md):

- the inspecting unit's own people (``inspection.manage`` held at ``by_unit``) plan, record and
  conclude; the inspected units are strictly below the inspecting unit;
- findings and remedies are recorded while the inspection is planned; the conclusion freezes
  them, as the notice sent out lists them. An omission is corrected by reopening the conclusion
  (with a note), amending, and concluding again;
- a remedy is followed up from the moment it is assigned, concluded or not: the owner unit's
  own people (``inspection.respond`` held at the owner) close it with evidence; the inspecting
  unit may reopen a closure it does not accept, with a note.
"""

from khth.inspections.actions.common import (
    ConflictError,
    InspectionError,
    area_names,
    document_kind_names,
)
from khth.inspections.actions.planning import (
    InspectionData,
    add_finding,
    add_remedy,
    conclude_inspection,
    delete_finding,
    delete_remedy,
    plan_inspection,
    reopen_inspection,
    save_conclusion,
    summary,
    update_inspection,
)
from khth.inspections.actions.remedies import (
    Reminded,
    close_remedy,
    remind_overdue,
    reopen_remedy,
)

__all__ = [
    "ConflictError",
    "InspectionData",
    "InspectionError",
    "Reminded",
    "add_finding",
    "add_remedy",
    "area_names",
    "close_remedy",
    "conclude_inspection",
    "delete_finding",
    "delete_remedy",
    "document_kind_names",
    "plan_inspection",
    "remind_overdue",
    "reopen_inspection",
    "reopen_remedy",
    "save_conclusion",
    "summary",
    "update_inspection",
]
