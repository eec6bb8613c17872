"""Logging in: Argon2, throttling per (account, address), tokens, logout."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client

from khth.accounts.actions import create_user, issue_token, set_password, user_for_token
from khth.accounts.models import ApiToken, LoginFailure
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def login(username: str, password: str, address: str = "10.0.0.5") -> Client:
    client = Client(REMOTE_ADDR=address)
    client.post("/login/", {"username": username, "password": password})
    return client


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_passwords_are_hashed_with_argon2(world, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = create_user(
        username="argon",
        full_name="Argon Hai",
        unit=world.unit("C1"),
        role="deputy_political_officer",
        password=PASSWORD,
        by=None,
    )
    assert user.password.startswith("argon2$")
    assert logged_in(login("argon", PASSWORD))


def test_production_settings_put_argon2_first():
    from khth import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_login_and_logout(world):
    client = login("po_c1", PASSWORD)
    assert logged_in(client)
    assert client.get("/").status_code == 200
    client.post("/logout/")
    assert not logged_in(client)
    assert client.get("/").status_code == 302


def test_login_redirect_stays_on_site(world):
    client = Client()
    response = client.post(
        "/login/", {"username": "po_c1", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_failures_slow_down_then_lock_per_account_and_address(world, settings):
    settings.KHTH_LOGIN_FREE_FAILURES = 3
    settings.KHTH_LOGIN_LOCK_FAILURES = 6
    settings.KHTH_LOGIN_LOCK_SECONDS = 900
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(3):
            login("po_c1", "sai")
        # Three free slips; the fourth attempt must wait, even with the right password.
        client = Client(REMOTE_ADDR="10.0.0.5")
        page = client.post("/login/", {"username": "po_c1", "password": PASSWORD}).content.decode()
        assert "thử lại sau" in page
        assert not logged_in(client)
        # Another person behind the same gateway is not affected.
        assert logged_in(login("po_c2", PASSWORD))
        # The same account from another address is not affected either.
        assert logged_in(login("po_c1", PASSWORD, address="10.0.0.9"))
        for _ in range(3):
            clock.shift(dt.timedelta(seconds=60))
            login("po_c1", "sai")
        row = LoginFailure.objects.get(username="po_c1", address="10.0.0.5")
        assert row.failures == 6
        assert row.locked_until == START + dt.timedelta(seconds=180 + 900)
        clock.shift(dt.timedelta(seconds=600))
        assert not logged_in(login("po_c1", PASSWORD))
        clock.shift(dt.timedelta(seconds=400))
        assert logged_in(login("po_c1", PASSWORD))
        assert not LoginFailure.objects.filter(username="po_c1").exists()


def test_token_endpoint_is_throttled_too(world, settings):
    settings.KHTH_LOGIN_FREE_FAILURES = 1
    with time_machine.travel(START, tick=False):
        client = Client(REMOTE_ADDR="10.0.0.7")
        body = {"username": "po_c1", "password": "sai"}
        assert (
            client.post(
                "/api/v1/auth/token", json.dumps(body), content_type="application/json"
            ).status_code
            == 401
        )
        body["password"] = PASSWORD
        response = client.post(
            "/api/v1/auth/token", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 429
        assert "thử lại sau" in response.json()["detail"]


def test_tokens_expire_and_die_with_password_change(world, settings):
    user = world.users["po_c1"]
    with time_machine.travel(START, tick=False) as clock:
        token, _ = issue_token(user)
        assert ApiToken.objects.get().digest != token  # only the digest is stored
        assert user_for_token(token) == user
        clock.shift(dt.timedelta(days=settings.KHTH_API_TOKEN_DAYS, seconds=1))
        assert user_for_token(token) is None
        token, _ = issue_token(user)
        set_password(user, "mật-khẩu-mới-2026", by=user)
        assert user_for_token(token) is None


def test_inactive_user_cannot_use_token(world):
    from khth.accounts.actions import set_active

    user = world.users["po_c1"]
    token, _ = issue_token(user)
    set_active(user, False, by=None)
    assert user_for_token(token) is None


def test_the_login_form_tells_the_password_manager_which_field_is_which(world) -> None:
    page = Client().get("/login/").content.decode()
    assert 'autocomplete="username"' in page
    assert 'autocomplete="current-password"' in page
