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

L = gettext_lazy

SENTENCES: dict[str, Promise] = {
    "accounts.user.created": L("Tạo tài khoản"),
    "accounts.user.updated": L("Sửa thông tin tài khoản"),
    "accounts.user.password_changed": L("Đổi mật khẩu"),
    "accounts.token.issued": L("Cấp khóa truy cập cho phần mềm khác"),
    "units.unit.created": L("Thêm đơn vị"),
    "units.unit.updated": L("Sửa thông tin đơn vị"),
    "units.unit.moved": L("Chuyển đơn vị sang đơn vị cấp trên khác"),
    "units.unit.dissolved": L("Giải thể đơn vị"),
    "units.unit.merged": L("Sáp nhập đơn vị"),
    "units.membership.added": L("Giao vai trò tại đơn vị"),
    "units.membership.ended": L("Kết thúc vai trò tại đơn vị"),
    "regulations.version.loaded": L("Nạp phiên bản quy định"),
    "regulations.version.activated": L("Áp dụng phiên bản quy định"),
    "regulations.scope.assigned": L("Giao quy định riêng cho đơn vị, loại hình đơn vị"),
    "regulations.scope.removed": L("Bỏ quy định riêng của đơn vị, loại hình đơn vị"),
    "reports.report.opened": L("Lập báo cáo"),
    "reports.report.updated": L("Sửa nội dung báo cáo"),
    "reports.report.submitted": L("Gửi báo cáo lên cấp trên"),
    "reports.report.returned": L("Cấp trên trả lại báo cáo để sửa"),
    "reports.report.accepted": L("Cấp trên tiếp nhận báo cáo"),
    "reports.report.unlocked": L("Cấp trên mở khóa báo cáo để sửa"),
    "reports.request.created": L("Yêu cầu báo cáo đột xuất"),
    "reports.attachment.added": L("Đính kèm tệp vào báo cáo"),
    "reports.attachment.removed": L("Gỡ tệp đính kèm khỏi báo cáo"),
    "plans.plan.created": L("Lập kế hoạch"),
    "plans.plan.saved": L("Sửa nội dung kế hoạch"),
    "plans.plan.approved": L("Phê duyệt kế hoạch"),
    "plans.plan.issued": L("Ban hành kế hoạch"),
    "plans.plan.amended": L("Lập bản sửa đổi kế hoạch"),
    "plans.plan.discarded": L("Hủy dự thảo kế hoạch"),
    "plans.task.progress": L("Cập nhật tiến độ nhiệm vụ"),
    "evaluations.evaluation.opened": L("Mở bản đánh giá"),
    "evaluations.evaluation.refreshed": L("Cập nhật căn cứ đánh giá"),
    "evaluations.evaluation.saved": L("Lưu bản tự đánh giá"),
    "evaluations.evaluation.submitted": L("Gửi bản tự đánh giá lên cấp trên"),
    "evaluations.evaluation.returned": L("Cấp trên trả lại bản đánh giá để sửa"),
    "evaluations.evaluation.reviewed": L("Cấp trên thẩm định, đề nghị xếp loại"),
    "evaluations.evaluation.decided": L("Quyết định xếp loại"),
    "records.entry.added": L("Ghi sổ"),
    "records.entry.corrected": L("Sửa dòng ghi sổ"),
    "records.entry.withdrawn": L("Hủy dòng ghi sổ"),
    "records.document.created": L("Lập văn kiện"),
    "records.document.saved": L("Sửa văn kiện"),
    "register.term.added": L("Thêm nhiệm kỳ cấp ủy"),
    "register.document.registered": L("Vào sổ văn bản đi"),
    "register.document.received": L("Vào sổ văn bản đến"),
    "register.attachment.added": L("Đính kèm tệp vào văn bản"),
    "awards.award.registered": L("Vào sổ khen thưởng"),
    "awards.award.removed": L("Xóa khỏi sổ khen thưởng"),
    "awards.proposal.drafted": L("Lập đề xuất khen thưởng"),
    "awards.proposal.confirmed": L("Xác nhận đề xuất khen thưởng"),
    "awards.proposal.rejected": L("Không chấp nhận đề xuất khen thưởng"),
    "awards.proposal.reopened": L("Mở lại đề xuất khen thưởng"),
    "coordination.partner.created": L("Thêm cơ quan phối hợp"),
    "coordination.partner.updated": L("Sửa thông tin cơ quan phối hợp"),
    "coordination.agreement.created": L("Thêm quy chế phối hợp"),
    "coordination.agreement.updated": L("Sửa quy chế phối hợp"),
    "coordination.agreement.partners_changed": L("Đổi các cơ quan phối hợp của quy chế"),
    "coordination.exchange.generated": L("Lập báo cáo trao đổi thông tin"),
    "coordination.exchange.refreshed": L("Cập nhật số liệu báo cáo trao đổi"),
    "coordination.exchange.saved": L("Sửa báo cáo trao đổi thông tin"),
    "coordination.exchange.sent": L("Gửi báo cáo trao đổi thông tin"),
    "coordination.activity.recorded": L("Ghi hoạt động phối hợp"),
    "coordination.activity.updated": L("Sửa hoạt động phối hợp"),
    "coordination.received.recorded": L("Ghi báo cáo nhận từ cơ quan phối hợp"),
    "coordination.received.updated": L("Sửa báo cáo nhận từ cơ quan phối hợp"),
    "coordination.received.registered": L("Vào sổ văn bản đến báo cáo của cơ quan phối hợp"),
    "coordination.transfer.recorded": L("Ghi đảng viên chuyển sinh hoạt về địa phương"),
    "coordination.transfer.updated": L("Sửa việc bàn giao đảng viên về địa phương"),
    "inspections.inspection.planned": L("Lập kế hoạch kiểm tra"),
    "inspections.inspection.updated": L("Sửa kế hoạch kiểm tra"),
    "inspections.inspection.conclusion_saved": L("Ghi kết luận kiểm tra"),
    "inspections.inspection.concluded": L("Ban hành kết luận kiểm tra"),
    "inspections.inspection.reopened": L("Mở lại cuộc kiểm tra"),
    "inspections.finding.added": L("Ghi hạn chế, vi phạm"),
    "inspections.finding.deleted": L("Xóa hạn chế, vi phạm"),
    "inspections.remedy.assigned": L("Giao việc khắc phục"),
    "inspections.remedy.deleted": L("Xóa việc khắc phục"),
    "inspections.remedy.closed": L("Báo cáo đã khắc phục xong"),
    "inspections.remedy.reopened": L("Mở lại việc khắc phục"),
    "inspections.remedy.reminded": L("Nhắc việc khắc phục quá hạn"),
    "reviews.review.created": L("Lập báo cáo sơ kết, tổng kết"),
    "reviews.review.saved": L("Sửa báo cáo sơ kết, tổng kết"),
    "reviews.review.finished": L("Hoàn thành báo cáo sơ kết, tổng kết"),
    "reviews.review.conference_recorded": L("Ghi hội nghị sơ kết, tổng kết"),
    "reviews.review.key_tasks_set": L("Ghi nhiệm vụ trọng tâm, giải pháp"),
    "reviews.review.award_linked": L("Gắn khen thưởng tại hội nghị"),
    "reviews.review.award_unlinked": L("Bỏ khen thưởng khỏi hội nghị"),
    "practice.exemplar.marked": L("Chọn làm điển hình tiên tiến"),
    "practice.exemplar.unmarked": L("Bỏ chọn điển hình tiên tiến"),
    "directives.directive.entered": L("Nhập nghị quyết, chỉ thị của cấp trên"),
    "directives.directive.updated": L("Sửa thông tin nghị quyết, chỉ thị"),
    "directives.study.recorded": L("Ghi kết quả quán triệt nghị quyết, chỉ thị"),
    "directives.study.updated": L("Sửa kết quả quán triệt nghị quyết, chỉ thị"),
    "directives.plan.linked": L("Gắn kế hoạch thực hiện nghị quyết, chỉ thị"),
    "directives.plan.unlinked": L("Bỏ kế hoạch thực hiện nghị quyết, chỉ thị"),
    "directives.result.reported": L("Báo cáo kết quả thực hiện nghị quyết, chỉ thị"),
    "directives.result.updated": L("Sửa báo cáo kết quả thực hiện nghị quyết, chỉ thị"),
}

FIELDS: dict[str, Promise] = {
    "action": L("Việc khắc phục"),
    "active": L("Phiên bản áp dụng"),
    "address": L("Địa chỉ"),
    "addressees": L("Nơi nhận"),
    "admin_abbr": L("Ký hiệu cơ quan"),
    "area": L("Mặt công tác"),
    "areas": L("Mặt công tác"),
    "attendance": L("Thành phần dự"),
    "award": L("Khen thưởng"),
    "birth_year": L("Năm sinh"),
    "body_name": L("Cơ quan, tổ chức được khen"),
    "book": L("Sổ"),
    "changed": L("Số mục đã sửa"),
    "code": L("Mã"),
    "codes": L("Mã"),
    "commune": L("Xã, phường"),
    "conclusion": L("Kết luận"),
    "contact": L("Liên hệ"),
    "content": L("Nội dung"),
    "days_late": L("Số ngày chậm"),
    "deadline": L("Hạn"),
    "decision_date": L("Ngày quyết định"),
    "decision_number": L("Số quyết định"),
    "document_kinds": L("Loại văn kiện"),
    "email": L("Thư điện tử"),
    "ended_on": L("Ngày thôi"),
    "ends_on": L("Đến ngày"),
    "evidence": L("Minh chứng"),
    "file": L("Tệp"),
    "frequency": L("Định kỳ"),
    "from": L("Từ ngày"),
    "full_name": L("Họ và tên"),
    "handed_over_on": L("Ngày bàn giao"),
    "held_on": L("Ngày tổ chức"),
    "incoming": L("Văn bản đến"),
    "indicators": L("Chỉ tiêu"),
    "inspector": L("Người kiểm tra"),
    "is_active": L("Đang sử dụng"),
    "is_base": L("Quy định chung"),
    "issuer": L("Cấp khen"),
    "justified_missing": L("Số mục thiếu có giải trình"),
    "kind": L("Loại"),
    "letter_date": L("Ngày giấy giới thiệu sinh hoạt đảng"),
    "level": L("Cấp"),
    "line": L("Dòng số"),
    "n": L("Số lượng"),
    "name": L("Tên"),
    "note": L("Ghi chú"),
    "number": L("Số"),
    "on": L("Ngày"),
    "owner": L("Đơn vị thực hiện"),
    "parent": L("Đơn vị cấp trên"),
    "participants": L("Thành phần"),
    "partner": L("Cơ quan phối hợp"),
    "parts": L("Phần đã sửa"),
    "party_abbr": L("Ký hiệu cấp ủy"),
    "party_body": L("Cấp ủy"),
    "party_organisation": L("Tổ chức đảng chuyển đi"),
    "period": L("Kỳ"),
    "periods": L("Các kỳ"),
    "person_name": L("Người được khen"),
    "place": L("Địa danh"),
    "presided_by": L("Người chủ trì"),
    "progress": L("Tiến độ"),
    "proposed": L("Đề nghị xếp loại"),
    "province": L("Tỉnh, thành phố"),
    "rank_post": L("Cấp bậc, chức vụ"),
    "reasons": L("Lý do"),
    "received_on": L("Ngày nhận"),
    "recipient": L("Đối tượng"),
    "record": L("Biên bản hội nghị"),
    "reference": L("Số, ký hiệu"),
    "remedies": L("Việc khắc phục"),
    "result": L("Kết quả"),
    "role": L("Vai trò"),
    "score": L("Điểm"),
    "secrecy": L("Độ mật"),
    "sender": L("Nơi gửi"),
    "short_name": L("Tên gọn"),
    "signed_on": L("Ngày ký"),
    "size": L("Dung lượng (byte)"),
    "source_name": L("Tệp quy định"),
    "starts_on": L("Từ ngày"),
    "status": L("Trạng thái"),
    "successor": L("Đơn vị kế thừa"),
    "superior_party_body": L("Cấp ủy cấp trên"),
    "team": L("Đoàn kiểm tra"),
    "template": L("Mẫu báo cáo"),
    "text": L("Nội dung"),
    "title": L("Tên"),
    "to": L("Đến ngày"),
    "unit": L("Đơn vị"),
    "unit_type": L("Loại hình đơn vị"),
    "units": L("Các đơn vị"),
    "user": L("Tài khoản"),
    "username": L("Tên đăng nhập"),
    "valid": L("Hiệu lực"),
    "valid_from": L("Hiệu lực từ"),
    "valid_to": L("Hiệu lực đến"),
    "value": L("Giá trị"),
    "values": L("Nội dung ghi"),
    "version": L("Phiên bản"),
    "warnings": L("Số cảnh báo"),
}
# The same key meaning something else on one kind of object.
FIELDS_OF: dict[tuple[str, str], Promise] = {
    ("evaluations.evaluation", "level"): L("Xếp loại"),
    ("awards.award", "title"): L("Danh hiệu"),
    ("awards.proposal", "title"): L("Danh hiệu"),
    ("directives.directive", "title"): L("Trích yếu"),
    ("directives.directive", "issuer"): L("Cơ quan ban hành"),
    ("directives.directive", "issued_on"): L("Ngày ban hành"),
    ("directives.directive", "levels"): L("Cấp phải thực hiện"),
    ("directives.directive", "summary"): L("Nội dung tóm tắt"),
    ("directives.study", "form"): L("Hình thức"),
    ("directives.study", "present"): L("Số có mặt"),
    ("directives.study", "total"): L("Tổng số phải học tập"),
    ("directives.study", "made_up"): L("Số vắng đã học bù"),
    ("directives.study", "made_up_on"): L("Ngày học bù"),
    ("directives.study", "presided"): L("Người chủ trì"),
    ("directives.planlink", "plan"): L("Kế hoạch thực hiện"),
    ("directives.result", "period_id"): L("Kỳ"),
    ("directives.result", "figures"): L("Số liệu"),
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
