"""Deterministic, idempotent builders of the demo data (also used by bench/generate.py at scale).

Everything is derived from a fixed random seed and stable natural keys (email, tax code, seller+SKU,
certificate number): a second run finds every row already there and writes nothing.
"""

import datetime
import io
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from stdnum import ean
from stdnum.vn import mst

from hangviet.accounts.models import User
from hangviet.catalog.models import Category, Product, ProductImage
from hangviet.catalog.search_columns import derive_search_columns
from hangviet.catalog.services import sanitize_description
from hangviet.catalog.stock import record_initial_stock
from hangviet.catalog.versions import catalog_changed
from hangviet.core.models import Commune, Province
from hangviet.core.text import fold, slugify_vi
from hangviet.core.validators import normalize_gtin
from hangviet.demo import content as c
from hangviet.ocop import services as ocop_services
from hangviet.ocop.models import Certificate
from hangviet.sellers.models import Membership, Seller, SellerStatusChange

SEED = 2026
FAMILY_BY_KEY = {family.key: family for family in c.FAMILIES}
# former province → its tax-office prefix in MSTs (Trà Vinh 21, Bến Tre 13, Vĩnh Long 15)
TAX_PREFIX = {"Trà Vinh": "21", "Bến Tre": "13", "Vĩnh Long": "15"}
# Seller n is verified 3n days after this: the seed report's 49 enterprises by the end of 2022 (sellers 0–48;
# seller 49 at 01:00 on 1 January 2023, Vietnam time: the new year's), the others since.
VERIFIED_SINCE = datetime.datetime(2022, 8, 6, 18, 0, tzinfo=datetime.UTC)


class UnitsNotLoaded(Exception):
    """The administrative units (core.Province/Commune) the demo needs are not in the database."""


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


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int) -> None:
        self.created[what] = self.created.get(what, 0) + n

    @property
    def total(self) -> int:
        return sum(self.created.values())


# --- specs: pure functions of the seed ---------------------------------------------------------------


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
                )
            )
    used: dict[str, int] = {}
    for spec in specs:
        base = slugify_vi(spec.name, 90)
        used[base] = used.get(base, 0) + 1
        spec.slug = base if used[base] == 1 else f"{base}-{used[base]}"
    return specs


# --- writers -------------------------------------------------------------------------------------------


def communes_by_code(codes: Iterable[str]) -> dict[str, Commune]:
    """The communes the demo places producers in; UnitsNotLoaded names any that are missing."""
    wanted = set(codes)
    found = {cm.code: cm for cm in Commune.objects.select_related("province").filter(code__in=wanted)}
    missing = sorted(wanted - set(found))
    if missing:
        raise UnitsNotLoaded(
            "administrative units not loaded: communes "
            + ", ".join(missing[:10])
            + (" …" if len(missing) > 10 else "")
            + " are missing (run `hangviet migrate`; core loads them)"
        )
    return found


def ensure_accounts(report: DemoReport) -> dict[str, User]:
    """The officer, the seller owner and the superuser, each with the documented demo password."""
    password = make_password(c.DEMO_PASSWORD)
    wanted: dict[str, dict[str, Any]] = {
        "officer@demo.hangviet.vn": {
            "full_name": "Cán bộ Sở Công Thương (minh hoạ)",
            "is_officer": True,
            "is_staff": True,  # officers work in the Django admin too
        },
        "seller@demo.hangviet.vn": {"full_name": "Chủ HTX Mật hoa dừa (minh hoạ)"},
        "admin@demo.hangviet.vn": {
            "full_name": "Quản trị viên (minh hoạ)",
            "is_staff": True,
            "is_superuser": True,
            "is_officer": True,
        },
    }
    users = {u.email: u for u in User.objects.filter(email__in=wanted)}
    for email, fields in wanted.items():
        if email not in users:
            users[email] = User.objects.create(email=email, password=password, **fields)
            report.add("users", 1)
    return {email: users[email] for email in wanted}  # type: ignore[misc]


def ensure_sellers(specs: list[SellerSpec], officer: User, report: DemoReport) -> dict[int, Seller]:
    """Create the producers that are missing (natural key: tax code), with owners and history."""
    communes = communes_by_code(s.commune_code for s in specs)
    existing = {s.tax_code: s for s in Seller.objects.filter(tax_code__in=[sp.tax_code for sp in specs])}
    missing = [sp for sp in specs if sp.tax_code not in existing]
    if missing:
        taken = set(
            Seller.objects.filter(slug__in=[sp.slug for sp in missing]).values_list("slug", flat=True)
        )
        emails = [sp.owner_email for sp in missing]
        owners = {u.email: u for u in User.objects.filter(email__in=emails)}
        new_owners = [
            User(email=sp.owner_email, full_name=sp.representative, password=make_password(None))
            for sp in missing
            if sp.owner_email not in owners
        ]
        for user in User.objects.bulk_create(new_owners):
            owners[user.email] = user  # type: ignore[index]
        report.add("users", len(new_owners))
        rows = []
        for sp in missing:
            commune = communes[sp.commune_code]
            verified = sp.status == Seller.Status.VERIFIED
            rows.append(
                Seller(
                    kind=sp.kind,
                    legal_name=sp.legal_name,
                    trading_name=sp.trading_name,
                    slug=sp.slug if sp.slug not in taken else f"{sp.slug}-demo",
                    tax_code=sp.tax_code,
                    registration_number=sp.tax_code if sp.kind == "enterprise" else f"86-{sp.index:05d}",
                    street=sp.street,
                    commune=commune,
                    province_id=commune.province_id,
                    phone=sp.phone,
                    email=sp.email,
                    representative=sp.representative,
                    description=(
                        f"{sp.trading_name} ({Seller.Kind(sp.kind).label.lower()}) tại "
                        f"{commune.name}, tỉnh Vĩnh Long. {c.DEMO_LABEL}"
                    ),
                    bank_bin=sp.bank_bin,
                    bank_account=sp.bank_account,
                    bank_account_name=fold(sp.legal_name).upper()[:100],
                    status=sp.status,
                    rejection_reason=sp.rejection_reason,
                    verified_at=VERIFIED_SINCE + datetime.timedelta(days=3 * sp.index) if verified else None,
                    verified_by=officer if verified else None,
                    is_demo=True,
                )
            )
        created = Seller.objects.bulk_create(rows)
        report.add("sellers", len(created))
        Membership.objects.bulk_create(
            Membership(user=owners[sp.owner_email], seller=seller, role=Membership.Role.OWNER)
            for sp, seller in zip(missing, created, strict=True)
        )
        history = []
        for sp, seller in zip(missing, created, strict=True):
            history.append(SellerStatusChange(seller=seller, from_status="", to_status="pending"))
            if sp.status != Seller.Status.PENDING:
                history.append(
                    SellerStatusChange(
                        seller=seller,
                        from_status="pending",
                        to_status=sp.status,
                        reason=sp.rejection_reason,
                        actor=officer,
                    )
                )
        SellerStatusChange.objects.bulk_create(history)
        existing.update({s.tax_code: s for s in created})
    return {sp.index: existing[sp.tax_code] for sp in specs}


def _batches(items: list[ProductSpec], size: int) -> Iterator[list[ProductSpec]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def ensure_products(
    specs: list[ProductSpec],
    sellers: dict[int, Seller],
    actor: User | None,
    report: DemoReport,
    *,
    batch_size: int = 2000,
    stock_moves: bool = True,
) -> int:
    """Create the products that are missing (natural key: seller + SKU), with initial stock moves."""
    categories = {cat.code: cat for cat in Category.objects.all()}
    communes = {cm.code: cm for cm in Commune.objects.filter(code__in={s.origin_code for s in specs})}
    seller_ids = {s.pk for s in sellers.values()}
    existing = set(Product.objects.filter(seller_id__in=seller_ids).values_list("seller_id", "sku"))
    missing = [sp for sp in specs if (sellers[sp.seller_index].pk, sp.sku) not in existing]
    created_count = 0
    for batch in _batches(missing, batch_size):
        taken = set(Product.objects.filter(slug__in=[sp.slug for sp in batch]).values_list("slug", flat=True))
        rows = []
        for sp in batch:
            product = Product(
                seller=sellers[sp.seller_index],
                category=categories[sp.category_code],
                name=sp.name,
                slug=sp.slug if sp.slug not in taken else f"{sp.slug}-{sp.sku.lower()}",
                description=sp.description,
                unit=sp.unit,
                net_quantity=sp.net_quantity,
                price_vnd=sp.price_vnd,
                stock=sp.stock,
                sku=sp.sku,
                gtin=sp.gtin,
                origin_commune=communes.get(sp.origin_code),
                status=sp.status,
            )
            derive_search_columns(product)
            rows.append(product)
        created = Product.objects.bulk_create(rows)
        created_count += len(created)
        if stock_moves:
            record_initial_stock(created, actor=actor, reason="Tồn kho ban đầu (dữ liệu minh hoạ)")
    report.add("products", created_count)
    return created_count


# --- images: one small generated picture per category --------------------------------------------------

GROUP_COLOURS = {
    "I": (46, 125, 50),
    "II": (21, 101, 192),
    "III": (106, 27, 154),
    "IV": (141, 110, 99),
    "V": (0, 137, 123),
    "VI": (239, 108, 0),
}
IMAGE_SIZE = 320


def _initials(name: str) -> str:
    words = [w for w in fold(name).replace(",", " ").split() if w.isalpha()]
    return "".join(w[0] for w in words[:3]).upper() or "HV"


def category_image(category: Category) -> str:
    """The storage name of the category's demo picture (solid colour + initials, WebP), made once."""
    name = f"demo/{category.slug}.webp"
    if default_storage.exists(name):
        return name
    from PIL import Image, ImageDraw, ImageFont

    colour = GROUP_COLOURS.get(category.code.split(".")[0], (84, 110, 122))
    img = Image.new("RGB", (IMAGE_SIZE, IMAGE_SIZE), colour)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=96)
    text = _initials(category.name)
    box = draw.textbbox((0, 0), text, font=font)
    xy = ((IMAGE_SIZE - (box[2] - box[0])) / 2 - box[0], (IMAGE_SIZE - (box[3] - box[1])) / 2 - box[1])
    draw.text(xy, text, fill=(255, 255, 255), font=font)
    buf = io.BytesIO()
    img.save(buf, "WEBP", quality=60)
    return default_storage.save(name, ContentFile(buf.getvalue()))


def ensure_images(product_ids: Iterable[int], report: DemoReport) -> None:
    """Give each listed product without a picture its category's demo picture."""
    products = list(
        Product.objects.filter(pk__in=list(product_ids), images__isnull=True).select_related("category")
    )
    names: dict[int, str] = {}
    rows = []
    for product in products:
        if product.category_id not in names:
            names[product.category_id] = category_image(product.category)
        name = names[product.category_id]
        rows.append(
            ProductImage(
                product=product,
                image=name,
                width=IMAGE_SIZE,
                height=IMAGE_SIZE,
                thumbnail=name,
                thumb_width=IMAGE_SIZE,
                thumb_height=IMAGE_SIZE,
                alt=product.name[:200],
            )
        )
    ProductImage.objects.bulk_create(rows)
    report.add("images", len(rows))


# --- OCOP certificates ------------------------------------------------------------------------------


@dataclass
class CertificatePlan:
    product_key: tuple[int, str]  # (seller index, SKU)
    stars: int
    score: str
    issued_on: datetime.date
    decision_number: str
    revoke_reason: str = ""
    is_renewal: bool = False  # issued when the product's previous certificate ran out (replaces it)


# The seed article's 2022 tally for Trà Vinh: 104 recognised products, 83 × 3★, 15 × 4★, 6 × 5★, of which
# 28 recognised for the first time in 2022 (the others in 2021). Each certificate is renewed when it runs
# out, so the products are still recognised today, except: EXPIRED never renewed, EXPIRING whose last
# renewal runs out within 30 days, REVOKED whose last certificate was revoked.
CERTIFICATE_STARS = {3: 83, 4: 15, 5: 6}
NEW_IN_2022 = 28
EXPIRED, EXPIRING, REVOKED = 14, 6, 2


def _history(first: datetime.date, today: datetime.date, *, renew: bool, expiring_in: int | None) -> list:
    """Issue dates of a product's certificates: the first, then a renewal each time one runs out, until
    one covers today; an expiring product's last renewal is dated so that it runs out `expiring_in` days
    from today."""
    months = ocop_services.VALIDITY_MONTHS
    dates = [first]
    if not renew:
        return dates
    if expiring_in is None:
        while ocop_services.add_months(dates[-1], months) <= today:  # ran out: renewed that day
            dates.append(ocop_services.add_months(dates[-1], months))
    else:
        last = ocop_services.add_months(today + datetime.timedelta(days=expiring_in), -months)
        while ocop_services.add_months(dates[-1], months) < last:
            dates.append(ocop_services.add_months(dates[-1], months))
        if last > dates[-1]:
            dates.append(last)
    return [d for d in dates if d <= today - datetime.timedelta(days=7)]


def certificate_plans(
    sellers: list[SellerSpec], products: list[ProductSpec], today: datetime.date
) -> list[CertificatePlan]:
    """104 products' certificates with their renewals: all 104 recognised at the end of 2022 (28 of them
    new that year), and today's mix of valid, expiring, expired and revoked."""
    rng = random.Random(SEED + 7)  # noqa: S311
    verified = {s.index for s in sellers if s.status == Seller.Status.VERIFIED}
    public = [p for p in products if p.seller_index in verified and p.status == Product.Status.ACTIVE]
    starry = [p for p in public if p.family in c.STAR_FAMILIES]
    rng.shuffle(starry)
    chosen: list[tuple[ProductSpec, int]] = []
    used: set[tuple[int, str]] = set()
    for stars in (5, 4):
        for p in starry:
            if len([1 for _, s in chosen if s == stars]) == CERTIFICATE_STARS[stars]:
                break
            if (p.seller_index, p.sku) not in used:
                used.add((p.seller_index, p.sku))
                chosen.append((p, stars))
    rest = [p for p in public if (p.seller_index, p.sku) not in used]
    rng.shuffle(rest)
    chosen += [(p, 3) for p in rest[: CERTIFICATE_STARS[3]]]
    rng.shuffle(chosen)

    plans = []
    for i, (p, stars) in enumerate(chosen):
        low, high = ocop_services.STAR_BANDS[stars]
        if i < NEW_IN_2022:  # the last one on the evening of 31 December counts in 2022
            first = datetime.date(2022, 1, 10) + datetime.timedelta(days=i * 355 // (NEW_IN_2022 - 1))
        else:
            first = datetime.date(2021, 1, 5) + datetime.timedelta(days=rng.randint(0, 355))
        expired = NEW_IN_2022 <= i < NEW_IN_2022 + EXPIRED
        expiring = NEW_IN_2022 + EXPIRED <= i < NEW_IN_2022 + EXPIRED + EXPIRING
        revoked = NEW_IN_2022 + EXPIRED + EXPIRING <= i < NEW_IN_2022 + EXPIRED + EXPIRING + REVOKED
        dates = _history(
            first, today, renew=not expired, expiring_in=rng.randint(1, 28) if expiring else None
        )
        for n, issued in enumerate(dates):
            score = rng.uniform(float(low), float(high) - 0.01 if stars < 5 else float(high))
            plans.append(
                CertificatePlan(
                    product_key=(p.seller_index, p.sku),
                    stars=stars,
                    score=f"{score:.2f}",
                    issued_on=issued,
                    decision_number=f"QĐ số {rng.randint(1000, 3999)}/QĐ-UBND",
                    revoke_reason=(
                        "Cơ sở không duy trì điều kiện sản xuất; thu hồi theo đề nghị của Hội đồng OCOP tỉnh."
                        if revoked and n == len(dates) - 1
                        else ""
                    ),
                    is_renewal=n > 0,
                )
            )
    plans.sort(key=lambda plan: (plan.issued_on, plan.product_key))
    return plans


def ensure_certificates(
    plans: list[CertificatePlan], sellers: dict[int, Seller], officer: User, report: DemoReport
) -> None:
    """Issue the planned certificates through the OCOP service, once (numbered per year of issue)."""
    if Certificate.objects.filter(product__seller__in=list(sellers.values())).exists():
        return
    products = {
        (p.seller_id, p.sku): p
        for p in Product.objects.filter(seller__in=list(sellers.values())).select_related("seller")
    }
    per_year: dict[int, int] = {}
    for plan in plans:
        seller_index, sku = plan.product_key
        product = products[(sellers[seller_index].pk, sku)]
        per_year[plan.issued_on.year] = per_year.get(plan.issued_on.year, 0) + 1
        certificate = ocop_services.issue_certificate(
            actor=officer,
            product=product,
            number=f"OCOP-86-{plan.issued_on.year}-{per_year[plan.issued_on.year]:04d}",
            stars=plan.stars,
            score=plan.score,
            issued_on=plan.issued_on,
            decision_number=plan.decision_number,
        )
        if plan.revoke_reason:
            ocop_services.revoke_certificate(
                actor=officer, certificate=certificate, reason=plan.revoke_reason
            )
        report.add("certificates", 1)


# --- the whole demo -------------------------------------------------------------------------------


@transaction.atomic
def load_demo(*, images: bool = True, today: datetime.date | None = None) -> DemoReport:
    """Load the demo (accounts, producers, products, certificates); a second run writes nothing."""
    today = today or timezone.localdate()
    report = DemoReport()
    if not Province.objects.filter(code=c.PROVINCE_CODE).exists():
        raise UnitsNotLoaded("administrative units not loaded: province 86 (Vĩnh Long) is missing")
    communes_by_code(c.COMMUNES)
    accounts = ensure_accounts(report)
    officer = accounts["officer@demo.hangviet.vn"]
    s_specs = seller_specs()
    sellers = ensure_sellers(s_specs, officer, report)
    _, made = Membership.objects.get_or_create(
        user=accounts["seller@demo.hangviet.vn"], seller=sellers[0], defaults={"role": Membership.Role.OWNER}
    )
    if made:
        report.add("memberships", 1)
    p_specs = product_specs(s_specs)
    ensure_products(p_specs, sellers, accounts["seller@demo.hangviet.vn"], report)
    if images:
        ensure_images(
            Product.objects.filter(seller__in=list(sellers.values())).values_list("pk", flat=True), report
        )
    ensure_certificates(certificate_plans(s_specs, p_specs, today), sellers, officer, report)
    lapsed = ocop_services.expire_due_certificates(today)
    if lapsed:
        report.add("expired certificates", lapsed)
    catalog_changed()  # bulk writes send no post_save: cached catalog reads must not outlive them
    return report
