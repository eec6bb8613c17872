"""Settings from the environment: good values parse, bad ones stop with the variable's name."""

from __future__ import annotations

import pytest

from khth.lib.envvars import ConfigError, env_bool, env_int, parse_database_url, sqlite_database


def test_postgres_url():
    db = parse_database_url("postgres://khth:p%40ss@db.local:5433/khth_prod?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "khth",
        "p@ss",
        "db.local",
        "5433",
        "khth_prod",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("sqlite:///data/x.sqlite3", "data/x.sqlite3"),
        ("sqlite:////var/lib/khth/x.db", "/var/lib/khth/x.db"),
    ],
)
def test_sqlite_url(url, name):
    db = parse_database_url(url)
    assert db["NAME"] == name
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("mysql://x/y", "unsupported scheme"),
        ("postgres://host:5432/", "database name is missing"),
        ("postgres://host:abc/db", "port is not a number"),
        ("sqlite://", "SQLite URL"),
    ],
)
def test_bad_urls(url, fragment):
    with pytest.raises(ConfigError, match=fragment):
        parse_database_url(url)


def test_bad_bool_and_int_name_the_variable(monkeypatch):
    monkeypatch.setenv("KHTH_X", "maybe")
    with pytest.raises(ConfigError, match="KHTH_X"):
        env_bool("KHTH_X", False)
    monkeypatch.setenv("KHTH_X", "12a")
    with pytest.raises(ConfigError, match="KHTH_X"):
        env_int("KHTH_X", 1)
    monkeypatch.setenv("KHTH_X", "0")
    with pytest.raises(ConfigError, match="at least 5"):
        env_int("KHTH_X", 10, minimum=5)


def test_sqlite_file_database_runs_in_wal_mode(tmp_path, db):
    from django.db.backends.sqlite3.base import DatabaseWrapper

    settings_dict = {
        **sqlite_database(tmp_path / "khth.sqlite3"),
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
    }
    wrapper = DatabaseWrapper(settings_dict, alias="wal-check")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20000
    finally:
        wrapper.close()


def test_a_bad_value_stops_the_console_script_with_its_message_alone(tmp_path):
    from tests.regulations.test_command import console

    result = console(tmp_path, "check", KHTH_DEBUG="maybe")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "khth: KHTH_DEBUG='maybe': expected one of 1/0, true/false, yes/no, on/off"
    )
