"""Report pages: the list, opening, reading, editing (with a live completeness check), the
workflow buttons and attachments. Ad hoc requests are in ``requests``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from khth.audit.actions import history_of
from khth.lib import clock
from khth.lib.forms import attempt
from khth.periods import parse_period
from khth.regulations.access import regulations_in_force
from khth.reports import access
from khth.reports.actions import (
    ConflictError,
    Content,
    ContentError,
    ReportError,
    SubmissionBlocked,
    accept_report,
    add_attachment,
    completeness,
    open_report,
    parse_value,
    refused_values,
    remove_attachment,
    return_report,
    save_report,
    submit_report,
    template,
    unlock_report,
    values_of,
)
from khth.reports.completeness import (
    REFUSED,
    Completeness,
    Finding,
    check,
    indicator_anchor,
    section_anchor,
)
from khth.reports.consolidation import Subtotals, subtotals
from khth.reports.expectations import lateness
from khth.reports.forms import (
    AttachmentForm,
    CommentForm,
    OpenForm,
    ReasonForm,
    ReportFilterForm,
)
from khth.reports.models import Attachment, Report, SectionText
from khth.reports.panels import Shown, section_panels
from khth.reports.richtext import sanitize
from khth.reports.rollup import entered_as
from khth.reports.template import indicators_by_section, is_computed, outline, template_names
from khth.reports.values import Value, computed_numbers
from khth.units import access as unit_access
from khth.units.models import Unit
from khth.units.regulation import regulation_for, regulations_for
from khth.web.downloads import file_download
from khth.web.lists import count_upto, page_asked

PAGE_SIZE = 50
COUNT_CAP = 1000


def _label(report: Report) -> str:
    if report.request_id is not None and report.request is not None:
        return report.request.title
    return parse_period(report.period_id).label


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """Reports in the user's scope, newest period first; filters by unit, template, status."""
    reports = access.visible_reports(request.user).select_related("unit", "request")
    # A unit or period that cannot be read lists nothing (and says why beside the field),
    # rather than everything.
    filter_form = ReportFilterForm(request.GET, user=request.user)
    if not filter_form.is_valid():
        reports = reports.none()
    if unit_code := filter_form.cleaned_data.get("unit"):
        unit = unit_access.get_unit_for_user(request.user, unit_code)
        reports = reports.filter(unit__path__startswith=unit.path)
    if period_id := filter_form.cleaned_data.get("period_id"):
        reports = reports.filter(period_id=period_id)
    for field in ("template_code", "status"):
        value = request.GET.get(field, "")
        if value:
            reports = reports.filter(**{field: value})
    total, more = count_upto(reports, COUNT_CAP)
    page = page_asked(request)
    # One row more than a page says whether another page follows, past the counted ones too.
    rows = list(reports[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    has_next, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
    templates = template_names(regulations_in_force())
    return render(
        request,
        "reports/list.html",
        {
            "rows": [(r, templates.get(r.template_code, r.template_code), _label(r)) for r in rows],
            "total": total,
            "more": more,
            "page": page,
            "has_next": has_next,
            "templates": templates,
            "statuses": [(code, _(label)) for code, label in Report.STATUS_CHOICES],
            "filters": request.GET,
            "filter_form": filter_form,
        },
    )


def _preparable_units(user: Any) -> list[Unit]:
    scope = unit_access.scope_for(user)
    return list(
        Unit.objects.filter(
            pk__in=[g.unit_id for g in scope.grants if "report.prepare" in g.permissions]
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    units = _preparable_units(request.user)
    if not units:
        raise PermissionDenied("report.prepare")
    # The templates of the regulations the user's units follow (a variant may add its own);
    # open_report refuses one the chosen unit does not send.
    regulations = list(regulations_for(units).values())
    form = OpenForm(request.POST or request.GET or None)
    form.fields["unit_code"].choices = [(u.code, u.name) for u in units]  # type: ignore[attr-defined]
    form.fields["template_code"].choices = [  # type: ignore[attr-defined]
        (code, name)
        for code, name in template_names(regulations, kinds=("periodic", "thematic")).items()
    ]
    if request.method == "POST" and form.is_valid():
        return _open(request, **form.cleaned_data)
    return render(request, "reports/new.html", {"form": form})


def _open(request: HttpRequest, unit_code: str, template_code: str, period_id: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    if not access.can_at(request.user, unit, access.PREPARE):
        raise PermissionDenied(access.PREPARE)
    try:
        report = open_report(unit, template_code, period_id.strip(), by=request.user)
    except ReportError as exc:
        messages.error(request, str(exc))
        return redirect("report-new")
    return redirect("report-edit", pk=report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def report_open(
    request: HttpRequest, unit_code: str, template_code: str, period_id: str
) -> HttpResponse:
    """The link target for "due soon" items: the report if it exists, else a button to open it
    (opening writes a row, so it takes a POST)."""
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    existing = (
        access.visible_reports(request.user)
        .filter(unit=unit, template_code=template_code, period_id=period_id, request__isnull=True)
        .first()
    )
    if existing is not None:
        return redirect("report-detail", pk=existing.pk)
    if request.method == "POST":
        return _open(request, unit_code, template_code, period_id)
    try:
        tmpl = regulation_for(unit).report_template(template_code)
        label = parse_period(period_id).label
    except (KeyError, ValueError):
        raise Http404("no such template or period") from None
    return render(
        request,
        "reports/open.html",
        {
            "unit": unit,
            "template": tmpl,
            "period_id": period_id,
            "label": label,
            "can_prepare": unit_access.scope_for(request.user).allows(unit, "report.prepare"),
        },
    )


def _body(
    report: Report,
    values: dict[str, Value],
    texts: dict[str, str],
    unedited: set[str],
    *,
    refused: dict[str, tuple[str, str]] | None = None,
    below: Subtotals | None = None,
    asides: Mapping[str, list[Shown]] | None = None,
) -> list[dict[str, Any]]:
    """The outline with each leaf's text and each section's indicators, ready for templates.
    ``refused``: code → (what was typed, why it was not saved), shown again at the field;
    ``below``: the subordinates' figures, shown beside a superior's own; ``asides``: what apps
    above reports show beside a section (khth/reports/panels.py)."""
    tmpl = template(report)
    numbers = computed_numbers(tmpl, values)
    grouped = indicators_by_section(tmpl)
    refused = refused or {}
    asides = asides or {}
    rows = []
    for row in outline(tmpl):
        indicators = [
            {
                "indicator": ind,
                "anchor": indicator_anchor(ind.code),
                "computed": is_computed(ind),
                "value": values.get(ind.code, Value()),
                "number": numbers.get(ind.code),
                "typed": refused.get(ind.code, ("", ""))[0],
                "error": refused.get(ind.code, ("", ""))[1],
                "below": below.figures.get(ind.code) if below is not None else None,
                "entered_as": entered_as(ind),
            }
            for ind in grouped.get(row.code, [])
        ]
        rows.append(
            {
                "row": row,
                "anchor": section_anchor(row.code),
                "html": texts.get(row.code, ""),
                "unedited": row.code in unedited,
                "indicators": indicators,
                "asides": asides.get(row.code, []),
            }
        )
    return rows


def _unedited(sections: list[SectionText], posted: dict[str, str] | None = None) -> set[str]:
    """Sections still holding only the text prefilled from the subordinates; ``posted`` is the
    unsaved form, whose text for a section counts as an edit only when it differs."""
    posted = posted or {}
    return {
        s.section_code
        for s in sections
        if s.prefilled
        and (s.section_code not in posted or sanitize(posted[s.section_code]) == s.html)
    }


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    values = values_of(report)
    sections = list(report.sections.all())
    texts = {s.section_code: s.html for s in sections}
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "template": template(report),
            "label": _label(report),
            "body": _body(
                report,
                values,
                texts,
                _unedited(sections),
                asides=section_panels(report, "detail"),
            ),
            "result": completeness(report),
            "lateness": lateness(report, clock.today()),
            "comments": report.comments.select_related("author"),
            "attachments": report.attachments.all(),
            "justifications": report.justifications.all(),
            "can_edit": report.is_editable and access.can(request.user, report, access.PREPARE),
            "can_submit": report.is_editable and access.can(request.user, report, access.SUBMIT),
            "can_review": access.can(request.user, report, access.REVIEW),
            "history": history_of(report)[:50],
            "consolidation_url": _consolidation_url(report),
            "comment_form": CommentForm(),
            "reason_form": ReasonForm(),
            "attachment_form": AttachmentForm(),
        },
    )


def _consolidation_url(report: Report) -> str | None:
    """Where the synthesis of the unit's subordinates for this period lives, when it has any."""
    if report.request_id is not None or not report.unit.children.exists():
        return None
    return reverse("consolidation", args=[report.unit.code, report.template_code, report.period_id])


def _posted_content(report: Report, data: Any) -> Content:
    tmpl = template(report)
    sections = {
        row.code: data.get(f"section-{row.code}", "")
        for row in outline(tmpl)
        if row.is_leaf and f"section-{row.code}" in data
    }
    values = {
        ind.code: data.get(f"value-{ind.code}")
        for ind in tmpl.indicators
        if not is_computed(ind) and f"value-{ind.code}" in data
    }
    justifications = {}
    for key in data:
        for kind in ("section", "indicator"):
            prefix = f"justify-{kind}-"
            if key.startswith(prefix):
                justifications[(kind, key[len(prefix) :])] = data.get(key, "")
    return Content(
        sections=sections,
        values=values,
        justifications=justifications,
        late_reason=data.get("late_reason"),
    )


def _not_saved(reason: str) -> str:
    return _("%(reason)s — số này chưa được lưu") % {"reason": reason}


def _preview(
    report: Report, content: Content
) -> tuple[dict[str, Value], dict[str, str], set[str], Completeness, dict[str, tuple[str, str]]]:
    """What the report would be with the posted (unsaved) content: for the live check and for
    showing the user's input again after a save that kept some of it. Returns also the
    sections still unedited and the refused figures (code → what was typed, why)."""
    tmpl = template(report)
    sections = list(report.sections.all())
    texts = {s.section_code: s.html for s in sections}
    texts.update({code: sanitize(html) for code, html in (content.sections or {}).items()})
    values = values_of(report)
    indicators = {i.code: i for i in tmpl.indicators}
    posted = content.values or {}
    reasons = refused_values(tmpl, posted)
    # A figure the save refuses ("hai", out of bounds, too many digits) is left out of the
    # check, so the check says why in its place rather than only that the figure is missing.
    refused = {code: (posted[code] or "", _not_saved(why)) for code, why in reasons.items()}
    for code, raw in posted.items():
        if code in reasons:
            values.pop(code, None)
        elif code in indicators and not is_computed(indicators[code]):
            values[code] = parse_value(indicators[code], raw)
    justified = {(j.item_kind, j.item_code) for j in report.justifications.all()}
    for key, text in (content.justifications or {}).items():
        if text.strip():
            justified.add(key)
        else:
            justified.discard(key)
    unedited = _unedited(sections, content.sections)
    result = check(tmpl, texts, values, justified, unedited=unedited)
    findings = [
        Finding(REFUSED, code, f"{indicators[code].name}: {why}")
        for code, (_typed, why) in refused.items()
    ]
    return values, texts, unedited, replace(result, findings=(*findings, *result.findings)), refused


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk, permission=access.PREPARE)
    if not report.is_editable:
        messages.error(request, _("Báo cáo đã gửi hoặc đã được tiếp nhận: không sửa được."))
        return redirect("report-detail", pk=report.pk)
    errors: list[str] = []
    conflict = False
    base_version = report.version
    refused: dict[str, tuple[str, str]] = {}
    # Missing items turn red only once a submission was refused for them; before, the
    # checklist shows calm progress.
    strict = request.GET.get("submit") == "refused" or request.POST.get("strict") == "1"
    if request.method == "POST":
        content = _posted_content(report, request.POST)
        base_version = int(request.POST.get("base_version", "0") or 0)
        # A figure that is not a number is left out of the save and shown again as typed, with
        # why: the rest of the edit is kept.
        kept = refused_values(template(report), content.values or {})
        storable = {k: v for k, v in (content.values or {}).items() if k not in kept}
        try:
            report = save_report(
                report,
                replace(content, values=storable),
                by=request.user,
                base_version=base_version,
            )
        except ConflictError as exc:
            errors = [str(exc)]
            conflict = True
        except ContentError as exc:
            errors = [f"{field}: {message}" for field, message in exc.problems]
        except ReportError as exc:
            errors = [str(exc)]
        else:
            base_version = report.version
            if kept:
                messages.warning(request, _partly_saved(len(kept), request.POST.get("then")))
            elif request.POST.get("then") == "submit":
                return _submit(request, report, saved=True)
            else:
                messages.success(request, _("Đã lưu báo cáo."))
                return redirect("report-edit", pk=report.pk)
        values, texts, unedited, result, refused = _preview(report, content)
    else:
        values = values_of(report)
        sections = list(report.sections.all())
        texts = {s.section_code: s.html for s in sections}
        unedited = _unedited(sections)
        result = completeness(report)
    saved = list(report.justifications.all())
    below = subtotals(report)
    return render(
        request,
        "reports/edit.html",
        {
            "report": report,
            "template": template(report),
            "label": _label(report),
            "body": _body(
                report,
                values,
                texts,
                unedited,
                refused=refused,
                below=below,
                asides=section_panels(report, "edit"),
            ),
            "below": below,
            "result": result,
            "strict": strict,
            "lateness": lateness(report, clock.today()),
            "justify_section": {j.item_code: j.text for j in saved if j.item_kind == "section"},
            "justify_indicator": {j.item_code: j.text for j in saved if j.item_kind == "indicator"},
            "base_version": base_version,
            "errors": errors,
            "can_submit": access.can(request.user, report, access.SUBMIT),
        },
        status=409 if conflict else 200,
    )


@login_required
@require_POST
def report_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Live completeness of the form as it is now (htmx), without saving anything."""
    report = access.get_report_for_user(request.user, pk, permission=access.PREPARE)
    result = _preview(report, _posted_content(report, request.POST))[3]
    return render(
        request,
        "reports/_completeness.html",
        {
            "result": result,
            "report": report,
            "strict": request.POST.get("strict") == "1",
            "editing": True,
        },
    )


def _partly_saved(count: int, then: str | None) -> str:
    saved = ngettext(
        "Đã lưu báo cáo, trừ %(n)d số liệu không hợp lệ: số đó chưa được lưu, hãy sửa ô được "
        "đánh dấu rồi lưu lại.",
        "Đã lưu báo cáo, trừ %(n)d số liệu không hợp lệ: các số đó chưa được lưu, hãy sửa các "
        "ô được đánh dấu rồi lưu lại.",
        count,
    ) % {"n": count}
    if then == "submit":
        return saved + " " + _("Báo cáo chưa được gửi lên cấp trên.")
    return saved


def _submit(request: HttpRequest, report: Report, *, saved: bool = False) -> HttpResponse:
    """Send ``report`` up; ``saved`` when the same click saved it first. A refusal then says
    plainly that the text is kept but nothing was sent, and never beside a "saved" note that
    reads as success."""
    if not access.can(request.user, report, access.SUBMIT):
        raise PermissionDenied(access.SUBMIT)
    not_sent = (
        _("Đã lưu, chưa gửi: báo cáo chưa được gửi lên cấp trên vì những lý do dưới đây.")
        if saved
        else _("Chưa gửi: báo cáo chưa được gửi lên cấp trên vì những lý do dưới đây.")
    )
    try:
        # From the report's page the reason for lateness comes with the button; from the
        # editor it was saved with the content just before (None keeps it).
        submit_report(
            report, by=request.user, late_reason=None if saved else request.POST.get("late_reason")
        )
    except SubmissionBlocked as exc:
        messages.warning(request, not_sent)
        for finding in exc.findings:
            messages.error(request, finding.message)
        return redirect(reverse("report-edit", args=[report.pk]) + "?submit=refused")
    except ReportError as exc:
        messages.warning(request, not_sent)
        messages.error(request, str(exc))
        return redirect("report-detail", pk=report.pk)
    messages.success(
        request,
        _("Đã lưu và gửi báo cáo lên cấp trên.") if saved else _("Đã gửi báo cáo lên cấp trên."),
    )
    return redirect("report-detail", pk=report.pk)


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(request, access.get_report_for_user(request.user, pk, permission=access.SUBMIT))


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int, verdict: str) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk, permission=access.REVIEW)
    try:
        if verdict == "return":
            return_report(report, by=request.user, comment=request.POST.get("comment", ""))
            messages.success(request, _("Đã trả lại báo cáo kèm nhận xét."))
        elif verdict == "accept":
            accept_report(report, by=request.user, comment=request.POST.get("comment", ""))
            messages.success(request, _("Đã tiếp nhận báo cáo."))
        elif verdict == "unlock":
            unlock_report(report, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("Đã mở khóa báo cáo để đơn vị sửa."))
        else:
            raise Http404(verdict)
    except ReportError as exc:
        messages.error(request, str(exc))
    return redirect("report-detail", pk=report.pk)


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk, permission=access.PREPARE)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chưa chọn tệp."))
    else:
        attempt(
            request,
            lambda: add_attachment(report, form.cleaned_data["file"], by=request.user),
            ReportError,
            _("Đã đính kèm tệp."),
        )
    return redirect("report-detail", pk=report.pk)


def _attachment(request: HttpRequest, pk: int, permission: str) -> Attachment:
    attachment = Attachment.objects.select_related("report").filter(pk=pk).first()
    if attachment is None:
        raise Http404("attachment not found")
    access.get_report_for_user(request.user, attachment.report_id, permission=permission)
    return attachment


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    return file_download(_attachment(request, pk, unit_access.READ))


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment(request, pk, access.PREPARE)
    report_pk = attachment.report_id
    try:
        remove_attachment(attachment, by=request.user)
    except ReportError as exc:
        messages.error(request, str(exc))
    return redirect("report-detail", pk=report_pk)


urlpatterns: list[URLPattern] = [
    path("", report_list, name="report-list"),
    path("new/", report_new, name="report-new"),
    path(
        "open/<str:unit_code>/<str:template_code>/<str:period_id>/",
        report_open,
        name="report-open",
    ),
    path("<int:pk>/", report_detail, name="report-detail"),
    path("<int:pk>/edit/", report_edit, name="report-edit"),
    path("<int:pk>/check/", report_check, name="report-check"),
    path("<int:pk>/submit/", report_submit, name="report-submit"),
    path("<int:pk>/review/<str:verdict>/", report_review, name="report-review"),
    path("<int:pk>/attachments/", attachment_add, name="attachment-add"),
    path("attachments/<int:pk>/", attachment_download, name="attachment-download"),
    path("attachments/<int:pk>/delete/", attachment_delete, name="attachment-delete"),
]
