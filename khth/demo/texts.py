"""The demo's Vietnamese texts, as data: report sections written the way units write them —
concrete, with the period's figures — in a few variants chosen by a seeded draw, so that a
year of reports does not read as one sentence repeated.

Placeholders (``str.format``): unit, period, qs (quân số), gdct (tham gia học tập chính trị),
tyle (tỷ lệ %), dv (đảng viên), qcut (quần chúng ưu tú), kn (kết nạp), vpt (vi phạm thông
thường), tin (tin, bài), kt (cuộc kiểm tra), dvnc (ngày công dân vận), hd (buổi sinh hoạt
Hội đồng quân nhân), diem (điểm nhận thức).
"""

from __future__ import annotations

import random
import re

SECTIONS: dict[str, tuple[str, ...]] = {
    "tinh-hinh": (
        "{unit} thực hiện nhiệm vụ huấn luyện, sẵn sàng chiến đấu trong điều kiện thời tiết mùa "
        "mưa, quân số thường xuyên {qs} đồng chí. Đơn vị được cấp trên quan tâm lãnh đạo, chỉ "
        "đạo; một số đồng chí mới điều động về, chưa quen nhiệm vụ.",
        "Trong {period}, {unit} vừa huấn luyện theo kế hoạch vừa tham gia giúp nhân dân khắc phục "
        "sạt lở bờ kênh; quân số {qs} đồng chí, quản lý chặt chẽ, không có quân nhân vắng mặt "
        "trái phép.",
        "{unit} duy trì nghiêm chế độ trực sẵn sàng chiến đấu, quân số {qs} đồng chí; có {vpt} "
        "trường hợp vi phạm kỷ luật thông thường, đã được nhắc nhở, xử lý kịp thời.",
    ),
    "lanh-dao-chi-dao": (
        "Cấp ủy ra nghị quyết lãnh đạo tháng, chính trị viên xây dựng kế hoạch CTĐ, CTCT và lịch "
        "hoạt động tuần sát thực tế; tiến hành {kt} cuộc kiểm tra việc thực hiện chế độ.",
        "Chỉ đạo chặt chẽ việc thực hiện nghị quyết, kế hoạch; duy trì giao ban, nắm tình hình "
        "tư tưởng hằng ngày; báo cáo đầy đủ, đúng chế độ theo quy định.",
    ),
    "giao-duc-chinh-tri": (
        "Tổ chức học tập chính trị theo chương trình, {gdct}/{qs} đồng chí tham gia (đạt "
        "{tyle}%); kiểm tra nhận thức điểm trung bình {diem}. Duy trì đọc báo, nghe tin 15 phút "
        "đầu giờ.",
        "Học tập {gdct}/{qs} đồng chí, tỷ lệ {tyle}%; học bù cho quân số vắng do làm nhiệm vụ. "
        "Tuyên truyền {tin} tin, bài trên bảng tin, đài truyền thanh nội bộ.",
        "Giáo dục chính trị đúng tiến độ, quân số tham gia {tyle}%; tổ chức 1 buổi nói chuyện "
        "truyền thống, 1 buổi xem phim tư liệu về chiến dịch Hồ Chí Minh.",
    ),
    "tu-tuong-ky-luat": (
        "Tư tưởng bộ đội ổn định, yên tâm công tác. {vpt} trường hợp vi phạm kỷ luật thông "
        "thường (sử dụng điện thoại không đúng quy định), đã kiểm điểm, nhắc nhở.",
        "Nắm chắc diễn biến tư tưởng qua hệ thống tổ 3 người; giải quyết kịp thời 2 trường hợp "
        "có hoàn cảnh gia đình khó khăn. Không có vi phạm kỷ luật nghiêm trọng.",
    ),
    "xay-dung-dang": (
        "Tổ chức đảng duy trì sinh hoạt đúng chế độ; {dv} đảng viên, {qcut} quần chúng ưu tú "
        "đang được bồi dưỡng; kết nạp {kn} đảng viên mới.",
        "Sinh hoạt chi bộ thường kỳ và chuyên đề đúng nội dung, chất lượng; {dv} đảng viên tham "
        "gia đầy đủ. Hoàn thành hồ sơ đề nghị kết nạp {kn} quần chúng ưu tú.",
    ),
    "can-bo": (
        "Đội ngũ cán bộ đủ về số lượng, gương mẫu; bồi dưỡng phương pháp, tác phong công tác cho "
        "cán bộ trung đội mới bổ nhiệm.",
        "Thực hiện quy trình nhận xét, đánh giá cán bộ; phân công cán bộ kèm cặp cán bộ trẻ.",
    ),
    "kiem-tra-giam-sat": (
        "Tiến hành {kt} cuộc kiểm tra, giám sát việc chấp hành điều lệ Đảng, nghị quyết của cấp "
        "ủy; không phát hiện đảng viên vi phạm.",
        "Ủy ban kiểm tra giám sát chuyên đề việc tu dưỡng, rèn luyện của đảng viên; nhắc nhở 1 "
        "đồng chí chậm đóng đảng phí.",
    ),
    "bao-ve-an-ninh": (
        "Quản lý chặt chẽ tài liệu mật, thiết bị thông tin; không để xảy ra lộ, lọt bí mật.",
        "Kiểm tra việc sử dụng mạng xã hội; đấu tranh phản bác quan điểm sai trái trên không "
        "gian mạng, {tin} bài đăng định hướng dư luận.",
    ),
    "dan-van": (
        "Giúp nhân dân {dvnc} ngày công nạo vét kênh mương, sửa đường giao thông nông thôn; tham "
        "gia xây dựng cơ sở chính trị địa bàn đóng quân.",
        "Phối hợp với địa phương tuyên truyền phòng, chống lũ; giúp dân {dvnc} ngày công thu "
        "hoạch lúa, gia cố bờ bao.",
    ),
    "chinh-sach": (
        "Thực hiện đầy đủ chế độ, chính sách; thăm hỏi, hỗ trợ 2 gia đình quân nhân có hoàn "
        "cảnh khó khăn.",
        "Giải quyết đúng, đủ chế độ phép, tiêu chuẩn vật chất; không có đơn thư khiếu nại.",
    ),
    "quan-chung": (
        "Hội đồng quân nhân tổ chức {hd} buổi sinh hoạt, phát huy dân chủ; Đoàn thanh niên tổ "
        "chức thi đua «Tuổi trẻ giữ vững kỷ luật».",
        "Tổ chức đoàn, Hội đồng quân nhân hoạt động nền nếp; {hd} buổi sinh hoạt dân chủ, văn "
        "hóa, thể thao vào ngày nghỉ.",
    ),
    "thi-dua-khen-thuong": (
        "Phát động thi đua đợt cao điểm; khen thưởng kịp thời tập thể, cá nhân có thành tích "
        "trong huấn luyện và giúp dân.",
        "Sơ kết phong trào thi đua Quyết thắng; biểu dương 5 cá nhân điển hình tiên tiến.",
    ),
    "ctd-trong-nhiem-vu": (
        "CTĐ, CTCT trong huấn luyện, bắn đạn thật: động viên bộ đội, kết quả kiểm tra đạt khá.",
        "Tiến hành CTĐ, CTCT trong diễn tập khu vực phòng thủ; bảo đảm an toàn tuyệt đối.",
    ),
    "uu-diem": (
        "Lãnh đạo, chỉ đạo sát thực tế; tỷ lệ học tập chính trị {tyle}%; bộ đội chấp hành tốt "
        "kỷ luật.",
        "Hoàn thành các chỉ tiêu của kế hoạch tháng; nền nếp sinh hoạt chi bộ được duy trì.",
    ),
    "han-che": (
        "Còn {vpt} trường hợp vi phạm kỷ luật thông thường; một số báo cáo chưa kịp thời.",
        "Chất lượng sinh hoạt tổ 3 người chưa đều; cập nhật sổ sách có lúc chậm.",
    ),
    "nguyen-nhan": (
        "Một số cán bộ chưa sâu sát; quân số biến động do làm nhiệm vụ phòng, chống thiên tai.",
        "Thời gian huấn luyện dày, việc kiểm tra, đôn đốc có lúc chưa thường xuyên.",
    ),
    "kinh-nghiem": ("Nắm chắc tư tưởng, giải quyết dứt điểm từ tổ, tiểu đội.",),
    "nhiem-vu-trong-tam": (
        "Duy trì học tập chính trị đạt trên 98%; chuẩn bị sơ kết; giữ nghiêm kỷ luật, an toàn.",
        "Tiếp tục thực hiện nghị quyết, kế hoạch năm; chuẩn bị hội thi tuyên truyền viên giỏi.",
    ),
    "giai-phap": (
        "Phân công cán bộ bám nắm từng tổ; tăng cường kiểm tra việc chấp hành điều lệnh.",
        "Đổi mới hình thức giáo dục; gắn kết quả học tập với bình xét thi đua hằng tháng.",
    ),
    "de-xuat": ("Đề nghị cấp trên bổ sung tài liệu học tập chính trị cho chiến sĩ mới.",),
    "tinh-hinh-tuan": (
        "Quân số {qs} đồng chí, tư tưởng ổn định; {vpt} trường hợp vi phạm thông thường.",
        "Trong tuần đơn vị huấn luyện theo kế hoạch; quân số {qs}, an toàn tuyệt đối.",
    ),
    "ket-qua-tuan": (
        "Học tập chính trị {gdct}/{qs} đồng chí; sinh hoạt Hội đồng quân nhân 1 buổi.",
        "Hoàn thành lịch hoạt động tuần; {gdct} đồng chí học tập chính trị, đọc báo đầy đủ.",
    ),
    "nhan-xet-tuan": (
        "Đơn vị hoàn thành tốt nhiệm vụ trong tuần.",
        "Hoàn thành nhiệm vụ; còn chậm cập nhật sổ sách.",
    ),
    "nhiem-vu-tuan-toi": (
        "Duy trì huấn luyện, học tập chính trị; chuẩn bị sinh hoạt chi bộ thường kỳ.",
        "Tổ chức kiểm tra điều lệnh; giúp dân 1 ngày công.",
    ),
    "su-viec": (
        "Đơn vị nắm tình hình bộ đội trước diễn biến mưa lũ kéo dài tại địa bàn đóng quân; "
        "{qs} đồng chí sẵn sàng cơ động giúp dân.",
    ),
    "xu-ly": (
        "Đã tổ chức lực lượng {dvnc} ngày công gia cố bờ bao, di dời tài sản cho 12 hộ dân; "
        "bảo đảm an toàn tuyệt đối người và vũ khí, trang bị.",
    ),
}

GENERIC = "Đơn vị thực hiện nội dung này theo kế hoạch, kết quả đạt yêu cầu."


# The clause that counts violations; with none, units write "không có vi phạm", not "0 trường
# hợp vi phạm … đã kiểm điểm".
_VIOLATIONS = re.compile(r"(?:[Cc]ó |Còn )?\{vpt\}[^.;]*")


def _none_violated(match: re.Match[str]) -> str:
    before = match.string[: match.start()].rstrip()
    first = not before or before.endswith(".")
    return "Không có vi phạm kỷ luật" if first else "không có vi phạm kỷ luật"


def section_text(code: str, rng: random.Random, figures: dict[str, object]) -> str:
    """One paragraph for section ``code``, a variant drawn from ``rng``, filled with figures."""
    variant = rng.choice(SECTIONS.get(code, (GENERIC,)))
    if figures.get("vpt") == 0:
        variant = _VIOLATIONS.sub(_none_violated, variant)
    return "<p>" + variant.format(**figures) + "</p>"


RETURN_COMMENTS = (
    "Bổ sung kết quả học tập chính trị của trung đội 2 và số liệu vi phạm kỷ luật trong tháng.",
    "Số quân số tham gia học tập chưa khớp sổ theo dõi; đề nghị rà soát lại.",
)
LATE_REASONS = (
    "Đơn vị làm nhiệm vụ giúp dân phòng, chống lũ đến hết ngày hạn.",
    "Cán bộ làm báo cáo đi tập huấn, chậm tổng hợp số liệu.",
    "Đơn vị đi diễn tập khu vực phòng thủ, mất liên lạc mạng truyền số liệu.",
)
ACCEPT_COMMENTS = ("", "", "Báo cáo đầy đủ, số liệu khớp sổ.", "")
