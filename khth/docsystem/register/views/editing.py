"""Changes to the register, each POST one action: registering an outgoing or an incoming
document (the success message and the document's page show the number it got), declaring a
Party committee term, attaching a file. Bad input is shown next to its field on the register
page with the input kept; a refusal of the action is shown as the form's error."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
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
from khth.docsystem.register.models import RegisteredDocument
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
from khth.lib.forms import done, post_form
from khth.plans import access as plan_access
from khth.plans.models import Plan
from khth.regulations.access import active_regulation
from khth.reports import access as report_access
from khth.reports.models import Report
from khth.units.models import Unit
from khth.web.lists import unit_for_change


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
    unit = unit_for_change(request, unit_code, access.can_register, access.REGISTER)

    def register(data: dict[str, Any]) -> RegisteredDocument:
        plan, report, typed = _source(request, unit, data["source"])
        return register_outgoing(
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

    return post_form(
        outgoing_form(request, unit, active_regulation(), request.POST),
        register,
        refused=RegisterError,
        again=lambda form: register_page(request, unit, OUT, out_form=form, status=400),
        then=lambda document: done(
            request,
            _("Đã vào sổ văn bản đi: %(number)s") % {"number": document.number_text},
            "register-document",
            pk=document.pk,
        ),
    )


@login_required
@require_POST
def incoming(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_for_change(request, unit_code, access.can_register, access.REGISTER)
    return post_form(
        incoming_form(request, unit, active_regulation(), request.POST),
        lambda data: register_incoming(
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
        ),
        refused=RegisterError,
        again=lambda form: register_page(request, unit, IN, in_form=form, status=400),
        then=lambda document: done(
            request,
            _("Đã vào sổ văn bản đến: số đến %(number)s (%(theirs)s)")
            % {"number": document.number, "theirs": document.number_text},
            "register-document",
            pk=document.pk,
        ),
    )


@login_required
@require_POST
def term_add(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_for_change(request, unit_code, can_add_term, access.REGISTER)
    direction = IN if request.POST.get("direction") == IN else OUT
    return post_form(
        term_form(request.POST),
        lambda data: add_party_term(
            unit, name=data["name"], starts_on=data["starts_on"], by=request.user
        ),
        refused=RegisterError,
        again=lambda form: register_page(request, unit, direction, new_term=form, status=400),
        then=lambda term: done(
            request,
            _("Đã khai báo nhiệm kỳ «%(name)s» từ ngày %(day)s: văn bản của Đảng đánh số lại từ 1.")
            % {"name": term.name, "day": term.starts_on.strftime("%d/%m/%Y")},
            "register-unit",
            unit_code=unit.code,
        ),
    )


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = access.get_document_for_user(request.user, pk)
    if not access.can_register(request.user, document.unit):
        raise PermissionDenied(access.REGISTER)
    return post_form(
        AttachmentForm(request.POST, request.FILES),
        lambda data: add_attachment(document, data["file"], by=request.user),
        refused=RegisterError,
        again=lambda form: document_page(request, document, upload=form, status=400),
        then=lambda added: done(
            request,
            _("Đã đính kèm «%(name)s».") % {"name": added.original_name},
            "register-document",
            pk=document.pk,
        ),
        error_field="file",
    )


urlpatterns: list[URLPattern] = [
    path("unit/<str:unit_code>/outgoing/", outgoing, name="register-outgoing"),
    path("unit/<str:unit_code>/incoming/", incoming, name="register-incoming"),
    path("unit/<str:unit_code>/terms/", term_add, name="register-term-add"),
    path("<int:pk>/attachments/", attachment_add, name="register-attachment-add"),
]
