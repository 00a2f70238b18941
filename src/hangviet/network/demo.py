"""A small demo catalog of another province, for a second or third node beside the Vĩnh Long demo
(`make run PORT=8001 NODE=cantho NODE_PROVINCE=92`): an officer, two verified shops and their products,
built through the sellers' and catalog's services. Idempotent: what exists is left as it is."""

from dataclasses import dataclass

from django.db import transaction

from hangviet.accounts.models import User
from hangviet.catalog import services as catalog_services
from hangviet.catalog.models import Category, Product
from hangviet.core.models import Commune
from hangviet.sellers import services as seller_services
from hangviet.sellers.models import Seller

PASSWORD = "demo-hangviet-2026"  # noqa: S105 (documented demo login, the same as the Vĩnh Long demo's)
_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def tax_code(base: int) -> str:
    """The first valid 10-digit tax code (MST) from `base` (the check digit rule of core.validators)."""
    for number in range(base, base + 100):
        digits = f"{number:09d}"
        check = 10 - sum(w * int(d) for w, d in zip(_WEIGHTS, digits, strict=True)) % 11
        if check < 10:
            return f"{digits}{check}"
    raise ValueError("no tax code")


@dataclass(frozen=True)
class Shop:
    trading_name: str
    legal_name: str
    tax_base: int
    commune: str
    products: tuple[tuple[str, str, int, int], ...]  # (name, unit, price, stock)


CATALOGS: dict[str, tuple[Shop, ...]] = {
    "92": (
        Shop(
            "Bánh pía Ninh Kiều",
            "Hợp tác xã Bánh pía Ninh Kiều",
            180_000_100,
            "31135",
            (
                ("Bánh pía sầu riêng trứng muối", "hộp", 65000, 40),
                ("Bánh pía đậu xanh lá dứa", "hộp", 55000, 25),
                ("Kẹo chuối Cần Thơ", "gói", 30000, 60),
            ),
        ),
        Shop(
            "Nem nướng Cái Khế",
            "Hộ kinh doanh Nem nướng Cái Khế",
            180_000_300,
            "31120",
            (("Nem chua Cái Khế", "khay", 45000, 30), ("Mắm cá linh Cần Thơ", "hũ", 80000, 15)),
        ),
    ),
    "79": (
        Shop(
            "Muối Cần Giờ",
            "Hợp tác xã Muối Cần Giờ",
            30_000_100,
            "25747",
            (("Muối tôm Cần Giờ", "hũ", 30000, 50), ("Khô cá dứa Cần Giờ", "gói", 120000, 20)),
        ),
        Shop(
            "Trà Bình Dương",
            "Công ty TNHH Trà Bình Dương",
            30_000_300,
            "25750",
            (("Trà sen Bình Dương", "hộp", 150000, 30),),
        ),
    ),
}


@transaction.atomic
def load(province: str) -> list[str]:
    """Load the demo of `province` (a key of CATALOGS); return the logins made."""
    shops = CATALOGS.get(province)
    if not shops:
        return []
    logins: list[str] = []
    officer = User.objects.filter(email=f"canbo.{province}@demo.hangviet.vn").first()
    if officer is None:
        officer = User.objects.create_user(
            email=f"canbo.{province}@demo.hangviet.vn", password=PASSWORD, is_officer=True, is_staff=True
        )  # type: ignore[call-arg]
    logins.append(str(officer.email))
    category = Category.objects.get(code="I")
    for n, shop in enumerate(shops, start=1):
        code = tax_code(shop.tax_base)
        if Seller.objects.filter(tax_code=code).exists():
            continue
        commune = Commune.objects.get(code=shop.commune)
        owner = User.objects.create_user(email=f"shop{n}.{province}@demo.hangviet.vn", password=PASSWORD)  # type: ignore[call-arg]
        logins.append(str(owner.email))
        seller = seller_services.register_seller(
            actor=owner,
            kind=Seller.Kind.COOPERATIVE
            if shop.legal_name.startswith("Hợp tác xã")
            else Seller.Kind.ENTERPRISE,
            legal_name=shop.legal_name,
            trading_name=shop.trading_name,
            tax_code=code,
            street="Ấp 1",
            commune=commune,
            province=commune.province,
            phone=f"09123456{n:02d}",
            email=owner.email,
            representative="Nguyễn Văn Minh",
            bank_bin="970436",
            bank_account=f"00110012345{n:02d}",
            bank_account_name=shop.legal_name.upper()[:100],
        )
        seller_services.verify_seller(actor=officer, seller=seller)
        for i, (name, unit, price, stock) in enumerate(shop.products, start=1):
            catalog_services.create_product(
                actor=owner,
                seller=seller,
                name=name,
                category=category,
                unit=unit,
                price_vnd=price,
                stock=stock,
                sku=f"DEMO-{province}-{n}-{i}",
                status=Product.Status.ACTIVE,
                description=f"<p>{name}: đặc sản của {commune.province.name}.</p>",
            )
    return logins
