"""The report editor's draft saving itself (static/web/autosave.js → /reports/<pk>/autosave/):
the same save as «Lưu» with the version the page was opened on, answered in JSON; never a
submission; refused to anyone who may not prepare the report, and invisible outside the scope."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from khth.lib import clock
from khth.reports.actions import submit_report
from khth.reports.models import Report, SectionText
from tests.reports.conftest import fill

pytestmark = pytest.mark.django_db

SECTION = "tinh-hinh"
TYPED = "<p>Đơn vị duy trì nghiêm chế độ trực sẵn sàng chiến đấu.</p>"


def url(report: Report) -> str:
    return f"/reports/{report.pk}/autosave/"


def draft(report: Report, **fields: str) -> dict[str, str]:
    return {"base_version": str(report.version), f"section-{SECTION}": TYPED, **fields}


def stored(report: Report) -> str:
    text = SectionText.objects.filter(report=report, section_code=SECTION).first()
    return text.html if text else ""


def test_the_editor_page_autosaves_to_its_own_address(world, company_report):
    page = world.client("po_c1").get(f"/reports/{company_report.pk}/edit/").content.decode()
    assert f'data-autosave="{url(company_report)}"' in page
    assert 'data-testid="autosave-status"' in page and 'aria-live="polite"' in page
    # The formatting buttons are not stops between fields (Ctrl+B, Ctrl+I format instead).
    assert 'data-cmd="bold"' in page and 'type="button" data-cmd' not in page


def test_a_draft_is_saved_and_the_form_gets_the_new_version(world, company_report):
    # Tomorrow evening: the accounts of the world start today.
    tomorrow = clock.today() + dt.timedelta(days=1)
    when = dt.datetime.combine(tomorrow, dt.time(21, 5), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(when, tick=False):
        # The «Lưu và gửi» button's value in the post changes nothing: a draft is never sent.
        response = world.client("as_c1").post(
            url(company_report), draft(company_report, then="submit")
        )
    assert response.status_code == 200
    assert response.json() == {"saved_at": "21:05", "revision": company_report.version + 1}
    report = Report.objects.get(pk=company_report.pk)
    assert report.version == company_report.version + 1
    assert report.status == company_report.status
    assert stored(report) == TYPED


def test_an_unchanged_draft_saves_nothing(world, company_report):
    client = world.client("po_c1")
    first = client.post(url(company_report), draft(company_report)).json()
    report = Report.objects.get(pk=company_report.pk)
    again = client.post(url(report), draft(report)).json()
    assert again["revision"] == first["revision"] == Report.objects.get(pk=report.pk).version


def test_a_draft_made_on_an_older_version_is_refused_whole(world, company_report):
    stale = draft(company_report)
    fill(company_report, world.users["po_c1"])  # saved from another page meanwhile
    response = world.client("as_c1").post(url(company_report), stale)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Người khác vừa lưu bản này; bản của bạn chưa được lưu — hãy tải lại trang"
    }
    assert stored(company_report) != TYPED


def test_content_that_cannot_be_stored_is_named_and_nothing_is_saved(world, company_report):
    response = world.client("po_c1").post(
        url(company_report), draft(company_report, **{"value-quan-so": "nhiều"})
    )
    assert response.status_code == 400
    problems = response.json()["problems"]
    assert len(problems) == 1 and problems[0].startswith("Quân số")
    assert stored(company_report) == ""
    assert Report.objects.get(pk=company_report.pk).version == company_report.version


def test_a_sent_report_takes_no_draft(world, company_report):
    officer = world.users["po_c1"]
    sent = submit_report(fill(company_report, officer), by=officer)
    response = world.client("po_c1").post(url(sent), draft(sent))
    assert response.status_code == 409
    assert "không sửa được" in response.json()["detail"]


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("po_c2", 404),  # the sibling company sees nothing of C1
        ("nobody", 404),
        ("cmd_b1", 403),  # reads C1's reports, prepares none
        ("po_b1", 403),  # reviews them, never writes them
        ("cu_r", 403),
    ],
)
def test_only_the_units_own_people_save_its_drafts(world, company_report, username, status):
    response = world.client(username).post(url(company_report), draft(company_report))
    assert response.status_code == status
    assert stored(company_report) == ""


def test_a_draft_needs_a_session_and_a_post(world, company_report: Any, client):
    assert client.post(url(company_report), draft(company_report)).status_code == 302
    assert world.client("po_c1").get(url(company_report)).status_code == 405
    assert stored(company_report) == ""
