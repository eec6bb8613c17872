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
        ("PO_C1,Tên Khác,C1,clerk\n", [(2, "username")]),
        ("moi,Người Mới,C1,clerk,thừa\n", [(2, "")]),
        ("moi,Người Mới,C9,clerk\n", [(2, "unit_code")]),
        ("moi,Người Mới,C1,chief\n", [(2, "role")]),
        (
            "moi,Người Mới,C1,clerk\nMOI,Người Mới 2,C2,clerk\n",
            [(3, "username")],
        ),
        ("moi,,C1,clerk\n", [(2, "full_name")]),
    ],
    ids=["taken-other-case", "extra-cell", "unknown-unit", "unknown-role", "duplicate", "empty"],
)
def test_bad_rows(world, body, expected):
    assert problems(body) == expected


def test_generated_passwords_let_people_log_in(world):
    from django.contrib.auth import authenticate

    created = import_users((HEADER + "moi,Nguyễn Thị Mới,C2,clerk\n").encode(), by=None)
    assert len(created) == 1
    user = authenticate(username="moi", password=created[0].password)
    assert user is not None
    assert user.memberships.get().unit.code == "C2"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("imp x d/../,Người Mới,C1,clerk\n", [(2, "username")]),
        ("../../x,Người Mới,C1,clerk\n", [(2, "username")]),
        ("u" * 151 + ",Người Mới,C1,clerk\n", [(2, "username")]),
        ("moi," + "N" * 201 + ",C1,clerk\n", [(2, "full_name")]),
        ("moi,Người\x00Mới,C1,clerk\n", [(2, "full_name")]),
        ("moi,A" + "x" * 200_000 + ",C1,clerk\n", [(2, "full_name")]),
        (
            "moi,Người Mới," + "C" * 300 + ",clerk\n",
            [(2, "unit_code"), (2, "unit_code")],
        ),
    ],
    ids=["slash-space", "dots", "long-username", "long-name", "nul", "huge-cell", "long-unit"],
)
def test_cells_are_checked_against_the_model_before_writing(world, body, expected):
    assert problems(body) == expected


def test_size_is_bounded_before_parsing(world):
    from khth.accounts.actions import MAX_ROWS

    body = "".join(f"u{i},Người {i},C1,clerk\n" for i in range(MAX_ROWS + 1))
    assert problems(body) == [(0, "")]
