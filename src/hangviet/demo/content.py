# ruff: noqa: E501 (data rows read best one per line)
"""The demo's facts and word lists: real communes of the new Vĩnh Long, fictional producers and products.

Commune codes and names are the national statistics office's (two-tier list, from 01/07/2025). Every
producer, person, tax code, bank account and GTIN here is invented; pages label them "Dữ liệu minh hoạ".
"""

from typing import NamedTuple

from hangviet.accounts.demo import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD"]  # with the rest of the demo's facts, for its builders and command

PROVINCE_CODE = "86"  # Vĩnh Long after the 2025 merger of Trà Vinh, Bến Tre and the old Vĩnh Long
DEMO_EMAIL_DOMAIN = "demo.hangviet.vn"
DEMO_LABEL = "Dữ liệu minh hoạ – không phải người bán thật."

# code → (name, former province); ~30 of former Trà Vinh, a few of Bến Tre and the old Vĩnh Long.
COMMUNES: dict[str, tuple[str, str]] = {
    "29242": ("Phường Trà Vinh", "Trà Vinh"),
    "29254": ("Phường Nguyệt Hóa", "Trà Vinh"),
    "29263": ("Phường Long Đức", "Trà Vinh"),
    "29398": ("Phường Hòa Thuận", "Trà Vinh"),
    "29266": ("Xã Càng Long", "Trà Vinh"),
    "29287": ("Xã Bình Phú", "Trà Vinh"),
    "29302": ("Xã Nhị Long", "Trà Vinh"),
    "29308": ("Xã Cầu Kè", "Trà Vinh"),
    "29317": ("Xã An Phú Tân", "Trà Vinh"),
    "29329": ("Xã Phong Thạnh", "Trà Vinh"),
    "29341": ("Xã Tiểu Cần", "Trà Vinh"),
    "29365": ("Xã Tập Ngãi", "Trà Vinh"),
    "29374": ("Xã Châu Thành", "Trà Vinh"),
    "29386": ("Xã Song Lộc", "Trà Vinh"),
    "29410": ("Xã Hòa Minh", "Trà Vinh"),
    "29413": ("Xã Long Hòa", "Trà Vinh"),
    "29416": ("Xã Cầu Ngang", "Trà Vinh"),
    "29419": ("Xã Mỹ Long", "Trà Vinh"),
    "29431": ("Xã Vinh Kim", "Trà Vinh"),
    "29446": ("Xã Nhị Trường", "Trà Vinh"),
    "29455": ("Xã Hiệp Mỹ", "Trà Vinh"),
    "29461": ("Xã Trà Cú", "Trà Vinh"),
    "29467": ("Xã Tập Sơn", "Trà Vinh"),
    "29489": ("Xã Hàm Giang", "Trà Vinh"),
    "29497": ("Xã Đôn Châu", "Trà Vinh"),
    "29512": ("Phường Duyên Hải", "Trà Vinh"),
    "29516": ("Phường Trường Long Hòa", "Trà Vinh"),
    "29530": ("Xã Ngũ Lạc", "Trà Vinh"),
    "29536": ("Xã Đông Hải", "Trà Vinh"),
    "28789": ("Phường Bến Tre", "Bến Tre"),
    "28870": ("Xã Chợ Lách", "Bến Tre"),
    "28903": ("Xã Mỏ Cày", "Bến Tre"),
    "29110": ("Xã Ba Tri", "Bến Tre"),
    "29551": ("Phường Long Châu", "Vĩnh Long"),
    "29584": ("Xã An Bình", "Vĩnh Long"),
    "29719": ("Xã Tam Bình", "Vĩnh Long"),
    "29771": ("Phường Bình Minh", "Vĩnh Long"),
    "29821": ("Xã Trà Ôn", "Vĩnh Long"),
}

# Real Vietnamese banks' NAPAS BINs (VietQR); the account numbers made with them are fake.
BANK_BINS = ("970436", "970405", "970415", "970418", "970422", "970407", "970432")


class Option(NamedTuple):
    unit: str
    net_quantity: str
    price_vnd: int


class Family(NamedTuple):
    """A kind of product a producer makes: its category, names, pack options, story, where it is made."""

    key: str
    category: str  # catalog Category.code
    sector: str  # as in a producer's name: "HTX Mật hoa dừa Cầu Ngang"
    items: tuple[str, ...]
    options: tuple[Option, ...]
    story: str
    communes: tuple[str, ...]


def _o(*rows: tuple[str, str, int]) -> tuple[Option, ...]:
    return tuple(Option(*row) for row in rows)


FAMILIES: tuple[Family, ...] = (
    Family(
        "mat-hoa-dua", "I.2.2", "Mật hoa dừa",
        ("Mật hoa dừa nguyên chất", "Mật hoa dừa hữu cơ", "Đường hoa dừa dạng hạt", "Mật hoa dừa cô đặc"),
        _o(("chai", "250 ml", 85000), ("chai", "500 ml", 150000), ("hũ", "350 g", 120000), ("gói", "250 g", 95000)),
        "Nhựa hoa dừa được thu hoạch mỗi sáng, cô đặc ở nhiệt độ thấp, không chất bảo quản; "
        "chỉ số đường huyết thấp, hợp cho người ăn kiêng.",
        ("29416", "29419", "29413", "29410", "29374"),
    ),
    Family(
        "dua-sap", "I.1.1", "Dừa sáp",
        ("Dừa sáp Cầu Kè", "Dừa sáp ruột dẻo", "Dừa xiêm xanh", "Dừa sáp cấy mô"),
        _o(("trái", "1 trái ~1,2 kg", 150000), ("trái", "1 trái ~1,5 kg", 185000), ("hộp", "4 trái", 620000)),
        "Dừa sáp đặc sản với cơm dừa dày, dẻo, nước sệt như sữa; trồng trên đất giồng cát, chăm sóc "
        "theo hướng hữu cơ.",
        ("29308", "29317", "29329"),
    ),
    Family(
        "gao", "I.2.1", "Lúa gạo",
        ("Gạo ST25", "Gạo thơm Hòa Minh", "Gạo hữu cơ Cầu Kè", "Gạo lứt đỏ", "Gạo Đài thơm 8", "Gạo nếp cái hoa vàng"),
        _o(("túi", "2 kg", 72000), ("túi", "5 kg", 165000), ("túi", "10 kg", 310000)),
        "Lúa trồng theo chuỗi liên kết, bón phân hữu cơ, xay xát mới trong ngày; hạt gạo dẻo, thơm nhẹ.",
        ("29410", "29431", "29266", "29287", "29341", "29821"),
    ),
    Family(
        "kho-ca", "I.3.4", "Thủy sản",
        ("Khô cá lóc", "Khô cá sặc rằn", "Khô cá kèo", "Khô cá dứa một nắng", "Tôm khô", "Khô mực"),
        _o(("gói", "200 g", 95000), ("gói", "500 g", 220000), ("kg", "1 kg", 420000)),
        "Cá tươi làm sạch, ướp muối vừa ăn, phơi nắng tự nhiên trên giàn cao; đóng gói hút chân không.",
        ("29512", "29516", "29536", "29530", "29497"),
    ),
    Family(
        "nuoc-mam", "I.4.1", "Nước mắm",
        ("Nước mắm cá cơm", "Nước mắm nhĩ", "Nước chấm tỏi ớt", "Mắm ruốc", "Mắm tôm chua"),
        _o(("chai", "500 ml", 65000), ("chai", "1 lít", 115000), ("hũ", "300 g", 60000)),
        "Ủ chượp trong thùng gỗ từ 12 đến 18 tháng theo cách truyền thống vùng biển Duyên Hải.",
        ("29512", "29516", "29536", "29110"),
    ),
    Family(
        "banh-tet", "I.3.2", "Bánh tét",
        ("Bánh tét Trà Cuôn nhân đậu thịt", "Bánh tét Trà Cuôn lá cẩm", "Bánh tét chuối", "Bánh tét nhân trứng muối"),
        _o(("đòn", "1 đòn ~1 kg", 120000), ("đòn", "1 đòn ~1,5 kg", 170000), ("hộp", "2 đòn", 230000)),
        "Làm theo công thức làng nghề Trà Cuôn: nếp dẻo, nhân đậu xanh, thịt ba rọi, trứng muối, "
        "gói lá chuối và nấu 8 tiếng.",
        ("29416", "29455", "29446"),
    ),
    Family(
        "banh-canh", "I.3.2", "Bánh canh",
        ("Bánh canh Bến Có khô", "Bánh tráng dừa", "Cốm dẹp", "Bánh phồng tôm", "Bún khô gạo lứt"),
        _o(("gói", "500 g", 45000), ("gói", "1 kg", 85000), ("túi", "5 gói 500 g", 210000)),
        "Bột gạo xay nước, tráng và cắt sợi thủ công, phơi khô; nấu nhanh, sợi dai mềm.",
        ("29254", "29374", "29263", "29461"),
    ),
    Family(
        "keo-dua", "I.3.3", "Kẹo dừa",
        ("Kẹo dừa sầu riêng", "Kẹo dừa lá dứa", "Kẹo dừa đậu phộng", "Mứt dừa non", "Cơm dừa sấy giòn", "Chuối sấy dẻo"),
        _o(("gói", "250 g", 35000), ("hộp", "400 g", 62000), ("túi", "500 g", 78000)),
        "Nấu từ nước cốt dừa tươi và mạch nha, không phẩm màu; vị béo, thơm, ngọt dịu.",
        ("28903", "28789", "29308", "29341"),
    ),
    Family(
        "dau-dua", "III.2", "Dầu dừa",
        ("Dầu dừa nguyên chất ép lạnh", "Dầu gội bồ kết dầu dừa", "Xà phòng dừa thảo mộc", "Dầu dừa dưỡng tóc"),
        _o(("chai", "100 ml", 75000), ("chai", "250 ml", 140000), ("hộp", "3 bánh 100 g", 90000)),
        "Cơm dừa tươi ép lạnh, lắng lọc tự nhiên; dùng dưỡng da, dưỡng tóc, nấu ăn.",
        ("29308", "28903", "29365"),
    ),
    Family(
        "trai-cay", "I.1.1", "Trái cây",
        ("Bưởi da xanh", "Bưởi Năm Roi", "Chuối xiêm", "Cam sành Tam Bình", "Xoài cát Hòa Lộc", "Chôm chôm Java"),
        _o(("kg", "1 kg", 45000), ("trái", "1 trái ~1,5 kg", 70000), ("hộp", "3 kg", 150000)),
        "Trái cây vườn theo tiêu chuẩn VietGAP, thu hoạch đúng độ chín, giao trong ngày.",
        ("29771", "29719", "29821", "28870", "29341", "29302"),
    ),
    Family(
        "hai-san", "I.1.2", "Thủy sản tươi",
        ("Cua biển Duyên Hải", "Tôm sú sinh thái", "Nghêu Đông Hải", "Sò huyết", "Cá lóc đồng"),
        _o(("kg", "1 kg", 360000), ("khay", "500 g", 185000)),
        "Nuôi sinh thái dưới tán rừng đước ven biển, đánh bắt và giao lạnh trong ngày.",
        ("29512", "29536", "29530", "29516"),
    ),
    Family(
        "an-nhanh", "I.3.1", "Thực phẩm",
        ("Chả giò tôm", "Chả cá thác lác", "Lạp xưởng tôm", "Nem chua", "Chà bông cá lóc"),
        _o(("gói", "500 g", 88000), ("khay", "300 g", 55000)),
        "Chế biến trong cơ sở đạt chứng nhận an toàn thực phẩm; cấp đông nhanh, tiện chế biến.",
        ("29242", "29398", "29263", "29551"),
    ),
    Family(
        "gia-vi", "I.4.2", "Gia vị",
        ("Muối tôm", "Bột nghệ nguyên chất", "Tiêu xanh muối", "Sả ớt sấy", "Muối ớt xanh"),
        _o(("hũ", "100 g", 35000), ("hũ", "200 g", 60000), ("gói", "500 g", 92000)),
        "Nguyên liệu trồng tại địa phương, sơ chế và sấy ở nhiệt độ thấp để giữ hương vị.",
        ("29461", "29467", "29489", "29374"),
    ),
    Family(
        "tra", "I.5.2", "Trà thảo dược",
        ("Trà mãng cầu xiêm", "Trà khổ qua rừng", "Trà hoa đậu biếc", "Trà lá sen", "Trà gạo lứt", "Trà xanh"),
        _o(("hộp", "20 túi lọc", 55000), ("gói", "200 g", 78000)),
        "Thảo mộc thu hái tại vườn, sao khô bằng tay, đóng gói túi lọc tiện dùng.",
        ("29341", "29365", "29386", "29308"),
    ),
    Family(
        "ca-phe", "I.6", "Cà phê ca cao",
        ("Cà phê rang xay", "Ca cao nguyên chất", "Socola ca cao Bến Tre", "Cà phê dừa hòa tan"),
        _o(("gói", "250 g", 82000), ("gói", "500 g", 155000), ("hộp", "10 gói", 95000)),
        "Hạt chọn lọc, lên men và rang mộc; hương thơm tự nhiên, không pha tạp.",
        ("28789", "29242", "29551"),
    ),
    Family(
        "mat-ong", "I.2.2", "Mật ong",
        ("Mật ong hoa dừa", "Mật ong rừng tràm", "Mật ong hoa nhãn"),
        _o(("chai", "500 ml", 180000), ("hũ", "250 g", 110000)),
        "Mật ong nuôi ven vườn dừa, quay mật đúng độ già, không pha đường.",
        ("29413", "29266", "29302"),
    ),
    Family(
        "ruou", "II.1.1", "Rượu",
        ("Rượu nếp", "Rượu dừa", "Rượu nếp cẩm", "Rượu gạo truyền thống"),
        _o(("chai", "500 ml", 90000), ("chai", "750 ml", 150000), ("hộp", "2 chai 500 ml", 200000)),
        "Nấu từ nếp địa phương với men lá gia truyền, chưng cất hai lần, hạ thổ trên 6 tháng.",
        ("29461", "29467", "29821"),
    ),
    Family(
        "vang", "II.1.2", "Rượu vang",
        ("Rượu vang thốt nốt", "Rượu mật hoa dừa lên men", "Rượu vang trái giác"),
        _o(("chai", "750 ml", 185000), ("chai", "375 ml", 105000)),
        "Lên men tự nhiên từ nguyên liệu địa phương, ủ chậm trong chum sành.",
        ("29461", "29489"),
    ),
    Family(
        "nuoc-uong", "II.2.1", "Nước uống",
        ("Nước uống đóng chai tinh khiết", "Nước khoáng kiềm"),
        _o(("chai", "500 ml", 6000), ("chai", "1,5 lít", 12000)),
        "Nước được lọc thẩm thấu ngược và tiệt trùng bằng tia UV, đóng chai tự động.",
        ("29242", "29263"),
    ),
    Family(
        "nuoc-dua", "II.2.2", "Nước giải khát",
        ("Nước dừa tươi", "Nước thốt nốt", "Sữa dừa", "Nước ép bưởi", "Trà sữa dừa"),
        _o(("lon", "330 ml", 15000), ("chai", "250 ml", 18000), ("hộp", "6 chai 250 ml", 100000)),
        "Ép từ trái tươi, thanh trùng nhanh, không thêm đường hoá học.",
        ("29308", "29416", "29461", "28789"),
    ),
    Family(
        "duoc-lieu", "III.1", "Dược liệu",
        ("Viên nghệ mật ong", "Tinh bột nghệ", "Cao mãng cầu xiêm", "Trà an thần lá vông"),
        _o(("hũ", "100 g", 150000), ("hộp", "60 viên", 180000)),
        "Dược liệu trồng theo hướng hữu cơ, chế biến tại cơ sở đạt chuẩn; dùng hỗ trợ sức khoẻ.",
        ("29365", "29341", "29386"),
    ),
    Family(
        "tinh-dau", "III.3", "Tinh dầu",
        ("Tinh dầu sả chanh", "Tinh dầu tràm", "Tinh dầu vỏ bưởi", "Tinh dầu quế"),
        _o(("chai", "10 ml", 45000), ("chai", "50 ml", 150000)),
        "Chưng cất hơi nước từ nguyên liệu tươi, nguyên chất 100%, không pha dung môi.",
        ("29386", "29365", "29719"),
    ),
    Family(
        "luc-binh", "IV.1", "Thủ công mỹ nghệ",
        ("Giỏ lục bình", "Thảm lục bình", "Hộp đựng đồ lục bình", "Chén gáo dừa", "Muỗng gỗ dừa",
         "Đèn ngủ gáo dừa", "Túi xách cói", "Chậu gáo dừa trồng cây"),
        _o(("cái", "Cỡ vừa", 150000), ("cái", "Cỡ lớn", 260000), ("bộ", "Bộ 3 cái", 390000)),
        "Đan tay từ lục bình phơi khô và gáo dừa già, xử lý chống mốc tự nhiên; mỗi món là một sản "
        "phẩm riêng.",
        ("29374", "29416", "29302", "29446", "28903"),
    ),
    Family(
        "det", "IV.2", "Dệt thổ cẩm",
        ("Khăn rằn", "Khăn choàng thổ cẩm Khmer", "Túi thổ cẩm", "Xà rông thổ cẩm"),
        _o(("cái", "80 × 180 cm", 125000), ("bộ", "Bộ 2 cái", 230000)),
        "Dệt tay trên khung gỗ theo hoa văn truyền thống của đồng bào Khmer.",
        ("29461", "29467", "29489", "29497"),
    ),
    Family(
        "hoa", "V.1", "Hoa kiểng",
        ("Hoa lan mokara", "Hoa cúc mâm xôi", "Hoa giấy ghép nhiều màu"),
        _o(("chậu", "Chậu 20 cm", 120000), ("bó", "10 cành", 90000)),
        "Hoa trồng tại làng hoa kiểng, chăm tưới thủ công, giao cả chậu.",
        ("28870", "29551", "29242"),
    ),
    Family(
        "cay-canh", "V.2", "Cây cảnh",
        ("Mai vàng", "Bonsai sam hương", "Cây dừa cảnh mini", "Tùng la hán", "Kiểng lá văn phòng"),
        _o(("chậu", "Cao 40–50 cm", 350000), ("chậu", "Cao 80 cm", 1200000)),
        "Cây ươm và uốn tạo dáng nhiều năm tại vườn kiểng truyền thống.",
        ("28870", "29551", "29584"),
    ),
    Family(
        "ca-canh", "V.3", "Cá cảnh",
        ("Cá ba đuôi", "Cá chép Koi", "Cá bảy màu"),
        _o(("bộ", "1 cặp", 90000), ("bộ", "5 con", 200000)),
        "Cá giống khoẻ, thuần nước, đóng túi oxy khi giao.",
        ("28870", "29584"),
    ),
    Family(
        "du-lich", "VI", "Du lịch sinh thái",
        ("Vé tham quan Cồn Chim", "Tour sinh thái cù lao An Bình", "Vé khu du lịch biển Ba Động",
         "Tour miệt vườn Chợ Lách", "Trải nghiệm làm mật hoa dừa", "Homestay rừng đước"),
        _o(("vé", "Người lớn", 50000), ("vé", "Trọn gói 1 ngày", 350000)),
        "Trải nghiệm đời sống miệt vườn, chèo xuồng, thưởng thức đặc sản cùng người dân địa phương.",
        ("29410", "29584", "29516", "28870"),
    ),
)  # fmt: skip

# Families that won the higher stars in the province (used to place 4★ and 5★ certificates).
STAR_FAMILIES = ("mat-hoa-dua", "dua-sap", "gao", "banh-tet", "keo-dua", "dau-dua", "du-lich", "nuoc-mam")

# Producers (fictional). Each row: kind, main family, optional second family, a short name part.
COOPERATIVE_WORDS = (
    "Thành Công", "Tân Tiến", "Phước Hưng", "Hòa Lợi", "Quyết Thắng", "Đồng Tâm", "Hiệp Thành", "Long Phú",
    "Tấn Phát", "An Thịnh", "Phú Lộc", "Mỹ Hòa", "Hưng Thịnh", "Kim Sơn", "Đại Phước", "Vĩnh Hưng",
)  # fmt: skip
ENTERPRISE_BRANDS = (
    "Dừa Xanh Mekong", "Hương Quê Cửu Long", "Sông Hậu Xanh", "Nông Sản Ba Động", "Giồng Cát Việt",
    "Miệt Vườn Foods", "Cù Lao Xanh", "Phù Sa Việt", "Lúa Vàng Tây Nam", "Biển Đông Hải", "Rạch Lọp",
    "Ngọc Dừa", "Mekong Craft", "Vàm Cỏ Chiên",
)  # fmt: skip
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Thạch", "Kim", "Sơn", "Lâm", "Dương", "Triệu")
MIDDLE_NAMES = ("Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hoàng", "Thị Kim", "Hữu")
GIVEN_NAMES = (
    "Hiền", "Lợi", "Mai", "Phúc", "Sa Rết", "Sóc Khanh", "Hoa", "Tâm", "Nhân", "Thảo", "Phương", "Sang",
    "Kiệt", "Dũng", "Chanh Đa", "Sô Phal", "Hạnh", "Trung", "Lành", "Tuấn",
)  # fmt: skip
NICKNAMES = ("Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Út", "Hai", "Ba")
STREETS = ("Ấp Chợ", "Ấp Giồng Lớn", "Ấp Bến Có", "Ấp Cây Da", "Khóm 3", "Ấp Sóc Ruộng", "Ấp Rạch Bàng",
           "Đường Nguyễn Đáng", "Đường Phạm Ngũ Lão", "Ấp Trà Cuôn", "Ấp Ô Chích", "Ấp Long Hậu")  # fmt: skip

# kind → how many demo producers of that kind
SELLER_COUNTS = {"cooperative": 22, "enterprise": 14, "household": 20, "individual": 8}
PENDING_SELLERS = 4  # the last producers in the list wait for verification
REJECTION_REASON = (
    "Mã số thuế không khớp với giấy chứng nhận đăng ký hộ kinh doanh; vui lòng tải lên bản chụp mới."
)
PRODUCTS_PER_SELLER = 15
# the seed report: "49 enterprises with 663 product types" on the platform at the end of 2022
PRODUCTS_ON_SALE_END_2022 = 663
