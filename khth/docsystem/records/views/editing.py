"""Changes to the document system, each POST one action: typing a document (new, edit with a
revision check), adding an entry to a record book, correcting and withdrawing an entry.

Only the unit's own people holding ``record.write`` change its records (403 for anyone else who
can read them); bad input is shown next to its field with the input kept, never an error page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from khth.docsystem.records import access
from khth.docsystem.records.access import get_readable_typed
from khth.docsystem.records.actions import (
    ConflictError,
    RecordError,
    add_entry,
    correct_entry,
    create_typed_document,
    save_typed_document,
    withdraw_entry,
)
from khth.docsystem.records.compliance import PERIODIC
from khth.docsystem.records.forms import (
    EntryField,
    ReasonForm,
    TypedDocumentEditForm,
    TypedDocumentForm,
    entry_fields,
    entry_text,
    read_entry,
    refused_entry,
)
from khth.docsystem.records.models import BookEntry, TypedDocument
from khth.docsystem.records.views.pages import (
    book_page,
    entry_values,
    get_book,
    titled,
)
from khth.lib import clock
from khth.lib.forms import attempt, done, post_form
from khth.periods import label_of, period_of
from khth.regulations.access import regulation_of
from khth.regulations.schema import RecordBook, for_unit_type
from khth.reports.richtext import sanitize
from khth.units import access as unit_access
from khth.units.models import Unit
from khth.units.regulation import regulation_for
from khth.web.lists import unit_for_change


def _require_write(user: Any, unit: Unit) -> None:
    if not access.can_write(user, unit):
        raise PermissionDenied(access.WRITE)


# --- typed documents -------------------------------------------------------------------------


def _new_form(
    unit: Unit, data: Any = None, initial: dict[str, Any] | None = None
) -> TypedDocumentForm:
    regulation = regulation_for(unit)
    # Plans are written in the planning pages: the kinds typed here are the others.
    kinds = [
        (k.code, k.name)
        for k in regulation.document_kinds
        if unit.level in k.issuing_levels
        and for_unit_type(k.unit_types, unit.unit_type)
        and k.plan is None
    ]
    tasks = [(t.code, t.name) for t in regulation.tasks]
    return TypedDocumentForm(data, kinds=kinds, tasks=tasks, initial=initial)


def _new_initial(request: HttpRequest, unit: Unit) -> dict[str, Any]:
    """«Soạn» fills the kind, the period, the task and the title. Given only a kind, the period
    is today's of its first periodic occasion ("nq-thang" → this month) and titles it."""
    today = clock.today()
    initial: dict[str, Any] = {
        "kind_code": request.GET.get("kind", ""),
        "period_id": request.GET.get("period", ""),
        "task_code": request.GET.get("task", ""),
        "title": request.GET.get("title", ""),
        "dated": today,
    }
    if initial["kind_code"] and "period" not in request.GET:
        try:
            kind = regulation_for(unit).document_kind(initial["kind_code"])
        except KeyError:
            return initial
        periodic = [o for o in kind.occasions if o in PERIODIC]
        if periodic:
            period = period_of(today, periodic[0])
            initial["period_id"] = period.id
            initial["title"] = initial["title"] or titled(kind.name, period.label)
    return initial


def _editor_html(form: TypedDocumentForm | TypedDocumentEditForm, stored: str = "") -> str:
    """What the rich text editor shows: the posted text as a save would keep it."""
    if form.is_bound:
        return sanitize(str(form.data.get("body", "") or ""))
    return stored


@login_required
@require_http_methods(["GET", "POST"])
def typed_new(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_for_change(request, unit_code, access.can_write, access.WRITE)
    if request.method == "GET":
        return _new_page(request, unit, _new_form(unit, initial=_new_initial(request, unit)))
    return post_form(
        _new_form(unit, request.POST),
        lambda data: create_typed_document(
            unit,
            data["kind_code"],
            dated=data["dated"],
            title=data["title"],
            body=data["body"],
            period_id=data["period_id"],
            task_code=data["task_code"],
            by=request.user,
        ),
        refused=RecordError,
        again=lambda form: _new_page(request, unit, form, status=400),
        then=lambda document: done(
            request,
            _("Đã lưu dự thảo «%(title)s».") % {"title": document.title},
            "typed-document-detail",
            pk=document.pk,
        ),
    )


def _new_page(
    request: HttpRequest, unit: Unit, form: TypedDocumentForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "records/typed_new.html",
        {"unit": unit, "form": form, "body": _editor_html(form)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def typed_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document, _registration = get_readable_typed(request.user, pk)
    _require_write(request.user, document.unit)
    if document.status != TypedDocument.DRAFT:
        messages.error(request, _("Văn bản đã vào sổ: không sửa được"))
        return redirect("typed-document-detail", pk=document.pk)
    if request.method == "GET":
        form = TypedDocumentEditForm(
            initial={
                "title": document.title,
                "dated": document.dated,
                "body": document.body,
                "revision": document.revision,
            }
        )
        return _edit_page(request, document, form)
    form = TypedDocumentEditForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, document, form, status=400)
    data = form.cleaned_data
    try:
        document = save_typed_document(
            document,
            by=request.user,
            base_revision=data["revision"],
            title=data["title"],
            body=data["body"],
            dated=data["dated"],
        )
    except ConflictError as exc:
        return _edit_page(request, document, form, conflict=str(exc), status=409)
    except RecordError as exc:
        form.add_error(None, str(exc))
        return _edit_page(request, document, form, status=400)
    messages.success(request, _("Đã lưu «%(title)s».") % {"title": document.title})
    return redirect("typed-document-detail", pk=document.pk)


def _edit_page(
    request: HttpRequest,
    document: TypedDocument,
    form: TypedDocumentEditForm,
    *,
    conflict: str = "",
    status: int = 200,
) -> HttpResponse:
    try:
        kind_name = regulation_of(document.regulation).document_kind(document.kind_code).name
    except KeyError:
        kind_name = document.kind_code
    return render(
        request,
        "records/typed_edit.html",
        {
            "document": document,
            "unit": document.unit,
            "kind_name": kind_name,
            "period": label_of(document.period_id),
            "form": form,
            "body": _editor_html(form, document.body),
            "conflict": conflict,
        },
        status=status,
    )


# --- record book entries ---------------------------------------------------------------------


@login_required
@require_POST
def entry_add(request: HttpRequest, unit_code: str, book_code: str) -> HttpResponse:
    unit = unit_access.get_unit_for_user(request.user, unit_code)
    book = get_book(unit, book_code)
    _require_write(request.user, unit)
    raw = read_entry(book, request.POST)
    try:
        entry = add_entry(unit, book.code, raw, by=request.user)
    except RecordError as exc:
        fields, problems = refused_entry(book, raw, exc)
        return book_page(request, unit, book, fields=fields, problems=problems, status=400)
    messages.success(
        request, _("Đã ghi dòng %(line)s vào %(book)s.") % {"line": entry.line, "book": book.name}
    )
    return redirect(reverse("record-book", args=[unit.code, book.code]) + f"#line-{entry.line}")


def _writable_entry(request: HttpRequest, pk: int) -> BookEntry:
    entry = access.get_entry_for_user(request.user, pk)
    _require_write(request.user, entry.unit)
    return entry


@login_required
@require_http_methods(["GET", "POST"])
def entry_correct(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _writable_entry(request, pk)
    book = get_book(entry.unit, entry.book_code)
    back = reverse("record-book", args=[entry.unit.code, book.code])
    if entry.superseded:
        messages.error(request, _("Dòng này đã bị sửa hoặc hủy: hãy làm trên bản hiện hành"))
        return redirect(back)
    if request.method == "GET":
        fields, general = entry_fields(book, entry_text(book, entry.values))
        return _correct_page(request, entry, book, fields, general, reason="")
    raw = read_entry(book, request.POST)
    reason = str(request.POST.get("reason", ""))
    try:
        correction = correct_entry(entry, raw, reason=reason, by=request.user)
    except RecordError as exc:
        fields, problems = refused_entry(book, raw, exc)
        return _correct_page(request, entry, book, fields, problems, reason=reason, status=400)
    messages.success(
        request,
        _("Đã sửa dòng %(line)s; bản cũ vẫn giữ trong lịch sử của sổ.") % {"line": correction.line},
    )
    return redirect(back + f"#line-{correction.line}")


def _correct_page(
    request: HttpRequest,
    entry: BookEntry,
    book: RecordBook,
    fields: list[EntryField],
    problems: list[str],
    *,
    reason: str,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "records/entry_correct.html",
        {
            "unit": entry.unit,
            "book": book,
            "entry": entry,
            "original": list(zip(book.columns, entry_values(book, entry), strict=True)),
            "fields": fields,
            "problems": problems,
            "reason": reason,
        },
        status=status,
    )


@login_required
@require_POST
def entry_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _writable_entry(request, pk)
    back = reverse("record-book", args=[entry.unit.code, entry.book_code])
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hủy dòng sổ phải ghi lý do"))
        return redirect(back + f"#line-{entry.line}")
    attempt(
        request,
        lambda: withdraw_entry(entry, reason=form.cleaned_data["reason"], by=request.user),
        RecordError,
        _("Đã hủy dòng %(line)s; dòng vẫn giữ trong lịch sử của sổ.") % {"line": entry.line},
    )
    return redirect(back)


urlpatterns: list[URLPattern] = [
    path("unit/<str:unit_code>/documents/new/", typed_new, name="typed-document-new"),
    path("documents/<int:pk>/edit/", typed_edit, name="typed-document-edit"),
    path("unit/<str:unit_code>/books/<str:book_code>/entries/", entry_add, name="record-entry-add"),
    path("entries/<int:pk>/correct/", entry_correct, name="record-entry-correct"),
    path("entries/<int:pk>/withdraw/", entry_withdraw, name="record-entry-withdraw"),
]
