"""Bulk accounts: all or nothing, problems by line and column."""

from __future__ import annotations

import pytest

from khth.accounts.actions import import_users
from khth.accounts.models import User
from khth.lib.importing import ImportRejected

pytestmark = pytest.mark.django_db

HEADER = "username,full_name,unit_code,role\n"


def problems(body: str) -> list[tuple[int, str]]:
    before = User.objects.count()
    with pytest.raises(ImportRejected) as info:
        import_users((HEADER + body).encode(), by=None)
    assert User.objects.count() == before
    return [(p.line, p.column) for p in info.value.problems]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("PO_C1,Tên Khác,C1,assistant\n", [(2, "username")]),
        ("moi,Người Mới,C1,assistant,thừa\n", [(2, "")]),
        ("moi,Người Mới,C9,assistant\n", [(2, "unit_code")]),
        ("moi,Người Mới,C1,chief\n", [(2, "role")]),
        ("moi,Người Mới,C1,assistant\nMOI,Người Mới 2,C2,assistant\n", [(3, "username")]),
        ("moi,,C1,assistant\n", [(2, "full_name")]),
    ],
    ids=["taken-other-case", "extra-cell", "unknown-unit", "unknown-role", "duplicate", "empty"],
)
def test_bad_rows(world, body, expected):
    assert problems(body) == expected


def test_generated_passwords_let_people_log_in(world):
    from django.contrib.auth import authenticate

    created = import_users((HEADER + "moi,Nguyễn Thị Mới,C2,assistant\n").encode(), by=None)
    assert len(created) == 1
    user = authenticate(username="moi", password=created[0].password)
    assert user is not None
    assert user.memberships.get().unit.code == "C2"
