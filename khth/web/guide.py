"""The user guide: what each role does each week, each month and at the half-year and year end,
with links to the pages that do it. The user's own roles come first.

The rhythm follows the planning–synthesis regulation as KHTH models it (the default regulation,
khth/regulations/data/default.yaml):
a weekly activity schedule, monthly periodic reports consolidated level by level, the chi bộ's
monthly resolution, record books kept up to date, 6-month sơ kết and annual tổng kết with the
evaluation (self-assessment → review by the superior → decision). Deadlines and cut-off days are
regulation data, so the guide points to the Regulation page instead of repeating numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from khth.regulations.access import RegulationNotLoaded, active_regulation
from khth.units.models import Membership


@dataclass(frozen=True)
class Step:
    text: Promise
    url_name: str = ""  # the page that does it; "" when none


@dataclass(frozen=True)
class Guide:
    role: str
    title: Promise
    summary: Promise
    # (when, steps): "Hằng tuần", "Hằng tháng", "6 tháng, cuối năm".
    rhythm: tuple[tuple[Promise, tuple[Step, ...]], ...]


WEEK = _("Hằng tuần")
MONTH = _("Hằng tháng")
HALF = _("6 tháng, cuối năm")
ANY = _("Khi cần")

GUIDES: tuple[Guide, ...] = (
    Guide(
        "assistant",
        _("Trợ lý kế hoạch – tổng hợp"),
        _(
            "Giúp chính ủy, chính trị viên chuẩn bị văn kiện: lập báo cáo, kế hoạch, lịch hoạt "
            "động và giữ sổ sách của đơn vị đúng nội dung, đúng hạn."
        ),
        (
            (
                WEEK,
                (
                    Step(
                        _("Xem trang chính: việc đến hạn, báo cáo bị trả lại, thông báo mới."),
                        "home",
                    ),
                    Step(
                        _("Lập lịch hoạt động CTĐ, CTCT tuần sau và trình duyệt trước thứ Hai."),
                        "plans-home",
                    ),
                    Step(
                        _("Ghi sổ tổng hợp CTĐ, CTCT và các sổ phải cập nhật trong tuần."),
                        "records-home",
                    ),
                    Step(
                        _("Vào sổ văn bản đi, đến khi đơn vị ban hành hoặc nhận văn bản."),
                        "records-home",
                    ),
                ),
            ),
            (
                MONTH,
                (
                    Step(
                        _(
                            "Lập báo cáo định kỳ tháng theo mẫu: đủ các mục, số liệu chốt theo kỳ "
                            "của quy định, gửi đúng hạn của cấp mình."
                        ),
                        "report-list",
                    ),
                    Step(
                        _(
                            "Tổng hợp báo cáo của cấp dưới vào báo cáo của đơn vị; mục nào thiếu "
                            "phải ghi rõ lý do."
                        ),
                        "report-list",
                    ),
                    Step(
                        _("Sửa báo cáo bị cấp trên trả lại theo nhận xét rồi gửi lại."),
                        "report-list",
                    ),
                    Step(
                        _(
                            "Chuẩn bị dự thảo nghị quyết tháng của cấp ủy, chi bộ và kế hoạch CTĐ, "
                            "CTCT tháng."
                        ),
                        "records-home",
                    ),
                ),
            ),
            (
                HALF,
                (
                    Step(
                        _(
                            "Lập báo cáo sơ kết 6 tháng, tổng kết năm: kết quả từng mặt công tác, "
                            "ưu điểm, hạn chế, nguyên nhân, bài học, phương hướng."
                        ),
                        "reviews-home",
                    ),
                    Step(
                        _(
                            "Chuẩn bị bản tự đánh giá kết quả hoạt động CTĐ, CTCT của đơn vị theo "
                            "tiêu chí."
                        ),
                        "evaluations-home",
                    ),
                    Step(
                        _("Lập kế hoạch CTĐ, CTCT năm với chỉ tiêu và biện pháp cụ thể."),
                        "plans-home",
                    ),
                ),
            ),
        ),
    ),
    Guide(
        "political_officer",
        _("Chính ủy, chính trị viên"),
        _(
            "Chịu trách nhiệm về công tác kế hoạch – tổng hợp của đơn vị: duyệt, ký văn kiện và "
            "theo dõi, nhận xét báo cáo của cấp dưới. Ở tiểu đoàn, đại đội, chính trị viên trực "
            "tiếp làm công tác này, phó chính trị viên giúp việc."
        ),
        (
            (
                WEEK,
                (
                    Step(_("Duyệt lịch hoạt động tuần và kế hoạch trợ lý trình."), "plans-home"),
                    Step(
                        _("Xem tình hình gửi báo cáo của cấp dưới, nhắc đơn vị chậm."),
                        "report-rates-home",
                    ),
                    Step(
                        _("Xem thông báo: báo cáo mới gửi lên, việc khắc phục đến hạn."),
                        "notifications",
                    ),
                ),
            ),
            (
                MONTH,
                (
                    Step(
                        _(
                            "Đọc báo cáo của cấp dưới: tiếp nhận, hoặc trả lại và ghi rõ cần sửa "
                            "gì."
                        ),
                        "report-list",
                    ),
                    Step(
                        _("Duyệt, ký báo cáo tháng của đơn vị trước khi gửi cấp trên."),
                        "report-list",
                    ),
                    Step(
                        _("Chủ trì nghị quyết tháng của cấp ủy, chi bộ; ban hành kế hoạch tháng."),
                        "records-home",
                    ),
                ),
            ),
            (
                HALF,
                (
                    Step(
                        _("Chủ trì sơ kết 6 tháng, tổng kết năm; ký báo cáo sơ kết, tổng kết."),
                        "reviews-home",
                    ),
                    Step(
                        _(
                            "Thẩm định bản tự đánh giá của cấp dưới, đề nghị hoặc quyết định xếp "
                            "loại."
                        ),
                        "evaluations-home",
                    ),
                    Step(
                        _(
                            "Phê duyệt, ban hành kế hoạch CTĐ, CTCT năm; theo dõi chỉ tiêu giao cấp"
                            " dưới."
                        ),
                        "plans-home",
                    ),
                    Step(
                        _("Lập kế hoạch kiểm tra và theo dõi việc khắc phục sau kiểm tra."),
                        "inspections-home",
                    ),
                ),
            ),
        ),
    ),
    Guide(
        "commander",
        _("Người chỉ huy"),
        _("Nắm tình hình CTĐ, CTCT của đơn vị để lãnh đạo, chỉ huy: đọc, không phải soạn."),
        (
            (WEEK, (Step(_("Xem lịch hoạt động tuần của đơn vị và cấp dưới."), "plans-home"),)),
            (
                MONTH,
                (
                    Step(
                        _("Đọc báo cáo tháng đã gửi và số liệu tổng hợp của cấp dưới."),
                        "report-list",
                    ),
                ),
            ),
            (
                HALF,
                (
                    Step(
                        _("Đọc báo cáo sơ kết, tổng kết và kết quả đánh giá, xếp loại."),
                        "reviews-home",
                    ),
                    Step(
                        _("Xem kết luận kiểm tra và việc khắc phục của đơn vị."), "inspections-home"
                    ),
                ),
            ),
        ),
    ),
    Guide(
        "committee_member",
        _("Cấp ủy viên"),
        _("Theo dõi việc thực hiện nghị quyết của cấp ủy, chi bộ: đọc văn kiện, báo cáo, sổ sách."),
        (
            (
                MONTH,
                (
                    Step(_("Đọc nghị quyết tháng và sổ sách của cấp ủy, chi bộ."), "records-home"),
                    Step(_("Đọc báo cáo tháng của đơn vị trước kỳ sinh hoạt."), "report-list"),
                ),
            ),
            (
                HALF,
                (
                    Step(
                        _(
                            "Đọc báo cáo sơ kết, tổng kết và kết quả đánh giá để góp ý tại hội "
                            "nghị."
                        ),
                        "reviews-home",
                    ),
                    Step(_("Xem đề xuất khen thưởng của đơn vị."), "awards-home"),
                ),
            ),
        ),
    ),
    Guide(
        "admin",
        _("Quản trị hệ thống"),
        _(
            "Giữ tổ chức đơn vị và tài khoản đúng với thực tế, để mỗi người thấy đúng phạm vi "
            "của mình."
        ),
        (
            (
                ANY,
                (
                    Step(
                        _(
                            "Thêm, sửa, chuyển, sáp nhập, giải thể đơn vị khi biên chế thay đổi; "
                            "lịch sử được giữ lại."
                        ),
                        "unit-list",
                    ),
                    Step(
                        _(
                            "Tạo tài khoản, giao vai trò tại đơn vị; kết thúc vai trò khi cán bộ "
                            "chuyển công tác."
                        ),
                        "people",
                    ),
                    Step(
                        _("Xem quy định đang áp dụng: mẫu báo cáo, hạn nộp, sổ sách từng cấp."),
                        "regulation",
                    ),
                ),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class ShownStep:
    text: str
    url: str


# The roles of issue 13 do the work of a role that has a guide: the phó chính trị viên the
# trợ lý's (there is no trợ lý at battalion or company), the chief of the political agency
# and his deputy the trợ lý's they lead, the phó chính ủy the commissar's, the bí thư and phó bí
# thư the committee member's. The văn thư registers only: the register has its own page.
GUIDE_OF = {
    "deputy_political_officer": "assistant",
    "political_chief": "assistant",
    "deputy_political_chief": "assistant",
    "deputy_commissar": "political_officer",
    "party_secretary": "committee_member",
    "deputy_party_secretary": "committee_member",
}


@login_required
def guide(request: HttpRequest) -> HttpResponse:
    """The guide of every role, the user's own roles first."""
    own = set(
        Membership.objects.filter(user=request.user.pk, ended_on__isnull=True).values_list(
            "role", flat=True
        )
    )
    try:
        names = {role.code: role.name for role in active_regulation().roles}
    except RegulationNotLoaded:
        names = {}
    own |= {GUIDE_OF[role] for role in own if role in GUIDE_OF}
    ordered = sorted(GUIDES, key=lambda g: g.role not in own)
    sections = [
        {
            "role": g.role,
            "own": g.role in own,
            "title": names.get(g.role) or str(g.title),
            "summary": g.summary,
            "rhythm": [
                (
                    when,
                    [
                        ShownStep(str(s.text), reverse(s.url_name) if s.url_name else "")
                        for s in steps
                    ],
                )
                for when, steps in g.rhythm
            ],
        }
        for g in ordered
    ]
    return render(request, "web/guide.html", {"sections": sections})
