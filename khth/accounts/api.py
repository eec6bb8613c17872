"""/api/v1/me and /api/v1/auth/token."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from khth.accounts.actions import LoginRefused, client_address, issue_token, login_check
from khth.api.schemas import Error, MembershipOut, MeOut, TokenIn, TokenOut
from khth.regulations.access import role_permissions
from khth.units.access import scope_for
from khth.units.models import Unit

router = Router(tags=["me"])
auth_router = Router(tags=["auth"])


@auth_router.post("/token", response={200: TokenOut, 401: Error, 429: Error}, auth=None)
def token(request: HttpRequest, data: TokenIn) -> Status[object]:
    try:
        user = login_check(request, data.username, data.password, client_address(request))
    except LoginRefused as exc:
        return Status(429 if exc.throttled else 401, {"detail": exc.message})
    raw, record = issue_token(user)
    return Status(200, {"token": raw, "expires_at": record.expires_at})


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    user = request.user
    scope = scope_for(user)
    units = Unit.objects.in_bulk([g.unit_id for g in scope.grants])
    return MeOut(
        username=user.get_username(),
        full_name=getattr(user, "full_name", ""),
        memberships=[
            MembershipOut(
                unit_code=units[g.unit_id].code,
                unit_name=units[g.unit_id].name,
                role=g.role,
                permissions=sorted(role_permissions(g.role)),
            )
            for g in scope.grants
        ],
    )
