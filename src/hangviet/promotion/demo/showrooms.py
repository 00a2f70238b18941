"""Demo showrooms: three OCOP showrooms, their consignment receipts and counter sales through 2022."""

import datetime
import random

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.promotion.demo._common import SEED, _aware, _commune, _Report
from hangviet.promotion.models import (
    ConsignmentLine,
    ConsignmentReceipt,
    Showroom,
    ShowroomItem,
    ShowroomSale,
    ShowroomSaleLine,
    ShowroomStockMove,
)
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
