"""Vietnamese vocabulary for generated practices: the demo data (seeding.demo) and the national-scale data (seeding.national).

Themes are what boards actually recognize under each field; titles are assembled from them the way units
name their registrations ("Mô hình “Dân vận khéo” trong …", "Điển hình cá nhân …").
"""

# field code -> themes: (short name used in a title, what the practice mobilizes people to do)
THEMES = {
    "kinh-te": [
        ("Hiến đất làm đường giao thông nông thôn", "vận động nhân dân hiến đất làm đường giao thông nông thôn"),
        ("Giúp nhau phát triển kinh tế", "giúp nhau phát triển kinh tế hộ gia đình"),
        ("Dồn điền đổi thửa", "vận động nhân dân dồn điền đổi thửa, tích tụ ruộng đất"),
        ("Trồng vải thiều theo tiêu chuẩn VietGAP", "vận động nhà vườn trồng vải thiều theo tiêu chuẩn VietGAP"),
        ("Chuỗi liên kết sản xuất rau an toàn", "xây dựng chuỗi liên kết sản xuất và tiêu thụ rau an toàn"),
        ("Cựu chiến binh giúp nhau giảm nghèo", "giúp hội viên cựu chiến binh giảm nghèo bền vững"),
        ("Thanh niên khởi nghiệp", "hỗ trợ đoàn viên thanh niên khởi nghiệp, lập nghiệp tại quê hương"),
        ("Chuyển đổi cây trồng trên đất lúa", "vận động chuyển đổi cây trồng trên đất lúa kém hiệu quả"),
        ("Quỹ tín dụng xoay vòng", "lập quỹ tín dụng xoay vòng giúp hội viên thoát nghèo"),
        ("Nuôi trồng thủy sản an toàn", "vận động hộ dân nuôi trồng thủy sản an toàn, bảo vệ môi trường"),
    ],
    "van-hoa-xa-hoi": [
        ("Tuyến đường hoa", "xây dựng tuyến đường hoa, cây xanh tự quản"),
        ("Phân loại rác thải tại nguồn", "vận động nhân dân phân loại rác thải tại nguồn"),
        ("Tủ sách pháp luật", "xây dựng tủ sách pháp luật tại nhà văn hóa thôn"),
        ("Câu lạc bộ dưỡng sinh người cao tuổi", "duy trì câu lạc bộ dưỡng sinh người cao tuổi"),
        ("Mái ấm tình thương", "xây dựng mái ấm tình thương cho hộ nghèo, hộ khó khăn về nhà ở"),
        ("Nếp sống văn minh trong việc cưới, việc tang", "thực hiện nếp sống văn minh trong việc cưới, việc tang"),
        ("Khuyến học, khuyến tài", "vận động khuyến học, khuyến tài trong dòng họ"),
        ("Nước sạch về thôn", "vận động nhân dân đóng góp đưa nước sạch về thôn"),
        ("Sân chơi cho thiếu nhi", "xây dựng sân chơi cho thiếu nhi dịp hè"),
        ("Thắp sáng đường quê", "vận động nhân dân lắp đặt hệ thống điện chiếu sáng đường thôn, ngõ xóm"),
    ],
    "quoc-phong-an-ninh": [
        ("Camera an ninh", "lắp đặt camera an ninh tại các tuyến đường, khu dân cư"),
        ("Tổ tự quản an ninh trật tự", "duy trì tổ tự quản an ninh trật tự ở khu dân cư"),
        ("Khu dân cư không có ma túy", "xây dựng khu dân cư không có tội phạm và tệ nạn ma túy"),
        ("Tổ hòa giải ở cơ sở", "hòa giải mâu thuẫn, tranh chấp ngay từ cơ sở"),
        ("Phụ nữ tham gia giữ gìn an ninh trật tự", "vận động phụ nữ tham gia giữ gìn an ninh trật tự"),
        ("Tuyển quân đúng luật", "vận động thanh niên lên đường nhập ngũ"),
        ("Dòng họ tự quản về an ninh trật tự", "xây dựng dòng họ tự quản về an ninh trật tự"),
        ("Cổng trường an toàn giao thông", "xây dựng cổng trường an toàn giao thông"),
        ("Phòng cháy, chữa cháy tại khu dân cư", "tổ liên gia an toàn phòng cháy, chữa cháy tại khu dân cư"),
        ("Cảnh báo lừa đảo trên không gian mạng", "tuyên truyền phòng, chống lừa đảo trên không gian mạng"),
    ],
    "xay-dung-he-thong-chinh-tri": [
        ("Cải cách hành chính", "thực hiện cải cách thủ tục hành chính theo cơ chế một cửa"),
        ("Ngày thứ Bảy cùng dân", "tổ chức “Ngày thứ Bảy cùng dân” giải quyết thủ tục hành chính"),
        ("Đảng viên gắn với hộ gia đình", "phân công mỗi đảng viên phụ trách, gắn bó với hộ gia đình"),
        ("Đối thoại trực tiếp với nhân dân", "người đứng đầu cấp ủy, chính quyền đối thoại trực tiếp với nhân dân"),
        ("Chính quyền thân thiện", "xây dựng chính quyền thân thiện, vì nhân dân phục vụ"),
        ("Giải quyết đơn thư từ cơ sở", "giải quyết đơn thư, khiếu nại, tố cáo ngay từ cơ sở"),
        ("Nâng cao chất lượng sinh hoạt chi bộ", "nâng cao chất lượng sinh hoạt chi bộ khu dân cư"),
        ("Tiếp dân cuối tuần", "tiếp công dân vào sáng thứ Bảy hằng tuần"),
        ("Công an xã gần dân", "xây dựng lực lượng công an xã chính quy, gần dân"),
        (
            "Chuyển đổi số ở khu dân cư",
            "hướng dẫn nhân dân sử dụng dịch vụ công trực tuyến, thanh toán không dùng tiền mặt",
        ),
    ],
}

# Who builds a collective practice: the mass organization or group behind it.
COLLECTIVES = [
    "Chi hội Phụ nữ",
    "Chi hội Nông dân",
    "Chi hội Cựu chiến binh",
    "Chi đoàn Thanh niên",
    "Ban công tác Mặt trận",
    "Chi bộ",
    "Tổ tự quản",
    "Hội Người cao tuổi",
]
HAMLETS = [
    "thôn Đông",
    "thôn Đoài",
    "thôn Trung",
    "thôn Thượng",
    "thôn Hạ",
    "thôn An Ninh",
    "thôn Phú Lộc",
    "thôn Tiền Phong",
    "khu dân cư số 3",
    "khu dân cư số 5",
    "khu Đồng Tâm",
    "thôn Quyết Thắng",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Phan", "Đinh"]
MIDDLE_NAMES = {"m": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân"], "f": ["Thị", "Thu", "Ngọc", "Thanh", "Minh"]}
GIVEN_NAMES = {
    "m": ["Hùng", "Tuấn", "Dũng", "Bình", "Thắng", "Hải", "Phúc", "Long", "Sơn", "Cường"],
    "f": ["Lan", "Hương", "Mai", "Hòa", "Nga", "Thảo", "Hạnh", "Liên", "Yến", "Huyền"],
}
ROLES = [
    "Bí thư Chi bộ",
    "Trưởng thôn",
    "Chi hội trưởng Phụ nữ",
    "hội viên Hội Cựu chiến binh",
    "Công an viên",
    "Bí thư Chi đoàn",
    "nông dân sản xuất kinh doanh giỏi",
    "người có uy tín trong cộng đồng",
]
SLOGANS = ["Dân vận khéo", "Dân biết, dân bàn, dân làm, dân kiểm tra", "Ý Đảng hợp lòng dân", "Dân vận khéo"]


def person(rng):
    """A plausible Vietnamese full name with its honorific (ông / bà)."""
    sex = rng.choice("mf")
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_NAMES[sex])} {rng.choice(GIVEN_NAMES[sex])}"
    return ("ông " if sex == "m" else "bà ") + name, name


def practice_title(rng, *, field_code, kind, subject, place):
    """A registration title in the forms units use; about one in four carries the movement's name."""
    short, doing = rng.choice(THEMES[field_code])
    hamlet = rng.choice(HAMLETS)
    if kind == "exemplar" and subject == "individual":
        honorific, _name = person(rng)
        return f"Điển hình cá nhân {honorific}, {rng.choice(ROLES)} {hamlet}, {place} trong {doing}"
    if kind == "exemplar":
        return f"Điển hình tập thể {rng.choice(COLLECTIVES)} {hamlet}, {place} trong {doing}"
    if subject == "individual":
        honorific, _name = person(rng)
        return f"Mô hình “{short}” do {honorific} khởi xướng ở {hamlet}, {place}"
    form = rng.randrange(4)
    if form == 0:
        return f"Mô hình “Dân vận khéo” trong {doing} tại {place}"
    if form == 1:
        return f"Mô hình “{short}” ở {hamlet}, {place}"
    if form == 2:
        return f"{rng.choice(COLLECTIVES)} {hamlet} {doing[0].lower()}{doing[1:]}"
    return f"Mô hình “{rng.choice(SLOGANS)}” gắn với {short[0].lower()}{short[1:]}, {place}"


def practice_body(rng, *, field_code, title, place):
    """The registration's prose sections, short but in the shape of a real form."""
    _short, doing = rng.choice(THEMES[field_code])
    hamlet = rng.choice(HAMLETS)
    return {
        "summary": f"{title}. Cấp ủy, chính quyền và các đoàn thể {place} phối hợp {doing}, "
        f"phát huy vai trò chủ thể của nhân dân.",
        "situation": f"Trước khi có mô hình, việc {doing} ở {hamlet} còn gặp nhiều khó khăn; "
        "một bộ phận nhân dân chưa đồng thuận.",
        "goals": "Trên 90% hộ gia đình tham gia; hoàn thành các chỉ tiêu đề ra trong năm; duy trì thường xuyên.",
        "content": "Họp dân công khai, bàn bạc dân chủ; cán bộ, đảng viên gương mẫu đi đầu; "
        "vận động từng hộ, biểu dương kịp thời.",
        "area_beneficiaries": f"Nhân dân {hamlet}, {place}.",
        "leading_forces": "Ban Dân vận, Ủy ban Mặt trận Tổ quốc cấp xã",
        "coordinating_forces": "Các đoàn thể chính trị – xã hội, trưởng thôn, khu dân cư",
        "participating_forces": "Cán bộ, đảng viên, hội viên và nhân dân",
        "materials": rng.choice(
            ["Xi măng, cát, đá", "Cây giống, hoa", "Thiết bị camera, dây dẫn", "Sách, tủ sách", ""]
        ),
        "outputs": "Biên bản họp dân, danh sách hộ tham gia, hình ảnh trước và sau khi thực hiện.",
        "sustainability": "Mô hình do nhân dân tự quản, kinh phí thấp, dễ nhân rộng ra các thôn khác.",
    }


def practice_results(rng):
    """Results reported with a proposal: people, money, workdays and land mobilized."""
    people = rng.randrange(50, 3000)
    money = rng.randrange(10, 2000) * 1_000_000
    workdays = rng.randrange(50, 5000)
    land = rng.choice([0, 0, rng.randrange(50, 5000)])
    text = (
        f"Vận động {people:,} lượt người tham gia; huy động {money // 1_000_000:,} triệu đồng và {workdays:,} ngày công"
    )
    if land:
        text += f"; nhân dân hiến {land:,} m² đất"
    return {
        "people_reached": people,
        "money_mobilized_vnd": money,
        "workdays_mobilized": workdays,
        "land_donated_m2": land,
        "results": (text + ".").replace(",", "."),
    }
