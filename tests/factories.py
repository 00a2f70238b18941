"""Small factories: each test builds the data it reads."""

import itertools

from hangviet.accounts.models import User
from hangviet.catalog.models import Category, Product
from hangviet.catalog.search_columns import derive_search_columns
from hangviet.core.models import Commune, Province
from hangviet.core.text import fold
from hangviet.sellers.models import Membership, Seller

_seq = itertools.count(1)

# Valid MSTs (check digit correct) for factories; tests needing more use make_tax_code().
_MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def make_tax_code(n: int) -> str:
    for base in range(n * 7919 + 100000000, n * 7919 + 100000100):
        digits = f"{base:09d}"
        check = 10 - sum(w * int(d) for w, d in zip(_MST_WEIGHTS, digits, strict=True)) % 11
        if check < 10:
            return f"{digits}{check}"
    raise AssertionError("no tax code found")


def province(code: str = "86", name: str = "Vĩnh Long") -> Province:
    obj, _ = Province.objects.get_or_create(
        code=code, defaults={"name": name, "kind": "tỉnh", "name_folded": fold(name)}
    )
    return obj


def commune(code: str = "29242", name: str = "Phường Trà Vinh", prov: Province | None = None) -> Commune:
    prov = prov or province()
    obj, _ = Commune.objects.get_or_create(
        code=code, defaults={"name": name, "kind": "phường", "province": prov, "name_folded": fold(name)}
    )
    return obj


def user(**kw: object) -> User:
    n = next(_seq)
    kw.setdefault("email", f"user{n}@example.vn")
    kw.setdefault("password", "mat-khau-an-toan-123")
    return User.objects.create_user(**kw)  # type: ignore[arg-type]


def officer(**kw: object) -> User:
    return user(is_officer=True, **kw)


def seller(owner: User | None = None, status: str = Seller.Status.VERIFIED, **kw: object) -> Seller:
    n = next(_seq)
    com = kw.pop("commune", None) or commune()
    obj = Seller.objects.create(
        kind=kw.pop("kind", Seller.Kind.COOPERATIVE),
        legal_name=f"HTX Thử nghiệm {n}",
        trading_name=kw.pop("trading_name", f"Cửa hàng {n}"),
        slug=kw.pop("slug", f"cua-hang-{n}"),
        tax_code=make_tax_code(n),
        street="Ấp 1",
        commune=com,
        province=com.province,  # type: ignore[attr-defined]
        phone="0912345678",
        email=f"shop{n}@example.vn",
        representative="Nguyễn Văn A",
        status=status,
        **kw,
    )
    Membership.objects.create(user=owner or user(), seller=obj, role=Membership.Role.OWNER)
    return obj


def owner_of(seller_: Seller) -> User:
    """The owner of a factory-made seller (its one membership)."""
    return seller_.memberships.get().user


def category(code: str = "I", name: str = "Thực phẩm", parent: Category | None = None) -> Category:
    obj, _ = Category.objects.get_or_create(
        code=code, defaults={"slug": f"cat-{code.lower()}", "name": name, "parent": parent}
    )
    return obj


def product(seller_: Seller | None = None, **kw: object) -> Product:
    """A product as the catalog writes it: its search columns derived by the same helper."""
    n = next(_seq)
    obj = Product(
        seller=seller_ or seller(),
        category=kw.pop("category", None) or category(),
        name=str(kw.pop("name", f"Sản phẩm {n}")),
        slug=kw.pop("slug", f"san-pham-{n}"),
        unit=kw.pop("unit", "chai"),
        price_vnd=kw.pop("price_vnd", 120000),
        stock=kw.pop("stock", 10),
        sku=kw.pop("sku", f"SKU-{n}"),
        status=kw.pop("status", Product.Status.ACTIVE),
        **kw,
    )
    derive_search_columns(obj)
    obj.save(force_insert=True)
    return obj
