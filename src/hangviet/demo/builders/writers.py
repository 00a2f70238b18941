"""Writers of the demo's accounts, sellers and products: each finds what a previous run made and writes
the rest."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from hangviet.accounts.models import User
from hangviet.catalog.models import Category, Product
from hangviet.catalog.search_columns import derive_search_columns
from hangviet.catalog.stock import record_initial_stock
from hangviet.core.models import Commune
from hangviet.core.text import fold
from hangviet.demo import content as c
from hangviet.demo.builders.specs import ProductSpec, SellerSpec, verified_at
from hangviet.sellers.models import Membership, Seller, SellerStatusChange


class UnitsNotLoaded(Exception):
    """The administrative units (core.Province/Commune) the demo needs are not in the database."""


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int) -> None:
        self.created[what] = self.created.get(what, 0) + n

    @property
    def total(self) -> int:
        return sum(self.created.values())


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
                    verified_at=verified_at(sp.index) if verified else None,
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


def _backdate(products: list[Product], specs: list[ProductSpec]) -> None:
    """Give the new products the day they were put on the platform (creation stamps them now), when it is
    past: the indicators count the products on sale at a period's end by it."""
    now = timezone.now()
    dated = [
        (product, spec.created_at)
        for product, spec in zip(products, specs, strict=True)
        if spec.created_at is not None and spec.created_at < now
    ]
    for product, created_at in dated:
        product.created_at = created_at
    Product.objects.bulk_update([p for p, _ in dated], ["created_at"])


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
        _backdate(created, batch)
        if stock_moves:
            record_initial_stock(created, actor=actor, reason="Tồn kho ban đầu (dữ liệu minh hoạ)")
    report.add("products", created_count)
    return created_count
