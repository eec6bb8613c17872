"""A number field holding a non-number ("hai") is named at its field, live and after saving;
the save keeps everything else, the field keeps what was typed, and the page says that number
was not saved. Out-of-bounds numbers are refused the same way."""

from __future__ import annotations

import re
from typing import Any

import pytest

from khth.reports.models import IndicatorValue, Report, SectionText
from tests.reports.conftest import fill
from tests.reports.test_pages import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(world: Any, company_report: Report) -> Report:
    return fill(company_report, world.users["as_c1"])


def field_error(body: str, code: str) -> str:
    match = re.search(rf'<span class="field-error" id="e-{code}"[^>]*>(.*?)</span>', body, re.S)
    assert match, code
    return match.group(1)


def number(report: Report, code: str) -> Any:
    return IndicatorValue.objects.get(report=report, indicator_code=code).number


def test_the_rest_is_saved_and_the_bad_field_keeps_what_was_typed(world: Any, filled: Report):
    data = form_data(
        filled,
        **{
            "value-quan-so": "hai",
            "value-tin-bai": "7",
            "section-tinh-hinh": "<p>Đơn vị ổn định, sẵn sàng chiến đấu.</p>",
        },
    )
    response = world.client("as_c1").post(f"/reports/{filled.pk}/edit/", data)
    assert response.status_code == 200
    body = response.content.decode()
    report = Report.objects.get(pk=filled.pk)
    # Saved: the text and the good figure, in a new version the page now stands on.
    assert report.version == filled.version + 1
    assert (
        "sẵn sàng chiến đấu"
        in SectionText.objects.get(report=report, section_code="tinh-hinh").html
    )
    assert number(report, "tin-bai") == 7
    assert f'name="base_version" value="{report.version}"' in body
    # Not saved: the bad figure; the old one stays, the field shows what was typed, and why.
    assert number(report, "quan-so") == 120
    assert re.search(
        r'id="v-quan-so" name="value-quan-so" value="hai"[^>]*aria-invalid="true"', body
    )
    assert "số này chưa được lưu" in field_error(body, "quan-so")
    assert "hai" in field_error(body, "quan-so")
    assert "Đã lưu báo cáo, trừ 1 số liệu không hợp lệ" in body
    assert 'data-testid="save-errors"' not in body  # not the "Chưa lưu" box: most of it was


def test_fixing_the_figure_then_saves_without_a_conflict(world: Any, filled: Report):
    client = world.client("as_c1")
    data = form_data(filled, **{"value-quan-so": "hai"})
    body = client.post(f"/reports/{filled.pk}/edit/", data).content.decode()
    version = re.search(r'name="base_version" value="(\d+)"', body)
    assert version
    data = form_data(filled, **{"value-quan-so": "130", "base_version": version.group(1)})
    assert client.post(f"/reports/{filled.pk}/edit/", data).status_code == 302
    assert number(filled, "quan-so") == 130


def test_save_and_send_with_a_bad_figure_saves_but_does_not_send(world: Any, filled: Report):
    data = form_data(filled, **{"value-quan-so": "hai", "then": "submit"})
    body = world.client("po_c1").post(f"/reports/{filled.pk}/edit/", data).content.decode()
    assert Report.objects.get(pk=filled.pk).status == Report.DRAFT
    assert "Báo cáo chưa được gửi lên cấp trên." in body


def test_the_live_check_names_the_bad_figure_at_its_field(world: Any, filled: Report):
    data = form_data(filled, **{"value-quan-so": "hai"})
    body = world.client("as_c1").post(f"/reports/{filled.pk}/check/", data).content.decode()
    item = re.search(
        r'<li class="bad"[^>]*data-kind="refused" data-anchor="chi-tieu-quan-so">(.*?)</li>', body
    )
    assert item, body
    assert "Quân số" in item.group(1) and "số này chưa được lưu" in item.group(1)


def test_an_out_of_bounds_figure_is_still_refused(world: Any, filled: Report):
    data = form_data(filled, **{"value-quan-so": "-1"})
    body = world.client("as_c1").post(f"/reports/{filled.pk}/edit/", data).content.decode()
    assert number(filled, "quan-so") == 120
    assert "Quân số không được nhỏ hơn 0" in field_error(body, "quan-so")
