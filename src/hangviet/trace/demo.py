"""Demo traceability data: lots with full journeys and the ten certified safe-food chains of the seed report.

Deterministic and idempotent. It uses the foundation demo's products (coconut nectar, rice, dried fish,
found by name among demo sellers' active products, GTIN-bearing ones first) and creates a small demo
producer of its own only when they are absent. Every figure is illustrative.
"""

import datetime
from decimal import Decimal
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from hangviet.accounts.models import User
from hangviet.catalog.models import Category, Product
from hangviet.catalog.search_columns import derive_search_columns
from hangviet.core.models import Commune
from hangviet.sellers.models import Membership, Seller
from hangviet.trace import services
from hangviet.trace.models import Lot, SupplyChain

OFFICER_EMAIL = "officer@demo.hangviet.vn"

# (slug, name, product type, decision, output t/year, markets [(code, name, t)], members [(name, role)])
CHAINS: list[tuple[str, str, str, str, int, list[tuple[str, str, int]], list[tuple[str, str]]]] = [
    (
        "chuoi-mat-hoa-dua-cau-ngang",
        "Chuỗi mật hoa dừa hữu cơ Cầu Ngang",
        "coconut_nectar",
        "QĐ 112/QĐ-SCT",
        1_250,
        [("JP", "Nhật Bản", 180), ("NL", "Hà Lan", 95)],
        [("Tổ hợp tác trồng dừa hữu cơ Mỹ Long", "grower"), ("HTX Mật hoa dừa Cầu Ngang", "processor")],
    ),
    ("chuoi-lua-gao-st25-tran-de", "Chuỗi lúa gạo ST25 Trà Cú", "rice", "QĐ 87/QĐ-SCT", 120_000, [], []),
    ("chuoi-lua-gao-hoa-minh", "Chuỗi lúa gạo thơm Hòa Minh", "rice", "QĐ 88/QĐ-SCT", 95_500, [], []),
    ("chuoi-lua-gao-cau-ke", "Chuỗi lúa gạo hữu cơ Cầu Kè", "rice", "QĐ 95/QĐ-SCT", 78_300, [], []),
    ("chuoi-lua-gao-tieu-can", "Chuỗi lúa gạo an toàn Tiểu Cần", "rice", "QĐ 101/QĐ-SCT", 52_000, [], []),
    ("chuoi-lua-gao-cang-long", "Chuỗi lúa gạo Càng Long", "rice", "QĐ 104/QĐ-SCT", 30_600, [], []),
    ("chuoi-lua-gao-tra-on", "Chuỗi lúa gạo Trà Ôn", "rice", "QĐ 117/QĐ-SCT", 18_402, [], []),
    (
        "chuoi-rau-an-toan-long-duc",
        "Chuỗi rau an toàn Long Đức",
        "vegetables",
        "QĐ 120/QĐ-SCT",
        6_800,
        [],
        [],
    ),
    (
        "chuoi-rau-cu-chau-thanh",
        "Chuỗi rau củ VietGAP Châu Thành",
        "vegetables",
        "QĐ 121/QĐ-SCT",
        4_150,
        [],
        [],
    ),
    ("chuoi-thit-heo-an-toan", "Chuỗi thịt heo an toàn Trà Vinh", "meat", "QĐ 125/QĐ-SCT", 3_250, [], []),
]

# (folded name prefix, lot code, produced days before TODAY, shelf life days, quantity, uom, journey)
LOTS: list[tuple[str, str, int, int, int, str, list[tuple[str, int, str]]]] = [
    (
        "mat hoa dua",
        "MHD-2602-01",
        40,
        540,
        1200,
        "H87",
        [
            ("harvested", 45, "Thu hoạch nhựa hoa dừa tại vườn dừa hữu cơ ấp Mỹ Long"),
            ("processed", 41, "Cô đặc ở nhiệt độ thấp tại xưởng HTX"),
            ("packed", 40, "Đóng hũ thủy tinh 250 g"),
            ("shipped", 30, "Xuất đi cửa hàng OCOP Trà Vinh"),
        ],
    ),
    (
        "gao",
        "ST25-2601-A",
        60,
        365,
        5000,
        "KGM",
        [
            ("harvested", 70, "Thu hoạch lúa ST25 vụ Đông Xuân"),
            ("processed", 62, "Xay xát, tách màu"),
            ("packed", 60, "Đóng túi 5 kg hút chân không"),
            ("shipped", 50, "Giao nhà phân phối tại TP. Hồ Chí Minh"),
            ("received", 48, "Nhà phân phối nhận hàng"),
        ],
    ),
    (
        "kho ca",
        "KCL-2602-07",
        20,
        180,
        300,
        "KGM",
        [
            ("harvested", 23, "Nhận cá lóc đồng từ hộ nuôi đạt VietGAP"),
            ("processed", 21, "Làm sạch, ướp muối, phơi một nắng"),
            ("packed", 20, "Đóng gói hút chân không 500 g"),
        ],
    ),
]


def _say(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _officer() -> User:
    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    if officer is None:
        officer = User.objects.create(
            email=OFFICER_EMAIL, password=make_password(None), is_officer=True, full_name="Cán bộ (minh hoạ)"
        )
    return officer


def _fallback_seller() -> Seller:
    """A small demo producer of this app's own, used only when the foundation demo is absent."""
    seller = Seller.objects.filter(slug="htx-truy-xuat-minh-hoa").first()
    if seller is not None:
        return seller
    commune = Commune.objects.filter(code="29416").first() or Commune.objects.order_by("code").first()
    if commune is None:
        raise RuntimeError("no administrative units loaded")
    seller = Seller.objects.create(
        kind=Seller.Kind.COOPERATIVE,
        legal_name="HTX Truy xuất minh hoạ",
        trading_name="HTX Truy xuất minh hoạ",
        slug="htx-truy-xuat-minh-hoa",
        tax_code="0000000019",
        street="Ấp Mỹ Long",
        commune=commune,
        province=commune.province,
        phone="0912345678",
        email="truyxuat@demo.hangviet.vn",
        representative="Nguyễn Văn Minh Hoạ",
        status=Seller.Status.VERIFIED,
        verified_at=timezone.now(),
        is_demo=True,
    )
    owner = User.objects.filter(email="truyxuat.owner@demo.hangviet.vn").first() or User.objects.create(
        email="truyxuat.owner@demo.hangviet.vn", password=make_password(None), full_name="Chủ HTX (minh hoạ)"
    )
    Membership.objects.get_or_create(user=owner, seller=seller, defaults={"role": Membership.Role.OWNER})
    return seller


def _product(prefix: str) -> Product:
    candidates = Product.objects.filter(
        status=Product.Status.ACTIVE, seller__status=Seller.Status.VERIFIED, seller__is_demo=True
    ).order_by("pk")
    found = [p for p in candidates.filter(name_folded__startswith=prefix)[:50]]
    found.sort(key=lambda p: (not p.gtin, p.pk))  # a GTIN-bearing one shows the GS1 path
    if found:
        return found[0]
    seller = _fallback_seller()
    names = {"mat hoa dua": "Mật hoa dừa nguyên chất", "gao": "Gạo ST25", "kho ca": "Khô cá lóc"}
    name = names[prefix]
    category = Category.objects.filter(parent__isnull=True).order_by("position", "code").first()
    if category is None:
        category = Category.objects.create(code="I", slug="thuc-pham", name="Thực phẩm")
    sku = f"TRACE-{prefix.replace(' ', '-').upper()}"
    product = Product.objects.filter(seller=seller, sku=sku).first()
    if product is None:
        product = Product(
            seller=seller,
            sku=sku,
            category=category,
            name=name,
            slug=f"{prefix.replace(' ', '-')}-truy-xuat-minh-hoa",
            unit="hũ" if prefix == "mat hoa dua" else "túi",
            price_vnd=95000,
            stock=50,
            status=Product.Status.ACTIVE,
        )
        derive_search_columns(product)  # the catalog's one rule for the search columns
        product.save(force_insert=True)
    return product


def _member_of(seller: Seller) -> User:
    membership = (
        Membership.objects.filter(seller=seller).order_by("role", "pk").select_related("user").first()
    )
    if membership is None:
        user = User.objects.create(
            email=f"trace.{seller.slug}@demo.hangviet.vn", password=make_password(None)
        )
        Membership.objects.create(user=user, seller=seller, role=Membership.Role.OWNER)
        return user
    return membership.user


def _ensure_lots(stdout: TextIO | None) -> list[Lot]:
    lots = []
    tz = timezone.get_current_timezone()
    today = timezone.localdate()  # journeys end recently, so the demo's lots are never expired
    for prefix, code, produced_ago, shelf_days, quantity, uom, steps in LOTS:
        product = _product(prefix)
        existing = Lot.objects.filter(product=product, code=code).first()
        if existing is not None:
            lots.append(existing)
            continue
        actor = _member_of(product.seller)
        produced_on = today - datetime.timedelta(days=produced_ago)
        lot = services.create_lot(
            actor=actor,
            product=product,
            code=code,
            produced_on=produced_on,
            expires_on=produced_on + datetime.timedelta(days=shelf_days),
            quantity=quantity,
            uom=uom,
            origin="Vùng nguyên liệu của hợp tác xã (minh hoạ)",
            origin_commune=product.origin_commune,
            certifications=["VietGAP"] if prefix != "mat hoa dua" else ["Hữu cơ (minh hoạ)"],
        )
        for step, days_ago, note in steps:
            moment = datetime.datetime.combine(
                today - datetime.timedelta(days=days_ago), datetime.time(8, 30), tzinfo=tz
            )
            services.record_step(
                actor=actor,
                lot=lot,
                step=step,
                occurred_at=moment,
                quantity=Decimal(quantity),
                uom=uom,
                note=note,
            )
        _say(stdout, f"  lô {code} của {product.name}: {len(steps)} công đoạn")
        lots.append(lot)
    return lots


def _ensure_chains(officer: User, lots: list[Lot]) -> int:
    created = 0
    nectar_seller = lots[0].product.seller if lots else None
    for slug, name, kind, decision, output, markets, members in CHAINS:
        if SupplyChain.objects.filter(slug=slug).exists():
            continue
        member_rows: list[dict[str, Any]] = [{"name": n, "role": r} for n, r in members]
        if kind == "coconut_nectar" and nectar_seller is not None:
            member_rows.append({"seller": nectar_seller, "role": "processor"})
        if not member_rows:
            member_rows = [{"name": f"Các hộ sản xuất – {name}", "role": "grower"}]
        services.certify_chain(
            actor=officer,
            name=name,
            slug=slug,
            product_type=kind,
            decision_number=decision,
            certified_on=datetime.date(2022, 6, 1),  # in force at the end of the seed report's 2022
            valid_until=datetime.date(2027, 6, 1),
            annual_output_tonnes=output,
            members=member_rows,
            markets=[{"country_code": c, "country_name": n, "volume_tonnes": t} for c, n, t in markets],
            description="Dữ liệu minh hoạ.",
            is_demo=True,
        )
        created += 1
    return created


@transaction.atomic
def load_demo(stdout: TextIO | None = None) -> dict[str, int]:
    """Lots with journeys for coconut nectar, rice and dried fish; the ten chains (≈ 410,252 t/year)."""
    _say(stdout, "Truy xuất nguồn gốc:")
    lots = _ensure_lots(stdout)
    chains = _ensure_chains(_officer(), lots)
    _say(stdout, f"  {chains} chuỗi cung ứng mới (tổng {SupplyChain.objects.count()})")
    return {"lots": len(lots), "chains_created": chains}
