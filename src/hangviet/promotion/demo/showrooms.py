"""Demo showrooms: three OCOP showrooms, their consignment receipts and counter sales through 2022."""

import datetime
import random

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.promotion.demo._common import SEED, _aware, _commune, _Report
from hangviet.promotion.models import Showroom
from hangviet.promotion.services import showrooms
from hangviet.sellers.models import Seller

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


def build_showrooms(
    officer: User, sellers: list[Seller], products: dict[int, list[Product]], r: _Report
) -> None:
    """Each showroom opened with the officer at its counter, stocked by its producers' consignment on
    opening day, then a few counter sales a week through December 2022."""
    rng = random.Random(SEED + 2)  # noqa: S311 (demo data, not secrets)
    pool = [p for s in sellers for p in products.get(s.pk, [])]
    pool.sort(key=lambda p: (-p.ocop_stars, p.pk))
    seller_of = {s.pk: s for s in sellers}
    offset = 0
    for slug, name, site, street, code, wanted in SHOWROOMS:
        if Showroom.objects.filter(slug=slug).exists():
            offset += wanted
            continue
        commune = _commune(code)
        if commune is None:
            return
        showroom = showrooms.create_showroom(
            actor=officer,
            staff=[officer],
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
        chosen = [pool[(offset + i) % len(pool)] for i in range(min(wanted, len(pool)))] if pool else []
        chosen = list({p.pk: p for p in chosen}.values())
        offset += wanted
        received_on = datetime.date(2022, 9, 1)
        by_seller: dict[int, list[Product]] = {}
        for p in chosen:
            by_seller.setdefault(p.seller_id, []).append(p)
        quantities = {p.pk: rng.randint(12, 40) for p in chosen}
        for seller_id, goods in by_seller.items():
            showrooms.receive_consignment(
                actor=officer,
                showroom=showroom,
                seller=seller_of[seller_id],
                lines=[(p, quantities[p.pk]) for p in goods],
                received_on=received_on,
                note="Nhận hàng khai trương cửa hàng",
                now=_aware(received_on, 8),
            )
        # Counter sales through December 2022: a few a week.
        sales = 0
        day = datetime.date(2022, 9, 3)
        while chosen and day <= datetime.date(2022, 12, 31):
            basket = rng.sample(chosen, k=min(len(chosen), rng.randint(1, 3)))
            picked: list[tuple[Product, int]] = []
            for p in basket:
                q = rng.randint(1, 2)
                if quantities[p.pk] >= q:
                    quantities[p.pk] -= q
                    picked.append((p, q))
            if picked:
                sold_at = _aware(day, rng.randint(8, 20), rng.randint(0, 59))
                payment = rng.choice(["cash", "cash", "vietqr"])
                showrooms.sell_at_counter(
                    actor=officer, showroom=showroom, lines=picked, payment=payment, now=sold_at
                )
                sales += 1
            day += datetime.timedelta(days=rng.randint(1, 3))
        r.add("showrooms", 1)
        r.add("showroom products", len(chosen))
        r.add("counter sales", sales)
