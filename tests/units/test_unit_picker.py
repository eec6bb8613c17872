"""Units are chosen, never typed as codes: the suggestion list finds names without accents,
only inside the user's scope; forms take the chosen label, a code or a unique name; the report
list filters by a unit and a period written the way people write them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from khth.lib import clock
from khth.periods import period_of
from khth.reports.actions import open_report
from tests.reports.conftest import MONTHLY


def suggestions(world: Any, username: str, text: str) -> str:
    response = world.client(username).get("/units/suggest/", {"field": "unit", "unit": text})
    assert response.status_code == 200
    body: str = response.content.decode()
    return body


def test_names_are_found_without_accents(world):
    body = suggestions(world, "cu_r", "dai doi")
    assert 'value="Đại đội 1 (C1)"' in body
    assert 'value="Đại đội 3 (C3)"' in body
    assert "Tiểu đoàn" in body  # the parent, telling two "Đại đội 1" apart
    assert 'value="Tiểu đoàn 2 (B2)"' in suggestions(world, "cu_r", "TIEU DOAN 2")


def test_another_units_user_cannot_find_units_outside_their_scope(world):
    assert "C2" not in suggestions(world, "po_c1", "dai doi")  # C1's sibling
    assert "Tiểu đoàn 1" not in suggestions(world, "po_c1", "tieu doan")  # C1's superior
    assert 'value="Đại đội 1 (C1)"' in suggestions(world, "po_c1", "dai doi")
    assert "<option" not in suggestions(world, "nobody", "dai doi")
    assert world.client("nobody").get("/units/suggest/").status_code == 200
    anonymous = world.client("po_c1")
    anonymous.logout()
    assert anonymous.get("/units/suggest/?q=dai").status_code == 302


def test_the_report_list_takes_a_chosen_unit_and_a_written_period(world):
    period = period_of(clock.today() - dt.timedelta(days=40), "monthly")
    by = world.users["cu_r"]
    c1 = open_report(world.unit("C1"), MONTHLY, period.id, by=by)
    c3 = open_report(world.unit("C3"), MONTHLY, period.id, by=by)
    client = world.client("cu_r")
    body = client.get("/reports/", {"unit": "Tiểu đoàn 1 (B1)"}).content.decode()
    assert f'data-report="{c1.pk}"' in body and f'data-report="{c3.pk}"' not in body
    by_name = client.get("/reports/", {"unit": "tieu doan 2"}).content.decode()
    assert f'data-report="{c3.pk}"' in by_name and f'data-report="{c1.pk}"' not in by_name
    written = f"{period.start.month}/{period.start.year}"
    by_period = client.get("/reports/", {"period_id": written}).content.decode()
    assert f'data-report="{c1.pk}"' in by_period
    assert period.label in by_period  # the period picker's list
    other = client.get("/reports/", {"period_id": "quý 3/1999"}).content.decode()
    assert f'data-report="{c1.pk}"' not in other


def test_the_report_list_refuses_a_unit_outside_the_scope_without_naming_it(world):
    body = world.client("po_c1").get("/reports/", {"unit": "Đại đội 2"}).content.decode()
    assert "Không có đơn vị này trong phạm vi của bạn: «Đại đội 2»." in body
    assert world.client("po_c1").get("/reports/", {"unit": "không có"}).status_code == 200
    bad = world.client("po_c1").get("/reports/", {"period_id": "tháng mười"}).content.decode()
    assert "Không đọc được kỳ «tháng mười»" in bad


def test_moving_a_unit_takes_the_chosen_name(world):
    client = world.client("admin_d")
    response = client.post("/units/C3/move/", {"parent_code": "Tiểu đoàn 1 (B1)"})
    assert response.status_code == 302
    assert world.unit("C3").parent_id == world.unit("B1").pk
