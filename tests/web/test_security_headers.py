"""The Content-Security-Policy on every response, the templates that keep to it, and the
documented production settings that `khth check --deploy` accepts."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from khth.reports.actions import open_report
from tests.conftest import World
from tests.reports.conftest import MONTHLY, PERIOD

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "khth").rglob("templates/**/*.html"))


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.django_db
def test_every_page_forbids_inline_script_and_outside_loads(client: Client) -> None:
    policy = directives(client.get("/login/").headers["Content-Security-Policy"])
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in policy["style-src"]
    assert re.fullmatch(r"'self' 'nonce-[\w-]{20,}'", policy["style-src"])


@pytest.mark.django_db
def test_a_style_block_carries_the_nonce_of_its_own_response(world: World) -> None:
    # The print page of an official document has the one <style> block: its format rules.
    report = open_report(world.unit("C1"), MONTHLY, PERIOD, by=world.users["po_c1"])
    client = world.client("po_c1")
    pages = [client.get(reverse("report-print", args=[report.pk])) for _ in range(2)]
    nonces = []
    for response in pages:
        header_nonce = re.search(r"'nonce-([\w-]+)'", response.headers["Content-Security-Policy"])
        assert header_nonce
        assert f'<style nonce="{header_nonce.group(1)}">' in response.content.decode()
        nonces.append(header_nonce.group(1))
    assert nonces[0] != nonces[1]  # a nonce read from one page opens no other


@pytest.mark.django_db
def test_api_answers_carry_the_policy_too(client: Client) -> None:
    assert "Content-Security-Policy" in client.get("/api/v1/me").headers


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "khth")))
def test_templates_keep_to_the_policy(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", text), "event-handler attribute"
    assert not re.search(r"javascript:", text, re.IGNORECASE), "javascript: URL"
    for style in re.findall(r"<style[^>]*>", text):
        assert 'nonce="{{ csp_nonce }}"' in style, "<style> without the nonce"


def production_settings() -> dict[str, str]:
    """The environment block of docs/configuration.md's "Production" section."""
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    section = doc.split("## Production", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "docs/configuration.md: no settings block under Production"
    pairs = [line.split("=", 1) for line in block.group(1).splitlines() if "=" in line]
    return {name: value for name, value in pairs}


def manage(settings: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``manage.py`` run with these KHTH_* settings and no others: they are read at start-up."""
    # The browser tests' switch (tests/browser/conftest.py) is in this process's environment
    # when they share a worker; a deployment never has it.
    dropped = ("KHTH_", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    return subprocess.run(  # noqa: S603 (this interpreter, arguments from the tests)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env | settings,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_documented_production_settings_pass_the_deployment_check(tmp_path: Path) -> None:
    settings = production_settings()
    assert settings["KHTH_SECRET_KEY"].startswith("<")  # the doc shows how to make one
    settings["KHTH_SECRET_KEY"] = secrets.token_urlsafe(50)
    settings["KHTH_DATA_DIR"] = str(tmp_path)
    result = manage(settings, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_short_secret_key_stops_the_start(tmp_path: Path) -> None:
    key = "x" * 10 + secrets.token_urlsafe(20)
    result = manage({"KHTH_SECRET_KEY": key, "KHTH_DATA_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "KHTH_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
