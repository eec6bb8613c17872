"""Lateness is told to the one who sends: before sending, the deadline and the days past it with
an optional reason; after sending, "Gửi muộn N ngày" and the reason, for the superior too. The
reason is stored on the report and recorded with the submission."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from khth.audit.models import AuditEntry
from khth.lib import clock
from khth.lib.vietnamese import short_date
from khth.periods import period_of
from khth.reports.actions import open_report
from khth.reports.models import Report
from tests.reports.conftest import MONTHLY, fill
from tests.reports.test_pages import form_data
from tests.reports.test_rates import at_local, deadline

pytestmark = pytest.mark.django_db

# A period still ahead: the clock can then travel forward to any day around its deadline, when
# the named world's accounts (made today) already hold their posts.
PERIOD = period_of(clock.today() + dt.timedelta(days=62), "monthly")


@pytest.fixture
def company_report(world: Any) -> Report:
    return open_report(world.unit("C1"), MONTHLY, PERIOD.id, by=world.users["po_c1"])


def company_deadline() -> dt.date:
    return deadline("dai-doi", PERIOD)


def at(day: dt.date, hour: int = 9) -> Any:
    """The clock on ``day`` (local time), for a whole test: sessions are opened then too."""
    return time_machine.travel(at_local(day, hour), tick=False)


def test_before_the_deadline_the_days_left_and_no_reason_asked(world: Any, company_report):
    due = company_deadline()
    with at(due - dt.timedelta(days=3)):
        body = world.client("po_c1").get(f"/reports/{company_report.pk}/edit/").content.decode()
    assert f"Hạn {short_date(due)} — còn 3 ngày" in body
    assert 'name="late_reason"' not in body


def test_after_the_deadline_the_sender_is_told_and_may_give_a_reason(world: Any, company_report):
    due = company_deadline()
    with at(due + dt.timedelta(days=20)):
        client = world.client("po_c1")
        body = client.get(f"/reports/{company_report.pk}/edit/").content.decode()
        assert f"Hạn {short_date(due)} — đã quá 20 ngày" in body
        assert 'name="late_reason"' in body
        data = form_data(company_report, then="submit", late_reason="Đơn vị đi diễn tập dài ngày")
        response = client.post(f"/reports/{company_report.pk}/edit/", data, follow=True)
        assert "Gửi muộn 20 ngày" in response.content.decode()
        # The superior reads it on the report.
        body = world.client("po_b1").get(f"/reports/{company_report.pk}/").content.decode()
    report = Report.objects.get(pk=company_report.pk)
    assert report.status == Report.SUBMITTED
    assert report.late_reason == "Đơn vị đi diễn tập dài ngày"
    entry = AuditEntry.objects.get(action="reports.report.submitted")
    assert entry.after["days_late"] == 20
    assert entry.note == "Đơn vị đi diễn tập dài ngày"
    assert "Gửi muộn 20 ngày" in body
    assert "Đơn vị đi diễn tập dài ngày" in body


def test_a_refused_submission_keeps_the_typed_reason(world: Any, company_report):
    with at(company_deadline() + dt.timedelta(days=2)):
        data = form_data(
            company_report, **{"section-tinh-hinh": "", "then": "submit", "late_reason": "Mất điện"}
        )
        client = world.client("po_c1")
        response = client.post(f"/reports/{company_report.pk}/edit/", data, follow=True)
    assert Report.objects.get(pk=company_report.pk).status == Report.DRAFT
    assert ">Mất điện</textarea>" in response.content.decode()


def test_sending_from_the_report_page_with_a_reason(world: Any, company_report):
    fill(company_report, world.users["as_c1"])
    due = company_deadline()
    with at(due + dt.timedelta(days=1)):
        client = world.client("po_c1")
        body = client.get(f"/reports/{company_report.pk}/").content.decode()
        assert f"Hạn {short_date(due)} — đã quá 1 ngày" in body
        assert 'data-testid="late-submit"' in body
        client.post(f"/reports/{company_report.pk}/submit/", {"late_reason": "Chờ số liệu"})
        body = client.get(f"/reports/{company_report.pk}/").content.decode()
    report = Report.objects.get(pk=company_report.pk)
    assert (report.status, report.late_reason) == (Report.SUBMITTED, "Chờ số liệu")
    assert "Gửi muộn 1 ngày" in body and "Chờ số liệu" in body


def test_on_time_says_nothing_of_lateness_afterwards(world: Any, company_report):
    fill(company_report, world.users["as_c1"])
    with at(company_deadline(), 22):
        world.client("po_c1").post(f"/reports/{company_report.pk}/submit/")
        body = world.client("po_b1").get(f"/reports/{company_report.pk}/").content.decode()
    assert Report.objects.get(pk=company_report.pk).status == Report.SUBMITTED
    entry = AuditEntry.objects.get(action="reports.report.submitted")
    assert "days_late" not in entry.after
    assert "Gửi muộn" not in body
