"""In-app notifications: who is told, the unread count, and privacy."""

from __future__ import annotations

import pytest

from khth.notifications.models import Notification
from khth.reports.actions import submit_report
from tests.reports.conftest import fill

pytestmark = pytest.mark.django_db


def test_submission_notifies_the_direct_superior_only(world, company_report):
    submit_report(fill(company_report, world.users["po_c1"]), by=world.users["po_c1"])
    told = set(Notification.objects.values_list("user__username", flat=True))
    # Reviewers at B1 (political officer); not the commander, not the regiment, not the sender.
    assert told == {"po_b1"}
    page = world.client("po_b1").get("/").content.decode()
    assert 'data-testid="unread-count">1<' in page


def test_inbox_is_private_and_marks_read(world, company_report):
    submit_report(fill(company_report, world.users["po_c1"]), by=world.users["po_c1"])
    note = Notification.objects.get()
    assert "Đại đội 1" in world.client("po_b1").get("/notifications/").content.decode()
    assert "Đại đội 1" not in world.client("cu_r").get("/notifications/").content.decode()
    world.client("cu_r").post("/notifications/read/", {"id": note.pk})
    note.refresh_from_db()
    assert note.read_at is None  # someone else's notification cannot be touched
    response = world.client("po_b1").post(
        "/notifications/read/", {"id": note.pk, "next": note.link}
    )
    assert response["Location"] == note.link
    note.refresh_from_db()
    assert note.read_at is not None
