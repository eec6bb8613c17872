"""Every change to accounts and memberships, and logging in. One transaction each, audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils.translation import gettext as _

from khth.accounts import throttle
from khth.accounts.models import ApiToken, User
from khth.audit.actions import audit_entry, log_action, log_actions
from khth.lib import clock
from khth.lib.bulk import BATCH, batched
from khth.lib.importing import (
    ImportRejected,
    Problem,
    empty_cells,
    field_problems,
    in_file_order,
    model_fields,
    read_csv,
    reject_if_any,
)
from khth.lib.vietnamese import nfc, short_date
from khth.regulations.access import RegulationNotLoaded, active_regulation
from khth.regulations.permissions import ROLE_CODES
from khth.units.access import forget_scope
from khth.units.actions import units_by_code
from khth.units.models import Membership, Unit


class AccountError(ValueError):
    """A refused account change. ``username``: the account of a bulk change it is about."""

    def __init__(self, message: str, *, username: str = "") -> None:
        super().__init__(message)
        self.username = username


class LoginRefused(Exception):
    def __init__(self, message: str, *, throttled: bool) -> None:
        self.message = message
        self.throttled = throttled  # True: too many failures, not a wrong password this time
        super().__init__(message)


def _user_snapshot(user: User) -> dict[str, object]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "is_active": user.is_active,
    }


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError(
            _("Mật khẩu không đạt: %(reasons)s") % {"reasons": " ".join(exc.messages)}
        ) from None


def _check_role(role: str) -> None:
    if role not in ROLE_CODES:
        raise AccountError(
            _("Vai trò «%(role)s» không hợp lệ; hợp lệ: %(roles)s")
            % {"role": role, "roles": ", ".join(ROLE_CODES)}
        )


def role_refused_at(role: str, unit: Unit) -> str:
    """Why ``role`` cannot be held at ``unit`` ("" when it can): the regulation says at which
    levels each role exists (no trợ lý at battalion or company)."""
    try:
        spec = active_regulation().role(role)
    except (KeyError, RegulationNotLoaded):
        return ""  # an unknown code is refused by _check_role, with the list of known ones
    if spec.exists_at(unit.level):
        return ""
    return _("Vai trò «%(role)s» không có ở cấp của %(unit)s") % {
        "role": spec.name,
        "unit": unit.name,
    }


def _check_role_at(role: str, unit: Unit) -> None:
    _check_role(role)
    refused = role_refused_at(role, unit)
    if refused:
        raise AccountError(refused)


def create_user(
    *,
    username: str,
    full_name: str,
    unit: Unit,
    role: str,
    password: str,
    by: Any,
    check_password: bool = True,
) -> User:
    if check_password:
        _check_password(password, User(username=username.strip(), full_name=full_name))
    # Hashed before the transaction: Argon2 takes a tenth of a second, the write lock should not.
    new = NewUser(username, full_name, unit, role, make_password(password))
    return create_users([new], by=by)[0]


@dataclass(frozen=True)
class NewUser:
    username: str
    full_name: str
    unit: Unit
    role: str
    password_hash: str  # make_password(), done before the transaction


@transaction.atomic
def create_users(new: Sequence[NewUser], *, by: Any) -> list[User]:
    """Create the accounts of ``new``, each with its membership and audit entries, in a few
    statements whatever their number. A refusal names its account (``AccountError.username``)."""
    taken = usernames_taken([n.username.strip() for n in new])
    users = []
    for spec in new:
        username = spec.username.strip()
        try:
            _check_new_user(username, spec, taken)
        except AccountError as exc:
            raise AccountError(str(exc), username=username) from None
        taken.add(username.lower())
        users.append(
            User(
                username=username,
                full_name=nfc(spec.full_name.strip()),
                password=spec.password_hash,
            )
        )
    for user in users:
        user.refresh_sort_name()  # bulk_create bypasses User.save
    User.objects.bulk_create(users, batch_size=BATCH)
    day = clock.today()
    memberships = Membership.objects.bulk_create(
        (
            Membership(user=user, unit=spec.unit, role=spec.role, started_on=day)
            for user, spec in zip(users, new, strict=True)
        ),
        batch_size=BATCH,
    )
    entries = []
    for user, membership in zip(users, memberships, strict=True):
        unit = membership.unit
        entries.append(
            audit_entry(
                "accounts.user.created",
                user,
                by=by,
                after=_user_snapshot(user),
                unit_path=unit.path,
            )
        )
        entries.append(
            audit_entry(
                "units.membership.added",
                membership,
                by=by,
                after={"user": user.username, "unit": unit.code, "role": membership.role},
                unit_path=unit.path,
            )
        )
    log_actions(entries)
    return users


def usernames_taken(usernames: Sequence[str]) -> set[str]:
    """Those of ``usernames`` already in use, in lower case: usernames are unique regardless of
    case (a query per ``BATCH`` names)."""
    taken: set[str] = set()
    for chunk in batched(sorted({name.lower() for name in usernames})):
        taken.update(
            User.objects.annotate(lower=Lower("username"))
            .filter(lower__in=chunk)
            .values_list("lower", flat=True)
        )
    return taken


def _check_new_user(username: str, spec: NewUser, taken: set[str]) -> None:
    if not username:
        raise AccountError(_("Tên đăng nhập không được để trống"))
    if username.lower() in taken:
        raise AccountError(_("Tên đăng nhập %(username)s đã có") % {"username": username})
    _check_role_at(spec.role, spec.unit)
    if spec.unit.is_dissolved:
        raise AccountError(_("Đơn vị %(code)s đã giải thể") % {"code": spec.unit.code})


@transaction.atomic
def add_membership(
    user: User, unit: Unit, role: str, *, by: Any, on: dt.date | None = None
) -> Membership:
    _check_role_at(role, unit)
    if Membership.objects.filter(user=user, unit=unit, role=role, ended_on__isnull=True).exists():
        raise AccountError(
            _("%(username)s đã có vai trò %(role)s tại %(code)s")
            % {"username": user.username, "role": role, "code": unit.code}
        )
    membership = Membership.objects.create(
        user=user, unit=unit, role=role, started_on=on or clock.today()
    )
    log_action(
        "units.membership.added",
        membership,
        by=by,
        after={"user": user.username, "unit": unit.code, "role": role},
        unit_path=unit.path,
    )
    forget_scope(user)
    return membership


@transaction.atomic
def end_membership(membership: Membership, *, by: Any, on: dt.date | None = None) -> None:
    day = on or clock.today()
    membership.ended_on = day
    membership.save(update_fields=["ended_on"])
    log_action(
        "units.membership.ended",
        membership,
        by=by,
        before={"user": membership.user.username, "role": membership.role, "ended_on": None},
        after={"ended_on": day.isoformat()},
        unit_path=membership.unit.path,
    )
    forget_scope(membership.user)


@transaction.atomic
def set_password(user: User, password: str, *, by: Any) -> None:
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    ApiToken.objects.filter(user=user).delete()  # a new password ends every open API session
    log_action("accounts.user.password_changed", user, by=by)


@transaction.atomic
def set_active(user: User, active: bool, *, by: Any) -> None:
    before = _user_snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        ApiToken.objects.filter(user=user).delete()
    log_action("accounts.user.updated", user, by=by, before=before, after=_user_snapshot(user))


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: behind a reverse proxy, the proxy must be configured to pass the real
    # address (docs/operations.md); X-Forwarded-For from a client is never trusted.
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 (a key, not a bind address)


def login_check(request: HttpRequest | None, username: str, password: str, address: str) -> User:
    """Authenticate with throttling; raises LoginRefused with a message for the user."""
    refusal = throttle.refusal(username, address)
    if refusal is not None:
        raise LoginRefused(refusal.message, throttled=True)
    user = authenticate(request, username=username, password=password)
    if user is None or not isinstance(user, User):
        throttle.record_failure(username, address)
        raise LoginRefused(_("Tên đăng nhập hoặc mật khẩu không đúng."), throttled=False)
    throttle.record_success(username, address)
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_token(user: User) -> tuple[str, ApiToken]:
    token = secrets.token_urlsafe(32)
    now = clock.now()
    record = ApiToken.objects.create(
        user=user,
        digest=_digest(token),
        created_at=now,
        expires_at=now + dt.timedelta(days=settings.KHTH_API_TOKEN_DAYS),
    )
    note = f"hết hạn ngày {short_date(record.expires_at)}"  # stored, so Vietnamese as documents
    log_action("accounts.token.issued", user, by=user, note=note)
    return token, record


def user_for_token(token: str) -> User | None:
    record = (
        ApiToken.objects.filter(digest=_digest(token), expires_at__gt=clock.now())
        .select_related("user")
        .first()
    )
    if record is None or not record.user.is_active:
        return None
    now = clock.now()
    # Write the last use at most once a minute: reads must not turn into writes on every call.
    if record.last_used_at is None or now - record.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


@dataclass(frozen=True)
class ImportedUser:
    username: str
    full_name: str
    unit_code: str
    role: str
    password: str


USER_COLUMNS = ("username", "full_name", "unit_code", "role")
# A few pages' worth of people: each account's password is hashed with Argon2 (a tenth of a
# second each), so a larger file would keep the command busy for many minutes.
MAX_BYTES = 1024 * 1024
MAX_ROWS = 2_000
# Each column is checked by the model field it is stored in (length, a username's characters).
FIELDS = {
    **model_fields(User, {"username": "username", "full_name": "full_name"}),
    **model_fields(Unit, {"unit_code": "code"}),
}


def import_users(data: bytes, *, by: Any) -> list[ImportedUser]:
    """Create accounts from CSV ``username,full_name,unit_code,role[,password]``, all or nothing.

    Rows without a password get a generated one; the caller writes the returned list to the
    output file for handing out, since only hashes are stored. Everything is checked and every
    password hashed before the one short transaction that writes.
    """
    records, problems = read_csv(
        data,
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
        required=USER_COLUMNS,
        optional=("password",),
    )
    reject_if_any(problems)
    rows = []
    seen: dict[str, int] = {}
    for record in records:
        line, row = record.line, record.values
        problems.extend(empty_cells(line, row, USER_COLUMNS))
        problems.extend(field_problems(line, row, FIELDS))
        name = row["username"].lower()
        if name in seen:
            problems.append(
                Problem(line, "username", _("trùng với dòng %(line)d") % {"line": seen[name]})
            )
        seen.setdefault(name, line)
        if row["role"] and row["role"] not in ROLE_CODES:
            problems.append(
                Problem(
                    line,
                    "role",
                    _("vai trò «%(role)s» không hợp lệ: %(roles)s")
                    % {"role": row["role"], "roles": ", ".join(ROLE_CODES)},
                )
            )
        rows.append((line, row))
    units = units_by_code([row["unit_code"] for _line, row in rows if row["unit_code"]])
    taken = usernames_taken([row["username"] for _line, row in rows])
    for line, row in rows:
        code = row["unit_code"]
        if code and code not in units:
            problems.append(
                Problem(line, "unit_code", _("không có đơn vị mã %(code)s") % {"code": code})
            )
        elif code and units[code].is_dissolved:
            problems.append(
                Problem(line, "unit_code", _("đơn vị %(code)s đã giải thể") % {"code": code})
            )
        elif code and row["role"] in ROLE_CODES and role_refused_at(row["role"], units[code]):
            problems.append(Problem(line, "role", role_refused_at(row["role"], units[code])))
        if row["username"].lower() in taken:
            problems.append(
                Problem(
                    line,
                    "username",
                    _("tên đăng nhập %(username)s đã có") % {"username": row["username"]},
                )
            )
        if row.get("password"):
            try:
                validate_password(row["password"])
            except ValidationError as exc:
                problems.append(Problem(line, "password", " ".join(exc.messages)))
    reject_if_any(in_file_order(problems))
    imported = [
        ImportedUser(
            row["username"],
            row["full_name"],
            row["unit_code"],
            row["role"],
            row.get("password") or generate_password(),
        )
        for _line, row in rows
    ]
    new = [
        NewUser(u.username, u.full_name, units[u.unit_code], u.role, make_password(u.password))
        for u in imported
    ]
    try:
        create_users(new, by=by)
    except AccountError as exc:
        # Taken by someone else while the file was being checked.
        line = next((line for line, row in rows if row["username"] == exc.username), 0)
        raise ImportRejected([Problem(line, "username", str(exc))]) from None
    return imported


def generate_password() -> str:
    # Four groups of lower-case letters and digits without look-alikes: easy to read out loud.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))
