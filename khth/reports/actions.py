"""Every change to reports: open, save (with a version check), submit, return, accept, unlock,
ad hoc requests and attachments. One transaction each, audited, people notified."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from khth.audit.actions import log_action
from khth.lib import clock
from khth.lib.bulk import BATCH, batched, update_rows
from khth.lib.errors import ActionRefused, ContentRefused
from khth.lib.numbers import decimal_column, storable
from khth.lib.uploads import checked_upload, delete_upload, new_upload_row, storing
from khth.lib.vietnamese import nfc, parse_number
from khth.notifications.actions import in_system_language, notify
from khth.periods import Period
from khth.regulations.access import regulation_of
from khth.regulations.models import RegulationVersion
from khth.regulations.schema import for_unit_type
from khth.regulations.schema.reports import Indicator, ReportTemplate
from khth.reports import access
from khth.reports.completeness import Completeness, Finding, check, out_of_bounds
from khth.reports.expectations import lateness
from khth.reports.models import (
    Attachment,
    IndicatorValue,
    Justification,
    Report,
    ReportComment,
    ReportRequest,
    SectionText,
)
from khth.reports.richtext import is_blank, sanitize
from khth.reports.template import is_computed, outline, template_of
from khth.reports.timeliness import period_for
from khth.reports.values import Value
from khth.reports.weights import store_weights
from khth.units.models import Unit
from khth.units.regulation import version_for

NUMBER_COLUMN = decimal_column(IndicatorValue, "number")


class ReportError(ActionRefused, ValueError):
    """A change the rules refuse; the message says why, in Vietnamese."""


class ContentError(ContentRefused, ReportError):
    """Entered content that cannot be stored; ``problems`` name each field."""


class ConflictError(ReportError):
    """Someone else saved the report since this edit began."""

    def __init__(self, report: Report) -> None:
        who = report.updated_by.full_name if report.updated_by else _("người khác")
        when = timezone.localtime(report.updated_at).strftime("%H:%M %d/%m/%Y")
        super().__init__(
            _(
                "Báo cáo đã được %(who)s sửa lúc %(when)s (phiên bản %(version)s) sau khi bạn "
                "mở nó. Thay đổi của bạn chưa được lưu: hãy tải lại trang, xem nội dung mới rồi "
                "sửa lại."
            )
            % {"who": who, "when": when, "version": report.version}
        )
        self.current_version = report.version


class SubmissionBlocked(ReportError):
    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__(
            _("Chưa gửi được báo cáo: %(problems)s")
            % {"problems": "; ".join(f.message for f in findings)}
        )


def template(report: Report) -> ReportTemplate:
    return template_of(report.regulation, report.template_code)


def _link(report: Report) -> str:
    return reverse("report-detail", args=[report.pk])


# --- opening ------------------------------------------------------------------------------


@transaction.atomic
def open_report(unit: Unit, template_code: str, period_id: str, *, by: Any) -> Report:
    """The unit's report of ``template_code`` for ``period_id``, created if it does not exist."""
    existing = Report.objects.filter(
        unit=unit, template_code=template_code, period_id=period_id, request__isnull=True
    ).first()
    if existing is not None:
        return existing
    # The regulation the unit follows (a variant in a scope, else the base); the report keeps
    # it and is read with it afterwards.
    version = version_for(unit)
    tmpl, period = check_opening(unit, template_code, period_id, version)
    return _create(unit, version, tmpl, period.id, period.start, period.end, None, by)


def check_opening(
    unit: Unit, template_code: str, period_id: str, version: RegulationVersion
) -> tuple[ReportTemplate, Period]:
    """The template and period of the report ``open_report`` would open for ``unit`` under
    ``version``; raises ReportError when the rules refuse it."""
    try:
        tmpl = regulation_of(version).report_template(template_code)
    except KeyError:
        raise ReportError(
            _("Không có mẫu báo cáo «%(code)s» trong quy định") % {"code": template_code}
        ) from None
    if tmpl.kind == "ad_hoc":
        raise ReportError(
            _("Mẫu «%(name)s» là báo cáo đột xuất: chỉ lập theo yêu cầu cấp trên")
            % {"name": tmpl.name}
        )
    if unit.level not in tmpl.reporting_levels or not for_unit_type(
        tmpl.unit_types, unit.unit_type
    ):
        raise ReportError(
            _("Cấp của %(unit)s không phải gửi «%(template)s»")
            % {"unit": unit.name, "template": tmpl.name}
        )
    try:
        period = period_for(tmpl, period_id)
    except ValueError as exc:
        raise ReportError(str(exc)) from None
    if not unit.is_active_on(period.end) and not unit.is_active_on(period.start):
        raise ReportError(
            _("%(unit)s không tồn tại trong %(period)s")
            % {"unit": unit.name, "period": period.label}
        )
    return tmpl, period


def new_report(
    unit: Unit,
    version: RegulationVersion,
    template_code: str,
    period_id: str,
    start: dt.date,
    end: dt.date,
    request: ReportRequest | None,
    by: Any,
) -> Report:
    """A draft as ``open_report`` creates it, not saved yet."""
    now = clock.now()
    person = by if getattr(by, "pk", None) else None
    return Report(
        unit=unit,
        unit_path=unit.path,
        regulation=version,
        template_code=template_code,
        period_id=period_id,
        period_start=start,
        period_end=end,
        request=request,
        created_at=now,
        created_by=person,
        updated_at=now,
        updated_by=person,
    )


def _create(
    unit: Unit,
    version: RegulationVersion,
    tmpl: ReportTemplate,
    period_id: str,
    start: dt.date,
    end: dt.date,
    request: ReportRequest | None,
    by: Any,
) -> Report:
    report = new_report(unit, version, tmpl.code, period_id, start, end, request, by)
    try:
        with transaction.atomic():
            report.save(force_insert=True)
    except IntegrityError:  # opened at the same moment by someone else: use theirs
        return Report.objects.get(
            unit=unit, template_code=tmpl.code, period_id=period_id, request=request
        )
    prefill_from_subordinates(report, tmpl)
    log_action("reports.report.opened", report, by=by, **opened_entry(report))
    return report


def opened_entry(report: Report) -> dict[str, Any]:
    """The audit entry of a report's opening (``after``, ``unit_path``)."""
    return {
        "after": {
            "template": report.template_code,
            "period": report.period_id,
            "unit": report.unit.code,
        },
        "unit_path": report.unit.path,
    }


def prefill_from_subordinates(report: Report, tmpl: ReportTemplate) -> None:
    """A superior's report starts from its direct subordinates' texts, labelled by unit, so the
    officer edits a synthesis rather than retyping it. Marked ``prefilled`` until edited: a copy
    of what came up is not yet the unit's own synthesis."""
    from khth.reports.consolidation import subordinate_texts

    texts = subordinate_texts(report)
    rows = []
    for row in outline(tmpl):
        parts = texts.get(row.code, [])
        if row.is_leaf and parts:
            html = "".join(f"<p><b>{unit_name}:</b></p>{text}" for unit_name, text in parts)
            rows.append(
                SectionText(
                    report=report, section_code=row.code, html=sanitize(html), prefilled=True
                )
            )
    SectionText.objects.bulk_create(rows)


@transaction.atomic
def create_request(
    *,
    from_unit: Unit,
    template_code: str,
    title: str,
    content: str,
    period_start: dt.date,
    period_end: dt.date,
    deadline: dt.date,
    addressees: list[Unit],
    by: Any,
) -> ReportRequest:
    """A superior asks some of its subordinates for an ad hoc report with its own deadline."""
    # The request is made under the requesting unit's regulation: its template is what the
    # addressees answer, whatever version they follow themselves.
    version = version_for(from_unit)
    try:
        tmpl = regulation_of(version).report_template(template_code)
    except KeyError:
        raise ReportError(
            _("Không có mẫu báo cáo «%(code)s» trong quy định") % {"code": template_code}
        ) from None
    if tmpl.kind != "ad_hoc":
        raise ReportError(_("Mẫu «%(name)s» không phải mẫu báo cáo đột xuất") % {"name": tmpl.name})
    if period_end < period_start:
        raise ReportError(_("Ngày cuối của khoảng số liệu trước ngày đầu"))
    if deadline < period_start:
        raise ReportError(_("Hạn báo cáo trước khoảng số liệu"))
    outside = [
        u.code for u in addressees if not u.path.startswith(from_unit.path) or u == from_unit
    ]
    if outside or not addressees:
        raise ReportError(
            _("Chỉ yêu cầu được đơn vị thuộc quyền: %(units)s")
            % {"units": ", ".join(outside) or _("chưa chọn đơn vị")}
        )
    request = ReportRequest.objects.create(
        from_unit=from_unit,
        regulation=version,
        template_code=template_code,
        title=nfc(title.strip()),
        content=sanitize(content),
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        created_at=clock.now(),
        created_by=by,
    )
    request.addressees.set(addressees)
    log_action(
        "reports.request.created",
        request,
        by=by,
        after={
            "title": request.title,
            "deadline": deadline.isoformat(),
            "addressees": sorted(u.code for u in addressees),
        },
        unit_path=from_unit.path,
    )
    for unit in addressees:
        notify(
            access.preparers_of(unit),
            in_system_language(
                gettext_noop("%(unit)s yêu cầu báo cáo đột xuất: %(title)s (hạn %(deadline)s)"),
                {
                    "unit": from_unit.short_name,
                    "title": request.title,
                    "deadline": f"{deadline:%d/%m/%Y}",
                },
            ),
            link=reverse("request-detail", args=[request.pk]),
        )
    return request


@transaction.atomic
def open_request_report(request: ReportRequest, unit: Unit, *, by: Any) -> Report:
    if not request.addressees.filter(pk=unit.pk).exists():
        raise ReportError(
            _("Yêu cầu «%(title)s» không gửi tới %(unit)s")
            % {"title": request.title, "unit": unit.name}
        )
    existing = Report.objects.filter(unit=unit, request=request).first()
    if existing is not None:
        return existing
    tmpl = template_of(request.regulation, request.template_code)
    return _create(
        unit, request.regulation, tmpl, "", request.period_start, request.period_end, request, by
    )


# --- editing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Content:
    """What an edit carries; ``None`` leaves that part as it is (a partial save)."""

    sections: dict[str, str] | None = None
    values: dict[str, str | None] | None = None
    justifications: dict[tuple[str, str], str] | None = None
    # Why the report goes up after its deadline (Report.late_reason).
    late_reason: str | None = None


def refused_values(tmpl: ReportTemplate, values: dict[str, str | None]) -> dict[str, str]:
    """The typed figures ``parse_value`` refuses, by indicator code, each with why: a page saves
    the rest and shows these again as typed, with their reason."""
    indicators = {i.code: i for i in tmpl.indicators}
    refused = {}
    for code, raw in values.items():
        indicator = indicators.get(code)
        if indicator is None or is_computed(indicator):
            continue
        try:
            parse_value(indicator, raw)
        except ValueError as exc:
            refused[code] = str(exc)
    return refused


def parse_value(indicator: Indicator, raw: str | None) -> Value:
    text = nfc((raw or "").strip())
    if not text:
        return Value()
    if indicator.type in {"integer", "decimal"}:
        number = storable(parse_number(text), NUMBER_COLUMN)
        if indicator.type == "integer" and number != number.to_integral_value():
            raise ValueError(_("«%(text)s» không phải số nguyên") % {"text": text})
        # Refused here rather than only reported at submission: a figure outside the
        # regulation's bounds is wrong, and the sum of a consolidation must not carry it.
        refusal = out_of_bounds(indicator.name, number, indicator.min, indicator.max)
        if refusal:
            raise ValueError(refusal)
        return Value(number=number)
    if indicator.type == "boolean":
        lowered = text.lower()
        if lowered in {"1", "true", "có", "co", "x", "yes"}:
            return Value(flag=True)
        if lowered in {"0", "false", "không", "khong", "no"}:
            return Value(flag=False)
        raise ValueError(_("«%(text)s»: ghi «có» hoặc «không»") % {"text": text})
    return Value(text=text[:1000])


@transaction.atomic
def save_report(report: Report, content: Content, *, by: Any, base_version: int) -> Report:
    """Store an edit made on ``base_version``. Refused, whole, if the report changed since."""
    # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer join.
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=report.pk)
    )
    check_editable(report)
    if report.version != base_version:
        raise ConflictError(report)
    tmpl = template(report)
    problems: list[tuple[str, str]] = []
    changed: list[str] = []
    leaves = {row.code for row in outline(tmpl) if row.is_leaf}
    for code, html in (content.sections or {}).items():
        if code not in leaves:
            problems.append((code, _("không có mục này trong mẫu báo cáo")))
            continue
        clean = sanitize(html)
        row, created = SectionText.objects.get_or_create(report=report, section_code=code)
        if created or row.html != clean:
            row.html = clean
            # Edited: the prefilled copy has become the unit's own text.
            row.prefilled = False
            row.save(update_fields=["html", "prefilled"])
            changed.append(f"section:{code}")
    values, refused = checked_values(tmpl, content.values or {})
    problems.extend(refused)
    changed.extend(f"value:{code}" for code in write_values([(report, values)])[report.pk])
    for (kind, code), text in (content.justifications or {}).items():
        if kind not in {Justification.SECTION, Justification.INDICATOR}:
            problems.append((code, _("loại mục không hợp lệ")))
            continue
        text = nfc(text.strip())
        if not text:
            deleted, _by_model = Justification.objects.filter(
                report=report, item_kind=kind, item_code=code
            ).delete()
            if deleted:
                changed.append(f"justification:{code}")
            continue
        Justification.objects.update_or_create(
            report=report, item_kind=kind, item_code=code, defaults={"text": text}
        )
        changed.append(f"justification:{code}")
    if content.late_reason is not None:
        late_reason = nfc(content.late_reason.strip())
        if late_reason != report.late_reason:
            report.late_reason = late_reason
            report.save(update_fields=["late_reason"])
            changed.append("late_reason")
    if problems:
        # Nothing of this edit is kept: the transaction is rolled back by the exception.
        raise ContentError(problems)
    if changed:
        report.version += 1
        report.updated_at = clock.now()
        report.updated_by = by
        report.save(update_fields=["version", "updated_at", "updated_by"])
        log_action(
            "reports.report.updated",
            report,
            by=by,
            after={"changed": changed, "version": report.version},
            unit_path=report.unit.path,
        )
    return report


@transaction.atomic
def put_draft_text(report: Report, section_code: str, html: str, *, by: Any) -> Report:
    """Put ``html`` in a section as a draft the unit has not written itself: marked
    ``prefilled`` like the subordinates' texts a superior's report opens with, so it counts as
    written only once someone edits it. Replaces only an empty or still prefilled section:
    refused when the unit has written its own text there. Bumps the version, so an editor
    opened before refuses its stale save instead of overwriting the draft. The caller (the
    action that made the draft) writes the audit entry in the same transaction."""
    report = Report.objects.select_for_update(of=("self",)).select_related("unit").get(pk=report.pk)
    check_editable(report)
    row = next((r for r in outline(template(report)) if r.code == section_code), None)
    if row is None or not row.is_leaf:
        raise ReportError(_("Không có mục «%(code)s» trong mẫu báo cáo") % {"code": section_code})
    existing = SectionText.objects.filter(report=report, section_code=section_code).first()
    if existing is not None and not existing.prefilled and not is_blank(existing.html):
        raise ReportError(
            _(
                "Mục %(section)s đã có nội dung do đơn vị viết: bản nháp không ghi đè lên. "
                "Muốn dùng bản nháp, hãy xóa nội dung của mục trong trang sửa báo cáo rồi đưa "
                "lại, hoặc chép những ý cần dùng từ trang tổng hợp."
            )
            % {"section": f"«{row.full_number}. {row.title}»"}
        )
    SectionText.objects.update_or_create(
        report=report,
        section_code=section_code,
        defaults={"html": sanitize(html), "prefilled": True},
    )
    report.version += 1
    report.updated_at = clock.now()
    report.updated_by = by if getattr(by, "pk", None) else None
    report.save(update_fields=["version", "updated_at", "updated_by"])
    return report


def check_editable(report: Report) -> None:
    """Only a draft or a returned report takes edits; raises ReportError otherwise."""
    if not report.is_editable:
        raise ReportError(_("Báo cáo đã gửi hoặc đã được tiếp nhận: không sửa được"))


def checked_values(
    tmpl: ReportTemplate, values: dict[str, str | None]
) -> tuple[dict[str, Value], list[tuple[str, str]]]:
    """The typed ``values`` of an edit read against ``tmpl``, in the order given, and the
    problems of those it refuses, each named by its indicator's name (by its code when the
    template has no such indicator)."""
    indicators = {i.code: i for i in tmpl.indicators}
    parsed: dict[str, Value] = {}
    problems: list[tuple[str, str]] = []
    for code, raw in values.items():
        indicator = indicators.get(code)
        if indicator is None:
            problems.append((code, _("không có chỉ tiêu này trong mẫu báo cáo")))
            continue
        if is_computed(indicator):
            problems.append((indicator.name, _("chỉ tiêu tự tính, không nhập")))
            continue
        try:
            parsed[code] = parse_value(indicator, raw)
        except ValueError as exc:
            problems.append((indicator.name, str(exc)))
    return parsed, problems


def write_values(entries: Sequence[tuple[Report, Mapping[str, Value]]]) -> dict[int, list[str]]:
    """Store each report's values (an empty value deletes the stored one) and return, by
    report key, the codes whose stored value changed, in the order given. The stored values are
    read once (a query per ``BATCH`` reports) and written with a few statements whatever their
    number: one report's edit and an import of thousands take the same path. The caller holds
    the reports' row locks."""
    stored: dict[tuple[int, str], tuple[int, Decimal | None, bool | None, str]] = {}
    for chunk in batched([report.pk for report, _values in entries]):
        for pk, report_id, code, number, flag, text in IndicatorValue.objects.filter(
            report_id__in=chunk
        ).values_list("pk", "report_id", "indicator_code", "number", "flag", "text"):
            stored[(report_id, code)] = (pk, number, flag, text)
    changed: dict[int, list[str]] = {}
    created: list[IndicatorValue] = []
    updated: list[IndicatorValue] = []
    deleted: list[int] = []
    for report, values in entries:
        codes = changed.setdefault(report.pk, [])
        for code, value in values.items():
            row = stored.get((report.pk, code))
            if value.is_empty:
                if row is not None:
                    deleted.append(row[0])
                    codes.append(code)
                continue
            if row is not None and row[1:] == (value.number, value.flag, value.text):
                continue
            fields = {"number": value.number, "flag": value.flag, "text": value.text}
            if row is None:
                created.append(IndicatorValue(report=report, indicator_code=code, **fields))
            else:
                updated.append(IndicatorValue(pk=row[0], **fields))
            codes.append(code)
    for chunk in batched(deleted):
        IndicatorValue.objects.filter(pk__in=chunk).delete()
    IndicatorValue.objects.bulk_create(created, batch_size=BATCH)
    update_rows(updated, ["number", "flag", "text"])
    store_weights((report, changed[report.pk]) for report, _values in entries)
    return changed


def values_of(report: Report) -> dict[str, Value]:
    return {
        v.indicator_code: Value(
            number=Decimal(v.number) if v.number is not None else None, flag=v.flag, text=v.text
        )
        for v in report.values.all()
    }


def completeness(report: Report) -> Completeness:
    sections = list(report.sections.all())
    justified = {(j.item_kind, j.item_code) for j in report.justifications.all()}
    return check(
        template(report),
        {s.section_code: s.html for s in sections},
        values_of(report),
        justified,
        unedited={s.section_code for s in sections if s.prefilled},
    )


# --- workflow -----------------------------------------------------------------------------


def _transition(report: Report, allowed: set[str], target: str) -> Report:
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.status not in allowed:
        # The labels are gettext_noop msgids (see Report.STATUS_CHOICES): translated here.
        label = _(dict(Report.STATUS_CHOICES)[locked.status])
        raise ReportError(
            _("Báo cáo đang ở trạng thái «%(status)s»: không thực hiện được") % {"status": label}
        )
    locked.status = target
    return locked


@transaction.atomic
def submit_report(report: Report, *, by: Any, late_reason: str | None = None) -> Report:
    """Send the report up. Refused while a required item is missing without a written reason
    or a figure breaks a rule. ``late_reason`` replaces the reason saved with the content;
    None keeps it. A late first submission records the days and the reason in the audit log."""
    report = _transition(report, {Report.DRAFT, Report.RETURNED}, Report.SUBMITTED)
    if late_reason is not None:
        report.late_reason = nfc(late_reason.strip())
    result = completeness(report)
    if not result.can_submit:
        raise SubmissionBlocked(result.blocking)
    now = clock.now()
    report.submitted_at = now
    report.submitted_by = by
    after: dict[str, Any] = {"status": report.status}
    if report.first_submitted_at is None:
        report.first_submitted_at = now
        late = lateness(report, clock.today())
        if late is not None and late.late:
            after["days_late"] = late.days
    from khth.reports.consolidation import snapshot

    report.consolidated = snapshot(report)
    report.save(
        update_fields=[
            "status",
            "submitted_at",
            "submitted_by",
            "first_submitted_at",
            "consolidated",
            "late_reason",
        ]
    )
    # Codes: a record outlives languages.
    after["justified_missing"] = [f"{f.kind}:{f.code}" for f in result.missing]
    log_action(
        "reports.report.submitted",
        report,
        by=by,
        after=after,
        unit_path=report.unit.path,
        note=report.late_reason if "days_late" in after else "",
    )
    notify(
        access.reviewers_of(report.unit),
        in_system_language(
            gettext_noop("%(unit)s đã gửi %(template)s %(period)s"),
            {
                "unit": report.unit.short_name,
                "template": template(report).name,
                "period": access.period_label(report),
            },
        ),
        link=_link(report),
        exclude=by,
    )
    return report


def _reviewed(report: Report, by: Any, kind: str, text: str, message: str) -> Report:
    """The record of a reviewer's decision: comment, audit entry, and the unit's people told."""
    if text:
        _comment(report, by, kind, text)
    log_action(
        f"reports.report.{kind}",
        report,
        by=by,
        after={"status": report.status},
        unit_path=report.unit.path,
        note=text,
    )
    params: dict[str, object] = {
        "template": template(report).name,
        "period": access.period_label(report),
        "text": text,
    }
    notify(
        access.preparers_of(report.unit),
        in_system_language(message, params),
        link=_link(report),
        exclude=by,
    )
    return report


@transaction.atomic
def return_report(report: Report, *, by: Any, comment: str) -> Report:
    comment = nfc(comment.strip())
    if not comment:
        raise ReportError(_("Trả lại báo cáo phải ghi nhận xét: cần sửa gì"))
    report = _transition(report, {Report.SUBMITTED}, Report.RETURNED)
    report.save(update_fields=["status"])
    return _reviewed(
        report,
        by,
        "returned",
        comment,
        gettext_noop("Cấp trên trả lại %(template)s %(period)s: %(text)s"),
    )


@transaction.atomic
def accept_report(report: Report, *, by: Any, comment: str = "") -> Report:
    report = _transition(report, {Report.SUBMITTED}, Report.ACCEPTED)
    report.accepted_at = clock.now()
    report.accepted_by = by
    report.save(update_fields=["status", "accepted_at", "accepted_by"])
    return _reviewed(
        report,
        by,
        "accepted",
        nfc(comment.strip()),
        gettext_noop("Cấp trên đã tiếp nhận %(template)s %(period)s"),
    )


@transaction.atomic
def unlock_report(report: Report, *, by: Any, reason: str) -> Report:
    """Reopen an accepted report for correction. Only with a reason, kept in the record."""
    reason = nfc(reason.strip())
    if not reason:
        raise ReportError(_("Mở khóa báo cáo đã tiếp nhận phải ghi lý do"))
    report = _transition(report, {Report.ACCEPTED}, Report.RETURNED)
    report.save(update_fields=["status"])
    return _reviewed(
        report,
        by,
        "unlocked",
        reason,
        gettext_noop("Cấp trên mở khóa %(template)s %(period)s để sửa: %(text)s"),
    )


def _comment(report: Report, by: Any, kind: str, text: str) -> None:
    ReportComment.objects.create(
        report=report, author=by, kind=kind, text=text, created_at=clock.now()
    )


# --- attachments --------------------------------------------------------------------------


@transaction.atomic
def add_attachment(report: Report, upload: File[bytes], *, by: Any) -> Attachment:
    if not report.is_editable:
        raise ReportError(_("Báo cáo đã gửi: không thêm tệp được"))
    checked = checked_upload(upload, ReportError)
    attachment = new_upload_row(Attachment, checked, by=by, report=report)
    with storing(attachment, upload):
        attachment.save()
        log_action(
            "reports.attachment.added",
            report,
            by=by,
            after={"name": checked.name, "size": checked.size},
            unit_path=report.unit.path,
        )
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by: Any) -> None:
    report = attachment.report
    if not report.is_editable:
        raise ReportError(_("Báo cáo đã gửi: không xóa tệp được"))
    name = attachment.original_name
    delete_upload(attachment)
    log_action(
        "reports.attachment.removed",
        report,
        by=by,
        before={"name": name},
        unit_path=report.unit.path,
    )
