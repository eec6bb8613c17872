"""Permission and role codes the code knows about.

Which role holds which permission is regulation data (``roles:`` in the regulation file); the code
only checks permission codes, never role names, so an edited regulation can regroup them.
"""

from __future__ import annotations

# Role codes are fixed: accounts, imports and the API name them.
ROLE_CODES: tuple[str, ...] = (
    "assistant",  # trợ lý kế hoạch – tổng hợp: prepares plans and reports
    "political_officer",  # chính ủy / chính trị viên: approves, signs, submits
    "commander",  # reads
    "committee_member",  # cấp ủy viên: reads
    "admin",  # system administration of a subtree
    # Issue 13: the people who really sign and register. Which levels each exists at is data
    # (``roles[].levels``), so an edited regulation can move them without a code change.
    "political_chief",  # chủ nhiệm chính trị: heads the political agency (Cục/Phòng/Ban)
    "deputy_political_chief",  # phó chủ nhiệm chính trị
    "deputy_commissar",  # phó chính ủy: signs "KT. CHÍNH ỦY"
    "deputy_political_officer",  # phó chính trị viên: the battalion's and company's helper
    "party_secretary",  # bí thư of a Party committee or cell: signs "TM. ĐẢNG ỦY"
    "deputy_party_secretary",  # phó bí thư
    "clerk",  # văn thư: registers and numbers documents, nothing else
)

KNOWN_PERMISSIONS: dict[str, str] = {
    "unit.view": "read the unit and its subtree",
    "unit.manage": "create, edit, move, merge, dissolve and import units in the subtree",
    "user.manage": "create and edit accounts and memberships in the subtree",
    "regulation.manage": "load and activate regulation versions (holder at a root unit only)",
    "audit.view": "read the audit history of objects in the subtree",
    "report.prepare": "draft and edit the unit's reports",
    "report.submit": "submit the unit's reports to the superior",
    "report.review": "review, return and accept what direct subordinates submit",
    "plan.prepare": "draft and edit the unit's plans and schedules",
    "plan.approve": "approve and issue the unit's plans",
    "evaluation.assess": "self-assess and review evaluations",
    "evaluation.decide": "decide evaluation levels of subordinates",
    "document.register": "register documents and give them numbers",
    "inspection.manage": "plan inspections, record findings and remedies, draft reviews",
    "inspection.respond": "close the unit's remedies with evidence",
    "award.manage": "register awards and confirm proposals in the subtree",
    "coordination.manage": "partners, agreements, exchange reports and joint activities",
    "document.read_mat": "read registered documents marked MẬT in the subtree",
    "document.read_toi_mat": "read registered documents marked TỐI MẬT in the subtree",
    "document.read_tuyet_mat": "read registered documents marked TUYỆT MẬT in the subtree",
    "record.write": "add and correct entries in the unit's record books",
}
