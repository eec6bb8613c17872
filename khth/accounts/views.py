"""Logging in and out, and the people of the units in the user's scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from khth.accounts.actions import (
    AccountError,
    LoginRefused,
    client_address,
    create_user,
    login_check,
)
from khth.accounts.forms import LoginForm, NewUserForm
from khth.audit.actions import history_of
from khth.regulations.access import active_regulation
from khth.units import access
from khth.units.models import Membership


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        try:
            user = login_check(
                request,
                form.cleaned_data["username"],
                form.cleaned_data["password"],
                client_address(request),
            )
        except LoginRefused as exc:
            form.add_error(None, exc.message)
        else:
            login(request, user)
            safe = url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
            return redirect(next_url if safe and next_url else "home")
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("Đã đăng xuất."))
    return redirect("login")


def _role_names() -> dict[str, str]:
    return {role.code: role.name for role in active_regulation().roles}


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """Open memberships in the units the user may see, in Vietnamese name order."""
    scope = access.scope_for(request.user)
    memberships = (
        Membership.objects.filter(scope.q("unit__path"), ended_on__isnull=True)
        .select_related("user", "unit")
        .order_by("user__sort_name", "user__pk", "unit__path", "pk")
    )
    return render(
        request,
        "accounts/people.html",
        {
            "memberships": memberships,
            "role_names": _role_names(),
            "can_manage_users": scope.has_anywhere("user.manage"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_new(request: HttpRequest) -> HttpResponse:
    scope = access.scope_for(request.user)
    if not scope.has_anywhere("user.manage"):
        raise PermissionDenied("user.manage")
    roles = list(_role_names().items())
    form = NewUserForm(request.POST or None, roles=roles, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = access.get_unit_for_user(
                request.user, data["unit_code"], permission="user.manage"
            )
            create_user(
                username=data["username"],
                full_name=data["full_name"],
                unit=unit,
                role=data["role"],
                password=data["password"],
                by=request.user,
            )
        except Http404:
            form.add_error("unit_code", _("Không có đơn vị này trong phạm vi của bạn."))
        except PermissionDenied:
            form.add_error("unit_code", _("Bạn không quản lý tài khoản của đơn vị này."))
        except AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã tạo tài khoản %(u)s.") % {"u": data["username"]})
            return redirect("people")
    return render(request, "accounts/user_new.html", {"form": form})


@login_required
def person(request: HttpRequest, username: str) -> HttpResponse:
    """One account: its memberships in units the viewer may see, and its history."""
    scope = access.scope_for(request.user)
    visible = Membership.objects.filter(scope.q("unit__path")).filter(user__username=username)
    memberships = list(visible.select_related("user", "unit").order_by("-started_on"))
    if not memberships:
        # Outside the viewer's scope, or no such account: the same answer for both.
        raise Http404("person not found")
    account = memberships[0].user
    can_audit = any(scope.allows(m.unit, "audit.view") for m in memberships)
    return render(
        request,
        "accounts/person.html",
        {
            "account": account,
            "memberships": memberships,
            "role_names": _role_names(),
            "history": history_of(account, *memberships)[:50] if can_audit else None,
        },
    )
