"""The users of ``khth bench load``: people who log in and read pages the way each role does.

Run by locust in its own process (locust patches the standard library with gevent when it is
imported, which a Django process must not have). The accounts come in a JSON file named by
``KHTH_LOAD_ACCOUNTS``: ``[{"username": …, "password": …, "role": "top" | "middle" | "base"}]``.

Each simulated person logs in once, then opens the pages of their role's mix, following the links
the pages themselves offer (so the load is what the site shows that person, within their scope),
with 1–3 s of reading between pages unless ``KHTH_LOAD_NO_THINK`` is set. Files (DOCX, XLSX, CSV),
forms that write, and the logout link are never followed: the load is reading pages.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from urllib.parse import urlencode

import gevent  # type: ignore[import-untyped]
from locust import FastHttpUser, between, constant, task
from locust.env import Environment

ACCOUNTS: list[dict[str, str]] = json.loads(
    open(os.environ["KHTH_LOAD_ACCOUNTS"], encoding="utf-8").read()  # noqa: PTH123, SIM115
)
_NEXT = itertools.cycle(range(len(ACCOUNTS)))
# The steady state: the figures start once every simulated person has logged in, and the run ends
# this many seconds later. Locust's own --reset-stats resets when every person has *started*,
# while the last logins (Argon2, by design costly) still queue: at 200 users on two cores,
# 156 logins fell inside the figures. Unset: locust's --run-time, logins included.
STEADY_SECONDS = float(os.environ.get("KHTH_LOAD_STEADY_SECONDS") or 0)
_tried_logins = 0

# The pages each role opens first, in the proportions it opens them (home is everyone's start).
MIX: dict[str, list[tuple[str, int]]] = {
    "top": [
        ("/", 3),
        ("/reports/", 3),
        ("/units/", 2),
        ("/evaluations/", 1),
        ("/search/?q=dang+uy", 1),
    ],
    "middle": [("/", 3), ("/reports/", 3), ("/plans/", 2), ("/records/", 1), ("/inspections/", 1)],
    "base": [("/", 3), ("/reports/", 3), ("/plans/", 2), ("/records/", 2)],
}
_LOGIN_PAGE = 'class="login card"'
_LINK = re.compile(r'href="(/[^"#]*)"')
_SKIP = re.compile(
    r"logout|/i18n/|/api/|/static/|/jsi18n/|export|download|\.docx|\.xlsx|\.csv|\.ics|format=|/print"
)


class Reader(FastHttpUser):
    # geventhttpclient, not requests: a fraction of the CPU per request, and the load
    # generator shares the machine with the server it measures (docs/performance.md).
    wait_time = constant(0) if os.environ.get("KHTH_LOAD_NO_THINK") else between(1, 3)

    def on_start(self) -> None:
        account = ACCOUNTS[next(_NEXT)]
        self.role = account["role"]
        self.links: list[str] = []
        self.menu: dict[str, str] = {}
        page = self.client.get("/login/", name="/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text or "")
        form = {
            "username": account["username"],
            "password": account["password"],
            "csrfmiddlewaretoken": token.group(1) if token else "",
        }
        try:
            # The login lands on the home page (the client follows the redirect), whose menu
            # leads straight to the person's own unit pages: what a click on an entry opens.
            home = self.client.post(
                "/login/",
                data=urlencode(form),
                headers={
                    "Referer": f"{self.host}/login/",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
                name="/login/ (POST)",
            )
            nav = re.search(r'<nav id="main-menu".*?</nav>', home.text or "", re.DOTALL)
            menu = _LINK.findall(nav.group(0)) if nav else []
            self.menu = {
                path: next((link for link in menu if link.startswith(path)), path)
                for path, _weight in MIX[self.role]
            }
        finally:
            _logged_in(self.environment)

    @task(3)
    def open_from_menu(self) -> None:
        paths, weights = zip(*MIX[self.role], strict=True)
        path = random.choices(paths, weights)[0]  # noqa: S311 (load, not secrets)
        self._open(self.menu.get(path, path))

    @task(2)
    def follow_a_link(self) -> None:
        if self.links:
            self._open(random.choice(self.links))  # noqa: S311 (load, not secrets)
        else:
            self.open_from_menu()

    def _open(self, path: str) -> None:
        with self.client.get(path, name=_name(path), catch_response=True) as response:
            # The login page instead of the page: the session is gone (the fast client follows
            # the redirect but reports the URL asked for).
            text = response.text or ""
            if response.status_code != 200 or _LOGIN_PAGE in text:
                response.failure(f"{response.status_code} {path}")
                return
            self.links = [link for link in set(_LINK.findall(text)) if not _SKIP.search(link)][:200]


def _logged_in(environment: Environment) -> None:
    """Once every person has tried to log in, the figures start again from zero and the run
    ends STEADY_SECONDS later."""
    global _tried_logins  # one count per locust process
    _tried_logins += 1
    runner = environment.runner
    if STEADY_SECONDS and runner is not None and _tried_logins == runner.target_user_count:
        environment.stats.reset_all()
        gevent.spawn_later(STEADY_SECONDS, runner.quit)


def _name(path: str) -> str:
    """Statistics per kind of page, not per object: a segment that names an object (a number, a
    unit code, a period: anything with a digit or a capital) counts as one, "/units/C1/" as
    "/units/X/"."""
    return re.sub(r"/[^/]*[0-9A-Z][^/]*(?=/|$)", "/X", path.split("?")[0])
