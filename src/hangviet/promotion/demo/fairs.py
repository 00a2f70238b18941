"""Demo fairs: the four 2022 fairs and market sessions with their booth maps, units and results, and
this year's fair open for applications."""

import datetime
import random

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.promotion.demo._common import ORGANISER, SEED, _aware, _commune, _outside_name, _Report
from hangviet.promotion.models import Booth, BoothApplication, Fair
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


def build_fairs_2022(
    officer: User | None, sellers: list[Seller], products: dict[int, list[Product]], r: _Report
) -> None:
    rng = random.Random(SEED)  # noqa: S311 (demo data, not secrets)
    for slug, kind, name, programme, venue, code, start, days, rows, cols, units, threes in FAIRS_2022:
        if Fair.objects.filter(slug=slug).exists():
            continue
        commune = _commune(code)
        if commune is None:
            return
        fair = Fair.objects.create(
            slug=slug,
            kind=kind,
            name=name,
            organiser=ORGANISER,
            programme=programme,
            venue=venue,
            province_id=commune.province_id,
            commune=commune,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=days - 1),
            applications_open_on=start - datetime.timedelta(days=60),
            applications_close_on=start - datetime.timedelta(days=10),
            fee_rules="Gian tiêu chuẩn 3×3 m: 2.000.000 đồng; gian cao cấp: 3.500.000 đồng; "
            "khu OCOP: miễn phí cho sản phẩm đạt 3 sao trở lên.",
            created_by=officer,
        )
        wanted = [3] * threes + [2] * (units - threes)
        assert sum(wanted) == rows * cols, (slug, sum(wanted), rows * cols)
        on_platform = sellers[: min(len(sellers), units - units // 4)]  # a quarter always from outside
        apps = []
        for i in range(units):
            seller = on_platform[i] if i < len(on_platform) else None
            decided = _aware(start - datetime.timedelta(days=8))
            apps.append(
                BoothApplication(
                    fair=fair,
                    seller=seller,
                    organisation_name=seller.trading_name if seller else _outside_name(i + len(slug)),
                    booths_wanted=wanted[i],
                    status=BoothApplication.Status.APPROVED,
                    decided_by=officer,
                    decided_at=decided,
                    applied_by=officer,
                    visitors=rng.randint(150, 2500),
                    sales_vnd=rng.randint(30, 900) * 100_000,
                    booth_kind=Booth.Kind.OCOP
                    if seller and products.get(seller.pk, [None])[0] and products[seller.pk][0].ocop_stars
                    else Booth.Kind.STANDARD,
                )
            )
        apps = BoothApplication.objects.bulk_create(apps)
        booths, owner = [], [a for a in apps for _n in range(a.booths_wanted)]
        for n in range(rows * cols):
            row, col = divmod(n, cols)
            booth_kind = (
                Booth.Kind.OCOP if row < 2 else Booth.Kind.PREMIUM if row < 4 else Booth.Kind.STANDARD
            )
            price = {Booth.Kind.OCOP: 0, Booth.Kind.PREMIUM: 3_500_000, Booth.Kind.STANDARD: 2_000_000}[
                booth_kind
            ]
            booths.append(
                Booth(
                    fair=fair,
                    code=f"{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[row]}{col + 1:02d}",
                    kind=booth_kind,
                    row=row + 1,
                    column=col + 1,
                    price_vnd=price,
                    application=owner[n],
                    assigned_at=owner[n].decided_at,
                )
            )
        Booth.objects.bulk_create(booths)
        through = BoothApplication.products.through
        through.objects.bulk_create(
            through(boothapplication_id=a.pk, product_id=p.pk)
            for a in apps
            if a.seller_id
            for p in products.get(a.seller_id, [])[:3]
        )
        r.add("fairs", 1)
        r.add("booths", len(booths))
        r.add("booth applications", len(apps))


def build_upcoming_fair(officer: User | None, r: _Report, today: datetime.date) -> None:
    """This year's fair, open for applications, with a free booth map (for trying the application flow)."""
    slug = f"hoi-cho-ocop-vinh-long-{today.year}"
    if Fair.objects.filter(slug=slug).exists():
        return
    commune = _commune("29242")
    if commune is None:
        return
    start = today + datetime.timedelta(days=45)
    fair = Fair.objects.create(
        slug=slug,
        kind=Fair.Kind.FAIR,
        name=f"Hội chợ OCOP và hàng Việt Vĩnh Long năm {today.year}",
        organiser="Sở Công Thương tỉnh Vĩnh Long",
        programme="Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
        venue="Quảng trường Trung tâm",
        province_id=commune.province_id,
        commune=commune,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=4),
        applications_open_on=today - datetime.timedelta(days=7),
        applications_close_on=today + datetime.timedelta(days=30),
        fee_rules="Gian tiêu chuẩn 3×3 m: 2.000.000 đồng.",
        created_by=officer,
    )
    Booth.objects.bulk_create(
        Booth(
            fair=fair,
            code=f"{'ABCDE'[row]}{col + 1:02d}",
            row=row + 1,
            column=col + 1,
            price_vnd=2_000_000,
            kind=Booth.Kind.OCOP if row == 0 else Booth.Kind.STANDARD,
        )
        for row in range(5)
        for col in range(12)
    )
    r.add("fairs", 1)
    r.add("booths", 60)
