"""Demo trips: the six 2022 trade-connection trips, their participants and 32 MoUs."""

import datetime
import random

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.core.models import Province
from hangviet.promotion.demo._common import ORGANISER, SEED, _outside_name, _Report
from hangviet.promotion.models import Mou, Trip, TripParticipant
from hangviet.promotion.services import trips
from hangviet.sellers.models import Seller

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


# How far each MoU's follow-up went, as the officer records it (change_mou_status, from "signed").
FOLLOW_UP = {
    Mou.Status.SIGNED: (),
    Mou.Status.IN_EXECUTION: (Mou.Status.IN_EXECUTION,),
    Mou.Status.COMPLETED: (Mou.Status.IN_EXECUTION, Mou.Status.COMPLETED),
    Mou.Status.LAPSED: (Mou.Status.LAPSED,),
}


def build_trips_2022(
    officer: User, sellers: list[Seller], products: dict[int, list[Product]], r: _Report
) -> None:
    """Each trip with its suppliers and buyers, the MoUs signed on it and how far each was followed up."""
    rng = random.Random(SEED + 1)  # noqa: S311 (demo data, not secrets)
    statuses = (
        [Mou.Status.COMPLETED] * 3 + [Mou.Status.IN_EXECUTION] * 2 + [Mou.Status.SIGNED, Mou.Status.LAPSED]
    )
    supplier_pool = sellers or [None]  # type: ignore[list-item]
    k = 0
    for t, (slug, name, destination, province, start, days, mou_count) in enumerate(TRIPS_2022):
        if Trip.objects.filter(slug=slug).exists():
            continue
        trip = trips.create_trip(
            actor=officer,
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
        for i, s in enumerate(dict.fromkeys(suppliers)):
            trips.add_trip_participant(
                actor=officer,
                trip=trip,
                role=TripParticipant.Role.SUPPLIER,
                seller=s,
                organisation_name=s.trading_name if s else _outside_name(t * 10 + i),
            )
        for j, b in enumerate(buyers):
            trips.add_trip_participant(
                actor=officer,
                trip=trip,
                role=TripParticipant.Role.BUYER,
                organisation_name=b,
                contact_name="Phòng thu mua",
                contact_email=f"thumua{j + 1}@example.vn",
            )
        for i, supplier in enumerate(suppliers):
            goods = products.get(supplier.pk, []) if supplier else []
            mou = trips.record_mou(
                actor=officer,
                trip=trip,
                supplier=supplier,
                supplier_name=supplier.legal_name if supplier else _outside_name(t * 10 + i),
                buyer_name=buyers[i % len(buyers)],
                products=goods[0].name if goods else "Nông sản, sản phẩm OCOP",
                volume=f"{rng.randint(2, 60)} tấn/năm",
                value_vnd=rng.randint(5, 120) * 10_000_000,
                signed_on=start + datetime.timedelta(days=min(i % days, days - 1)),
            )
            for status in FOLLOW_UP[statuses[k % len(statuses)]]:
                mou = trips.change_mou_status(actor=officer, mou=mou, to_status=status)
            k += 1
        r.add("trips", 1)
        r.add("MoUs", len(suppliers))
