"""Error pages people meet are in the site's words and layout, and say what to do next."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from khth.web import errors
from khth.web.errors import server_error
from tests.conftest import World


@pytest.mark.django_db
def test_a_stale_form_says_the_text_is_kept_and_how_to_get_it_back(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["po_c1"])
    response = client.post(
        "/units/C1/", {"name": "x"}, HTTP_REFERER="http://testserver/reports/7/edit/"
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Trang đã cũ, nội dung chưa được lưu" in page
    assert 'href="/reports/7/edit/"' in page  # back to the page the form was on
    assert "CSRF verification failed" not in page  # Django's own English page
    assert "Content-Security-Policy" in response.headers


@pytest.mark.django_db
def test_a_stale_form_never_links_to_another_site(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["po_c1"])
    response = client.post("/units/C1/", {}, HTTP_REFERER="https://evil.example/x")
    assert 'href="/units/C1/"' in response.content.decode()
    assert "evil.example" not in response.content.decode()


@pytest.mark.django_db
def test_not_found_is_in_the_sites_layout_and_says_what_to_do(world: World) -> None:
    response = world.client("po_c1").get("/units/C2/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'class="top"' in page  # the site's header and menu
    assert "không thuộc phạm vi đơn vị của bạn" in page
    assert "Kiểm tra lại đường dẫn" in page


def test_server_error_renders_in_the_layout_without_a_request() -> None:
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "web/khth.css" in page
    assert "thay đổi vừa gửi chưa được lưu" in page
    assert "Khôi phục nội dung đã gõ" in page


def test_server_error_answers_even_when_its_page_cannot_be_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(name: str) -> str:
        raise RuntimeError(name)

    monkeypatch.setattr(errors, "render_to_string", broken)
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "thay đổi vừa gửi chưa được lưu" in response.content.decode()
