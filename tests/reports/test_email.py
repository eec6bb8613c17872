"""E-mail besides the in-app notifications: off by default, sent after the action commits, never
for a refused action, and a mail server that is down does not break the action."""

from __future__ import annotations

import pytest
from django.core import mail

from khth.notifications.models import Notification
from khth.reports.actions import ReportError, submit_report
from khth.reports.models import Report
from tests.reports.conftest import fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def addressed(world):
    for name in ("po_b1", "po_c2"):
        user = world.users[name]
        user.email = f"{name}@f330.mil"
        user.save(update_fields=["email"])
    return world


def test_off_by_default(addressed, company_report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit_report(fill(company_report, addressed.users["po_c1"]), by=addressed.users["po_c1"])
    assert Notification.objects.filter(user=addressed.users["po_b1"]).exists()
    assert mail.outbox == []


def test_sent_to_the_people_notified_once_committed(
    addressed, company_report, settings, django_capture_on_commit_callbacks
):
    settings.KHTH_EMAIL_ENABLED = True
    settings.KHTH_BASE_URL = "https://khth.f330.mil"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_report(fill(company_report, addressed.users["po_c1"]), by=addressed.users["po_c1"])
        assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    # The battalion's political officer reviews C1; C2's officer is not concerned.
    assert [m.to for m in mail.outbox] == [["po_b1@f330.mil"]]
    assert f"https://khth.f330.mil/reports/{company_report.pk}/" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("KHTH: Đại đội 1 đã gửi")


def test_a_refused_action_mails_nobody(
    addressed, company_report, settings, django_capture_on_commit_callbacks
):
    settings.KHTH_EMAIL_ENABLED = True
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ReportError):
        submit_report(company_report, by=addressed.users["po_c1"])  # empty: incomplete
    assert mail.outbox == []
    assert Report.objects.get(pk=company_report.pk).status == Report.DRAFT


def test_a_mail_server_that_is_down_does_not_break_the_action(
    addressed, company_report, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.KHTH_EMAIL_ENABLED = True

    def down(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("khth.notifications.actions.send_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit_report(
            fill(company_report, addressed.users["po_c1"]), by=addressed.users["po_c1"]
        )
    assert submitted.status == Report.SUBMITTED
