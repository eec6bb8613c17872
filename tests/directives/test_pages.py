"""The pages: entering a directive, a unit's study, plan and result forms; a refused form
comes back with what was typed and why."""

from __future__ import annotations

import pytest

from khth.directives.models import Directive, PlanLink, Result, Study
from khth.plans.actions import create_plan
from tests.directives.conftest import entered

pytestmark = pytest.mark.django_db


def test_the_menu_leads_to_the_users_unit_and_a_directive_is_entered(world):
    client = world.client("cu_r")
    assert client.get("/directives/").url == "/directives/R/"
    page = client.get("/directives/R/").content.decode()
    assert 'data-testid="directive-form"' in page
    posted = client.post(
        "/directives/R/new/",
        {
            "number": "Nghị quyết TW4",
            "title": "Về tăng cường xây dựng, chỉnh đốn Đảng",
            "issuer": "Ban Chấp hành Trung ương",
            "issued_on": "30/10/2024",
            "levels": ["tieu-doan", "dai-doi"],
        },
    )
    directive = Directive.objects.get()
    assert posted.url == f"/directives/d/{directive.pk}/"
    assert directive.levels == ["tieu-doan", "dai-doi"]
    refused = client.post("/directives/R/new/", {"number": "x", "issued_on": "31/02/2025"})
    assert refused.status_code == 400
    assert "Ghi ngày theo dạng dd/mm/yyyy." in refused.content.decode()


def test_a_company_records_study_plan_and_result_through_its_page(world):
    directive = entered(world)
    client = world.client("as_c1")
    base = f"/directives/d/{directive.pk}/unit/C1/"
    page = client.get(base).content.decode()
    assert 'data-testid="study-form"' in page and 'data-testid="result-form"' in page
    bad = client.post(
        base + "study/",
        {
            "held_on": "10/04/2025",
            "form": "hoi-nghi",
            "total": "10",
            "present": "12",
            "presided": "Đ/c Trợ",
        },
    )
    assert bad.status_code == 400
    assert "Số có mặt phải từ 0 đến tổng số (10)" in bad.content.decode()
    good = client.post(
        base + "study/",
        {
            "held_on": "10/04/2025",
            "form": "hoi-nghi",
            "total": "10",
            "present": "9",
            "made_up": "1",
            "made_up_on": "12/04/2025",
            "presided": "Đ/c Trợ",
        },
    )
    assert good.status_code == 302 and Study.objects.get().made_up == 1
    plan = create_plan(world.unit("C1"), "kh-ctd-nam", period_id="2025", by=world.users["po_c1"])
    client.post(base + "plan/", {"plan": str(plan.pk)})
    assert PlanLink.objects.get().plan_id == plan.pk
    added = client.post(
        base + "results/",
        {"period_id": "2025Q2", "text": "Đạt", "figures": "Bài thu hoạch đạt khá, giỏi: 9"},
    )
    assert added.status_code == 302
    result = Result.objects.get()
    assert result.figures == [{"label": "Bài thu hoạch đạt khá, giỏi", "value": "9"}]
    edited = client.post(
        f"/directives/result/{result.pk}/edit/",
        {"period_id": "2025Q2", "text": "Đạt yêu cầu", "figures": "", "revision": "1"},
    )
    assert edited.status_code == 302
    result.refresh_from_db()
    assert (result.text, result.revision) == ("Đạt yêu cầu", 2)
    history = client.get(base).content.decode()
    assert "Ghi kết quả quán triệt nghị quyết, chỉ thị" in history
