"""The review editor's draft saving itself (/reviews/<pk>/autosave/, static/web/autosave.js):
the same save as «Lưu» with the revision the page was opened on, answered in JSON; never a
finish; only the unit's own writers, and nothing visible outside the scope."""

from __future__ import annotations

from typing import Any

import pytest

from khth.reviews.actions import save_review
from khth.reviews.models import Review
from tests.reviews.test_pages import regiment_review

pytestmark = pytest.mark.django_db

TYPED = "<p>Duy trì nghiêm chế độ báo cáo.</p>"


def url(review: Review) -> str:
    return f"/reviews/{review.pk}/autosave/"


def draft(review: Review, **fields: Any) -> dict[str, Any]:
    return {
        "revision": str(review.revision),
        "title": review.title,
        "indicators": ["dang-vien", "ket-nap"],
        "section-uu-diem": TYPED,
        **fields,
    }


def test_the_editor_page_autosaves_to_its_own_address(world):
    review = regiment_review(world)
    page = world.client("cu_r").get(f"/reviews/{review.pk}/edit/").content.decode()
    assert f'data-autosave="{url(review)}"' in page
    assert 'data-testid="autosave-status"' in page
    assert 'type="button" data-cmd' not in page  # formatting buttons out of the Tab order


def test_a_draft_is_saved_never_finished(world):
    review = regiment_review(world)
    response = world.client("cu_r").post(url(review), draft(review, then="finish"))
    assert response.status_code == 200, response.content.decode()
    assert response.json()["revision"] == review.revision + 1
    saved = Review.objects.get(pk=review.pk)
    assert saved.sections["uu-diem"] == TYPED
    assert (saved.revision, saved.status) == (review.revision + 1, Review.DRAFT)


def test_a_draft_made_on_an_older_revision_is_refused(world):
    review = regiment_review(world)
    stale = draft(review)
    save_review(review, by=world.users["cu_r"], base_revision=review.revision, title="Bản khác")
    response = world.client("cu_r").post(url(review), stale)
    assert response.status_code == 409
    assert "Người khác vừa lưu" in response.json()["detail"]
    assert Review.objects.get(pk=review.pk).sections.get("uu-diem") != TYPED


@pytest.mark.parametrize(
    ("username", "status"),
    [("po_c1", 404), ("po_b1", 404), ("nobody", 404), ("admin_d", 403)],
)
def test_only_the_units_own_writers_save_its_drafts(world, username, status):
    review = regiment_review(world)
    response = world.client(username).post(url(review), draft(review))
    assert response.status_code == status
    assert Review.objects.get(pk=review.pk).revision == review.revision
