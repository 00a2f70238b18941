"""What the promotion demo's builders share (package-private): the seed, the officer, units outside the
platform, and small helpers."""

import datetime
from typing import TextIO

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.core.models import Commune
from hangviet.sellers.models import Membership, Seller

SEED = 2022
TZ = datetime.timezone(datetime.timedelta(hours=7))
OFFICER_EMAIL = "officer@demo.hangviet.vn"
ORGANISER = "Sở Công Thương tỉnh Trà Vinh"

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


def _owners(sellers: list[Seller]) -> dict[int, User]:
    """Each seller's owner (the member who acts for it in the services), by seller id."""
    found: dict[int, User] = {}
    memberships = Membership.objects.filter(seller__in=sellers, role=Membership.Role.OWNER).select_related(
        "user"
    )
    for membership in memberships.order_by("pk"):
        found.setdefault(membership.seller_id, membership.user)
    return found
