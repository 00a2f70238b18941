"""The demo's plan as pure functions of the seed: which sellers, which products, with which identities."""

import datetime
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from stdnum import ean
from stdnum.vn import mst

from hangviet.catalog.models import Product
from hangviet.catalog.services import sanitize_description
from hangviet.core.text import fold, slugify_vi
from hangviet.core.validators import normalize_gtin
from hangviet.demo import content as c
from hangviet.sellers.models import Seller

SEED = 2026

# Seller n is verified 3n days after this: the seed report's 49 enterprises by the end of 2022 (sellers 0–48;
# seller 49 at 01:00 on 1 January 2023, Vietnam time: the new year's), the others since.
VERIFIED_SINCE = datetime.datetime(2022, 8, 6, 18, 0, tzinfo=datetime.UTC)
END_OF_2022 = datetime.datetime(2022, 12, 31, 17, 0, tzinfo=datetime.UTC)  # midnight in Vietnam


def verified_at(index: int) -> datetime.datetime:
    """When the demo's producer `index` was verified (if it is): one every three days from August 2022."""
    return VERIFIED_SINCE + datetime.timedelta(days=3 * index)


FAMILY_BY_KEY = {family.key: family for family in c.FAMILIES}


# former province → its tax-office prefix in MSTs (Trà Vinh 21, Bến Tre 13, Vĩnh Long 15)
TAX_PREFIX = {"Trà Vinh": "21", "Bến Tre": "13", "Vĩnh Long": "15"}


@dataclass
class SellerSpec:
    index: int
    kind: str
    legal_name: str
    trading_name: str
    slug: str
    brand: str
    tax_code: str
    commune_code: str
    street: str
    phone: str
    representative: str
    bank_bin: str
    bank_account: str
    status: str
    families: tuple[str, ...]
    rejection_reason: str = ""

    @property
    def email(self) -> str:
        return f"{self.slug}@{c.DEMO_EMAIL_DOMAIN}"

    @property
    def owner_email(self) -> str:
        return "seller@demo.hangviet.vn" if self.index == 0 else f"chu.{self.slug}@{c.DEMO_EMAIL_DOMAIN}"


@dataclass
class ProductSpec:
    seller_index: int
    sku: str
    name: str
    family: str
    category_code: str
    unit: str
    net_quantity: str
    price_vnd: int
    stock: int
    status: str
    gtin: str
    description: str
    origin_code: str
    slug: str = ""
    extra: dict[str, object] = field(default_factory=dict)
    # put on the platform an hour apart from its seller's verification (None: when the demo is loaded)
    created_at: datetime.datetime | None = None


def _short_place(code: str) -> str:
    name = c.COMMUNES[code][0]
    return name.removeprefix("Phường ").removeprefix("Xã ")


def _tax_code(prefix: str, index: int) -> str:
    for k in range(100):
        body = f"{prefix}{(index * 97 + k) % 10_000_000:07d}"
        check = mst.calc_check_digit(body)
        if len(check) == 1 and mst.is_valid(body + check):
            return body + check
    raise AssertionError("no valid tax code")  # pragma: no cover (1 in 11 bodies fails)


def _kinds(count: int) -> list[str]:
    """count kinds in the demo's proportions, interleaved deterministically; the first a cooperative."""
    total = sum(c.SELLER_COUNTS.values())
    kinds: list[str] = []
    for kind, n in c.SELLER_COUNTS.items():
        kinds += [kind] * max(1, round(n * count / total))
    kinds = kinds[:count] + ["cooperative"] * (count - len(kinds))
    kinds.remove("cooperative")
    random.Random(SEED).shuffle(kinds)  # noqa: S311 (demo data, not secrets)
    return ["cooperative", *kinds][:count]


def seller_specs(
    count: int = sum(c.SELLER_COUNTS.values()), *, statuses: bool = True, offset: int = 0
) -> list[SellerSpec]:
    """The demo producers: the first is the coconut-nectar cooperative of seller@demo.hangviet.vn.

    bench/generate.py asks for more with an `offset` (distinct indexes, tax codes and slugs) and no
    pending or rejected ones (`statuses=False`).
    """
    rng = random.Random(SEED + offset)  # noqa: S311
    keys = [f.key for f in c.FAMILIES]
    family_cycle = [*keys, *c.STAR_FAMILIES, *keys]
    kinds = _kinds(count)
    specs: list[SellerSpec] = []
    used_names: set[str] = set()
    used_slugs: set[str] = set()
    for n_seller in range(count):
        kind, i = kinds[n_seller], n_seller + offset
        main = "mat-hoa-dua" if i == 0 else family_cycle[i % len(family_cycle)]
        family = FAMILY_BY_KEY[main]
        commune_code = "29416" if i == 0 else rng.choice(family.communes)
        place = _short_place(commune_code)
        person = f"{rng.choice(c.SURNAMES)} {rng.choice(c.MIDDLE_NAMES)} {rng.choice(c.GIVEN_NAMES)}"
        given = person.split(" ", 2)[-1]
        word = c.COOPERATIVE_WORDS[i % len(c.COOPERATIVE_WORDS)]
        if kind == "cooperative":
            legal, trading, brand = (
                f"Hợp tác xã {family.sector} {word}",
                f"HTX {family.sector} {place}",
                place,
            )
            if trading in used_names:
                trading, brand = f"HTX {family.sector} {word}", word
        elif kind == "enterprise":
            brand = c.ENTERPRISE_BRANDS[i % len(c.ENTERPRISE_BRANDS)]
            legal, trading = f"Công ty TNHH {brand}", brand
        elif kind == "household":
            brand = f"{rng.choice(c.NICKNAMES)} {given}"
            legal, trading = f"Hộ kinh doanh {person}", f"Cơ sở {family.sector} {brand}"
        else:
            brand = given
            legal, trading = person, f"{family.sector} {person}"
        n = 1
        base_trading = trading
        while trading in used_names:
            n += 1
            trading = f"{base_trading} {n}"
        if n > 1:
            legal = f"{legal} {n}"
        used_names.add(trading)
        slug = base_slug = slugify_vi(trading, 60) + (f"-b{i}" if offset else "")
        while slug in used_slugs:
            slug = f"{base_slug}-{i}"
        used_slugs.add(slug)
        extra = rng.random() < 0.4 or i == 0
        second = ("keo-dua",) if i == 0 else ((rng.choice(keys),) if extra else ())
        former = c.COMMUNES[commune_code][1]
        status = Seller.Status.VERIFIED
        if statuses and n_seller >= count - c.PENDING_SELLERS:
            status = Seller.Status.PENDING
        specs.append(
            SellerSpec(
                index=i,
                kind=kind,
                legal_name=legal,
                trading_name=trading,
                slug=slug,
                brand=brand,
                tax_code=_tax_code(TAX_PREFIX[former], i),
                commune_code=commune_code,
                street=f"{rng.randint(1, 250)} {rng.choice(c.STREETS)}",
                phone=f"09{rng.choice('0134789')}{rng.randint(0, 9_999_999):07d}",
                representative=person,
                bank_bin=rng.choice(c.BANK_BINS),
                bank_account=f"{rng.randint(10**11, 10**12 - 1)}",
                status=status,
                families=tuple(dict.fromkeys((main, *second))),
            )
        )
    if statuses:
        rejected = next(
            (s for s in reversed(specs) if s.kind == "household" and s.status == Seller.Status.VERIFIED), None
        )
        if rejected is not None:
            rejected.status, rejected.rejection_reason = Seller.Status.REJECTED, c.REJECTION_REASON
    return specs


def _gtin(seller_index: int, n: int) -> str:
    body = f"952{seller_index % 10_000:04d}{n % 100_000:05d}"
    return normalize_gtin(body + ean.calc_check_digit(body))


def _description(item: str, option: c.Option, seller: SellerSpec, family: c.Family) -> str:
    name, former = c.COMMUNES[seller.commune_code]
    before = "" if former == "Vĩnh Long" else f" (trước 07/2025 thuộc tỉnh {former})"
    return sanitize_description(
        f"<p><strong>{item}</strong> của {seller.trading_name}. {family.story}</p>"
        f"<ul><li>Quy cách: {option.unit} {option.net_quantity}</li>"
        f"<li>Xuất xứ: {name}, tỉnh Vĩnh Long{before}</li></ul>"
        f"<p><em>{c.DEMO_LABEL}</em></p>"
    )


def product_specs(
    sellers: Iterable[SellerSpec], per_seller: int = c.PRODUCTS_PER_SELLER
) -> list[ProductSpec]:
    """per_seller products for each producer, drawn from its families' items × pack options."""
    specs: list[ProductSpec] = []
    keys = [f.key for f in c.FAMILIES]
    for seller in sellers:
        rng = random.Random(SEED * 1000 + seller.index)  # noqa: S311
        families = list(seller.families)
        pool = [
            (f, item, opt)
            for f in families
            for item in FAMILY_BY_KEY[f].items
            for opt in FAMILY_BY_KEY[f].options
        ]
        while len(pool) < per_seller:
            extra = rng.choice([k for k in keys if k not in families])
            families.append(extra)
            pool += [
                (extra, item, opt)
                for item in FAMILY_BY_KEY[extra].items
                for opt in FAMILY_BY_KEY[extra].options
            ]
        for n, (key, item, option) in enumerate(rng.sample(pool, per_seller), start=1):
            family = FAMILY_BY_KEY[key]
            brand = "" if fold(seller.brand) in fold(item) else f" {seller.brand}"
            roll = rng.random()
            status = (
                Product.Status.ACTIVE if roll < 0.93 else Product.Status.DRAFT if roll < 0.97 else "archived"
            )
            stock = 0 if rng.random() < 0.06 else rng.choice((5, 12, 20, 35, 50, 80, 120, 200, 500))
            price = max(1000, round(option.price_vnd * rng.uniform(0.85, 1.25), -3))
            specs.append(
                ProductSpec(
                    seller_index=seller.index,
                    sku=f"DEMO-{seller.index:03d}-{n:02d}",
                    name=f"{item}{brand} ({option.net_quantity})",
                    family=key,
                    category_code=family.category,
                    unit=option.unit,
                    net_quantity=option.net_quantity,
                    price_vnd=int(price),
                    stock=stock,
                    status=status,
                    gtin=_gtin(seller.index, n) if rng.random() < 0.5 else "",
                    description=_description(item, option, seller, family),
                    origin_code=seller.commune_code,
                    created_at=(
                        verified_at(seller.index) + datetime.timedelta(hours=n)
                        if seller.status == Seller.Status.VERIFIED
                        else None
                    ),
                )
            )
    used: dict[str, int] = {}
    for spec in specs:
        base = slugify_vi(spec.name, 90)
        used[base] = used.get(base, 0) + 1
        spec.slug = base if used[base] == 1 else f"{base}-{used[base]}"
    return specs


def match_seed_report(specs: list[ProductSpec], sellers: Iterable[SellerSpec]) -> list[ProductSpec]:
    """The seed report's 663 product types on the platform at the end of 2022: of the products on sale
    that the sellers verified in 2022 put up that year, the last ones beyond that number stay drafts
    (one per seller, from the last seller back), so picking 2022 shows the report's figure."""
    in_2022 = {
        s.index for s in sellers if s.status == Seller.Status.VERIFIED and verified_at(s.index) < END_OF_2022
    }
    on_sale = [
        sp
        for sp in specs
        if sp.seller_index in in_2022
        and sp.status == Product.Status.ACTIVE
        and sp.created_at is not None
        and sp.created_at < END_OF_2022
    ]
    excess = len(on_sale) - c.PRODUCTS_ON_SALE_END_2022
    if excess < 0:
        raise ValueError(f"{len(on_sale)} products on sale at the end of 2022, fewer than the report's")
    by_seller: dict[int, list[ProductSpec]] = {}
    for sp in on_sale:
        by_seller.setdefault(sp.seller_index, []).append(sp)
    while excess:
        for index in sorted(by_seller, reverse=True):
            if excess and len(by_seller[index]) > 1:
                by_seller[index].pop().status = Product.Status.DRAFT
                excess -= 1
    return specs
