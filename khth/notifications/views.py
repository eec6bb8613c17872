"""A person's own notifications (nobody else's are ever shown)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from khth.accounts.access import signed_in
from khth.notifications.actions import mark_read
from khth.notifications.models import Notification


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    items = Notification.objects.filter(user=signed_in(request))[:100]
    return render(request, "notifications/inbox.html", {"items": items})


@login_required
@require_POST
def read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("id")
    mark_read(request.user, [int(raw)] if raw and raw.isdigit() else None)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications")


urlpatterns = [
    path("", inbox, name="notifications"),
    path("read/", read, name="notifications-read"),
]
