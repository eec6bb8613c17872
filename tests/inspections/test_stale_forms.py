"""Two people editing the same inspection through the pages — its plan, its conclusion: the
second save, made on the revision both opened, is refused (409) with what the first one stored
beside what the second one typed; saved again once seen, the second one's edit is stored."""

from __future__ import annotations

import re
from typing import Any

import pytest

from khth.accounts.actions import create_user
from khth.inspections.models import Inspection
from tests.conftest import PASSWORD
from tests.inspections.conftest import PARTY

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(division: Any) -> tuple[Any, Any]:
    """The division's political officer and a second officer who may plan inspections too."""
    division.users["po2_d"] = create_user(
        username="po2_d",
        full_name="Lý Văn Hai",
        unit=division.unit("D"),
        role="political_officer",
        password=PASSWORD,
        by=None,
    )
    return division.client("po_d"), division.client("po2_d")


def _revision(page: str) -> str:
    found: list[str] = re.findall(r'<input type="hidden" name="revision" value="(\d+)">', page)
    assert len(found) == 1, found
    return found[0]


def _plan(title: str, revision: str) -> dict[str, Any]:
    return {
        "title": title,
        "kind": "inspection",
        "starts_on": "2024-03-04",
        "ends_on": "2024-03-08",
        "units": ["R", "R2"],
        "areas": [PARTY],
        "revision": revision,
    }


def test_a_stale_plan_shows_the_other_version(planned, two):
    first, second = two
    url = f"/inspections/{planned.pk}/edit/"
    opened = _revision(first.get(url).content.decode())
    assert _revision(second.get(url).content.decode()) == opened
    assert first.post(url, _plan("Kiểm tra quý I/2024", opened)).status_code == 302
    refused = second.post(url, _plan("Kiểm tra quý 1", opened))
    assert refused.status_code == 409
    planned.refresh_from_db()
    assert planned.title == "Kiểm tra quý I/2024"
    page = refused.content.decode()
    assert "Thay đổi của bạn chưa được lưu" in page and "Ngô Văn Đoàn" in page
    saved = page.split('data-testid="saved-version"', 1)[1].split("</dl>", 1)[0]
    assert "Kiểm tra quý I/2024" in saved
    assert 'value="Kiểm tra quý 1"' in page  # what was typed, still in the form
    carried = _revision(page)
    assert carried == str(int(opened) + 1)
    assert second.post(url, _plan("Kiểm tra quý 1", carried)).status_code == 302
    planned.refresh_from_db()
    assert planned.title == "Kiểm tra quý 1"


def test_a_stale_conclusion_shows_the_other_version(planned, two):
    first, second = two
    page_url = f"/inspections/{planned.pk}/"
    url = f"/inspections/{planned.pk}/conclusion/"
    opened = _revision(first.get(page_url).content.decode())
    assert _revision(second.get(page_url).content.decode()) == opened
    saved = first.post(url, {"conclusion": "<p>Cơ bản tốt.</p>", "revision": opened})
    assert saved.status_code == 302
    refused = second.post(
        url, {"conclusion": "<p>Khá.</p><script>x</script>", "conclude": "1", "revision": opened}
    )
    assert refused.status_code == 409
    planned.refresh_from_db()
    assert (planned.conclusion, planned.status) == ("<p>Cơ bản tốt.</p>", Inspection.PLANNED)
    page = refused.content.decode()
    assert "Thay đổi của bạn chưa được lưu" in page
    other = page.split('data-testid="saved-version"', 1)[1].split("</div>", 1)[0]
    assert "Cơ bản tốt." in other
    editor = page.split('data-testid="conclusion-editor"', 1)[1].split("</div>", 1)[0]
    assert "<p>Khá.</p>" in editor and "<script>" not in editor  # typed, sanitised
    carried = _revision(page)
    assert carried == str(int(opened) + 1)
    again = second.post(url, {"conclusion": "<p>Khá.</p>", "revision": carried})
    assert again.status_code == 302
    planned.refresh_from_db()
    assert planned.conclusion == "<p>Khá.</p>"
