"""A unit's type (issue 13): editable on the form, the CSV import and shown by the API, checked
against the regulation the unit follows."""

from __future__ import annotations

from typing import Any

import pytest

from khth.lib.importing import ImportRejected
from khth.regulations.actions import load_regulation
from khth.units.actions import UnitError, create_unit, update_unit
from khth.units.csvio import export_units, import_units
from khth.units.models import Unit
from khth.units.regulation import assign_regulation
from tests.conftest import FOUNDED
from tests.regulations.helpers import to_yaml
from tests.regulations.variants import BDBP, bdbp_data

POST = "don-bien-phong"
HEADER = "code,name,short_name,level,parent_code,unit_type\n"


def test_the_form_sets_and_clears_the_type(world: Any) -> None:
    client = world.client("admin_d")
    data = {"name": "Tiểu đoàn 1", "short_name": "Tiểu đoàn 1", "level": "tieu-doan"}
    response = client.post("/units/B1/edit/", {**data, "unit_type": POST})
    assert response.status_code == 302
    assert world.unit("B1").unit_type == POST
    page = client.get("/units/B1/").content.decode()
    assert "Đồn Biên phòng" in page
    client.post("/units/B1/edit/", {**data, "unit_type": ""})
    assert world.unit("B1").unit_type == ""


def test_a_type_at_a_level_it_does_not_occur_at_is_refused(world: Any) -> None:
    with pytest.raises(UnitError, match="Loại hình đơn vị: «Đồn Biên phòng» không có ở cấp"):
        update_unit(world.unit("C1"), by=None, unit_type=POST)
    with pytest.raises(UnitError, match="Loại hình đơn vị: «khong-co»"):
        create_unit(
            code="X", name="X", short_name="X", level="tieu-doan", parent=world.unit("R"),
            by=None, valid_from=FOUNDED, unit_type="khong-co",
        )  # fmt: skip
    assert not Unit.objects.filter(code="X").exists()


def test_a_type_only_the_variant_knows_is_accepted_inside_its_scope_only(world: Any) -> None:
    data = bdbp_data()
    data["unit_types"].append(
        {"code": "tram-kiem-soat", "name": "Trạm kiểm soát biên phòng", "basis": "default"}
    )
    load_regulation(to_yaml(data), "bdbp.yaml", by=None)
    with pytest.raises(UnitError):
        update_unit(world.unit("C3"), by=None, unit_type="tram-kiem-soat")
    assign_regulation(BDBP, root=world.unit("B2"), by=None)
    update_unit(world.unit("C3"), by=None, unit_type="tram-kiem-soat")
    assert world.unit("C3").unit_type == "tram-kiem-soat"


def test_the_csv_import_takes_an_optional_type_column(world: Any) -> None:
    body = HEADER + f"P1,Đồn Biên phòng 1,Đồn 1,tieu-doan,R,{POST}\n"
    result = import_units(body.encode(), by=None)
    assert result.created == 1
    assert Unit.objects.get(code="P1").unit_type == POST
    assert f"P1,Đồn Biên phòng 1,Đồn 1,tieu-doan,R,,,,,,{POST}" in export_units(
        Unit.objects.filter(code="P1").select_related("parent")
    )
    # Without the column an existing type is kept.
    plain = "code,name,short_name,level,parent_code\nP1,Đồn 1,Đồn 1,tieu-doan,R\n"
    import_units(plain.encode(), by=None)
    assert Unit.objects.get(code="P1").unit_type == POST


def test_the_csv_import_names_the_line_of_a_bad_type(world: Any) -> None:
    body = HEADER + "P2,Đại đội 9,Đại đội 9,dai-doi,B1,don-bien-phong\n"
    with pytest.raises(ImportRejected) as info:
        import_units(body.encode(), by=None)
    problem = info.value.problems[0]
    assert problem.line == 2 and "Loại hình đơn vị" in problem.message


def test_the_api_shows_the_type(world: Any) -> None:
    update_unit(world.unit("B1"), by=None, unit_type=POST)
    rows = world.client("po_b1").get("/api/v1/units").json()
    assert {r["code"]: r["unit_type"] for r in rows}["B1"] == POST


def test_another_units_officer_cannot_change_the_type(world: Any) -> None:
    response = world.client("po_c2").post(
        "/units/B1/edit/",
        {
            "name": "Tiểu đoàn 1",
            "short_name": "Tiểu đoàn 1",
            "level": "tieu-doan",
            "unit_type": POST,
        },
    )
    assert response.status_code == 404
    assert world.unit("B1").unit_type == ""
