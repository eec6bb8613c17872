"""The audit log as people read it: a Vietnamese sentence for each action, Vietnamese field labels,
and values as they are shown elsewhere (a period's label, a date as dd/mm/yyyy, a unit's name).

Action names and stored fields stay code (``reports.report.returned``, ``period: "2026S2"``):
code searches and filters by them. Only this module turns them into words, so a new action needs
one line in ``SENTENCES`` — ``tests/audit/test_sentences.py`` fails until it has one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from khth.audit.models import AuditEntry
from khth.lib.vietnamese import format_number, short_date
from khth.periods import label_of
from khth.regulations.labels import FREQUENCY_LABELS

SENTENCES: dict[str, Promise] = {
    "accounts.user.created": gettext_lazy("Tạo tài khoản"),
    "accounts.user.updated": gettext_lazy("Sửa thông tin tài khoản"),
    "accounts.user.password_changed": gettext_lazy("Đổi mật khẩu"),
    "accounts.token.issued": gettext_lazy("Cấp khóa truy cập cho phần mềm khác"),
    "units.unit.created": gettext_lazy("Thêm đơn vị"),
    "units.unit.updated": gettext_lazy("Sửa thông tin đơn vị"),
    "units.unit.moved": gettext_lazy("Chuyển đơn vị sang đơn vị cấp trên khác"),
    "units.unit.dissolved": gettext_lazy("Giải thể đơn vị"),
    "units.unit.merged": gettext_lazy("Sáp nhập đơn vị"),
    "units.membership.added": gettext_lazy("Giao vai trò tại đơn vị"),
    "units.membership.ended": gettext_lazy("Kết thúc vai trò tại đơn vị"),
    "regulations.version.loaded": gettext_lazy("Nạp phiên bản quy định"),
    "regulations.version.activated": gettext_lazy("Áp dụng phiên bản quy định"),
    "regulations.scope.assigned": gettext_lazy("Giao quy định riêng cho đơn vị, loại hình đơn vị"),
    "regulations.scope.removed": gettext_lazy("Bỏ quy định riêng của đơn vị, loại hình đơn vị"),
    "reports.report.opened": gettext_lazy("Lập báo cáo"),
    "reports.report.updated": gettext_lazy("Sửa nội dung báo cáo"),
    "reports.report.synthesis_drafted": gettext_lazy(
        "Đưa bản nháp tổng hợp nội dung của cấp dưới vào báo cáo"
    ),
    "reports.report.submitted": gettext_lazy("Gửi báo cáo lên cấp trên"),
    "reports.report.returned": gettext_lazy("Cấp trên trả lại báo cáo để sửa"),
    "reports.report.accepted": gettext_lazy("Cấp trên tiếp nhận báo cáo"),
    "reports.report.unlocked": gettext_lazy("Cấp trên mở khóa báo cáo để sửa"),
    "reports.request.created": gettext_lazy("Yêu cầu báo cáo đột xuất"),
    "reports.attachment.added": gettext_lazy("Đính kèm tệp vào báo cáo"),
    "reports.attachment.removed": gettext_lazy("Gỡ tệp đính kèm khỏi báo cáo"),
    "plans.plan.created": gettext_lazy("Lập kế hoạch"),
    "plans.plan.saved": gettext_lazy("Sửa nội dung kế hoạch"),
    "plans.plan.approved": gettext_lazy("Phê duyệt kế hoạch"),
    "plans.plan.issued": gettext_lazy("Ban hành kế hoạch"),
    "plans.plan.amended": gettext_lazy("Lập bản sửa đổi kế hoạch"),
    "plans.plan.discarded": gettext_lazy("Hủy dự thảo kế hoạch"),
    "plans.task.progress": gettext_lazy("Cập nhật tiến độ nhiệm vụ"),
    "evaluations.evaluation.opened": gettext_lazy("Mở bản đánh giá"),
    "evaluations.evaluation.refreshed": gettext_lazy("Cập nhật căn cứ đánh giá"),
    "evaluations.evaluation.saved": gettext_lazy("Lưu bản tự đánh giá"),
    "evaluations.evaluation.submitted": gettext_lazy("Gửi bản tự đánh giá lên cấp trên"),
    "evaluations.evaluation.returned": gettext_lazy("Cấp trên trả lại bản đánh giá để sửa"),
    "evaluations.evaluation.reviewed": gettext_lazy("Cấp trên thẩm định, đề nghị xếp loại"),
    "evaluations.evaluation.decided": gettext_lazy("Quyết định xếp loại"),
    "records.entry.added": gettext_lazy("Ghi sổ"),
    "records.entry.corrected": gettext_lazy("Sửa dòng ghi sổ"),
    "records.entry.withdrawn": gettext_lazy("Hủy dòng ghi sổ"),
    "records.document.created": gettext_lazy("Lập văn kiện"),
    "records.document.saved": gettext_lazy("Sửa văn kiện"),
    "register.term.added": gettext_lazy("Thêm nhiệm kỳ cấp ủy"),
    "register.document.registered": gettext_lazy("Vào sổ văn bản đi"),
    "register.document.received": gettext_lazy("Vào sổ văn bản đến"),
    "register.attachment.added": gettext_lazy("Đính kèm tệp vào văn bản"),
    "awards.award.registered": gettext_lazy("Vào sổ khen thưởng"),
    "awards.award.removed": gettext_lazy("Xóa khỏi sổ khen thưởng"),
    "awards.proposal.drafted": gettext_lazy("Lập đề xuất khen thưởng"),
    "awards.proposal.confirmed": gettext_lazy("Xác nhận đề xuất khen thưởng"),
    "awards.proposal.rejected": gettext_lazy("Không chấp nhận đề xuất khen thưởng"),
    "awards.proposal.reopened": gettext_lazy("Mở lại đề xuất khen thưởng"),
    "coordination.partner.created": gettext_lazy("Thêm cơ quan phối hợp"),
    "coordination.partner.updated": gettext_lazy("Sửa thông tin cơ quan phối hợp"),
    "coordination.agreement.created": gettext_lazy("Thêm quy chế phối hợp"),
    "coordination.agreement.updated": gettext_lazy("Sửa quy chế phối hợp"),
    "coordination.agreement.partners_changed": gettext_lazy("Đổi các cơ quan phối hợp của quy chế"),
    "coordination.exchange.generated": gettext_lazy("Lập báo cáo trao đổi thông tin"),
    "coordination.exchange.refreshed": gettext_lazy("Cập nhật số liệu báo cáo trao đổi"),
    "coordination.exchange.saved": gettext_lazy("Sửa báo cáo trao đổi thông tin"),
    "coordination.exchange.sent": gettext_lazy("Gửi báo cáo trao đổi thông tin"),
    "coordination.activity.recorded": gettext_lazy("Ghi hoạt động phối hợp"),
    "coordination.activity.updated": gettext_lazy("Sửa hoạt động phối hợp"),
    "coordination.received.recorded": gettext_lazy("Ghi báo cáo nhận từ cơ quan phối hợp"),
    "coordination.received.updated": gettext_lazy("Sửa báo cáo nhận từ cơ quan phối hợp"),
    "coordination.received.registered": gettext_lazy(
        "Vào sổ văn bản đến báo cáo của cơ quan phối hợp"
    ),
    "coordination.transfer.recorded": gettext_lazy("Ghi đảng viên chuyển sinh hoạt về địa phương"),
    "coordination.transfer.updated": gettext_lazy("Sửa việc bàn giao đảng viên về địa phương"),
    "inspections.inspection.planned": gettext_lazy("Lập kế hoạch kiểm tra"),
    "inspections.inspection.updated": gettext_lazy("Sửa kế hoạch kiểm tra"),
    "inspections.inspection.conclusion_saved": gettext_lazy("Ghi kết luận kiểm tra"),
    "inspections.inspection.concluded": gettext_lazy("Ban hành kết luận kiểm tra"),
    "inspections.inspection.reopened": gettext_lazy("Mở lại cuộc kiểm tra"),
    "inspections.finding.added": gettext_lazy("Ghi hạn chế, vi phạm"),
    "inspections.finding.deleted": gettext_lazy("Xóa hạn chế, vi phạm"),
    "inspections.remedy.assigned": gettext_lazy("Giao việc khắc phục"),
    "inspections.remedy.deleted": gettext_lazy("Xóa việc khắc phục"),
    "inspections.remedy.closed": gettext_lazy("Báo cáo đã khắc phục xong"),
    "inspections.remedy.reopened": gettext_lazy("Mở lại việc khắc phục"),
    "inspections.remedy.reminded": gettext_lazy("Nhắc việc khắc phục quá hạn"),
    "reviews.review.created": gettext_lazy("Lập báo cáo sơ kết, tổng kết"),
    "reviews.review.saved": gettext_lazy("Sửa báo cáo sơ kết, tổng kết"),
    "reviews.review.synthesis_drafted": gettext_lazy(
        "Đưa bản nháp tổng hợp từ các báo cáo định kỳ vào báo cáo sơ kết, tổng kết"
    ),
    "reviews.review.finished": gettext_lazy("Hoàn thành báo cáo sơ kết, tổng kết"),
    "reviews.review.conference_recorded": gettext_lazy("Ghi hội nghị sơ kết, tổng kết"),
    "reviews.review.key_tasks_set": gettext_lazy("Ghi nhiệm vụ trọng tâm, giải pháp"),
    "reviews.review.award_linked": gettext_lazy("Gắn khen thưởng tại hội nghị"),
    "reviews.review.award_unlinked": gettext_lazy("Bỏ khen thưởng khỏi hội nghị"),
    "practice.exemplar.marked": gettext_lazy("Chọn làm điển hình tiên tiến"),
    "practice.exemplar.unmarked": gettext_lazy("Bỏ chọn điển hình tiên tiến"),
    "directives.directive.entered": gettext_lazy("Nhập nghị quyết, chỉ thị của cấp trên"),
    "directives.directive.updated": gettext_lazy("Sửa thông tin nghị quyết, chỉ thị"),
    "directives.study.recorded": gettext_lazy("Ghi kết quả quán triệt nghị quyết, chỉ thị"),
    "directives.study.updated": gettext_lazy("Sửa kết quả quán triệt nghị quyết, chỉ thị"),
    "directives.plan.linked": gettext_lazy("Gắn kế hoạch thực hiện nghị quyết, chỉ thị"),
    "directives.plan.unlinked": gettext_lazy("Bỏ kế hoạch thực hiện nghị quyết, chỉ thị"),
    "directives.result.reported": gettext_lazy("Báo cáo kết quả thực hiện nghị quyết, chỉ thị"),
    "directives.result.updated": gettext_lazy("Sửa báo cáo kết quả thực hiện nghị quyết, chỉ thị"),
}

FIELDS: dict[str, Promise] = {
    "action": gettext_lazy("Việc khắc phục"),
    "active": gettext_lazy("Phiên bản áp dụng"),
    "address": gettext_lazy("Địa chỉ"),
    "addressees": gettext_lazy("Nơi nhận"),
    "admin_abbr": gettext_lazy("Ký hiệu cơ quan"),
    "area": gettext_lazy("Mặt công tác"),
    "areas": gettext_lazy("Mặt công tác"),
    "attendance": gettext_lazy("Thành phần dự"),
    "award": gettext_lazy("Khen thưởng"),
    "birth_year": gettext_lazy("Năm sinh"),
    "body_name": gettext_lazy("Cơ quan, tổ chức được khen"),
    "book": gettext_lazy("Sổ"),
    "changed": gettext_lazy("Số mục đã sửa"),
    "code": gettext_lazy("Mã"),
    "codes": gettext_lazy("Mã"),
    "commune": gettext_lazy("Xã, phường"),
    "conclusion": gettext_lazy("Kết luận"),
    "contact": gettext_lazy("Liên hệ"),
    "content": gettext_lazy("Nội dung"),
    "days_late": gettext_lazy("Số ngày chậm"),
    "deadline": gettext_lazy("Hạn"),
    "decision_date": gettext_lazy("Ngày quyết định"),
    "decision_number": gettext_lazy("Số quyết định"),
    "document_kinds": gettext_lazy("Loại văn kiện"),
    "email": gettext_lazy("Thư điện tử"),
    "ended_on": gettext_lazy("Ngày thôi"),
    "ends_on": gettext_lazy("Đến ngày"),
    "evidence": gettext_lazy("Minh chứng"),
    "file": gettext_lazy("Tệp"),
    "frequency": gettext_lazy("Định kỳ"),
    "from": gettext_lazy("Từ ngày"),
    "full_name": gettext_lazy("Họ và tên"),
    "handed_over_on": gettext_lazy("Ngày bàn giao"),
    "held_on": gettext_lazy("Ngày tổ chức"),
    "incoming": gettext_lazy("Văn bản đến"),
    "indicators": gettext_lazy("Chỉ tiêu"),
    "inspector": gettext_lazy("Người kiểm tra"),
    "is_active": gettext_lazy("Đang sử dụng"),
    "is_base": gettext_lazy("Quy định chung"),
    "issuer": gettext_lazy("Cấp khen"),
    "justified_missing": gettext_lazy("Số mục thiếu có giải trình"),
    "kind": gettext_lazy("Loại"),
    "letter_date": gettext_lazy("Ngày giấy giới thiệu sinh hoạt đảng"),
    "level": gettext_lazy("Cấp"),
    "line": gettext_lazy("Dòng số"),
    "n": gettext_lazy("Số lượng"),
    "name": gettext_lazy("Tên"),
    "note": gettext_lazy("Ghi chú"),
    "number": gettext_lazy("Số"),
    "on": gettext_lazy("Ngày"),
    "owner": gettext_lazy("Đơn vị thực hiện"),
    "parent": gettext_lazy("Đơn vị cấp trên"),
    "participants": gettext_lazy("Thành phần"),
    "partner": gettext_lazy("Cơ quan phối hợp"),
    "parts": gettext_lazy("Phần đã sửa"),
    "party_abbr": gettext_lazy("Ký hiệu cấp ủy"),
    "party_body": gettext_lazy("Cấp ủy"),
    "party_organisation": gettext_lazy("Chi bộ, đảng bộ chuyển đi"),
    "period": gettext_lazy("Kỳ"),
    "periods": gettext_lazy("Các kỳ"),
    "person_name": gettext_lazy("Người được khen"),
    "place": gettext_lazy("Địa danh"),
    "presided_by": gettext_lazy("Người chủ trì"),
    "progress": gettext_lazy("Tiến độ"),
    "proposed": gettext_lazy("Đề nghị xếp loại"),
    "province": gettext_lazy("Tỉnh, thành phố"),
    "rank_post": gettext_lazy("Cấp bậc, chức vụ"),
    "reasons": gettext_lazy("Lý do"),
    "received_on": gettext_lazy("Ngày nhận"),
    "recipient": gettext_lazy("Đối tượng"),
    "record": gettext_lazy("Biên bản hội nghị"),
    "reference": gettext_lazy("Số, ký hiệu"),
    "remedies": gettext_lazy("Việc khắc phục"),
    "result": gettext_lazy("Kết quả"),
    "role": gettext_lazy("Vai trò"),
    "score": gettext_lazy("Điểm"),
    "secrecy": gettext_lazy("Độ mật"),
    "sender": gettext_lazy("Nơi gửi"),
    "short_name": gettext_lazy("Tên gọn"),
    "signed_on": gettext_lazy("Ngày ký"),
    "size": gettext_lazy("Dung lượng (byte)"),
    "source_name": gettext_lazy("Tệp quy định"),
    "starts_on": gettext_lazy("Từ ngày"),
    "status": gettext_lazy("Trạng thái"),
    "successor": gettext_lazy("Đơn vị kế thừa"),
    "superior_party_body": gettext_lazy("Cấp ủy cấp trên"),
    "team": gettext_lazy("Đoàn kiểm tra"),
    "template": gettext_lazy("Mẫu báo cáo"),
    "text": gettext_lazy("Nội dung"),
    "title": gettext_lazy("Tên"),
    "to": gettext_lazy("Đến ngày"),
    "unit": gettext_lazy("Đơn vị"),
    "unit_type": gettext_lazy("Loại hình đơn vị"),
    "units": gettext_lazy("Các đơn vị"),
    "user": gettext_lazy("Tài khoản"),
    "username": gettext_lazy("Tên đăng nhập"),
    "valid": gettext_lazy("Hiệu lực"),
    "valid_from": gettext_lazy("Hiệu lực từ"),
    "valid_to": gettext_lazy("Hiệu lực đến"),
    "value": gettext_lazy("Giá trị"),
    "values": gettext_lazy("Nội dung ghi"),
    "version": gettext_lazy("Phiên bản"),
    "warnings": gettext_lazy("Số cảnh báo"),
}
# The same key meaning something else on one kind of object.
FIELDS_OF: dict[tuple[str, str], Promise] = {
    ("evaluations.evaluation", "level"): gettext_lazy("Xếp loại"),
    ("awards.award", "title"): gettext_lazy("Danh hiệu"),
    ("awards.proposal", "title"): gettext_lazy("Danh hiệu"),
    ("directives.directive", "title"): gettext_lazy("Trích yếu"),
    ("directives.directive", "issuer"): gettext_lazy("Cơ quan ban hành"),
    ("directives.directive", "issued_on"): gettext_lazy("Ngày ban hành"),
    ("directives.directive", "levels"): gettext_lazy("Cấp phải thực hiện"),
    ("directives.directive", "summary"): gettext_lazy("Nội dung tóm tắt"),
    ("directives.study", "form"): gettext_lazy("Hình thức"),
    ("directives.study", "present"): gettext_lazy("Số có mặt"),
    ("directives.study", "total"): gettext_lazy("Tổng số phải học tập"),
    ("directives.study", "made_up"): gettext_lazy("Số vắng đã học bù"),
    ("directives.study", "made_up_on"): gettext_lazy("Ngày học bù"),
    ("directives.study", "presided"): gettext_lazy("Người chủ trì"),
    ("directives.planlink", "plan"): gettext_lazy("Kế hoạch thực hiện"),
    ("directives.result", "period_id"): gettext_lazy("Kỳ"),
    ("directives.result", "figures"): gettext_lazy("Số liệu"),
}
# Bookkeeping that means nothing to a reader: a content hash, an edit counter, a row id.
HIDDEN = frozenset({"checksum", "revision"})
HIDDEN_OF = frozenset({("plans.plan", "from")})

# Values that are codes of the regulation (levels, roles, templates, kinds, books, titles…).
REGULATION_CODED = frozenset(
    {"level", "role", "template", "kind", "book", "area", "areas", "indicators", "codes",
     "document_kinds", "title", "proposed", "frequency"}
)  # fmt: skip
UNIT_CODED = frozenset({"unit", "parent", "successor", "owner", "units"})
# Lists whose items are item codes of a document: a count says what the reader needs.
COUNTED = frozenset({"changed", "justified_missing"})

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Line:
    entry: AuditEntry
    sentence: str
    note: str
    changes: list[Change]


def sentence(action: str) -> str:
    """The Vietnamese sentence for ``action``; an action no longer written keeps a neutral one."""
    known = SENTENCES.get(action)
    return str(known) if known is not None else _("Thay đổi khác")


def describe(entries: Iterable[AuditEntry]) -> list[Line]:
    """The entries as the history table shows them, with one query for the units they name."""
    entries = list(entries)
    units = _unit_names(entries)
    names = _LazyNames()
    lines = []
    for entry in entries:
        changes = []
        for key, old, new in entry.changed_fields():
            if key in HIDDEN or (entry.object_type, key) in HIDDEN_OF:
                continue
            label = FIELDS_OF.get((entry.object_type, key)) or FIELDS.get(key) or key
            show = _Shower(entry.object_type, key, units, names)
            changes.append(Change(str(label), show(old), show(new)))
        lines.append(Line(entry, sentence(entry.action), _note(entry.note), changes))
    return lines


def _note(note: str) -> str:
    # Notes written before they were Vietnamese ("on 2025-07-01", "expires 2026-01-31"):
    # their dates at least read the Vietnamese way.
    return ISO_DATE.sub(lambda m: short_date(dt.date.fromisoformat(m.group(0))), note)


def _unit_names(entries: list[AuditEntry]) -> dict[str, str]:
    from khth.units.models import Unit

    codes: set[str] = set()
    for entry in entries:
        for key, old, new in entry.changed_fields():
            if key in UNIT_CODED:
                for value in (old, new):
                    codes.update(v for v in (value if isinstance(value, list) else [value]) if v)
    if not codes:
        return {}
    return dict(Unit.objects.filter(code__in=codes).values_list("code", "name"))


class _LazyNames:
    """The regulation's names, read on first use: most histories have no coded value."""

    def __init__(self) -> None:
        self._names: dict[str, str] | None = None

    def get(self, code: str) -> str | None:
        if self._names is None:
            self._names = _regulation_names()
        return self._names.get(code)


# Names by regulation checksum: walking the whole regulation takes longer than a page.
_NAMES: dict[str, dict[str, str]] = {}


def _regulation_names() -> dict[str, str]:
    """Every coded item of the regulation in force, by code: levels, roles, templates…"""
    from khth.regulations.access import RegulationNotLoaded, active_regulation
    from khth.regulations.models import RegulationVersion

    checksum = RegulationVersion.objects.filter(is_base=True).values_list("checksum", flat=True)
    key = checksum.first()
    if key is None:
        return {}
    if key not in _NAMES:
        try:
            regulation = active_regulation()
        except RegulationNotLoaded:
            return {}
        names: dict[str, str] = {}
        _collect(regulation, names, depth=0)
        _NAMES.clear()  # one regulation is in force at a time
        _NAMES[key] = names
    return _NAMES[key]


def _collect(node: Any, names: dict[str, str], depth: int) -> None:
    if depth > 6:
        return
    if isinstance(node, (tuple, list)):
        for item in node:
            _collect(item, names, depth + 1)
        return
    fields = getattr(type(node), "model_fields", None)
    if fields is None:
        return
    code, name = getattr(node, "code", None), getattr(node, "name", None)
    if isinstance(code, str) and isinstance(name, str):
        names.setdefault(code, name)
    for field in fields:
        _collect(getattr(node, field), names, depth + 1)


class _Shower:
    """Shows one field's values: formatting depends on the field and the object's model."""

    def __init__(
        self, object_type: str, key: str, units: dict[str, str], names: _LazyNames
    ) -> None:
        self.key = key
        self.units = units
        self.names = names
        self.choices = _choices(object_type, key)

    def __call__(self, value: Any) -> str:
        if value is None or value == "" or value == [] or value == {}:
            return "—"
        if self.key in COUNTED and isinstance(value, list):
            return ngettext("%(n)s mục", "%(n)s mục", len(value)) % {"n": len(value)}
        if isinstance(value, list):
            return ", ".join(self.one(v) for v in value)
        if isinstance(value, dict):
            return "; ".join(self.one(v) for v in value.values() if v not in (None, ""))
        return self.one(value)

    def one(self, value: Any) -> str:
        if isinstance(value, bool):
            return _("Có") if value else _("Không")
        if isinstance(value, (int, Decimal)) or (isinstance(value, float) and value.is_integer()):
            return format_number(value)
        if not isinstance(value, str):
            return str(value)
        if self.key in REGULATION_CODED and (name := self.names.get(value)) is not None:
            return name
        if value in self.choices:
            return self.choices[value]
        if self.key == "frequency" and value in FREQUENCY_LABELS:
            return str(FREQUENCY_LABELS[value])
        if self.key == "period" or self.key == "periods":
            return label_of(value)
        if self.key in UNIT_CODED:
            return self.units.get(value, value)
        if ISO_DATETIME.match(value):
            moment = dt.datetime.fromisoformat(value)
            return f"{short_date(moment.date())} {moment:%H:%M}"
        if ISO_DATE.fullmatch(value):
            return short_date(dt.date.fromisoformat(value))
        return value


def _choices(object_type: str, key: str) -> dict[str, str]:
    """The labels of a model field with choices (a status, a recipient kind), translated."""
    try:
        model = apps.get_model(object_type)
        field = model._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return {}
    # Some choices are their own labels (roles: the regulation names them): not a label then.
    return {str(k): _(str(v)) for k, v in getattr(field, "flatchoices", ()) or () if k != v}
