"""Register pages: a unit's outgoing and incoming registers (Decree 30/2020 columns) with the
forms that register a document and the unit's Party committee terms; a registered document with
its attachments and its source. Documents marked secret are listed only for people cleared to
read them (``visible_documents``). Changes are in khth.docsystem.register.views.editing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from khth.audit.actions import history_of
from khth.docsystem.records.access import visible_typed
from khth.docsystem.register import access
from khth.docsystem.register.forms import AttachmentForm, IncomingForm, OutgoingForm, PartyTermForm
from khth.docsystem.register.models import PartyTerm, RegisterAttachment, RegisteredDocument
from khth.lib import clock
from khth.periods import label_of
from khth.plans import access as plan_access
from khth.plans.models import Plan
from khth.regulations.access import active_regulation
from khth.regulations.schema import Regulation
from khth.reports import access as report_access
from khth.reports.models import Report
from khth.units import access as unit_access
from khth.units.models import Unit
from khth.web.downloads import file_download
from khth.web.lists import unit_page, year_asked

OUT = RegisteredDocument.OUTGOING
IN = RegisteredDocument.INCOMING
# What a registration may come from, as the «Văn bản trong KHTH» choice says it: "typed:12".
SOURCE_KINDS = ("typed", "plan", "report")
# How far back the source choices reach.
SOURCE_YEARS = 2


def secrecy_labels() -> dict[str, str]:
    return {code: _(label) for code, label in RegisteredDocument.SECRECY}


def urgency_labels() -> dict[str, str]:
    return {code: _(label) for code, label in RegisteredDocument.URGENCY}


# --- the forms, with what they offer this user at this unit ----------------------------------


def _issued_kinds(regulation: Regulation, unit: Unit) -> list[tuple[str, str]]:
    return [(k.code, k.name) for k in regulation.document_kinds if unit.level in k.issuing_levels]


def _secrecy_choices(user: Any, unit: Unit) -> list[tuple[str, str]]:
    return [
        (code, _(label))
        for code, label in RegisteredDocument.SECRECY
        if access.may_mark(user, unit, code)
    ]


def _urgency_choices() -> list[tuple[str, str]]:
    return [(code, _(label)) for code, label in RegisteredDocument.URGENCY]


def _report_label(report: Report, names: dict[str, str]) -> str:
    if report.request_id is not None and report.request is not None:
        return report.request.title
    period = label_of(report.period_id)
    return f"{names.get(report.template_code, report.template_code)} {period}"


def source_choices(user: Any, unit: Unit, regulation: Regulation) -> list[tuple[str, str]]:
    """The unit's own documents in KHTH not registered yet, newest first: typed documents, plans
    in force, reports sent up."""
    since = clock.today().replace(month=1, day=1)
    since = since.replace(year=since.year - SOURCE_YEARS + 1)
    out: list[tuple[str, str]] = []
    typed = (
        visible_typed(user)
        .filter(unit=unit, dated__gte=since)
        .exclude(registrations__direction=OUT)
        .order_by("-dated", "-pk")[:100]
    )
    out += [(f"typed:{d.pk}", _("Văn kiện: %(title)s") % {"title": d.title}) for d in typed]
    plans = (
        plan_access.visible_plans(user)
        .filter(unit=unit, ends_on__gte=since, status__in=Plan.IN_FORCE)
        .exclude(registrations__direction=OUT)
        .order_by("-starts_on", "-version")[:100]
    )
    out += [(f"plan:{p.pk}", _("Kế hoạch: %(title)s") % {"title": p.title}) for p in plans]
    names = {t.code: t.name for t in regulation.report_templates}
    reports = (
        report_access.visible_reports(user)
        .filter(unit=unit, period_end__gte=since)
        .exclude(status__in=(Report.DRAFT, Report.RETURNED))
        .exclude(registrations__direction=OUT)
        .select_related("request")
        .order_by("-period_end", "-pk")[:100]
    )
    out += [
        (f"report:{r.pk}", _("Báo cáo: %(title)s") % {"title": _report_label(r, names)})
        for r in reports
    ]
    return out


def outgoing_form(
    request: HttpRequest, unit: Unit, regulation: Regulation, data: Any = None
) -> OutgoingForm:
    initial: dict[str, Any] = {"dated": clock.today(), "copies": 1}
    if data is None:
        initial.update(_prefill(request, unit, regulation))
    return OutgoingForm(
        data,
        kinds=_issued_kinds(regulation, unit),
        secrecy=_secrecy_choices(request.user, unit),
        urgency=_urgency_choices(),
        sources=source_choices(request.user, unit, regulation),
        initial=initial,
        auto_id="out_%s",
    )


def _prefill(request: HttpRequest, unit: Unit, regulation: Regulation) -> dict[str, Any]:
    """«Vào sổ» from a typed document, a plan or a report: its kind, date and title."""
    signer = getattr(request.user, "full_name", "")
    for kind in SOURCE_KINDS:
        raw = request.GET.get(kind, "")
        if not raw.isdigit():
            continue
        if kind == "typed":
            typed = visible_typed(request.user).filter(pk=int(raw), unit=unit)
            doc = typed.first()
            if doc is not None:
                return {
                    "kind_code": doc.kind_code,
                    "dated": doc.dated,
                    "summary": doc.title,
                    "signer": signer,
                    "source": f"typed:{doc.pk}",
                }
        if kind == "plan":
            plan = plan_access.visible_plans(request.user).filter(pk=int(raw), unit=unit).first()
            if plan is not None:
                return {
                    "kind_code": plan.kind_code,
                    "dated": (plan.approved_at or plan.created_at).date(),
                    "summary": plan.title,
                    "signer": signer,
                    "source": f"plan:{plan.pk}",
                }
        if kind == "report":
            report = (
                report_access.visible_reports(request.user)
                .filter(pk=int(raw), unit=unit)
                .select_related("request")
                .first()
            )
            if report is not None:
                names = {t.code: t.name for t in regulation.report_templates}
                kinds = {t.code: t.document_kind for t in regulation.report_templates}
                return {
                    "kind_code": kinds.get(report.template_code) or "",
                    "dated": (report.submitted_at or report.updated_at).date(),
                    "summary": _report_label(report, names),
                    "signer": signer,
                    "source": f"report:{report.pk}",
                }
    return {}


def incoming_form(
    request: HttpRequest, unit: Unit, regulation: Regulation, data: Any = None
) -> IncomingForm:
    kinds = [("", "—"), *((k.code, k.name) for k in regulation.document_kinds)]
    return IncomingForm(
        data,
        kinds=kinds,
        secrecy=_secrecy_choices(request.user, unit),
        urgency=_urgency_choices(),
        initial={"received_on": clock.today(), "copies": 1},
        auto_id="in_%s",
    )


def term_form(data: Any = None) -> PartyTermForm:
    return PartyTermForm(data, auto_id="term_%s")


def can_add_term(user: Any, unit: Unit) -> bool:
    return access.can_register(user, unit) or unit_access.scope_for(user).allows(
        unit, "unit.manage"
    )


# --- a unit's registers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    document: RegisteredDocument
    kind_name: str
    secrecy: str
    urgency: str


def register_page(
    request: HttpRequest,
    unit: Unit,
    direction: str,
    *,
    year: int | None = None,
    out_form: OutgoingForm | None = None,
    in_form: IncomingForm | None = None,
    new_term: PartyTermForm | None = None,
    status: int = 200,
) -> HttpResponse:
    regulation = active_regulation()
    year = year or year_asked(request)
    documents = access.visible_documents(request.user).filter(unit=unit, direction=direction)
    if direction == OUT:
        documents = documents.filter(dated__year=year).order_by("dated", "created_at", "pk")
    else:
        documents = documents.filter(received_on__year=year).order_by("number", "pk")
    kinds = {k.code: k.name for k in regulation.document_kinds}
    secrecy, urgency = secrecy_labels(), urgency_labels()
    lines = [
        Line(
            d,
            kinds.get(d.kind_code, d.kind_code),
            secrecy.get(d.secrecy, "") if d.secrecy else "",
            urgency.get(d.urgency, "") if d.urgency else "",
        )
        for d in documents
    ]
    registers = access.can_register(request.user, unit)
    form: OutgoingForm | IncomingForm | None = None
    if registers:
        if direction == OUT:
            form = out_form or outgoing_form(request, unit, regulation)
        else:
            form = in_form or incoming_form(request, unit, regulation)
    return unit_page(
        request,
        "register/unit.html",
        unit,
        {
            "direction": direction,
            "year": year,
            "lines": lines,
            "form": form,
            "terms": list(PartyTerm.objects.filter(unit=unit).order_by("-starts_on")),
            "term_form": (new_term or term_form()) if can_add_term(request.user, unit) else None,
        },
        status=status,
    )


@login_required
def unit_register(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    direction = IN if request.GET.get("direction") == IN else OUT
    return register_page(request, unit, direction)


# --- a registered document -------------------------------------------------------------------


def document_page(
    request: HttpRequest,
    document: RegisteredDocument,
    *,
    upload: AttachmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    regulation = active_regulation()
    try:
        kind_name = regulation.document_kind(document.kind_code).name if document.kind_code else ""
    except KeyError:
        kind_name = document.kind_code
    registers = access.can_register(request.user, document.unit)
    report_label = ""
    if document.report is not None:
        names = {t.code: t.name for t in regulation.report_templates}
        report_label = _report_label(document.report, names)
    return render(
        request,
        "register/document.html",
        {
            "document": document,
            "unit": document.unit,
            "kind_name": kind_name,
            "outgoing": document.direction == OUT,
            "report_label": report_label,
            "secrecy": secrecy_labels().get(document.secrecy, "") if document.secrecy else "",
            "urgency": urgency_labels().get(document.urgency, "") if document.urgency else "",
            "attachments": list(document.attachments.order_by("uploaded_at", "pk")),
            "upload": (upload or AttachmentForm()) if registers else None,
            "history": history_of(document)[:50],
        },
        status=status,
    )


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    return document_page(request, access.get_document_for_user(request.user, pk))


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """An attachment, to whoever may read its document (secrecy included)."""
    found = RegisterAttachment.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("attachment not found")
    access.get_document_for_user(request.user, found.document_id)
    return file_download(found)


urlpatterns: list[URLPattern] = [
    path("unit/<str:unit_code>/", unit_register, name="register-unit"),
    path("<int:pk>/", document, name="register-document"),
    path("attachments/<int:pk>/", attachment, name="register-attachment"),
]
