"""A small, hand-counted world around the edges of 2022 (figures written out in the tests)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from hangviet.catalog.models import Product
from hangviet.ocop.models import Certificate
from hangviet.orders.models import Checkout, Order
from hangviet.promotion.models import (
    Booth,
    BoothApplication,
    Contest,
    Fair,
    Mou,
    Showroom,
    ShowroomItem,
    TrainingSession,
    Trip,
)
from hangviet.sellers.models import Seller
from hangviet.trace.models import ExportMarket, Lot, ScanCount, SupplyChain
from tests import factories as f

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date


def local(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, tzinfo=VN)


def _cert(product, number, stars, issued, expires, **kw) -> Certificate:
    return Certificate.objects.create(
        number=number,
        product=product,
        stars=stars,
        score={3: 60, 4: 75, 5: 92}[stars],
        issued_on=issued,
        expires_on=expires,
        **kw,
    )


def _fair(slug, kind, starts, booths, approved, rejected=0) -> Fair:
    com = f.commune()
    fair = Fair.objects.create(
        kind=kind,
        name=f"Hội chợ {slug}",
        slug=slug,
        organiser="Sở Công Thương",
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=2),
        venue="Quảng trường",
        province=com.province,
        commune=com,
        applications_open_on=starts - datetime.timedelta(days=30),
        applications_close_on=starts - datetime.timedelta(days=5),
    )
    apps = []
    for i in range(approved + rejected):
        apps.append(
            BoothApplication.objects.create(
                fair=fair,
                organisation_name=f"Đơn vị {slug} {i}",
                status=BoothApplication.Status.APPROVED if i < approved else BoothApplication.Status.REJECTED,
            )
        )
    for i in range(booths):
        Booth.objects.create(
            fair=fair, code=f"A{i}", row=i // 10, column=i % 10, application=apps[i] if i < approved else None
        )
    return fair


def _order(seller, code, placed_at, status, total) -> Order:
    com = f.commune()
    checkout = Checkout.objects.create(
        code=code,
        buyer_name="Người mua",
        buyer_phone="0912345678",
        street="1 Lê Lợi",
        commune=com,
        province=com.province,
        payment_method="cod",
        total_vnd=total,
    )
    order = Order.objects.create(
        code=code,
        checkout=checkout,
        seller=seller,
        status=status,
        payment_method="cod",
        payment_status="cod",
        subtotal_vnd=total,
        delivery_fee_vnd=0,
        total_vnd=total,
    )
    Order.objects.filter(pk=order.pk).update(created_at=placed_at)
    return order


def build() -> dict:
    """Everything below is counted by hand in the tests' expected values."""
    coop = f.seller(kind=Seller.Kind.COOPERATIVE, verified_at=local(2022, 3, 1))
    firm = f.seller(kind=Seller.Kind.ENTERPRISE, verified_at=local(2022, 12, 31, 23, 30))
    late = f.seller(kind=Seller.Kind.ENTERPRISE, verified_at=local(2023, 1, 1, 0, 30))  # 2022-12-31 17:30 UTC
    f.seller(kind=Seller.Kind.HOUSEHOLD, status=Seller.Status.PENDING)
    a, b, c, d, e, g = (f.product(coop, name=f"SP {x}") for x in "ABCDEG")
    Product.objects.update(created_at=local(2022, 2, 1))  # put on the platform in 2022
    late_product = f.product(firm, name="SP 2023")
    Product.objects.filter(pk=late_product.pk).update(created_at=local(2023, 1, 1, 0, 30))  # 2023 locally

    _cert(a, "C-A", 3, D(2021, 3, 1), D(2024, 3, 1))  # in force at the end of 2022, not new
    # Issued on the evening of 31 December, local time: still 2022 (issued_at is 16:30 UTC that day).
    _cert(b, "C-B", 4, D(2022, 12, 31), D(2025, 12, 31), issued_at=local(2022, 12, 31, 23, 30))
    _cert(c, "C-C", 5, D(2023, 1, 1), D(2026, 1, 1))  # 2023
    _cert(d, "C-D", 3, D(2019, 1, 1), D(2022, 1, 1))  # lapsed during 2022
    _cert(  # new in 2022, revoked the same year: counted new, not in force at the end
        e,
        "C-E",
        3,
        D(2022, 2, 1),
        D(2025, 2, 1),
        status=Certificate.Status.REVOKED,
        revoked_at=local(2022, 6, 1),
    )
    old = _cert(g, "C-G1", 3, D(2020, 6, 1), D(2023, 6, 1))
    _cert(
        g, "C-G2", 4, D(2022, 6, 1), D(2025, 6, 1), replaces=old
    )  # a renewal: G counts once, as 4★, not new

    _fair("ocop-2022", "fair", D(2022, 5, 6), booths=5, approved=3, rejected=1)
    _fair("okombok-2022", "fair", D(2022, 11, 4), booths=4, approved=2)
    _fair("phien-2022", "market_session", D(2022, 12, 31), booths=3, approved=2)
    _fair("hoi-cho-2023", "fair", D(2023, 1, 1), booths=7, approved=7)

    trip = Trip.objects.create(
        name="Kết nối TP.HCM", slug="kn-hcm", organiser="Sở", destination="TP.HCM",
        starts_on=D(2022, 3, 24), ends_on=D(2022, 3, 26),
    )  # fmt: skip
    Trip.objects.create(
        name="Kết nối Hà Nội", slug="kn-hn", organiser="Sở", destination="Hà Nội",
        starts_on=D(2023, 1, 2), ends_on=D(2023, 1, 3),
    )  # fmt: skip
    for i, day in enumerate((D(2022, 3, 25), D(2022, 3, 26), D(2022, 12, 31), D(2023, 1, 1))):
        Mou.objects.create(
            trip=trip, supplier_name=f"NCC {i}", buyer_name="Siêu thị", products="Gạo", signed_on=day
        )

    for topic, day, n in (
        ("Quán triệt", D(2022, 4, 1), 400),
        ("Hướng dẫn", D(2022, 12, 31), 650),
        ("2023", D(2023, 1, 1), 99),
    ):
        TrainingSession.objects.create(
            topic=topic, held_on=day, place="Hội trường", organiser="MTTQ", audience="Cán bộ", attendance=n
        )
    Contest.objects.create(
        name="Tôi yêu hàng Việt",
        slug="toi-yeu",
        organiser="Sở",
        starts_on=D(2022, 8, 1),
        ends_on=D(2022, 9, 1),
    )
    Contest.objects.create(
        name="Thanh niên",
        slug="thanh-nien",
        organiser="Huyện",
        starts_on=D(2022, 1, 1),
        ends_on=D(2022, 2, 1),
    )
    Contest.objects.create(
        name="2021", slug="c-2021", organiser="Huyện", starts_on=D(2021, 12, 31), ends_on=D(2022, 2, 1)
    )

    com = f.commune()
    rooms = []
    for slug, opened in (("con-chim", D(2022, 9, 1)), ("ba-dong", None), ("ao-ba-om", D(2023, 2, 1))):
        rooms.append(
            Showroom.objects.create(
                name=slug,
                slug=slug,
                site=slug,
                street="x",
                commune=com,
                opening_hours="8-17",
                opened_on=opened,
            )
        )
    for room, products in ((rooms[0], (a, b)), (rooms[1], (a,)), (rooms[2], (c, d))):
        for p in products:
            ShowroomItem.objects.create(showroom=room, product=p, quantity=3, price_vnd=1000)

    nectar = SupplyChain.objects.create(
        name="Mật hoa dừa", slug="mat-hoa-dua", product_type="coconut_nectar", decision_number="1",
        certified_on=D(2021, 1, 1), valid_until=D(2024, 1, 1), annual_output_tonnes=Decimal("100.50"),
    )  # fmt: skip
    SupplyChain.objects.create(
        name="Gạo", slug="gao", product_type="rice", decision_number="2",
        certified_on=D(2022, 12, 31), valid_until=D(2025, 12, 31), annual_output_tonnes=Decimal("2000"),
    )  # fmt: skip
    SupplyChain.objects.create(
        name="Rau 2023", slug="rau", product_type="vegetables", decision_number="3",
        certified_on=D(2023, 1, 1), valid_until=D(2026, 1, 1), annual_output_tonnes=Decimal("7"),
    )  # fmt: skip
    ExportMarket.objects.create(chain=nectar, country_code="JP", country_name="Nhật Bản", volume_tonnes=5)
    ExportMarket.objects.create(chain=nectar, country_code="NL", country_name="Hà Lan", volume_tonnes=3)

    _order(coop, "O1", local(2022, 12, 31, 23, 30), "delivered", 100_000)
    _order(coop, "O2", local(2022, 6, 1), "cancelled", 50_000)
    _order(firm, "O3", local(2022, 7, 1), "delivered", 200_000)
    _order(firm, "O4", local(2023, 1, 1, 0, 30), "delivered", 999_000)  # 2023 in Vietnam, 2022 in UTC

    lot = Lot.objects.create(product=a, code="L1", produced_on=D(2022, 1, 1), quantity=10)
    ScanCount.objects.create(lot=lot, day=D(2022, 12, 31), count=7)
    ScanCount.objects.create(lot=lot, day=D(2023, 1, 1), count=100)
    return {"late": late}


# The 2022 figures of the world above, counted by hand.
EXPECTED_2022 = {
    "cadres_trained": 1050,
    "training_sessions": 2,
    "contests": 2,
    "fairs": 2,
    "fair_booths": 9,
    "fair_units": 5,
    "market_sessions": 1,
    "market_session_booths": 3,
    "market_session_units": 2,
    "trips": 1,
    "mous": 3,
    "ocop_products": 3,
    "ocop_products_3_stars": 1,
    "ocop_products_4_stars": 2,
    "ocop_products_5_stars": 0,
    "ocop_new_products": 2,
    "showrooms": 2,
    "showroom_products": 3,
    "chains": 2,
    "chain_output": Decimal("2100.50"),
    "chain_export_markets": 2,
    "marketplace_units": 0,
    "linked_provinces": 0,
    "platform_sellers": 2,
    "platform_products": 6,
    "sellers_enterprise": 1,
    "sellers_cooperative": 1,
    "sellers_household": 0,
    "sellers_individual": 0,
    "ocop_products_on_sale": 0,
    "orders": 3,
    "gmv": 300_000,
    "delivered_rate": Decimal("66.7"),
    "buyer_provinces": 1,
    "lot_scans": 7,
}
