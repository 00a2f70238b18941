"""Reads reused by the pages, the API and the payout statements."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Avg, Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from hangviet.catalog.models import Product, ProductImage
from hangviet.core.models import Province
from hangviet.core.validators import normalize_phone
from hangviet.orders import conf
from hangviet.orders.models import (
    Cart,
    CartItem,
    Checkout,
    DeliveryPolicy,
    Order,
    OrderEvent,
    OrderItem,
    Payment,
    PaymentMethod,
    Review,
    SavedAddress,
)
from hangviet.sellers.models import Seller


def is_orderable(product: Product) -> bool:
    """A product a buyer may order: active, of a verified seller."""
    return product.status == Product.Status.ACTIVE and product.seller.status == Seller.Status.VERIFIED


def policy_of(seller: Seller) -> DeliveryPolicy | None:
    try:
        return seller.delivery_policy  # type: ignore[attr-defined,no-any-return]
    except ObjectDoesNotExist:
        return None


def answer_hours(policy: DeliveryPolicy | None) -> float:
    """Hours a shop has to answer an order (Decree 52 Art. 20): its own deadline, else the platform's."""
    return (policy.lapse_hours if policy and policy.lapse_hours else None) or conf.lapse_hours()


@dataclass(frozen=True)
class DeliveryQuote:
    fee_vnd: int
    min_days: int
    max_days: int
    is_free: bool = False


def delivery_quote(seller: Seller, province: Province | None, subtotal_vnd: int) -> DeliveryQuote:
    """The seller's fee to deliver `subtotal_vnd` of goods to `province`: free above the seller's threshold,
    else the province's own fee if set, else the flat fee (a seller without rules: the platform default)."""
    policy = policy_of(seller)
    if policy is None:
        return DeliveryQuote(conf.default_delivery_fee(), 2, 5)
    if policy.free_above_vnd is not None and subtotal_vnd >= policy.free_above_vnd:
        return DeliveryQuote(0, policy.min_days, policy.max_days, is_free=True)
    fee = policy.flat_fee_vnd
    if province is not None:
        for rule in policy.province_fees.all():
            if rule.province_id == province.pk:
                fee = rule.fee_vnd
                break
    return DeliveryQuote(fee, policy.min_days, policy.max_days)


@dataclass
class CartLine:
    item: CartItem
    product: Product
    quantity: int
    unit_price_vnd: int
    line_total_vnd: int
    price_changed: bool
    available: int
    is_orderable: bool


@dataclass
class CartGroup:
    seller: Seller
    lines: list[CartLine] = field(default_factory=list)
    subtotal_vnd: int = 0
    delivery: DeliveryQuote | None = None

    @property
    def total_vnd(self) -> int:
        return self.subtotal_vnd + (self.delivery.fee_vnd if self.delivery else 0)


@dataclass
class CartSummary:
    cart: Cart | None
    groups: list[CartGroup]
    goods_vnd: int
    delivery_vnd: int
    count: int

    @property
    def total_vnd(self) -> int:
        return self.goods_vnd + self.delivery_vnd

    @property
    def has_problems(self) -> bool:
        return any(not ln.is_orderable or ln.quantity > ln.available for g in self.groups for ln in g.lines)

    @property
    def has_price_changes(self) -> bool:
        return any(ln.price_changed for g in self.groups for ln in g.lines)


def cart_summary(cart: Cart | None, province: Province | None = None) -> CartSummary:
    """The cart's lines at today's prices, grouped by seller, with each seller's delivery fee."""
    if cart is None:
        return CartSummary(None, [], 0, 0, 0)
    items = (
        CartItem.objects.filter(cart=cart)
        .select_related("product__seller__delivery_policy")
        .prefetch_related(
            "product__seller__delivery_policy__province_fees",
            Prefetch("product__images", queryset=ProductImage.objects.order_by("position", "pk")),
        )
        .order_by("product__seller__trading_name", "product__seller_id", "added_at", "pk")
    )
    groups: dict[int, CartGroup] = {}
    for item in items:
        product = item.product
        group = groups.setdefault(product.seller_id, CartGroup(seller=product.seller))
        line = CartLine(
            item=item,
            product=product,
            quantity=item.quantity,
            unit_price_vnd=product.price_vnd,
            line_total_vnd=product.price_vnd * item.quantity,
            price_changed=item.price_seen_vnd != product.price_vnd,
            available=product.stock,
            is_orderable=is_orderable(product),
        )
        group.lines.append(line)
        group.subtotal_vnd += line.line_total_vnd
    for group in groups.values():
        group.delivery = delivery_quote(group.seller, province, group.subtotal_vnd)
    listed = list(groups.values())
    goods = sum(g.subtotal_vnd for g in listed)
    delivery = sum(g.delivery.fee_vnd for g in listed if g.delivery)
    count = sum(ln.quantity for g in listed for ln in g.lines)
    return CartSummary(cart, listed, goods, delivery, count)


def order_detail_queryset() -> QuerySet[Order]:
    return Order.objects.select_related(
        "seller", "checkout__commune", "checkout__province", "buyer"
    ).prefetch_related(
        Prefetch("items", queryset=OrderItem.objects.select_related("product").order_by("pk")),
        Prefetch("items__product__images", queryset=ProductImage.objects.order_by("position", "pk")),
        Prefetch("events", queryset=OrderEvent.objects.select_related("actor").order_by("created_at", "pk")),
    )


def order_by_code(code: str) -> Order | None:
    return order_detail_queryset().filter(code=code.strip().upper()).first()


def _guest_phone(phone: str) -> str | None:
    """The phone as checkouts store it (any common way of writing it), or None when it is no phone."""
    try:
        return normalize_phone(phone)
    except Exception:
        return None


def order_for_guest(code: str, phone: str) -> Order | None:
    """The order with this code whose buyer phone is `phone`, else None."""
    if (normalized := _guest_phone(phone)) is None:
        return None
    return order_detail_queryset().filter(code=code.strip().upper(), checkout__buyer_phone=normalized).first()


def checkout_for_guest(code: str, phone: str) -> Checkout | None:
    """The checkout (the group code shown after ordering) placed with this phone, else None."""
    if (normalized := _guest_phone(phone)) is None:
        return None
    return Checkout.objects.filter(code=code.strip().upper(), buyer_phone=normalized).first()


def orders_of_buyer(user: Any) -> QuerySet[Order]:
    return Order.objects.filter(buyer=user).select_related("seller").prefetch_related("items")


def orders_of_checkout(code: str) -> QuerySet[Order]:
    return order_detail_queryset().filter(checkout__code=code).order_by("seller__trading_name", "pk")


def awaiting_transfer(orders: QuerySet[Order]) -> QuerySet[Order]:
    """The VietQR orders still waiting for the buyer's transfer (unpaid or short, not yet shipped)."""
    return orders.filter(
        payment_method=PaymentMethod.VIETQR,
        payment_status__in=(Order.PaymentStatus.UNPAID, Order.PaymentStatus.PARTIAL),
        status__in=(Order.Status.AWAITING, Order.Status.CONFIRMED),
    )


def orders_of_seller(seller: Seller, status: str | None = None, *, unpaid: bool = False) -> QuerySet[Order]:
    """The shop's orders, of one status or all; `unpaid`: only those awaiting a VietQR transfer."""
    qs = Order.objects.filter(seller=seller).select_related("checkout__commune", "checkout__province")
    if status:
        qs = qs.filter(status=status)
    if unpaid:
        qs = awaiting_transfer(qs)
    return qs.prefetch_related("items")


def account_holder(payment: Payment) -> Seller | None:
    """The one seller whose bank account received this payment; None when no seller, or several, claim
    the account (a number anyone can type into a shop profile proves nothing: then only officers)."""
    if not payment.account:
        return None
    holders = Seller.objects.filter(bank_account=payment.account)
    if payment.bank_bin:
        holders = holders.filter(bank_bin=payment.bank_bin)
    found = list(holders[:2])
    return found[0] if len(found) == 1 else None


def guest_cart(token: str) -> Cart | None:
    """The guest cart of `token`, open or checked out (a checked-out one answers with its checkout)."""
    return Cart.objects.filter(token=token, user__isnull=True).first()


def cart_to_place(user: Any, token: str | None) -> Cart | None:
    """The cart a checkout form names (`token`, open or checked out) when it is the requester's: the
    signed-in buyer's own, or a guest cart (its token is the proof, as in the API)."""
    if not token:
        return None
    if getattr(user, "is_authenticated", False):
        return Cart.objects.filter(token=token, user=user).first()
    return guest_cart(token)


def payments_to_reconcile(seller: Seller) -> QuerySet[Payment]:
    """Payments of the seller's orders that need review, and the unmatched ones whose money reached its
    account (and no other shop's: the same rule as account_holder)."""
    condition = Q(order__seller=seller)
    if seller.bank_account:
        others = Seller.objects.filter(bank_account=OuterRef("account")).exclude(pk=seller.pk)
        condition |= (
            Q(order__isnull=True, account=seller.bank_account)
            & (Q(bank_bin="") | Q(bank_bin=seller.bank_bin))
            & ~Exists(others.filter(bank_bin=OuterRef("bank_bin")))
            & ~(Q(bank_bin="") & Exists(others))
        )
    return Payment.objects.filter(condition, needs_review=True).select_related("order")


# --- for the campaign indicators (reports) -------------------------------------------------------

# Orders that did not happen: they count as placed, never in sales.
NOT_SOLD = (Order.Status.CANCELLED, Order.Status.LAPSED, Order.Status.RETURNED, Order.Status.REFUNDED)


def orders_placed_between(start_at: datetime.datetime, end_at: datetime.datetime) -> QuerySet[Order]:
    """Orders placed in [start_at, end_at) (aware instants: a day's edges are the province's midnight)."""
    return (
        Order.objects.filter(created_at__gte=start_at, created_at__lt=end_at)
        .select_related("seller", "checkout__province")
        .order_by("created_at", "pk")
    )


def sold_orders_placed_between(start_at: datetime.datetime, end_at: datetime.datetime) -> QuerySet[Order]:
    """The orders of `orders_placed_between` that became sales (not cancelled, lapsed, returned, refunded)."""
    return orders_placed_between(start_at, end_at).exclude(status__in=NOT_SOLD)


def buyer_provinces_between(start_at: datetime.datetime, end_at: datetime.datetime) -> QuerySet[Province]:
    """Provinces that orders placed in [start_at, end_at) were delivered to, with their order counts."""
    placed = Order.objects.filter(created_at__gte=start_at, created_at__lt=end_at)
    return (
        Province.objects.filter(pk__in=placed.values("checkout__province"))
        .annotate(
            order_count=Count(
                "checkout__orders",
                filter=Q(checkout__orders__created_at__gte=start_at, checkout__orders__created_at__lt=end_at),
                distinct=True,
            )
        )
        .order_by("-order_count", "name")
    )


# --- the seller centre: what needs doing now, and how the shop is doing ---------------------------

SELLER_CENTRE_WEEKS = 13  # about three months, week by week


@dataclass(frozen=True)
class SellerTodo:
    awaiting: list[Order]  # waiting for the seller's answer, nearest deadline first (at most 10)
    awaiting_count: int
    unpaid_vietqr_count: int  # VietQR orders still waiting for the buyer's transfer
    payments_to_reconcile: int


def seller_todo(seller: Seller) -> SellerTodo:
    """The orders and payments that wait for the seller now (the seller centre's to-do list)."""
    awaiting = Order.objects.filter(seller=seller, status=Order.Status.AWAITING)
    unpaid = awaiting_transfer(Order.objects.filter(seller=seller))
    return SellerTodo(
        awaiting=list(awaiting.order_by(F("respond_by").asc(nulls_last=True), "pk")[:10]),
        awaiting_count=awaiting.count(),
        unpaid_vietqr_count=unpaid.count(),
        payments_to_reconcile=payments_to_reconcile(seller).count(),
    )


@dataclass(frozen=True)
class SellerWeek:
    starts_on: datetime.date  # the week's Monday
    orders: int  # orders placed that week
    sales_vnd: int  # goods value of those that became sales (not cancelled, lapsed, returned, refunded)


def seller_weeks(seller: Seller, today: datetime.date | None = None) -> list[SellerWeek]:
    """The shop's orders and sales week by week over the last SELLER_CENTRE_WEEKS weeks (the current
    week last), every week present even without orders."""
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=today.weekday(), weeks=SELLER_CENTRE_WEEKS - 1)
    start_at = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    rows = (
        Order.objects.filter(seller=seller, created_at__gte=start_at)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(n=Count("pk"), sales=Sum("subtotal_vnd", filter=~Q(status__in=NOT_SOLD)))
        .order_by()
    )
    found: dict[datetime.date, dict[str, Any]] = {
        timezone.localtime(row["week"]).date(): dict(row) for row in rows
    }
    weeks = []
    for index in range(SELLER_CENTRE_WEEKS):
        monday = first + datetime.timedelta(weeks=index)
        row = found.get(monday, {})
        weeks.append(SellerWeek(monday, int(row.get("n") or 0), int(row.get("sales") or 0)))
    return weeks


@dataclass(frozen=True)
class BestSeller:
    product_name: str
    product_slug: str
    quantity: int
    sales_vnd: int


def best_sellers(seller: Seller, today: datetime.date | None = None, limit: int = 5) -> list[BestSeller]:
    """The shop's products sold most (units) over the seller centre's weeks, sales that happened only."""
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=today.weekday(), weeks=SELLER_CENTRE_WEEKS - 1)
    start_at = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    rows = (
        OrderItem.objects.filter(order__seller=seller, order__created_at__gte=start_at)
        .exclude(order__status__in=NOT_SOLD)
        .values("product_slug")
        .annotate(name=Max("product_name"), quantity=Sum("quantity"), sales=Sum("line_total_vnd"))
        .order_by("-quantity", "-sales", "product_slug")[:limit]
    )
    return [BestSeller(r["name"], r["product_slug"], int(r["quantity"]), int(r["sales"])) for r in rows]


def payments_to_review() -> QuerySet[Payment]:
    """Every payment that needs an officer's or a seller's look (short, over, unmatched, wrong account)."""
    return Payment.objects.filter(needs_review=True)


# --- Reviews and sold counts ----------------------------------------------------------------------------

REVIEWS_SHOWN = 20  # the newest visible reviews on a product page


@dataclass(frozen=True)
class Rating:
    """The average stars (one decimal) and count of a product's or a shop's visible reviews."""

    count: int
    average: float | None


def _rating(reviews: QuerySet[Review]) -> Rating:
    row = reviews.filter(is_hidden=False).aggregate(n=Count("pk"), avg=Avg("stars"))
    return Rating(row["n"], round(float(row["avg"]), 1) if row["n"] else None)


def product_rating(product: Product) -> Rating:
    return _rating(Review.objects.filter(product=product))


def shop_rating(seller: Seller) -> Rating:
    return _rating(Review.objects.filter(seller=seller))


def visible_reviews(product: Product) -> list[Review]:
    """The newest visible reviews of a product (hidden ones are never shown publicly)."""
    return list(Review.objects.filter(product=product, is_hidden=False)[:REVIEWS_SHOWN])


def product_reviews(product: Product, today: Any = None) -> dict[str, Any]:
    """What the product page shows (the catalog's `product_reviews` provider): rating and newest reviews."""
    return {"rating": product_rating(product), "reviews": visible_reviews(product)}


def reviews_of_seller(seller: Seller) -> QuerySet[Review]:
    """Every review of a shop's products, hidden ones too (the shop sees why), newest first."""
    return Review.objects.filter(seller=seller).select_related("item__order")


def sold_counts(product_ids: list[int]) -> dict[int, int]:
    """Units of each product delivered to buyers: the one definition of "đã bán" (sold). Lines of orders
    that reached the buyer and stayed (delivered; a return requested but not yet taken back still counts)."""
    if not product_ids:
        return {}
    rows = (
        OrderItem.objects.filter(
            product_id__in=product_ids,
            order__status__in=[Order.Status.DELIVERED, Order.Status.RETURN_REQUESTED],
        )
        .values("product_id")
        .annotate(n=Sum("quantity"))
    )
    return {row["product_id"]: row["n"] for row in rows}


def reviewable_items(order: Order) -> dict[int, Review | None]:
    """For a delivered order: each line's review (None when the buyer may still write one)."""
    if order.status != Order.Status.DELIVERED:
        return {}
    reviews = {r.item_id: r for r in Review.objects.filter(item__order=order)}
    return {item.pk: reviews.get(item.pk) for item in order.items.all() if item.product_id}


def addresses_of(user: Any) -> list[SavedAddress]:
    """A signed-in buyer's address book, newest first (none for a guest)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(SavedAddress.objects.filter(user=user).select_related("commune", "province"))
