"""Demo fairs: the four 2022 fairs and market sessions with their booth maps, units and results, and
this year's fair open for applications."""

import datetime
import random

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.promotion.demo._common import ORGANISER, SEED, _aware, _commune, _outside_name, _owners, _Report
from hangviet.promotion.models import Booth, Fair
from hangviet.promotion.services import fairs
from hangviet.sellers.models import Seller

FAIRS_2022 = (
    (
        "hoi-cho-ocop-tra-vinh-2022",
        Fair.Kind.FAIR,
        "Hội chợ triển lãm thương mại sản phẩm Công nghiệp nông thôn – OCOP Trà Vinh năm 2022",
        "Chuỗi sự kiện chào mừng kỷ niệm 30 năm tái lập tỉnh Trà Vinh",
        "Quảng trường Trung tâm tỉnh",
        "29242",
        datetime.date(2022, 5, 6),
        7,
        15,
        18,
        120,
        30,
    ),
    (
        "hoi-cho-ok-om-bok-2022",
        Fair.Kind.FAIR,
        "Hội chợ Xúc tiến thương mại và Công nghiệp nông thôn gắn với Lễ hội Ok Om Bok năm 2022",
        "Lễ hội Ok Om Bok năm 2022",
        "Khu di tích Ao Bà Om",
        "29254",
        datetime.date(2022, 11, 4),
        7,
        15,
        20,
        116,
        68,
    ),
    (
        "phien-cho-truong-long-hoa-2022",
        Fair.Kind.MARKET_SESSION,
        "Phiên chợ đưa hàng Việt về nông thôn – xã Trường Long Hòa",
        "Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
        "Chợ Trường Long Hòa",
        "29516",
        datetime.date(2022, 9, 16),
        3,
        5,
        12,
        22,
        16,
    ),
    (
        "phien-cho-ngu-lac-2022",
        Fair.Kind.MARKET_SESSION,
        "Phiên chợ đưa hàng Việt về nông thôn – xã Ngũ Lạc",
        "Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
        "Sân UBND xã Ngũ Lạc",
        "29530",
        datetime.date(2022, 10, 21),
        3,
        5,
        12,
        22,
        16,
    ),
)


# The map of a 2022 fair, front to back: (rows, kind, price, code prefix); the rest of the rows are standard.
ZONES = ((2, Booth.Kind.OCOP, 0, "A"), (2, Booth.Kind.PREMIUM, 3_500_000, "B"))
STANDARD_ZONE = (Booth.Kind.STANDARD, 2_000_000, "C")


def _booth_map(officer: User, fair: Fair, rows: int, columns: int) -> list[Booth]:
    """The fair's booths, zone by zone (officer's booth grid), in the order units are given them."""
    booths: list[Booth] = []
    for zone_rows, kind, price, prefix in (*ZONES, (rows - 4, *STANDARD_ZONE)):
        booths += fairs.add_booth_grid(
            actor=officer,
            fair=fair,
            rows=zone_rows,
            columns=columns,
            kind=kind,
            price_vnd=price,
            prefix=prefix,
        )
    return booths


def build_fairs_2022(
    officer: User, sellers: list[Seller], products: dict[int, list[Product]], r: _Report
) -> None:
    """Each fair as it went: opened, its map laid out, platform sellers applying in the window (their
    owners), outside units entered from paper, every unit approved onto its booths, results recorded."""
    rng = random.Random(SEED)  # noqa: S311 (demo data, not secrets)
    owners = _owners(sellers)
    for slug, kind, name, programme, venue, code, start, days, rows, cols, units, threes in FAIRS_2022:
        if Fair.objects.filter(slug=slug).exists():
            continue
        commune = _commune(code)
        if commune is None:
            return
        fair = fairs.create_fair(
            actor=officer,
            slug=slug,
            kind=kind,
            name=name,
            organiser=ORGANISER,
            programme=programme,
            venue=venue,
            commune=commune,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=days - 1),
            applications_open_on=start - datetime.timedelta(days=60),
            applications_close_on=start - datetime.timedelta(days=10),
            fee_rules="Gian tiêu chuẩn 3×3 m: 2.000.000 đồng; gian cao cấp: 3.500.000 đồng; "
            "khu OCOP: miễn phí cho sản phẩm đạt 3 sao trở lên.",
        )
        booths = _booth_map(officer, fair, rows, cols)
        wanted = [3] * threes + [2] * (units - threes)
        assert sum(wanted) == len(booths), (slug, sum(wanted), len(booths))
        on_platform = sellers[: min(len(sellers), units - units // 4)]  # a quarter always from outside
        applied_on = start - datetime.timedelta(days=30)
        decided = _aware(start - datetime.timedelta(days=8))
        taken = 0
        for i in range(units):
            seller = on_platform[i] if i < len(on_platform) else None
            visitors, sales = rng.randint(150, 2500), rng.randint(30, 900) * 100_000
            owner = owners.get(seller.pk) if seller else None
            if seller and owner:
                shown = products.get(seller.pk, [])
                application = fairs.apply_for_booths(
                    actor=owner,
                    fair=fair,
                    seller=seller,
                    booths_wanted=wanted[i],
                    booth_kind=Booth.Kind.OCOP if shown and shown[0].ocop_stars else Booth.Kind.STANDARD,
                    products=shown[:3],
                    today=applied_on,
                )
            else:
                application = fairs.register_outside_unit(
                    actor=officer,
                    fair=fair,
                    organisation_name=seller.trading_name if seller else _outside_name(i + len(slug)),
                    booths_wanted=wanted[i],
                )
            fairs.approve_application(
                actor=officer, application=application, booths=booths[taken : taken + wanted[i]], now=decided
            )
            taken += wanted[i]
            fairs.record_results(actor=officer, application=application, visitors=visitors, sales_vnd=sales)
        r.add("fairs", 1)
        r.add("booths", len(booths))
        r.add("booth applications", units)


def build_upcoming_fair(officer: User, r: _Report, today: datetime.date) -> None:
    """This year's fair, open for applications, with a free booth map (for trying the application flow)."""
    slug = f"hoi-cho-ocop-vinh-long-{today.year}"
    if Fair.objects.filter(slug=slug).exists():
        return
    commune = _commune("29242")
    if commune is None:
        return
    start = today + datetime.timedelta(days=45)
    fair = fairs.create_fair(
        actor=officer,
        slug=slug,
        kind=Fair.Kind.FAIR,
        name=f"Hội chợ OCOP và hàng Việt Vĩnh Long năm {today.year}",
        organiser="Sở Công Thương tỉnh Vĩnh Long",
        programme="Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
        venue="Quảng trường Trung tâm",
        commune=commune,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=4),
        applications_open_on=today - datetime.timedelta(days=7),
        applications_close_on=today + datetime.timedelta(days=30),
        fee_rules="Gian tiêu chuẩn 3×3 m: 2.000.000 đồng.",
    )
    booths = fairs.add_booth_grid(
        actor=officer, fair=fair, rows=1, columns=12, kind=Booth.Kind.OCOP, price_vnd=2_000_000, prefix="A"
    )
    booths += fairs.add_booth_grid(
        actor=officer, fair=fair, rows=4, columns=12, price_vnd=2_000_000, prefix="B"
    )
    r.add("fairs", 1)
    r.add("booths", len(booths))
