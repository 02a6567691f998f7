"""What the demo practices are: the hand-written registrations of the demo officers' units, the mix of states per
district, and the reasons boards give (used by ``seeding.demo``)."""

import datetime as dt

from ..models import PracticeState, UnitKind

S = PracticeState
# The first demo practice; its presence means the demo practices are already there.
MARKER_TITLE = (
    "Mô hình “Dân vận khéo” trong vận động nhân dân hiến đất làm đường giao thông nông thôn tại Phường An Lưu"
)
# Hand-written registrations for the two demo officers' units: (unit, field, kind, subject, state, title).
FEATURED = [
    ("an_luu", "kinh-te", "model", "collective", S.RECOGNIZED, MARKER_TITLE),
    ("an_luu", "van-hoa-xa-hoi", "model", "collective", S.RECOGNIZED, "Tuyến đường hoa kiểu mẫu khu dân cư số 3"),
    (
        "an_luu",
        "quoc-phong-an-ninh",
        "model",
        "collective",
        S.PROPOSED,
        "Camera an ninh – “mắt thần” giữ bình yên khu phố, Phường An Lưu",
    ),
    (
        "an_luu",
        "xay-dung-he-thong-chinh-tri",
        "exemplar",
        "individual",
        S.REGISTERED,
        "Điển hình cá nhân ông Nguyễn Văn Hùng, Bí thư Chi bộ khu dân cư số 5, tiêu biểu trong vận động "
        "nhân dân thực hiện dịch vụ công trực tuyến",
    ),
    (
        "thanh_an",
        "kinh-te",
        "model",
        "collective",
        S.RECOGNIZED,
        "Chi hội phụ nữ thôn Đông giúp nhau phát triển kinh tế, trồng vải thiều theo tiêu chuẩn VietGAP",
    ),
    (
        "thanh_an",
        "quoc-phong-an-ninh",
        "model",
        "collective",
        S.RETURNED,
        "Mô hình “Dân vận khéo” trong xây dựng khu dân cư không có tội phạm và tệ nạn ma túy, Xã Thanh An",
    ),
    (
        "thanh_an",
        "van-hoa-xa-hoi",
        "exemplar",
        "collective",
        S.PROPOSED,
        "Điển hình tập thể Chi hội Cựu chiến binh thôn Trung trong xây dựng mái ấm tình thương",
    ),
    (
        "thanh_an",
        "xay-dung-he-thong-chinh-tri",
        "model",
        "collective",
        S.DRAFT,
        "Mô hình “Ngày thứ Bảy cùng dân” tại Xã Thanh An",
    ),
]
# Each demo officer's unit holds two practices in every state; each of the twelve districts 14 more.
OFFICER_UNIT_STATES = [state for state in S.values for _ in range(2)]
DISTRICT_STATES = [S.DRAFT, *[S.REGISTERED] * 3, *[S.PROPOSED] * 2, S.RETURNED, *[S.RECOGNIZED] * 4]
DISTRICT_STATES += [S.NOT_RECOGNIZED, S.WITHDRAWN, S.DISCONTINUED]
REASONS = {
    S.RETURNED: [
        "Đề nghị bổ sung số liệu kết quả và hình ảnh minh chứng.",
        "Chưa có biên bản họp dân; đề nghị bổ sung trước khi xét.",
    ],
    S.NOT_RECOGNIZED: [
        "Mô hình mới triển khai, chưa đủ thời gian đánh giá hiệu quả.",
        "Chưa đạt tiêu chí về tính bền vững và khả năng nhân rộng.",
    ],
}
COMMITTEE_WORD = {UnitKind.TOWN: "Thị ủy", UnitKind.CITY: "Thành ủy", UnitKind.DISTRICT: "Huyện ủy"}
# The provincial board recognizes outstanding district models at the end of 2023 and before the reform: (date, number).
PROVINCIAL_DECISIONS = ((dt.date(2023, 12, 20), 5), (dt.date(2025, 6, 20), 11))
