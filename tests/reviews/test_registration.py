"""Issue 13: a finished review goes into its unit's outgoing register from its own page or the
API (khth.reviews.registration.register_review, with the register's own form), gets its number,
and prints it on its DOCX from then on. Offered only to whoever holds ``document.register`` at
the unit, for a finished review not registered yet; refusals are clear messages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from khth.reviews.actions import create_review, finish_review
from khth.reviews.models import Review
from khth.reviews.registration import review_registration
from tests.api.test_api import api
from tests.documents.helpers import docx_text

pytestmark = pytest.mark.django_db

JSON = "application/json"
FORM = {
    "dated": "10/07/2024",
    "summary": "Sơ kết 6 tháng đầu năm 2024",
    "signer": "Trần Văn Chính",
    "recipients": "Sư đoàn 330",
    "file_holder": "Văn thư",
    "copies": "3",
    "secrecy": "",
    "urgency": "",
    "notes": "",
}


def review_of(world: Any, *, finished: bool = True) -> Review:
    officer = world.users["cu_r"]
    review = create_review(
        world.unit("R"),
        title="Báo cáo sơ kết 6 tháng đầu năm 2024",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 6, 30),
        by=officer,
        today=dt.date(2024, 7, 5),
    )
    return finish_review(review, by=officer) if finished else review


def docx_of(client: Client, review: Review) -> str:
    answer = client.get(reverse("review-docx", args=[review.pk]))
    assert answer.status_code == 200
    return docx_text(answer.getvalue())


def number_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("Số"))


def test_the_page_registers_a_finished_review_and_the_docx_prints_its_number(world, client):
    officer = world.users["cu_r"]
    draft = review_of(world, finished=False)
    client.force_login(officer)
    page = client.get(reverse("review-detail", args=[draft.pk])).content.decode()
    assert 'data-testid="registration-form"' not in page  # a draft is not registered
    review = finish_review(draft, by=officer)
    page = client.get(reverse("review-detail", args=[review.pk])).content.decode()
    assert 'data-testid="registration-form"' in page
    # The register's own fields, the summary from the title.
    for field in ("dated", "summary", "signer", "recipients", "copies", "secrecy", "urgency"):
        assert f'data-field="{field}"' in page
    assert 'data-field="kind_code"' not in page and 'data-field="source"' not in page
    assert "Sơ kết 6 tháng đầu năm 2024" in page
    before = number_line(docx_of(client, review))
    assert before.startswith("Số:") and "01" not in before

    answer = client.post(reverse("review-register", args=[review.pk]), FORM, follow=True)
    assert answer.status_code == 200
    registered = review_registration(review)
    assert registered is not None
    assert (registered.dated, registered.copies, registered.recipients) == (
        dt.date(2024, 7, 10),
        3,
        "Sư đoàn 330",
    )
    assert registered.number_text.startswith("Số: 01/")
    page = answer.content.decode()
    assert f"Đã vào sổ văn bản đi: {registered.number_text}" in page
    assert 'data-testid="registration"' in page
    assert 'data-testid="registration-form"' not in page
    text = docx_of(client, review)
    assert number_line(text) == registered.number_text
    # Signed by the signer the register recorded.
    assert text.splitlines()[-1] == "Trần Văn Chính"


def test_bad_input_and_a_second_registration_are_shown_on_the_page(world, client):
    review = review_of(world)
    client.force_login(world.users["cu_r"])
    url = reverse("review-register", args=[review.pk])
    bad = client.post(url, {**FORM, "copies": "0", "dated": "31/02/2024"})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert 'data-field="copies"' in page and "errorlist" in page
    assert review_registration(review) is None
    assert client.post(url, FORM).status_code == 302
    twice = client.post(url, FORM)
    assert twice.status_code == 400
    assert "Văn bản này đã vào sổ" in twice.content.decode()


def test_only_the_units_register_may_register(world, client):
    review = review_of(world)
    url = reverse("review-register", args=[review.pk])
    client.force_login(world.users["po_b1"])  # a subordinate: does not see it
    assert client.post(url, FORM).status_code == 404
    client.force_login(world.users["admin_d"])  # reads it; does not register R's documents
    page = client.get(reverse("review-detail", args=[review.pk])).content.decode()
    assert 'data-testid="registration-form"' not in page
    assert client.post(url, FORM).status_code == 403
    assert review_registration(review) is None


def post(client: Client, path: str, body: Any = None) -> Any:
    return client.post(f"/api/v1{path}", json.dumps(body or {}), content_type=JSON)


def test_the_api_registers_and_shows_the_registration(world):
    draft = review_of(world, finished=False)
    client = api("cu_r")
    path = f"/reviews/{draft.pk}/registration"
    refused = post(client, path, {"dated": "2024-07-10"})
    assert refused.status_code == 400
    assert "đã hoàn thành" in refused.json()["detail"]
    assert client.get(f"/api/v1/reviews/{draft.pk}").json()["can_register"] is False
    review = finish_review(draft, by=world.users["cu_r"])
    assert client.get(f"/api/v1/reviews/{review.pk}").json()["can_register"] is True

    made = post(client, path, {"dated": "2024-07-10", "signer": "Trần Văn Chính", "copies": 2})
    assert made.status_code == 201, made.content
    registration = made.json()["registration"]
    assert registration["number_text"].startswith("Số: 01/")
    assert registration["dated"] == "2024-07-10"
    assert registration["summary"] == "Sơ kết 6 tháng đầu năm 2024"
    read = client.get(f"/api/v1/reviews/{review.pk}").json()
    assert read["registration"] == registration
    assert read["can_register"] is False
    exported = client.get(f"/api/v1/reviews/{review.pk}/export?format=docx")
    text = docx_text(exported.getvalue())
    assert number_line(text) == registration["number_text"]

    twice = post(client, path, {})
    assert twice.status_code == 400
    assert "đã vào sổ" in twice.json()["detail"]
    assert post(client, path, {"copies": 0}).status_code == 422
    assert post(client, path, {"number": 5}).status_code == 422


def test_the_api_refuses_other_units(world):
    review = review_of(world)
    path = f"/reviews/{review.pk}/registration"
    assert post(api("po_b1"), path).status_code == 404
    above = post(api("admin_d"), path)
    assert above.status_code == 403
    assert "vào sổ" in above.json()["detail"]
    assert review_registration(review) is None
