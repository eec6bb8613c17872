"""Error pages people meet are in the site's words and layout, and say what to do next."""

from __future__ import annotations

import pytest
from django.test import Client

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
