"""Demo sourcing: the demo buyer, suppliers' certifications, open buy requests with offers."""

import datetime
import random

from hangviet.accounts import services as accounts
from hangviet.accounts.demo import DEMO_PASSWORD
from hangviet.accounts.models import User
from hangviet.catalog.models import Category
from hangviet.core.models import Province
from hangviet.promotion import queries
from hangviet.promotion.demo._common import SEED, _owners, _Report
from hangviet.promotion.models import BuyRequest, SupplierCertification
from hangviet.promotion.services import sourcing
from hangviet.sellers.models import Seller

BUYER_EMAIL = "buyer@demo.hangviet.vn"


def build_buy_requests(officer: User, sellers: list[Seller], r: _Report, today: datetime.date) -> None:
    """The demo buyer's open requests (suppliers matched by the service), answered by the best matches'
    owners; a few producers hold the certifications some requests ask for."""
    buyer = User.objects.filter(email=BUYER_EMAIL).first()
    if buyer is None:
        buyer = accounts.register_user(
            email=BUYER_EMAIL,
            phone=None,
            full_name="Phòng thu mua (minh hoạ)",
            password=DEMO_PASSWORD,
            accepted_terms=True,
        )
        r.add("users", 1)
    if BuyRequest.objects.filter(buyer=buyer).exists():
        return
    province = Province.objects.filter(pk="79").first() or Province.objects.order_by("pk").first()
    if province is None:
        return
    held = set(SupplierCertification.objects.filter(seller__in=sellers[:6]).values_list("seller_id", "kind"))
    certified = [(s, "vietgap", f"VietGAP-TV-{s.pk:04d}") for s in sellers[:6]]  # a few producers hold
    certified += [(s, "chain", f"CHUOI-TV-{s.pk:03d}") for s in sellers[:2]]  # VietGAP / safe-chain ones
    for seller, kind, number in certified:
        if (seller.pk, kind) not in held:
            sourcing.record_certification(actor=officer, seller=seller, kind=kind, number=number)
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
    owners = _owners(sellers)
    offers = 0
    for title, name, kind, volume, unit, stars, vietgap, chain, low, high in specs:
        request = sourcing.post_buy_request(
            actor=buyer,
            today=today,
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
        matches = queries.match_suppliers(request, today)  # as the service matched them, with products
        for i, m in enumerate(matches[:3]):
            unit_price = (m.products[0].price_vnd * rng.randint(80, 95)) // 100 or 1000
            owner = owners.get(m.seller.pk)
            if owner is None:
                continue
            sourcing.make_offer(
                actor=owner,
                buy_request=request,
                seller=m.seller,
                unit_price_vnd=unit_price,
                volume=volume,
                delivery_on=today + datetime.timedelta(days=25 + i),
                note="Giá đã gồm vận chuyển.",
                today=today,
            )
            offers += 1
        r.add("buy requests", 1)
    r.add("offers", offers)
