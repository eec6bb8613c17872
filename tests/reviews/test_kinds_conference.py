"""Issue 13: the two kinds of review with their outlines, the conference record, the awards
decided at it, and the key tasks carried into the next period's plans (khth/reviews/carried.py,
through the plans cascade's item sources)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from khth.audit.models import AuditEntry
from khth.awards.actions import AwardIn, register_award
from khth.lib.errors import ActionRefused
from khth.plans.actions import create_plan, save_plan
from khth.plans.stored import assigned_to, check_plan, content_of
from khth.plans.views.editing import with_covering
from khth.regulations.access import active_regulation
from khth.reviews.actions import (
    create_review,
    finish_review,
    link_award,
    record_conference,
    set_key_tasks,
    unlink_award,
)
from khth.reviews.models import Review
from khth.reviews.outline import review_outline

pytestmark = pytest.mark.django_db

MONTHLY = "kh-ctd-thang"
TASKS = ["Nâng cao chất lượng giáo dục chính trị", "Xây dựng chi bộ trong sạch vững mạnh"]
SOLUTIONS = ["Đổi mới phương pháp tuyên truyền"]


def half_year(world: Any, **kw: Any) -> Review:
    return create_review(
        world.unit("R"),
        title="Sơ kết 6 tháng đầu năm 2024",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 6, 30),
        by=world.users["cu_r"],
        today=dt.date(2024, 7, 5),
        **kw,
    )


def with_key_tasks(world: Any, *, finish: bool = True) -> Review:
    review = half_year(world)
    review = set_key_tasks(
        review,
        by=world.users["cu_r"],
        base_revision=review.revision,
        tasks=TASKS,
        solutions=SOLUTIONS,
    )
    return finish_review(review, by=world.users["cu_r"]) if finish else review


def test_implementation_review_names_the_regulation_and_has_its_own_outline(world: Any) -> None:
    with pytest.raises(ActionRefused):
        half_year(world, kind=Review.IMPLEMENTATION)
    review = half_year(
        world,
        kind=Review.IMPLEMENTATION,
        subject="Quy chế công tác kế hoạch – tổng hợp về CTĐ, CTCT",
    )
    codes = [r.code for r in review_outline(active_regulation(), review.kind)]
    assert codes[0] == "trien-khai" and "ket-qua" in codes and "nhiem-vu-trong-tam" in codes
    assert codes != [r.code for r in review_outline(active_regulation())]
    assert "nhiem-vu-trong-tam" in review.sections  # the draft's numbered places
    with pytest.raises(ActionRefused):
        half_year(world, kind="other")


def test_conference_is_recorded_and_audited(world: Any, client: Any) -> None:
    review = half_year(world)
    review = record_conference(
        review,
        by=world.users["cu_r"],
        base_revision=review.revision,
        held_on=dt.date(2024, 7, 11),
        place="Hội trường Trung đoàn 1",
        presided_by="Đại tá Trần Văn Chính, Chính ủy",
        attendance="gần 90 đại biểu",
        record="Hội nghị thống nhất 9 nhiệm vụ trọng tâm, 9 nhóm giải pháp.",
    )
    assert review.place == "Hội trường Trung đoàn 1"
    entry = AuditEntry.objects.get(action="reviews.review.conference_recorded")
    assert entry.after["attendance"] == "gần 90 đại biểu"
    with pytest.raises(ActionRefused):  # stale
        record_conference(review, by=world.users["cu_r"], base_revision=1, held_on=None)
    with pytest.raises(ActionRefused):  # a subordinate does not write the regiment's review
        record_conference(
            review, by=world.users["po_b1"], base_revision=review.revision, held_on=None
        )
    client.force_login(world.users["cu_r"])
    page = client.get(reverse("review-detail", args=[review.pk])).content.decode()
    assert "gần 90 đại biểu" in page and "Hội trường Trung đoàn 1" in page


def test_awards_decided_at_the_conference_are_linked(world: Any, client: Any) -> None:
    review = half_year(world)
    officer = world.users["cu_r"]
    award = register_award(
        world.unit("B1"),
        AwardIn(
            title_code="giay-khen", decision_number="15/QĐ", decision_date=dt.date(2024, 7, 11)
        ),
        by=officer,
    )
    link_award(review, award, by=officer)
    link_award(review, award, by=officer)  # once
    assert list(review.award_links.values_list("award", flat=True)) == [award.pk]
    assert AuditEntry.objects.filter(action="reviews.review.award_linked").count() == 1
    client.force_login(officer)
    page = client.get(reverse("review-detail", args=[review.pk])).content.decode()
    assert "15/QĐ" in page
    unlink_award(review, award, by=officer)
    assert not review.award_links.exists()
    assert AuditEntry.objects.filter(action="reviews.review.award_unlinked").count() == 1


def test_award_outside_the_reviewed_subtree_is_refused(world: Any) -> None:
    review = create_review(
        world.unit("B1"),
        title="Sơ kết 6 tháng",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 6, 30),
        by=world.users["po_b1"],
        today=dt.date(2024, 7, 5),
    )
    award = register_award(
        world.unit("B2"),
        AwardIn(title_code="giay-khen", decision_number="9/QĐ", decision_date=dt.date(2024, 7, 1)),
        by=world.users["cu_r"],
    )
    with pytest.raises(ActionRefused):  # B1's officer does not see B2's awards
        link_award(review, award, by=world.users["po_b1"])


def test_key_tasks_are_items_the_next_plans_must_cover(world: Any) -> None:
    with_key_tasks(world)
    officer = world.users["cu_r"]
    august = create_plan(world.unit("R"), MONTHLY, period_id="202408", by=officer)
    items = assigned_to(august)
    assert [a.text for a in items] == [*TASKS, *SOLUTIONS]
    assert all(a.kind == "task" and a.plan_id == 0 for a in items)
    uncovered = [f for f in check_plan(august).findings if f.rule == "assigned_not_covered"]
    assert len(uncovered) == 3
    # «Nhận thực hiện»: the plan's task names the key; the finding goes.
    content = content_of(august)
    for item in items:
        content = with_covering(content, item, august)
    august = save_plan(august, content, by=officer, base_revision=august.revision)
    assert not [f for f in check_plan(august).findings if f.rule == "assigned_not_covered"]
    task = august.tasks.get(assigned_key=items[0].key)
    assert (task.starts_on, task.ends_on) == (dt.date(2024, 8, 1), dt.date(2024, 8, 31))


def test_key_tasks_reach_only_the_next_period_of_the_reviewing_unit(world: Any) -> None:
    with_key_tasks(world)
    may = create_plan(world.unit("R"), MONTHLY, period_id="202405", by=world.users["cu_r"])
    assert assigned_to(may) == []  # inside the reviewed half-year
    next_year = create_plan(world.unit("R"), MONTHLY, period_id="202502", by=world.users["cu_r"])
    assert assigned_to(next_year) == []  # after the next half-year
    battalion = create_plan(world.unit("B1"), MONTHLY, period_id="202408", by=world.users["po_b1"])
    assert assigned_to(battalion) == []  # the regiment passes them on in its own plan


def test_a_draft_reviews_key_tasks_are_not_asked(world: Any) -> None:
    review = with_key_tasks(world, finish=False)
    august = create_plan(world.unit("R"), MONTHLY, period_id="202408", by=world.users["cu_r"])
    assert assigned_to(august) == []
    # Corrected words keep the key: a plan that took the task on still covers it.
    keys = list(review.key_tasks.order_by("kind", "position").values_list("key", flat=True))
    review = set_key_tasks(
        review,
        by=world.users["cu_r"],
        base_revision=review.revision,
        tasks=["Nâng cao chất lượng giáo dục chính trị, pháp luật", TASKS[1]],
        solutions=SOLUTIONS,
    )
    assert list(review.key_tasks.order_by("kind", "position").values_list("key", flat=True)) == keys
    finish_review(review, by=world.users["cu_r"])
    assert len(assigned_to(august)) == 3


def test_conference_page_records_key_tasks_and_awards(world: Any, client: Any) -> None:
    review = half_year(world)
    officer = world.users["cu_r"]
    award = register_award(
        world.unit("C1"),
        AwardIn(title_code="giay-khen", decision_number="21/QĐ", decision_date=dt.date(2024, 7, 9)),
        by=officer,
    )
    url = reverse("review-conference", args=[review.pk])
    client.force_login(world.users["po_b1"])
    assert client.get(url).status_code == 404  # a subordinate does not see the regiment's review
    client.force_login(world.users["admin_d"])
    assert client.get(url).status_code == 403  # a superior's admin sees it, does not write it
    client.force_login(officer)
    assert client.get(url).status_code == 200
    answer = client.post(
        url,
        {
            "revision": review.revision,
            "held_on": "2024-07-09",
            "place": "Hội trường",
            "presided_by": "Chính ủy",
            "attendance": "120 đại biểu",
            "record": "",
            "tasks": "Một\n\nHai\n",
            "solutions": "Ba",
            "awards": [str(award.pk)],
        },
    )
    assert answer.status_code == 302
    review.refresh_from_db()
    assert [(k.kind, k.position, k.text) for k in review.key_tasks.all()] == [
        ("solution", 1, "Ba"),
        ("task", 1, "Một"),
        ("task", 2, "Hai"),
    ]
    assert list(review.award_links.values_list("award", flat=True)) == [award.pk]
    page = client.get(reverse("review-detail", args=[review.pk])).content.decode()
    assert "Nhiệm vụ trọng tâm 2: Hai" in page and "21/QĐ" in page
    stale = client.post(url, {"revision": 1, "tasks": "X"})
    assert stale.status_code == 400
