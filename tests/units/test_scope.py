"""One company's people cannot read or change a sibling's or the battalion's data (UI)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "visible", "hidden"),
    [
        ("po_c1", {"C1"}, {"C2", "B1", "R", "D", "C3"}),
        ("as_c1", {"C1"}, {"C2", "B1", "R", "D"}),
        ("po_c2", {"C2"}, {"C1", "B1", "R"}),
        ("cmd_b1", {"B1", "C1", "C2"}, {"R", "B2", "C3", "D"}),
        ("cu_r", {"R", "B1", "B2", "C1", "C2", "C3"}, {"D"}),
        ("admin_d", {"D", "R", "C3"}, set()),
        ("nobody", set(), {"C1", "D"}),
    ],
)
def test_unit_pages_follow_scope(world, username, visible, hidden):
    client = world.client(username)
    for code in visible:
        assert client.get(f"/units/{code}/").status_code == 200, code
    for code in hidden:
        assert client.get(f"/units/{code}/").status_code == 404, code


@pytest.mark.parametrize("username", ["po_c1", "as_c1", "cmd_b1", "cu_r"])
@pytest.mark.parametrize("page", ["edit", "add", "move", "dissolve", "merge"])
def test_read_only_roles_get_403_on_changes(world, username, page):
    code = "C1"
    client = world.client(username)
    assert client.get(f"/units/{code}/{page}/").status_code == 403
    assert client.post(f"/units/{code}/{page}/", {"name": "X"}).status_code == 403


@pytest.mark.parametrize("page", ["edit", "add", "move", "dissolve", "merge"])
def test_sibling_changes_are_404(world, page):
    client = world.client("po_c1")
    assert client.post(f"/units/C2/{page}/", {"name": "X", "reason": "x"}).status_code == 404
    assert client.post(f"/units/B1/{page}/", {"name": "X", "reason": "x"}).status_code == 404
    assert world.unit("C2").name == "Đại đội 2"
    assert world.unit("C2").valid_to is None


def test_unit_list_shows_only_scope(world):
    page = world.client("po_c1").get("/units/").content.decode()
    assert 'data-unit="C1"' in page
    assert 'data-unit="C2"' not in page
    assert 'data-unit="B1"' not in page
    client = world.client("cu_r")
    page = client.get("/units/").content.decode()
    # The regiment and its battalions; a battalion's companies when it is opened.
    assert all(f'data-unit="{c}"' in page for c in ["R", "B1", "B2"])
    assert 'data-unit="C1"' not in page
    assert 'data-unit="D"' not in page
    opened = client.get("/units/B1/children/").content.decode()
    assert 'data-unit="C1"' in opened and 'data-unit="C2"' in opened
    assert 'data-unit="C3"' in client.get("/units/?root=B2").content.decode()


def test_unit_list_on_a_past_date_stays_in_scope(world):
    page = world.client("po_c1").get("/units/?on=2023-01-01").content.decode()
    assert 'data-unit="C1"' in page
    assert 'data-unit="C2"' not in page


def test_unit_list_search_ignores_diacritics(world):
    page = world.client("cu_r").get("/units/?q=dai doi 3").content.decode()
    assert 'data-unit="C3"' in page
    assert 'data-unit="C1"' not in page


def test_unit_page_hides_ancestors_outside_scope(world):
    page = world.client("po_c1").get("/units/C1/").content.decode()
    assert "/units/B1/" not in page
    assert "/units/R/" not in page


def test_export_is_scoped(world):
    body = world.client("po_c1").get("/units/export.csv").content.decode()
    lines = body.strip().splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["C1"]


def test_people_page_is_scoped(world):
    page = world.client("po_c1").get("/people/").content.decode()
    assert "Phạm Văn Một" in page
    assert "Đỗ Thị Trợ" in page
    assert "Hoàng Văn Hai" not in page
    assert "Trần Văn Chính" not in page


def test_history_is_shown_to_readers_with_audit_permission(world):
    page = world.client("cmd_b1").get("/units/C1/").content.decode()
    assert "units.unit.created" in page


def test_admin_can_change_inside_scope(world):
    client = world.client("admin_d")
    response = client.post(
        "/units/C1/edit/",
        {"name": "Đại đội 1 (sửa)", "short_name": "c1", "level": "dai-doi"},
    )
    assert response.status_code == 302
    assert world.unit("C1").name == "Đại đội 1 (sửa)"


def test_admin_of_a_subtree_cannot_reach_outside_it(world, regulation):
    from khth.accounts.actions import create_user
    from khth.units.actions import create_unit

    other = create_unit(
        code="X", name="Sư đoàn 9", short_name="f9", level="su-doan", parent=None, by=None
    )
    create_user(
        username="admin_x",
        full_name="Quản Trị X",
        unit=other,
        role="admin",
        password="mật-khẩu-thử-2026",
        by=None,
    )
    client = world.client("admin_d")
    assert client.get("/units/X/").status_code == 404
    response = client.post("/units/C1/move/", {"parent_code": "X"})
    assert response.status_code == 200  # the form again, with the error
    assert "Không có đơn vị này trong phạm vi" in response.content.decode()
    assert world.unit("C1").parent.code == "B1"


def test_move_through_ui(world):
    response = world.client("admin_d").post(
        "/units/C1/move/", {"parent_code": "B2", "on": "2024-07-01"}
    )
    assert response.status_code == 302
    assert world.unit("C1").parent.code == "B2"


def test_login_required(client, world):
    response = client.get("/units/C1/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_person_page_is_scoped_and_shows_history(world):
    page = world.client("cmd_b1").get("/people/po_c1/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Phạm Văn Một" in body
    assert "accounts.user.created" in body
    assert "units.membership.added" in body
    assert world.client("po_c1").get("/people/po_c2/").status_code == 404
    assert world.client("po_c1").get("/people/cu_r/").status_code == 404
    assert world.client("po_c1").get("/people/no-such-user/").status_code == 404


def test_home_shows_own_units_and_subordinates(world):
    body = world.client("cu_r").get("/").content.decode()
    assert "Trung đoàn 1" in body
    assert "Tiểu đoàn 1" in body
    assert "Sư đoàn 330" not in body


def test_regulation_page_answers_what_a_level_must_keep(world):
    body = world.client("po_c1").get("/regulation/?level=dai-doi").content.decode()
    assert "Nghị quyết" in body
    assert world.client("po_c1").get("/regulation/?level=khong-co").status_code == 200


def test_ui_defaults_to_vietnamese_whatever_the_browser_says(world):
    client = world.client("po_c1")
    response = client.get("/units/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    client.post("/i18n/setlang/", {"language": "en", "next": "/units/"})
    assert client.get("/units/")["Content-Language"] == "en"


def test_pages_say_when_no_regulation_is_loaded(world):
    from khth.regulations.models import RegulationVersion

    client = world.client("po_c1")
    RegulationVersion.objects.update(is_active=False, is_base=False)
    response = client.get("/units/C1/")
    assert response.status_code == 503
    assert "khth regulation load" in response.content.decode()
    assert world.client("po_c1").get("/api/v1/me").status_code == 503


def test_unit_page_survives_a_level_missing_from_the_regulation(world):
    from khth.units.models import Unit

    Unit.objects.filter(code="C1").update(level="da-bo")
    body = world.client("po_c1").get("/units/C1/").content.decode()
    assert "«da-bo»" in body


def test_regulation_history_is_visible(world):
    body = world.client("po_c1").get("/regulation/").content.decode()
    assert "regulations.version.loaded" in body


@pytest.mark.parametrize("username", ["po_c1", "as_c1", "cu_r", "cmd_b1"])
def test_only_admins_create_accounts(world, username):
    from khth.accounts.models import User

    client = world.client(username)
    assert client.get("/people/new/").status_code == 403
    data = {
        "username": "moi",
        "full_name": "Người Mới",
        "unit_code": "C1",
        "role": "assistant",
        "password": "mật-khẩu-dài-2026",
    }
    assert client.post("/people/new/", data).status_code == 403
    assert not User.objects.filter(username="moi").exists()


def test_admin_creates_accounts_only_inside_scope(world, regulation):
    from khth.accounts.models import User
    from khth.units.actions import create_unit

    create_unit(code="X", name="Sư đoàn 9", short_name="f9", level="su-doan", parent=None, by=None)
    client = world.client("admin_d")
    data = {
        "username": "moi",
        "full_name": "Người Mới",
        "unit_code": "X",
        "role": "deputy_political_officer",
        "password": "mật-khẩu-dài-2026",
    }
    body = client.post("/people/new/", data).content.decode()
    assert "Không có đơn vị này trong phạm vi" in body
    assert not User.objects.filter(username="moi").exists()
    data["unit_code"] = "C2"
    assert client.post("/people/new/", data).status_code == 302
    assert User.objects.get(username="moi").memberships.get().unit.code == "C2"
