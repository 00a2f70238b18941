"""The seed report's 2022 trade-promotion year recreated (deterministic, idempotent, bulk-written).

2022 (from the steering committee's report): the OCOP fair (270 booths, 120 units), the Ok Om Bok
festival fair (300 booths, 116 units), 2 rural market sessions (22 enterprises, 60 booths each), 6
trade-connection trips with 32 MoUs, 3 OCOP showrooms with ~200 products on display, a training series
with > 1,000 attendees, 2 contests. Plus, for the current year: an upcoming fair open for applications
and open buy requests with offers. Built on the foundation's demo sellers and products when present;
units that are not on the platform are entered as outside organisations.
"""

import datetime
import random
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from hangviet.accounts.models import User
from hangviet.catalog.models import Category, Product
from hangviet.core.models import Commune, Province
from hangviet.promotion import queries
from hangviet.promotion.models import (
    Booth,
    BoothApplication,
    BuyRequest,
    ConsignmentLine,
    ConsignmentReceipt,
    Contest,
    ContestEntry,
    Fair,
    Mou,
    NewsPost,
    Offer,
    Showroom,
    ShowroomItem,
    ShowroomSale,
    ShowroomSaleLine,
    ShowroomStockMove,
    SupplierCertification,
    SupplierMatch,
    TrainingSession,
    Trip,
    TripParticipant,
)
from hangviet.sellers.models import Seller

SEED = 2022
TZ = datetime.timezone(datetime.timedelta(hours=7))
OFFICER_EMAIL = "officer@demo.hangviet.vn"
BUYER_EMAIL = "buyer@demo.hangviet.vn"
DEMO_PASSWORD = "demo-hangviet-2026"  # noqa: S105 (the documented demo password of hangviet.demo)
ORGANISER = "Sở Công Thương tỉnh Trà Vinh"

# (slug, kind, name, programme, venue, commune code, start, days, rows, columns, units, 3-booth units)
FAIRS_2022 = (
    (
        "hoi-cho-ocop-tra-vinh-2022",
        Fair.Kind.FAIR,
        "Hội chợ triển lãm thương mại sản phẩm Công nghiệp nông thôn – OCOP Trà Vinh năm 2022",
        "Chuỗi sự kiện chào mừng kỷ niệm 30 năm tái lập tỉnh Trà Vinh",
        "Quảng trường Trung tâm tỉnh",
        "29242",
        datetime.date(2022, 5, 6),
        7,
        15,
        18,
        120,
        30,
    ),
    (
        "hoi-cho-ok-om-bok-2022",
        Fair.Kind.FAIR,
        "Hội chợ Xúc tiến thương mại và Công nghiệp nông thôn gắn với Lễ hội Ok Om Bok năm 2022",
        "Lễ hội Ok Om Bok năm 2022",
        "Khu di tích Ao Bà Om",
        "29254",
        datetime.date(2022, 11, 4),
        7,
        15,
        20,
        116,
        68,
    ),
    (
        "phien-cho-truong-long-hoa-2022",
        Fair.Kind.MARKET_SESSION,
        "Phiên chợ đưa hàng Việt về nông thôn – xã Trường Long Hòa",
        "Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
        "Chợ Trường Long Hòa",
        "29516",
        datetime.date(2022, 9, 16),
        3,
        5,
        12,
        22,
        16,
    ),
    (
        "phien-cho-ngu-lac-2022",
        Fair.Kind.MARKET_SESSION,
        "Phiên chợ đưa hàng Việt về nông thôn – xã Ngũ Lạc",
        "Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
        "Sân UBND xã Ngũ Lạc",
        "29530",
        datetime.date(2022, 10, 21),
        3,
        5,
        12,
        22,
        16,
    ),
)

OUTSIDE_KINDS = ("Cơ sở", "Hộ kinh doanh", "HTX", "Công ty TNHH", "Doanh nghiệp tư nhân")
OUTSIDE_TRADES = (
    "bánh tét",
    "bánh pía",
    "mật ong",
    "nước mắm",
    "khô cá",
    "chiếu",
    "gốm",
    "đan lát lục bình",
    "trà mãng cầu",
    "rượu nếp",
    "kẹo dừa",
    "tôm khô",
    "cốm dẹp",
    "mắm",
    "dầu dừa",
    "sơ ri",
)
OUTSIDE_PLACES = (
    "Cầu Kè",
    "Tiểu Cần",
    "Càng Long",
    "Châu Thành",
    "Trà Cú",
    "Duyên Hải",
    "Cầu Ngang",
    "Bến Tre",
    "Vĩnh Long",
    "Sóc Trăng",
    "Cần Thơ",
    "Tiền Giang",
)

TRIPS_2022 = (
    (
        "ket-noi-cung-cau-tp-hcm-2022",
        "Kết nối cung cầu hàng hóa giữa TP. Hồ Chí Minh và các tỉnh ĐBSCL năm 2022",
        "TP. Hồ Chí Minh",
        "79",
        datetime.date(2022, 3, 24),
        3,
        6,
    ),
    (
        "ket-noi-giao-thuong-ha-noi-2022",
        "Kết nối giao thương nông sản, OCOP tại Hà Nội",
        "Hà Nội",
        "01",
        datetime.date(2022, 6, 16),
        4,
        5,
    ),
    (
        "ket-noi-can-tho-2022",
        "Hội nghị kết nối cung cầu vùng ĐBSCL tại Cần Thơ",
        "Cần Thơ",
        "92",
        datetime.date(2022, 7, 28),
        2,
        5,
    ),
    (
        "ket-noi-da-nang-2022",
        "Kết nối giao thương miền Trung – Tây Nam Bộ tại Đà Nẵng",
        "Đà Nẵng",
        "48",
        datetime.date(2022, 8, 25),
        3,
        6,
    ),
    (
        "ket-noi-sieu-thi-2022",
        "Đưa sản phẩm OCOP vào hệ thống siêu thị",
        "TP. Hồ Chí Minh",
        "79",
        datetime.date(2022, 10, 6),
        2,
        5,
    ),
    (
        "ket-noi-xuat-khau-2022",
        "Kết nối doanh nghiệp xuất khẩu nông sản",
        "An Giang",
        "91",
        datetime.date(2022, 12, 8),
        2,
        5,
    ),
)
BUYERS = (
    "Liên hiệp HTX Thương mại TP.HCM (Saigon Co.op)",
    "Bách hoá Xanh",
    "Central Retail Việt Nam (GO!, Big C)",
    "MM Mega Market Việt Nam",
    "Lotte Mart Việt Nam",
    "Công ty CP XNK Nông sản Mekong",
    "Satra",
    "Công ty TNHH Thực phẩm sạch Hà Nội",
    "Emart Việt Nam",
    "Công ty CP Vinacapital Foods",
)

SHOWROOMS = (
    (
        "cua-hang-ocop-con-chim",
        "Cửa hàng giới thiệu sản phẩm OCOP Cồn Chim",
        "Điểm du lịch Cồn Chim",
        "Ấp Cồn Chim",
        "29410",
        70,
    ),
    (
        "cua-hang-ocop-ba-dong",
        "Cửa hàng giới thiệu sản phẩm OCOP Ba Động",
        "Khu du lịch biển Ba Động",
        "Đường ven biển Ba Động",
        "29516",
        65,
    ),
    (
        "cua-hang-ocop-ao-ba-om",
        "Cửa hàng giới thiệu sản phẩm OCOP Ao Bà Om",
        "Khu di tích Ao Bà Om",
        "Quốc lộ 53, Khóm 4",
        "29254",
        65,
    ),
)


class _Report:
    def __init__(self, stdout: TextIO | None) -> None:
        self.stdout = stdout
        self.created: dict[str, int] = {}

    def add(self, what: str, n: int) -> None:
        if n:
            self.created[what] = self.created.get(what, 0) + n


def _aware(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _commune(code: str) -> Commune | None:
    return (
        Commune.objects.filter(pk=code).first()
        or Commune.objects.filter(province_id="86").order_by("pk").first()
        or Commune.objects.order_by("pk").first()
    )


def _verified_sellers() -> list[Seller]:
    return list(Seller.objects.filter(status=Seller.Status.VERIFIED).order_by("-is_demo", "pk"))


def _products_by_seller(sellers: list[Seller]) -> dict[int, list[Product]]:
    found: dict[int, list[Product]] = {}
    for product in Product.objects.filter(seller__in=sellers, status=Product.Status.ACTIVE).order_by(
        "-ocop_stars", "pk"
    ):
        found.setdefault(product.seller_id, []).append(product)
    return found


def _outside_name(n: int) -> str:
    kind = OUTSIDE_KINDS[n % len(OUTSIDE_KINDS)]
    trade = OUTSIDE_TRADES[(n // len(OUTSIDE_KINDS)) % len(OUTSIDE_TRADES)]
    place = OUTSIDE_PLACES[(n * 7) % len(OUTSIDE_PLACES)]
    return f"{kind} {trade} {place} ({n + 1:03d})"


def _fairs(
    officer: User | None, sellers: list[Seller], products: dict[int, list[Product]], r: _Report
) -> None:
    rng = random.Random(SEED)  # noqa: S311 (demo data, not secrets)
    for slug, kind, name, programme, venue, code, start, days, rows, cols, units, threes in FAIRS_2022:
        if Fair.objects.filter(slug=slug).exists():
            continue
        commune = _commune(code)
        if commune is None:
            return
        fair = Fair.objects.create(
            slug=slug,
            kind=kind,
            name=name,
            organiser=ORGANISER,
            programme=programme,
            venue=venue,
            province_id=commune.province_id,
            commune=commune,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=days - 1),
            applications_open_on=start - datetime.timedelta(days=60),
            applications_close_on=start - datetime.timedelta(days=10),
            fee_rules="Gian tiêu chuẩn 3×3 m: 2.000.000 đồng; gian cao cấp: 3.500.000 đồng; "
            "khu OCOP: miễn phí cho sản phẩm đạt 3 sao trở lên.",
            created_by=officer,
        )
        wanted = [3] * threes + [2] * (units - threes)
        assert sum(wanted) == rows * cols, (slug, sum(wanted), rows * cols)
        on_platform = sellers[: min(len(sellers), units - units // 4)]  # a quarter always from outside
        apps = []
        for i in range(units):
            seller = on_platform[i] if i < len(on_platform) else None
            decided = _aware(start - datetime.timedelta(days=8))
            apps.append(
                BoothApplication(
                    fair=fair,
                    seller=seller,
                    organisation_name=seller.trading_name if seller else _outside_name(i + len(slug)),
                    booths_wanted=wanted[i],
                    status=BoothApplication.Status.APPROVED,
                    decided_by=officer,
                    decided_at=decided,
                    applied_by=officer,
                    visitors=rng.randint(150, 2500),
                    sales_vnd=rng.randint(30, 900) * 100_000,
                    booth_kind=Booth.Kind.OCOP
                    if seller and products.get(seller.pk, [None])[0] and products[seller.pk][0].ocop_stars
                    else Booth.Kind.STANDARD,
                )
            )
        apps = BoothApplication.objects.bulk_create(apps)
        booths, owner = [], [a for a in apps for _n in range(a.booths_wanted)]
        for n in range(rows * cols):
            row, col = divmod(n, cols)
            booth_kind = (
                Booth.Kind.OCOP if row < 2 else Booth.Kind.PREMIUM if row < 4 else Booth.Kind.STANDARD
            )
            price = {Booth.Kind.OCOP: 0, Booth.Kind.PREMIUM: 3_500_000, Booth.Kind.STANDARD: 2_000_000}[
                booth_kind
            ]
            booths.append(
                Booth(
                    fair=fair,
                    code=f"{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[row]}{col + 1:02d}",
                    kind=booth_kind,
                    row=row + 1,
                    column=col + 1,
                    price_vnd=price,
                    application=owner[n],
                    assigned_at=owner[n].decided_at,
                )
            )
        Booth.objects.bulk_create(booths)
        through = BoothApplication.products.through
        through.objects.bulk_create(
            through(boothapplication_id=a.pk, product_id=p.pk)
            for a in apps
            if a.seller_id
            for p in products.get(a.seller_id, [])[:3]
        )
        r.add("fairs", 1)
        r.add("booths", len(booths))
        r.add("booth applications", len(apps))


def _upcoming_fair(officer: User | None, r: _Report, today: datetime.date) -> None:
    """This year's fair, open for applications, with a free booth map (for trying the application flow)."""
    slug = f"hoi-cho-ocop-vinh-long-{today.year}"
    if Fair.objects.filter(slug=slug).exists():
        return
    commune = _commune("29242")
    if commune is None:
        return
    start = today + datetime.timedelta(days=45)
    fair = Fair.objects.create(
        slug=slug,
        kind=Fair.Kind.FAIR,
        name=f"Hội chợ OCOP và hàng Việt Vĩnh Long năm {today.year}",
        organiser="Sở Công Thương tỉnh Vĩnh Long",
        programme="Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
        venue="Quảng trường Trung tâm",
        province_id=commune.province_id,
        commune=commune,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=4),
        applications_open_on=today - datetime.timedelta(days=7),
        applications_close_on=today + datetime.timedelta(days=30),
        fee_rules="Gian tiêu chuẩn 3×3 m: 2.000.000 đồng.",
        created_by=officer,
    )
    Booth.objects.bulk_create(
        Booth(
            fair=fair,
            code=f"{'ABCDE'[row]}{col + 1:02d}",
            row=row + 1,
            column=col + 1,
            price_vnd=2_000_000,
            kind=Booth.Kind.OCOP if row == 0 else Booth.Kind.STANDARD,
        )
        for row in range(5)
        for col in range(12)
    )
    r.add("fairs", 1)
    r.add("booths", 60)


def _trips(
    officer: User | None, sellers: list[Seller], products: dict[int, list[Product]], r: _Report
) -> None:
    rng = random.Random(SEED + 1)  # noqa: S311 (demo data, not secrets)
    statuses = (
        [Mou.Status.COMPLETED] * 3 + [Mou.Status.IN_EXECUTION] * 2 + [Mou.Status.SIGNED, Mou.Status.LAPSED]
    )
    supplier_pool = sellers or [None]  # type: ignore[list-item]
    k = 0
    for t, (slug, name, destination, province, start, days, mou_count) in enumerate(TRIPS_2022):
        if Trip.objects.filter(slug=slug).exists():
            continue
        trip = Trip.objects.create(
            slug=slug,
            name=name,
            organiser=ORGANISER,
            destination=destination,
            partner_province=Province.objects.filter(pk=province).first(),
            starts_on=start,
            ends_on=start + datetime.timedelta(days=days - 1),
            meetings_held=days * 2,
            description="Chuyến kết nối giao thương giữa nhà cung cấp vùng đồng bằng sông Cửu Long với các "
            "doanh nghiệp phân phối trong và ngoài tỉnh.",
        )
        suppliers = [supplier_pool[(t * 5 + i) % len(supplier_pool)] for i in range(mou_count)]
        buyers = [BUYERS[(t * 3 + i) % len(BUYERS)] for i in range(3)]
        participants = [
            TripParticipant(
                trip=trip,
                role="supplier",
                seller=s,
                organisation_name=s.trading_name if s else _outside_name(t * 10 + i),
            )
            for i, s in enumerate(dict.fromkeys(suppliers))
        ] + [
            TripParticipant(
                trip=trip,
                role="buyer",
                organisation_name=b,
                contact_name="Phòng thu mua",
                contact_email=f"thumua{j + 1}@example.vn",
            )
            for j, b in enumerate(buyers)
        ]
        TripParticipant.objects.bulk_create(participants)
        mous = []
        for i, supplier in enumerate(suppliers):
            goods = products.get(supplier.pk, []) if supplier else []
            mous.append(
                Mou(
                    trip=trip,
                    supplier=supplier,
                    supplier_name=supplier.legal_name if supplier else _outside_name(t * 10 + i),
                    buyer_name=buyers[i % len(buyers)],
                    products=goods[0].name if goods else "Nông sản, sản phẩm OCOP",
                    volume=f"{rng.randint(2, 60)} tấn/năm",
                    value_vnd=rng.randint(5, 120) * 10_000_000,
                    signed_on=start + datetime.timedelta(days=min(i % days, days - 1)),
                    status=statuses[k % len(statuses)],
                )
            )
            k += 1
        Mou.objects.bulk_create(mous)
        r.add("trips", 1)
        r.add("MoUs", len(mous))


def _showrooms(
    officer: User | None, sellers: list[Seller], products: dict[int, list[Product]], r: _Report
) -> None:
    rng = random.Random(SEED + 2)  # noqa: S311 (demo data, not secrets)
    pool = [p for s in sellers for p in products.get(s.pk, [])]
    pool.sort(key=lambda p: (-p.ocop_stars, p.pk))
    offset = 0
    for slug, name, site, street, code, wanted in SHOWROOMS:
        if Showroom.objects.filter(slug=slug).exists():
            offset += wanted
            continue
        commune = _commune(code)
        if commune is None:
            return
        showroom = Showroom.objects.create(
            slug=slug,
            name=name,
            site=site,
            street=street,
            commune=commune,
            opening_hours="7:00–21:00 hằng ngày",
            commission_bp=1000,
            bank_bin="970415",
            bank_account="0011001932418",
            opened_on=datetime.date(2022, 9, 1),
        )
        if officer:
            showroom.staff.add(officer)
        chosen = [pool[(offset + i) % len(pool)] for i in range(min(wanted, len(pool)))] if pool else []
        chosen = list({p.pk: p for p in chosen}.values())
        offset += wanted
        received_on = datetime.date(2022, 9, 1)
        by_seller: dict[int, list[Product]] = {}
        for p in chosen:
            by_seller.setdefault(p.seller_id, []).append(p)
        receipts = ConsignmentReceipt.objects.bulk_create(
            ConsignmentReceipt(
                showroom=showroom,
                seller_id=sid,
                number=f"NK-{slug[-8:]}-{sid}",
                received_on=received_on,
                received_by=officer,
                note="Nhận hàng khai trương cửa hàng",
            )
            for sid in by_seller
        )
        receipt_of = {rc.seller_id: rc for rc in receipts}
        quantities = {p.pk: rng.randint(12, 40) for p in chosen}
        ConsignmentLine.objects.bulk_create(
            ConsignmentLine(receipt=receipt_of[p.seller_id], product=p, quantity=quantities[p.pk])
            for p in chosen
        )
        moves = [
            ShowroomStockMove(
                showroom=showroom,
                product=p,
                kind="receive",
                delta=quantities[p.pk],
                quantity_after=quantities[p.pk],
                receipt=receipt_of[p.seller_id],
                actor=officer,
                created_at=_aware(received_on, 8),
            )
            for p in chosen
        ]
        # Counter sales through December 2022: a few a week.
        sales: list[ShowroomSale] = []
        lines_of: list[list[tuple[Product, int, int]]] = []
        day = datetime.date(2022, 9, 3)
        n = 0
        while chosen and day <= datetime.date(2022, 12, 31):
            basket = rng.sample(chosen, k=min(len(chosen), rng.randint(1, 3)))
            picked: list[tuple[Product, int]] = []
            for p in basket:
                q = rng.randint(1, 2)
                if quantities[p.pk] >= q:
                    quantities[p.pk] -= q
                    picked.append((p, q))
            if picked:
                n += 1
                sold_at = _aware(day, rng.randint(8, 20), rng.randint(0, 59))
                sales.append(
                    ShowroomSale(
                        showroom=showroom,
                        number=f"HD-{slug[-8:]}-{n:05d}",
                        payment=rng.choice(["cash", "cash", "vietqr"]),
                        total_vnd=sum(q * p.price_vnd for p, q in picked),
                        cashier=officer,
                        sold_at=sold_at,
                    )
                )
                lines_of.append([(p, q, quantities[p.pk]) for p, q in picked])
            day += datetime.timedelta(days=rng.randint(1, 3))
        sales = ShowroomSale.objects.bulk_create(sales)
        sale_lines = []
        for sale, lines in zip(sales, lines_of, strict=True):
            for p, q, after in lines:
                sale_lines.append(
                    ShowroomSaleLine(
                        sale=sale, product=p, seller_id=p.seller_id, quantity=q, unit_price_vnd=p.price_vnd
                    )
                )
                moves.append(
                    ShowroomStockMove(
                        showroom=showroom,
                        product=p,
                        kind="sell",
                        delta=-q,
                        quantity_after=after,
                        sale=sale,
                        actor=officer,
                        created_at=sale.sold_at,
                    )
                )
        ShowroomSaleLine.objects.bulk_create(sale_lines)
        ShowroomStockMove.objects.bulk_create(moves)
        ShowroomItem.objects.bulk_create(
            ShowroomItem(showroom=showroom, product=p, quantity=quantities[p.pk], price_vnd=p.price_vnd)
            for p in chosen
        )
        r.add("showrooms", 1)
        r.add("showroom products", len(chosen))
        r.add("counter sales", len(sales))


def _training_and_contests(r: _Report, today: datetime.date) -> None:
    series = "Triển khai, hướng dẫn văn bản thực hiện Cuộc vận động năm 2022"
    if not TrainingSession.objects.filter(series=series).exists():
        places = (
            "Hội trường UBMTTQ tỉnh",
            "Huyện Càng Long",
            "Huyện Cầu Kè",
            "Huyện Tiểu Cần",
            "Huyện Châu Thành",
            "Huyện Cầu Ngang",
            "Huyện Trà Cú",
            "Huyện Duyên Hải",
            "Thị xã Duyên Hải",
            "Thành phố Trà Vinh",
            "Huyện Càng Long (đợt 2)",
            "Huyện Trà Cú (đợt 2)",
        )
        attendance = (120, 85, 80, 90, 95, 85, 100, 80, 75, 90, 82, 88)  # 1,070 cadres in all
        TrainingSession.objects.bulk_create(
            TrainingSession(
                topic="Quán triệt, hướng dẫn thực hiện Cuộc vận động "
                "“Người Việt Nam ưu tiên dùng hàng Việt Nam”",
                series=series,
                held_on=datetime.date(2022, 3, 8) + datetime.timedelta(days=14 * i),
                place=place,
                organiser="Ủy ban MTTQ Việt Nam tỉnh",
                audience="Cán bộ, công chức Mặt trận các cấp và Ban công tác Mặt trận ấp, khóm",
                attendance=a,
            )
            for i, (place, a) in enumerate(zip(places, attendance, strict=True))
        )
        r.add("training sessions", len(places))
    upcoming = f"Tập huấn thương mại điện tử cho chủ thể OCOP năm {today.year}"
    if not TrainingSession.objects.filter(topic=upcoming).exists():
        TrainingSession.objects.create(
            topic=upcoming,
            series="",
            held_on=today + datetime.timedelta(days=20),
            place="Sở Công Thương",
            organiser="Sở Công Thương",
            audience="HTX, doanh nghiệp, hộ kinh doanh có sản phẩm OCOP",
            attendance=0,
        )
        r.add("training sessions", 1)
    contests = (
        (
            "thanh-nien-voi-cuoc-van-dong-2022",
            "Thanh niên với Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
            "Huyện đoàn Duyên Hải",
            datetime.date(2022, 7, 1),
            datetime.date(2022, 8, 15),
        ),
        (
            "toi-yeu-hang-viet-nam-2022",
            "Tôi yêu hàng Việt Nam",
            "Ban Chỉ đạo Cuộc vận động tỉnh",
            datetime.date(2022, 9, 1),
            datetime.date(2022, 11, 30),
        ),
    )
    for slug, name, organiser, start, end in contests:
        if Contest.objects.filter(slug=slug).exists():
            continue
        contest = Contest.objects.create(
            slug=slug, name=name, organiser=organiser, starts_on=start, ends_on=end
        )
        prizes = ["Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích"]
        ContestEntry.objects.bulk_create(
            ContestEntry(
                contest=contest,
                entrant=f"Đoàn viên, hội viên số {i + 1}",
                title=f"Bài dự thi số {i + 1}",
                prize=prizes[i] if i < len(prizes) else "",
            )
            for i in range(24)
        )
        r.add("contests", 1)


def _news(officer: User | None, r: _Report, today: datetime.date) -> None:
    posts = (
        (
            "khai-mac-hoi-cho-ocop-tra-vinh-2022",
            "Khai mạc Hội chợ triển lãm sản phẩm CNNT – OCOP Trà Vinh 2022",
            "270 gian hàng của 120 đơn vị, doanh nghiệp tham gia.",
            _aware(datetime.date(2022, 5, 6)),
        ),
        (
            "ra-mat-3-cua-hang-ocop-2022",
            "Ra mắt 3 cửa hàng giới thiệu sản phẩm OCOP tại điểm du lịch",
            "Cồn Chim, biển Ba Động và Ao Bà Om: khoảng 200 sản phẩm trưng bày và bán.",
            _aware(datetime.date(2022, 9, 1)),
        ),
        (
            f"hoi-cho-ocop-vinh-long-{today.year}",
            f"Mở đăng ký gian hàng Hội chợ OCOP và hàng Việt {today.year}",
            "Người bán đã xác minh đăng ký gian hàng trực tuyến trên HàngViệt.",
            _aware(today - datetime.timedelta(days=7)),
        ),
    )
    existing = set(NewsPost.objects.filter(slug__in=[p[0] for p in posts]).values_list("slug", flat=True))
    new = [
        NewsPost(
            slug=slug, title=title, summary=summary, body=f"<p>{summary}</p>", published_at=at, author=officer
        )
        for slug, title, summary, at in posts
        if slug not in existing
    ]
    NewsPost.objects.bulk_create(new)
    r.add("news posts", len(new))


def _buy_requests(sellers: list[Seller], r: _Report, today: datetime.date) -> None:
    buyer = User.objects.filter(email=BUYER_EMAIL).first()
    if buyer is None:
        buyer = User.objects.create(
            email=BUYER_EMAIL, full_name="Phòng thu mua (minh hoạ)", password=make_password(DEMO_PASSWORD)
        )
        r.add("users", 1)
    if BuyRequest.objects.filter(buyer=buyer).exists():
        return
    province = Province.objects.filter(pk="79").first() or Province.objects.order_by("pk").first()
    if province is None:
        return
    for s in sellers[:6]:  # a few producers hold VietGAP / safe-chain certificates
        SupplierCertification.objects.get_or_create(
            seller=s, kind="vietgap", defaults={"number": f"VietGAP-TV-{s.pk:04d}"}
        )
    for s in sellers[:2]:
        SupplierCertification.objects.get_or_create(
            seller=s, kind="chain", defaults={"number": f"CHUOI-TV-{s.pk:03d}"}
        )
    food = Category.objects.filter(parent__isnull=True).order_by("position", "code").first()
    specs = (
        (
            "Mật hoa dừa",
            "Công ty CP XNK Nông sản Mekong",
            "exporter",
            2000,
            "chai",
            4,
            True,
            False,
            40_000,
            90_000,
        ),
        (
            "Gạo thơm",
            "Liên hiệp HTX Thương mại TP.HCM (Saigon Co.op)",
            "supermarket",
            20_000,
            "kg",
            3,
            False,
            True,
            15_000,
            30_000,
        ),
        ("Dừa sáp", "Bách hoá Xanh", "supermarket", 3000, "trái", 0, False, False, None, 120_000),
        (
            "Bánh tét",
            "Công ty TNHH Phân phối Đông Nam",
            "distributor",
            500,
            "đòn",
            3,
            False,
            False,
            None,
            None,
        ),
    )
    rng = random.Random(SEED + 3)  # noqa: S311 (demo data, not secrets)
    offers = 0
    for title, name, kind, volume, unit, stars, vietgap, chain, low, high in specs:
        request = BuyRequest.objects.create(
            buyer=buyer,
            buyer_name=name,
            buyer_kind=kind,
            contact_email=BUYER_EMAIL,
            title=title,
            category=food,
            volume=volume,
            unit=unit,
            delivery_from=today + datetime.timedelta(days=20),
            delivery_to=today + datetime.timedelta(days=80),
            delivery_province=province,
            delivery_place="Kho trung tâm, " + province.name,
            min_ocop_stars=stars,
            needs_vietgap=vietgap,
            needs_chain=chain,
            price_min_vnd=low,
            price_max_vnd=high,
            deadline_on=today + datetime.timedelta(days=21),
        )
        matches = queries.match_suppliers(request, today)
        SupplierMatch.objects.bulk_create(
            SupplierMatch(
                buy_request=request,
                seller=m.seller,
                score=m.score,
                reasons=m.reasons,
                notified_at=timezone.now(),
            )
            for m in matches
        )
        new = [
            Offer(
                buy_request=request,
                seller=m.seller,
                volume=volume,
                unit_price_vnd=(m.products[0].price_vnd * rng.randint(80, 95)) // 100 or 1000,
                delivery_on=today + datetime.timedelta(days=25 + i),
                note="Giá đã gồm vận chuyển.",
            )
            for i, m in enumerate(matches[:3])
        ]
        Offer.objects.bulk_create(new)
        offers += len(new)
        r.add("buy requests", 1)
    r.add("offers", offers)


@transaction.atomic
def load_demo(stdout: TextIO | None = None, today: datetime.date | None = None) -> dict[str, int]:
    """Build the 2022 trade-promotion year (and this year's open items); a second run writes nothing."""
    today = today or timezone.localdate()
    report = _Report(stdout)
    if not Commune.objects.exists():
        if stdout:
            stdout.write("promotion demo: skipped (administrative units not loaded)\n")
        return {}
    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    sellers = _verified_sellers()
    products = _products_by_seller(sellers)
    _fairs(officer, sellers, products, report)
    _upcoming_fair(officer, report, today)
    _trips(officer, sellers, products, report)
    _showrooms(officer, sellers, products, report)
    _training_and_contests(report, today)
    _news(officer, report, today)
    _buy_requests(sellers, report, today)
    if stdout:
        made = ", ".join(f"{n} {what}" for what, n in report.created.items()) or "nothing new"
        stdout.write(f"promotion demo: {made}\n")
    return report.created


def indicators_2022() -> dict[str, Any]:
    """The 2022 figures as the records give them (what the demo recreates; used by its test)."""
    fairs = {f.slug: (f.booth_count, f.unit_count) for f in queries.fairs_in_year(2022)}  # type: ignore[attr-defined]
    return {
        "fairs": fairs,
        "trips": Trip.objects.filter(starts_on__year=2022).count(),
        "mous": Mou.objects.filter(trip__starts_on__year=2022).count(),
        "showrooms": Showroom.objects.count(),
        "showroom_products": ShowroomItem.objects.count(),
        "trained": queries.training_totals(2022)["attendance"],
        "contests": Contest.objects.filter(starts_on__year=2022).count(),
    }
