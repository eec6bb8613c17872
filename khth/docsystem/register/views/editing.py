"""Changes to the register, each POST one action: registering an outgoing or an incoming
document (the success message and the document's page show the number it got), declaring a
Party committee term, attaching a file. Bad input is shown next to its field on the register
page with the input kept; a refusal of the action is shown as the form's error."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khth.docsystem.records.access import visible_typed
from khth.docsystem.records.models import TypedDocument
from khth.docsystem.register import access
from khth.docsystem.register.actions import (
    Incoming,
    Outgoing,
    RegisterError,
    add_attachment,
    add_party_term,
    register_incoming,
    register_outgoing,
)
from khth.docsystem.register.forms import AttachmentForm
from khth.docsystem.register.views.pages import (
    IN,
    OUT,
    can_add_term,
    document_page,
    incoming_form,
    outgoing_form,
    register_page,
    term_form,
)
from khth.plans import access as plan_access
from khth.plans.models import Plan
from khth.regulations.access import active_regulation
from khth.reports import access as report_access
from khth.reports.models import Report
from khth.units import access as unit_access
from khth.units.models import Unit


def _registering_unit(request: HttpRequest, unit_code: str) -> Unit:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    if not access.can_register(request.user, unit):
        raise PermissionDenied(access.REGISTER)
    return unit


def _source(
    request: HttpRequest, unit: Unit, raw: str
) -> tuple[Plan | None, Report | None, TypedDocument | None]:
    """The plan, report or typed document a registration comes from ("typed:12"); the form
    only offers the unit's own, so anything else is no source."""
    kind, _sep, pk = raw.partition(":")
    if not pk.isdigit():
        return None, None, None
    if kind == "plan":
        plan = plan_access.visible_plans(request.user).filter(pk=int(pk), unit=unit).first()
        return plan, None, None
    if kind == "report":
        report = report_access.visible_reports(request.user).filter(pk=int(pk), unit=unit).first()
        return None, report, None
    if kind == "typed":
        typed = visible_typed(request.user).filter(pk=int(pk), unit=unit).first()
        return None, None, typed
    return None, None, None


@login_required
@require_POST
def outgoing(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = _registering_unit(request, unit_code)
    regulation = active_regulation()
    form = outgoing_form(request, unit, regulation, request.POST)
    if not form.is_valid():
        return register_page(request, unit, OUT, out_form=form, status=400)
    data = form.cleaned_data
    plan, report, typed = _source(request, unit, data["source"])
    try:
        document = register_outgoing(
            unit,
            Outgoing(
                kind_code=data["kind_code"],
                dated=data["dated"],
                summary=data["summary"],
                signer=data["signer"],
                recipients=data["recipients"],
                copies=data["copies"],
                file_holder=data["file_holder"],
                secrecy=data["secrecy"],
                urgency=data["urgency"],
                notes=data["notes"],
                plan=plan,
                report=report,
                typed_document=typed,
            ),
            by=request.user,
        )
    except RegisterError as exc:
        form.add_error(None, str(exc))
        return register_page(request, unit, OUT, out_form=form, status=400)
    messages.success(
        request, _("Đã vào sổ văn bản đi: %(number)s") % {"number": document.number_text}
    )
    return redirect("register-document", pk=document.pk)


@login_required
@require_POST
def incoming(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = _registering_unit(request, unit_code)
    form = incoming_form(request, unit, active_regulation(), request.POST)
    if not form.is_valid():
        return register_page(request, unit, IN, in_form=form, status=400)
    data = form.cleaned_data
    try:
        document = register_incoming(
            unit,
            Incoming(
                sender=data["sender"],
                number_text=data["number_text"],
                dated=data["dated"],
                received_on=data["received_on"],
                summary=data["summary"],
                kind_code=data["kind_code"],
                secrecy=data["secrecy"],
                urgency=data["urgency"],
                handled_by=data["handled_by"],
                copies=data["copies"],
                notes=data["notes"],
            ),
            by=request.user,
        )
    except RegisterError as exc:
        form.add_error(None, str(exc))
        return register_page(request, unit, IN, in_form=form, status=400)
    messages.success(
        request,
        _("Đã vào sổ văn bản đến: số đến %(number)s (%(theirs)s)")
        % {"number": document.number, "theirs": document.number_text},
    )
    return redirect("register-document", pk=document.pk)


@login_required
@require_POST
def term_add(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    if not can_add_term(request.user, unit):
        raise PermissionDenied(access.REGISTER)
    direction = IN if request.POST.get("direction") == IN else OUT
    form = term_form(request.POST)
    if not form.is_valid():
        return register_page(request, unit, direction, new_term=form, status=400)
    data = form.cleaned_data
    try:
        term = add_party_term(unit, name=data["name"], starts_on=data["starts_on"], by=request.user)
    except RegisterError as exc:
        form.add_error(None, str(exc))
        return register_page(request, unit, direction, new_term=form, status=400)
    messages.success(
        request,
        _("Đã khai báo nhiệm kỳ «%(name)s» từ ngày %(day)s: văn bản của Đảng đánh số lại từ 1.")
        % {"name": term.name, "day": term.starts_on.strftime("%d/%m/%Y")},
    )
    return redirect("register-unit", unit_code=unit.code)


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = access.get_document_for_user(request.user, pk)
    if not access.can_register(request.user, document.unit):
        raise PermissionDenied(access.REGISTER)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return document_page(request, document, upload=form, status=400)
    try:
        added = add_attachment(document, form.cleaned_data["file"], by=request.user)
    except RegisterError as exc:
        form.add_error("file", str(exc))
        return document_page(request, document, upload=form, status=400)
    messages.success(request, _("Đã đính kèm «%(name)s».") % {"name": added.original_name})
    return redirect("register-document", pk=document.pk)


urlpatterns: list[URLPattern] = [
    path("unit/<str:unit_code>/outgoing/", outgoing, name="register-outgoing"),
    path("unit/<str:unit_code>/incoming/", incoming, name="register-incoming"),
    path("unit/<str:unit_code>/terms/", term_add, name="register-term-add"),
    path("<int:pk>/attachments/", attachment_add, name="register-attachment-add"),
]
