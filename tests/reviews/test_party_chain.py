"""Issue 13: a review of a unit with a Party chain beside its command chain (R answering to a
Tỉnh ủy here) is exported along either chain or both, from its page and from the API; its
administrative header keeps the command superior."""

from __future__ import annotations

import pytest
from django.urls import reverse

from khth.units.actions import update_unit
from tests.api.test_api import api
from tests.cli.helpers import run
from tests.documents.helpers import docx_text
from tests.reviews.test_registration import review_of

pytestmark = pytest.mark.django_db

TINH_UY = "Tỉnh ủy Sóc Trăng"


def recipients(data: bytes) -> list[str]:
    lines = docx_text(data).splitlines()
    return [line for line in lines[lines.index("Nơi nhận:") + 1 :] if line.startswith("- ")]


def body(answer) -> bytes:
    assert answer.status_code == 200
    return b"".join(answer.streaming_content) if answer.streaming else answer.content


def test_the_review_goes_up_the_chosen_chain(world, client):
    review = review_of(world)
    client.force_login(world.users["cu_r"])
    page = reverse("review-detail", args=[review.pk])
    assert 'data-testid="send-to"' not in client.get(page).content.decode()
    update_unit(world.unit("R"), by=None, superior_party_body=TINH_UY)
    html = client.get(page).content.decode()
    assert 'data-testid="send-to"' in html and f"Gửi {TINH_UY} (hệ thống Đảng)" in html
    url = reverse("review-docx", args=[review.pk])
    assert recipients(body(client.get(url)))[:-1] == ["- Sư đoàn 330;"]
    assert recipients(body(client.get(f"{url}?send_to=party")))[:-1] == [f"- {TINH_UY};"]
    both = body(client.get(f"{url}?send_to=both"))
    assert recipients(both)[:-1] == [f"- {TINH_UY};", "- Sư đoàn 330;"]
    assert docx_text(both).splitlines()[0].upper().startswith("SƯ ĐOÀN 330")
    path = f"/api/v1/reviews/{review.pk}/export?format=docx&send_to=party"
    assert recipients(body(api("cu_r").get(path)))[:-1] == [f"- {TINH_UY};"]
    assert api("cu_r").get(path.replace("party", "elsewhere")).status_code == 422
    assert api("po_b1").get(path).status_code == 404


def test_the_cli_takes_the_same_choice(world, tmp_path):
    review = review_of(world)
    update_unit(world.unit("R"), by=None, superior_party_body=TINH_UY)
    out = tmp_path / "so-ket.docx"
    result = run(
        "reviews",
        "export",
        "--id",
        str(review.pk),
        "--format",
        "docx",
        "--send-to",
        "both",
        "--out",
        str(out),
    )
    assert not result.failed, result.errors
    assert recipients(out.read_bytes())[:-1] == [f"- {TINH_UY};", "- Sư đoàn 330;"]
    assert run(
        "reviews", "export", "--id", str(review.pk), "--format", "docx", "--send-to", "x"
    ).failed
