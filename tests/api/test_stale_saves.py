"""No lost update through the API: every edit of a stored object (each PUT and PATCH the
published schema lists) carries the revision or version it was made on, and a second save made
on the same one is refused 409 with what the first one stored.

The walk reads the operations from ``/api/v1/openapi.json``, so a new write endpoint without a
revision fails here before anyone loses an edit to it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from khth.accounts.actions import create_user
from khth.coordination.actions import (
    ActivityIn,
    AgreementIn,
    PartnerIn,
    create_agreement,
    create_partner,
    generate_exchange,
    record_activity,
)
from khth.inspections.actions import InspectionData, plan_inspection
from tests.api.test_api import api
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

JSON = "application/json"
WRITES = ("put", "patch")
# The fields an edit names the state it was made on: ``revision`` (plans, typed documents,
# reviews, coordination, inspections) or ``version`` (reports, evaluations).
MARKERS = ("revision", "version")
# PUT or PATCH operations that edit no stored object in place (a state transition, an upload
# that only adds) and so need no revision: each with the reason it is safe. None today; an entry
# here must say why two people doing it at once lose nothing.
NOT_EDITS: dict[tuple[str, str], str] = {}


def _schema() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _writes(schema: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(METHOD, path) → operation, for every PUT and PATCH of the schema."""
    return {
        (method.upper(), path): operation
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in WRITES
    }


def test_the_walk_finds_the_write_endpoints(world):
    found = _writes(_schema())
    # The walk reaches the routers: a schema it cannot read would pass every check below.
    assert ("PATCH", "/api/v1/plans/{plan_id}") in found
    assert ("PUT", "/api/v1/partners/{partner_id}") in found
    assert len(found) >= 12
    assert set(NOT_EDITS) <= set(found)


def test_every_edit_requires_the_revision_it_was_made_on(world):
    schema = _schema()
    missing = {}
    for key, operation in _writes(schema).items():
        if key in NOT_EDITS:
            continue
        contents = operation.get("requestBody", {}).get("content", {})
        bodies = [_resolve(schema, content["schema"]) for content in contents.values()]
        required = {name for body in bodies for name in body.get("required", [])}
        problems = []
        if not required & set(MARKERS):
            problems.append("no required revision or version in the body")
        if "409" not in operation.get("responses", {}):
            problems.append("no 409 answer")
        if problems:
            missing[" ".join(key)] = problems
    assert missing == {}


# --- two saves on the same revision, endpoint by endpoint ------------------------------------


@dataclass(frozen=True)
class Saves:
    """Two edits of one object, both made on ``revision``; ``shown``: a field of the 409's
    ``current`` and the value the first edit stored in it."""

    user: str
    url: str
    first: dict[str, Any]
    second: dict[str, Any]
    shown: tuple[str, Any]
    revision: int = 1


def _partner(world: Any) -> Any:
    return create_partner(world.unit("B1"), PartnerIn(name="Ban Dân vận"), by=world.users["po_b1"])


def _agreement(world: Any) -> Any:
    return create_agreement(
        _partner(world),
        AgreementIn(
            title="Quy chế phối hợp số 05/QCPH",
            signed_on=dt.date(2024, 1, 2),
            valid_from=dt.date(2024, 1, 1),
            indicators=("dang-vien-dqtv-dbdv",),
            frequency="quarterly",
        ),
        by=world.users["po_b1"],
    )


def partner_saves(world: Any) -> Saves:
    partner = _partner(world)
    return Saves(
        "po_b1",
        f"/partners/{partner.pk}",
        {"name": "Ban Dân vận", "contact": "Đ/c Lan", "revision": 1},
        {"name": "Ban Dân vận", "contact": "Đ/c Minh", "revision": 1},
        ("contact", "Đ/c Lan"),
    )


def agreement_saves(world: Any) -> Saves:
    agreement = _agreement(world)
    body = {
        "signed_on": "2024-01-02",
        "valid_from": "2024-01-01",
        "frequency": "quarterly",
        "indicators": ["dang-vien-dqtv-dbdv"],
        "revision": 1,
    }
    return Saves(
        "po_b1",
        f"/agreements/{agreement.pk}",
        {**body, "title": "Quy chế số 05"},
        {**body, "title": "Quy chế số 06"},
        ("title", "Quy chế số 05"),
    )


def exchange_saves(world: Any) -> Saves:
    report = generate_exchange(_agreement(world), "2024Q3", by=world.users["po_b1"])
    return Saves(
        "po_b1",
        f"/exchanges/{report.pk}",
        {"values": {"dang-vien-dqtv-dbdv": "40"}, "revision": 1},
        {"note": "Ghi chú", "revision": 1},
        ("values", [{"code": "dang-vien-dqtv-dbdv", "value": "40"}]),
    )


def activity_saves(world: Any) -> Saves:
    activity = record_activity(
        _agreement(world),
        ActivityIn(held_on=dt.date(2024, 5, 19), title="Khảo sát"),
        by=world.users["po_b1"],
    )
    body = {"held_on": "2024-05-19", "title": "Khảo sát", "revision": 1}
    return Saves(
        "po_b1",
        f"/joint-activities/{activity.pk}",
        {**body, "result": "Đạt"},
        {**body, "participants": "Hai bên"},
        ("result", "Đạt"),
    )


def _inspection(world: Any) -> Any:
    po = create_user(
        username="po_d",
        full_name="Ngô Văn Đoàn",
        unit=world.unit("D"),
        role="political_officer",
        password=PASSWORD,
        by=None,
    )
    return plan_inspection(
        world.unit("D"),
        InspectionData(
            title="Kiểm tra quý I",
            starts_on=dt.date(2024, 3, 4),
            ends_on=dt.date(2024, 3, 8),
            units=["R"],
            areas=["xay-dung-dang"],
        ),
        by=po,
    )


def inspection_saves(world: Any) -> Saves:
    inspection = _inspection(world)
    body = {
        "starts_on": "2024-03-04",
        "ends_on": "2024-03-08",
        "units": ["R"],
        "areas": ["xay-dung-dang"],
        "revision": 1,
    }
    return Saves(
        "po_d",
        f"/inspections/{inspection.pk}",
        {**body, "title": "Kiểm tra quý I/2024"},
        {**body, "title": "Kiểm tra quý 1"},
        ("title", "Kiểm tra quý I/2024"),
    )


def conclusion_saves(world: Any) -> Saves:
    inspection = _inspection(world)
    return Saves(
        "po_d",
        f"/inspections/{inspection.pk}/conclusion",
        {"html": "<p>Tốt.</p>", "revision": 1},
        {"html": "<p>Khá.</p>", "revision": 1},
        ("conclusion", "<p>Tốt.</p>"),
    )


# (METHOD, path in the schema) → the two saves. Reports, plans, typed documents, reviews and
# evaluations have their conflict tests in their own suites.
STALE: dict[tuple[str, str], Callable[[Any], Saves]] = {
    ("PUT", "/api/v1/partners/{partner_id}"): partner_saves,
    ("PUT", "/api/v1/agreements/{agreement_id}"): agreement_saves,
    ("PATCH", "/api/v1/exchanges/{exchange_id}"): exchange_saves,
    ("PUT", "/api/v1/joint-activities/{activity_id}"): activity_saves,
    ("PUT", "/api/v1/inspections/{inspection_id}"): inspection_saves,
    ("PUT", "/api/v1/inspections/{inspection_id}/conclusion"): conclusion_saves,
}


def test_the_table_names_published_endpoints(world):
    assert set(STALE) <= set(_writes(_schema()))


def _contains(shown: Any, expected: Any) -> bool:
    """``expected`` is in ``shown``: equal, or for lists of objects, each expected object's
    fields are found in the object at its place."""
    if isinstance(expected, list):
        return all(
            all(shown[i].get(k) == v for k, v in item.items()) for i, item in enumerate(expected)
        )
    return bool(shown == expected)


@pytest.mark.parametrize("key", sorted(STALE), ids=lambda key: " ".join(key))
def test_a_second_save_on_the_same_revision_is_refused(world, key):
    method = key[0]
    saves = STALE[key](world)
    client = api(saves.user)

    def save(body: dict[str, Any]) -> Any:
        call = getattr(client, method.lower())
        return call(f"/api/v1{saves.url}", json.dumps(body), content_type=JSON)

    first = save(saves.first)
    assert first.status_code == 200, first.content
    assert first.json()["revision"] == saves.revision + 1
    stale = save(saves.second)
    assert stale.status_code == 409, stale.content
    body = stale.json()
    assert body["current_revision"] == saves.revision + 1
    assert body["detail"]
    field, value = saves.shown
    # The other person's change, to merge with one's own.
    assert _contains(body["current"][field], value), body["current"][field]
    assert body["current"]["revision"] == saves.revision + 1
    # Made on the current revision, the same edit is stored.
    retried = save({**saves.second, "revision": saves.revision + 1})
    assert retried.status_code == 200, retried.content
    assert retried.json()["revision"] == saves.revision + 2
