"""Demo sourcing: the demo buyer, suppliers' certifications, open buy requests with offers."""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from hangviet.accounts.models import User
from hangviet.catalog.models import Category
from hangviet.core.models import Province
from hangviet.promotion import queries
from hangviet.promotion.demo._common import SEED, _Report
from hangviet.promotion.models import BuyRequest, Offer, SupplierCertification, SupplierMatch
from hangviet.sellers.models import Seller

BUYER_EMAIL = "buyer@demo.hangviet.vn"
DEMO_PASSWORD = "demo-hangviet-2026"  # noqa: S105 (the documented demo password of hangviet.demo)


def build_buy_requests(sellers: list[Seller], r: _Report, today: datetime.date) -> None:
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
