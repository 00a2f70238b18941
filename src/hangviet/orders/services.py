"""Every write of the orders app: carts, checkout (stock reserved atomically), order transitions, payments.

Stock is the one thing orders write in another app: catalog_product.stock moves only through conditional
UPDATEs here (`stock >= quantity`), each recorded as a catalog StockMove with reason "order <code>".
"""

import hashlib
import hmac
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.catalog.models import Product, StockMove
from hangviet.catalog.versions import catalog_changed
from hangviet.core import vietqr
from hangviet.core.errors import ValidationFailed, invalid
from hangviet.core.models import Commune, Province
from hangviet.core.validators import normalize_phone
from hangviet.orders import conf, queries, tasks
from hangviet.orders.errors import (
    AlreadyAnswered,
    BadSignature,
    CartCheckedOut,
    IdempotencyKeyReused,
    InvalidTransition,
    OutOfStock,
    PaymentRequired,
    PriceChanged,
)
from hangviet.orders.models import (
    CHECKOUT_CODE_PREFIX,
    CODE_ALPHABET,
    CODE_LENGTH,
    ORDER_CODE_PREFIX,
    Cart,
    CartItem,
    Checkout,
    DeliveryPolicy,
    IdempotencyKey,
    Order,
    OrderEvent,
    OrderItem,
    Payment,
    PaymentMethod,
    ProvinceDeliveryFee,
    new_code,
)
from hangviet.orders.queries import DeliveryQuote, delivery_quote, is_orderable, policy_of
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import can_manage, ensure_can_manage, is_officer

S = Order.Status


# --- Cart -----------------------------------------------------------------------------------------


def cart_for(*, user: Any = None, token: str | None = None, create: bool = True) -> Cart | None:
    """The signed-in buyer's open cart, else the open guest cart of `token`; a new one when `create`.
    (A checked-out cart is not open: the buyer shops on in a new one.)"""
    if user is not None and getattr(user, "is_authenticated", False):
        cart = Cart.objects.filter(user=user, checkout__isnull=True).first()
        if cart is None and create:
            try:
                with transaction.atomic():
                    cart = Cart.objects.create(user=user)
            except IntegrityError:  # created by a parallel request
                cart = Cart.objects.get(user=user, checkout__isnull=True)
        return cart
    open_guest_carts = Cart.objects.filter(user__isnull=True, checkout__isnull=True)
    cart = open_guest_carts.filter(token=token).first() if token else None
    if cart is None and create:
        cart = Cart.objects.create()
    return cart


def checked_out(cart: Cart) -> CartCheckedOut:
    """The error for a cart already checked out, naming its checkout and orders (as the API lists them)."""
    checkout = Checkout.objects.get(cart__pk=cart.pk)
    codes = checkout.orders.order_by("seller__trading_name", "pk").values_list("code", flat=True)
    return CartCheckedOut(checkout, list(codes))


def _check_quantity(product: Product, quantity: int, field: str) -> None:
    limit = conf.max_quantity_per_product()
    if quantity < 1:
        raise invalid(field, "min_quantity", _("Số lượng phải từ 1 trở lên."))
    if quantity > limit:
        raise invalid(field, "max_quantity", _("Mỗi sản phẩm đặt tối đa %(n)s trong một đơn.") % {"n": limit})
    if quantity > product.stock:
        raise OutOfStock(
            [
                {
                    "field": field,
                    "code": "out_of_stock",
                    "message": _("%(name)s chỉ còn %(n)s.") % {"name": product.name, "n": product.stock},
                    "product": product.slug,
                    "available": product.stock,  # type: ignore[dict-item]
                }
            ]
        )


@transaction.atomic
def add_to_cart(*, cart: Cart, product: Product, quantity: int = 1) -> CartItem:
    """Add units of a public product; the line's quantity stays within stock and the per-product maximum.
    A checked-out cart takes nothing more (CartCheckedOut): the conditional UPDATE, first, decides."""
    if not Cart.objects.filter(pk=cart.pk, checkout__isnull=True).update(updated_at=timezone.now()):
        raise checked_out(cart)
    if not is_orderable(product):
        raise invalid("product", "product_unavailable", _("Sản phẩm này hiện không bán."))
    item = CartItem.objects.select_for_update().filter(cart=cart, product=product).first()
    total = quantity + (item.quantity if item else 0)
    if quantity < 1:
        raise invalid("quantity", "min_quantity", _("Số lượng phải từ 1 trở lên."))
    _check_quantity(product, total, "quantity")
    if item is None:
        item = CartItem.objects.create(
            cart=cart, product=product, quantity=total, price_seen_vnd=product.price_vnd
        )
    else:
        item.quantity = total
        item.save(update_fields=["quantity"])
    return item


@transaction.atomic
def set_cart_quantity(*, cart: Cart, product: Product, quantity: int) -> CartItem | None:
    """Set a line's quantity; 0 removes the line."""
    if quantity <= 0:
        CartItem.objects.filter(cart=cart, product=product).delete()
        return None
    item = CartItem.objects.select_for_update().filter(cart=cart, product=product).first()
    if item is None:
        return add_to_cart(cart=cart, product=product, quantity=quantity)
    _check_quantity(product, quantity, "quantity")
    item.quantity = quantity
    item.save(update_fields=["quantity"])
    return item


@transaction.atomic
def merge_guest_cart(*, user: Any, token: str | None) -> Cart | None:
    """On login: the guest cart's lines join the user's cart (quantities added, capped by the maximum)."""
    open_guest_carts = Cart.objects.filter(user__isnull=True, checkout__isnull=True)
    guest = open_guest_carts.filter(token=token).first() if token else None
    if guest is None:
        return None
    mine = cart_for(user=user)
    assert mine is not None
    limit = conf.max_quantity_per_product()
    for line in guest.items.select_related("product"):
        existing = CartItem.objects.filter(cart=mine, product=line.product).first()
        if existing is None:
            line.cart = mine
            line.quantity = min(line.quantity, limit)
            line.save(update_fields=["cart", "quantity"])
        else:
            existing.quantity = min(existing.quantity + line.quantity, limit)
            existing.save(update_fields=["quantity"])
    guest.delete()
    return mine


# --- Delivery rules -------------------------------------------------------------------------------


@transaction.atomic
def set_delivery_policy(
    *,
    actor: Any,
    seller: Seller,
    flat_fee_vnd: int,
    free_above_vnd: int | None,
    min_days: int,
    max_days: int,
    lapse_hours: int | None = None,
    province_fees: dict[str, int] | None = None,
) -> DeliveryPolicy:
    """A seller member sets the shop's delivery fees, delivery time and answer deadline."""
    ensure_can_manage(actor, seller)
    errors = []
    if min_days > max_days:
        errors.append(
            {"field": "max_days", "code": "invalid_range", "message": _("Số ngày tối đa phải ≥ tối thiểu.")}
        )
    if lapse_hours is not None and not 1 <= lapse_hours <= 72:
        errors.append(
            {"field": "lapse_hours", "code": "out_of_range", "message": _("Thời hạn từ 1 đến 72 giờ.")}
        )
    if errors:
        raise ValidationFailed(errors)
    policy, _created = DeliveryPolicy.objects.update_or_create(
        seller=seller,
        defaults={
            "flat_fee_vnd": flat_fee_vnd,
            "free_above_vnd": free_above_vnd,
            "min_days": min_days,
            "max_days": max_days,
            "lapse_hours": lapse_hours,
        },
    )
    if province_fees is not None:
        policy.province_fees.all().delete()
        ProvinceDeliveryFee.objects.bulk_create(
            ProvinceDeliveryFee(policy=policy, province_id=code, fee_vnd=fee)
            for code, fee in province_fees.items()
        )
    return policy


# --- Idempotency keys -----------------------------------------------------------------------------

IDEMPOTENCY_TTL = timedelta(hours=24)


@dataclass(frozen=True)
class Idempotency:
    """A request's `Idempotency-Key`: whose key it is (`scope`, e.g. `cart:<token>`), a fingerprint of
    the request, and `answer`, which writes the response of a checkout that took effect (called inside its
    transaction, so the key is remembered with the order or not at all)."""

    scope: str
    key: str
    fingerprint: str
    answer: Callable[[Checkout], tuple[int, str]]


def remembered_answer(idempotency: Idempotency) -> tuple[int, str] | None:
    """The (status, body) kept for this key in this scope for 24 h, or None; IdempotencyKeyReused when
    the key came with another request."""
    found = IdempotencyKey.objects.filter(
        scope=idempotency.scope, key=idempotency.key, expires_at__gt=timezone.now()
    ).first()
    if found is None:
        return None
    if found.fingerprint != idempotency.fingerprint:
        raise IdempotencyKeyReused()
    return found.status, found.response


def replay(idempotency: Idempotency | None) -> None:
    """Raise AlreadyAnswered with the answer this key already got, if it got one."""
    if idempotency is not None and (answer := remembered_answer(idempotency)) is not None:
        raise AlreadyAnswered(*answer)


def remember(idempotency: Idempotency, checkout: Checkout) -> None:
    status, response = idempotency.answer(checkout)
    now = timezone.now()
    IdempotencyKey.objects.filter(scope=idempotency.scope, key=idempotency.key, expires_at__lte=now).delete()
    IdempotencyKey.objects.create(
        scope=idempotency.scope,
        key=idempotency.key,
        fingerprint=idempotency.fingerprint,
        status=status,
        response=response,
        created_at=now,
        expires_at=now + IDEMPOTENCY_TTL,
    )


def purge_idempotency_keys(now: datetime | None = None) -> int:
    """Forget the keys older than 24 h (they are ignored from then on anyway); returns how many."""
    deleted, _per_model = IdempotencyKey.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


# --- Checkout -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuyerDetails:
    name: str
    phone: str
    email: str
    street: str
    commune_code: str
    province_code: str


def validate_buyer(details: BuyerDetails) -> tuple[BuyerDetails, Commune, Province]:
    """Check the buyer and the address (current units; the commune in the province); ValidationFailed."""
    errors: list[dict[str, str]] = []
    name, street = details.name.strip(), details.street.strip()
    if not name:
        errors.append({"field": "buyer.name", "code": "required", "message": _("Hãy nhập họ và tên.")})
    elif len(name) > 150:
        errors.append({"field": "buyer.name", "code": "too_long", "message": _("Tối đa 150 ký tự.")})
    phone = ""
    try:
        phone = normalize_phone(details.phone)
    except ValidationError as exc:
        errors.append({"field": "buyer.phone", "code": "invalid_phone", "message": exc.messages[0]})
    email = details.email.strip()
    if email:
        from django.core.validators import validate_email

        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                {"field": "buyer.email", "code": "invalid_email", "message": _("Email không hợp lệ.")}
            )
    if not street:
        errors.append(
            {"field": "address.street", "code": "required", "message": _("Hãy nhập số nhà, đường, ấp.")}
        )
    elif len(street) > 200:
        errors.append({"field": "address.street", "code": "too_long", "message": _("Tối đa 200 ký tự.")})
    # One query in the usual case (the commune, with its province); the province alone otherwise.
    commune = Commune.objects.select_related("province").filter(pk=details.commune_code).first()
    if commune is not None and commune.province_id == details.province_code:
        province: Province | None = commune.province
    else:
        province = Province.objects.filter(pk=details.province_code).first()
    if province is None:
        errors.append(
            {
                "field": "address.province_code",
                "code": "unit_not_found",
                "message": _("Tỉnh/thành phố không hợp lệ."),
            }
        )
    if commune is None:
        errors.append(
            {
                "field": "address.commune_code",
                "code": "unit_not_found",
                "message": _("Xã/phường không hợp lệ."),
            }
        )
    elif province is not None and commune.province_id != province.pk:
        errors.append(
            {
                "field": "address.commune_code",
                "code": "commune_not_in_province",
                "message": _("%(commune)s không thuộc %(province)s.")
                % {"commune": commune.name, "province": province.name},
            }
        )
    if errors:
        raise ValidationFailed(errors)
    assert commune is not None and province is not None
    clean = BuyerDetails(name, phone, email, street, commune.pk, province.pk)
    return clean, commune, province


def payment_note(order_code: str) -> str:
    """The transfer note written into the VietQR: the order code first, so matching finds it."""
    return vietqr.ascii_note(f"{order_code} HangViet")


def vietqr_for(order: Order, seller: Seller) -> str:
    return vietqr.build_payload(
        bin=seller.bank_bin,
        account=seller.bank_account,
        amount=order.total_vnd,
        note=payment_note(order.code),
    )


def _acknowledge_prices(items: list[CartItem], expected_total_vnd: int | None, total: int) -> None:
    """Raise PriceChanged when a price moved since the buyer saw it (recording the new one as seen)."""
    changed = [item for item in items if item.price_seen_vnd != item.product.price_vnd]
    if not changed and (expected_total_vnd is None or expected_total_vnd == total):
        return
    errors: list[dict[str, Any]] = []
    with transaction.atomic():
        for item in changed:
            errors.append(
                {
                    "field": f"items.{items.index(item)}",
                    "code": "price_changed",
                    "message": _("Giá %(name)s đổi từ %(old)s thành %(new)s.")
                    % {
                        "name": item.product.name,
                        "old": f"{item.price_seen_vnd:,}".replace(",", "."),
                        "new": f"{item.product.price_vnd:,}".replace(",", "."),
                    },
                    "product": item.product.slug,
                    "old_price_vnd": item.price_seen_vnd,
                    "price_vnd": item.product.price_vnd,
                }
            )
            CartItem.objects.filter(pk=item.pk).update(price_seen_vnd=item.product.price_vnd)
    if not errors:
        errors.append(
            {
                "field": "expected_total_vnd",
                "code": "price_changed",
                "message": _("Tổng tiền hiện là %(total)s.") % {"total": f"{total:,}".replace(",", ".")},
                "total_vnd": total,
            }
        )
    raise PriceChanged(errors)


def _take_stock(wanted: list[tuple[Product, int, str, str]], *, actor: Any) -> None:
    """Take units off several products at once, or raise OutOfStock having taken nothing that commits.

    `wanted`: (product, quantity, stock-move reason, error field). One UPDATE for every line, each row
    conditional on `stock >= quantity` (no read before: no check-then-act); a line that did not update is
    short. On PostgreSQL the rows are first locked in id order (FOR UPDATE in the same statement), so two
    checkouts of the same products queue instead of deadlocking. Each line moved is a catalog StockMove.
    """
    quantities: dict[int, int] = defaultdict(int)
    for product, quantity, _reason, _field in wanted:
        quantities[product.pk] += quantity
    ids = sorted(quantities)
    table = connection.ops.quote_name(Product._meta.db_table)
    pk = connection.ops.quote_name(Product._meta.pk.column or "id")  # type: ignore[union-attr]
    stock = connection.ops.quote_name(Product._meta.get_field("stock").column or "stock")
    # Identifiers come from the model's _meta and every value is a query parameter (hence the S608 noqa).
    values = ", ".join(["(%s, %s)"] * len(ids))
    params: list[Any] = [x for product_id in ids for x in (product_id, quantities[product_id])]
    if connection.vendor == "postgresql":
        marks = ", ".join(["%s"] * len(ids))
        lock = (
            f"WITH locked AS MATERIALIZED (SELECT {pk} FROM {table} WHERE {pk} IN ({marks})"  # noqa: S608
            f" ORDER BY {pk} FOR UPDATE) "
        )
        also, join, returning = ", locked", f" AND locked.{pk} = p.{pk}", f"p.{pk}, p.{stock}"
        params = [*ids, *params]
    else:  # SQLite: the write lock is the whole database, taken at BEGIN IMMEDIATE; RETURNING is unqualified
        lock = also = join = ""
        returning = f"{pk}, {stock}"
    sql = (
        f"{lock}UPDATE {table} AS p SET {stock} = p.{stock} - v.column2 FROM (VALUES {values}) AS v{also}"  # noqa: S608
        f" WHERE p.{pk} = v.column1{join} AND p.{stock} >= v.column2 RETURNING {returning}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        stock_after = dict(cursor.fetchall())
    if len(stock_after) < len(ids):
        product, _quantity, _reason, field = next(w for w in wanted if w[0].pk not in stock_after)
        available = Product.objects.values_list("stock", flat=True).get(pk=product.pk)
        raise OutOfStock(
            [
                {
                    "field": field,
                    "code": "out_of_stock",
                    "message": _("%(name)s chỉ còn %(n)s.") % {"name": product.name, "n": available},
                    "product": product.slug,
                    "available": available,
                    "requested": quantities[product.pk],
                }
            ]
        )
    reasons = {product.pk: reason for product, _quantity, reason, _field in wanted}
    catalog_changed()  # the stock shown on product pages and searches changed (a raw UPDATE: no signal)
    StockMove.objects.bulk_create(
        StockMove(
            product_id=product_id,
            delta=-quantities[product_id],
            stock_after=stock_after[product_id],
            reason=reasons[product_id],
            actor=actor,
        )
        for product_id in ids
    )


def _release(order: Order, *, why: str, actor: Any) -> None:
    """Put an order's units back on the shelf (cancel, expiry, lapse)."""
    lines = (
        order.items.filter(product__isnull=False).order_by("product_id").values_list("product_id", "quantity")
    )
    catalog_changed()
    for product_id, quantity in lines:
        Product.objects.filter(pk=product_id).update(stock=F("stock") + quantity)
        stock_after = Product.objects.values_list("stock", flat=True).get(pk=product_id)
        StockMove.objects.create(
            product_id=product_id,
            delta=quantity,
            stock_after=stock_after,
            reason=f"order {order.code} {why}",
            actor=actor,
        )


@dataclass(frozen=True)
class OrderLine:
    """A line to order: a product, how many, and the unit price agreed (the catalog's, or a deal's)."""

    product: Product
    quantity: int
    unit_price_vnd: int


@dataclass
class PlacedOrder:
    """An order just written with its lines and first event, so callers need not read them back."""

    order: Order
    items: list[OrderItem]
    events: list[OrderEvent]


def _write_checkout(
    *,
    details: BuyerDetails,
    commune: Commune,
    province: Province,
    payment_method: str,
    user: Any,
    by_seller: dict[int, list[OrderLine]],
    sellers: dict[int, Seller],
    quotes: dict[int, DeliveryQuote],
    fields: dict[int, str],
    cart: Cart | None = None,
    idempotency: Idempotency | None = None,
    note: str = "",
) -> Checkout:
    """Write the checkout, one order per seller, their lines and first event, then take the stock.

    A `cart` is claimed first, by a conditional UPDATE (`checkout IS NULL`): of two submits of one cart the
    database lets one through; the other (on PostgreSQL it waits for the first to commit) finds the cart
    taken and raises CartCheckedOut, or AlreadyAnswered when its Idempotency-Key got the first's answer.
    The cart's lines are then deleted and, with `idempotency`, the answer is kept in the same transaction.

    A handful of statements whatever the number of lines: the orders, lines and events are bulk inserts
    and the stock is one UPDATE (see _take_stock), done last so the product rows stay locked only until
    the commit just after. Codes are drawn without a look-up: the unique constraints decide, and the rare
    collision (31^6 codes) is retried. `fields[product_id]` names the line in an OutOfStock error.
    """
    buyer_user = user if getattr(user, "is_authenticated", False) else None
    is_cod = payment_method == PaymentMethod.COD
    lapse_default = conf.lapse_hours()
    expiry = timedelta(hours=conf.unpaid_expiry_hours())
    total = sum(
        sum(line.unit_price_vnd * line.quantity for line in lines) + quotes[seller_id].fee_vnd
        for seller_id, lines in by_seller.items()
    )
    for attempt in range(3):
        now = timezone.now()
        checkout = Checkout(
            code=new_code(CHECKOUT_CODE_PREFIX),
            buyer=buyer_user,
            buyer_name=details.name,
            buyer_phone=details.phone,
            buyer_email=details.email,
            street=details.street,
            commune=commune,
            province=province,
            payment_method=payment_method,
            total_vnd=total,
        )
        orders: list[Order] = []
        for seller_id, lines in by_seller.items():
            seller, quote = sellers[seller_id], quotes[seller_id]
            subtotal = sum(line.unit_price_vnd * line.quantity for line in lines)
            policy = policy_of(seller)
            lapse = (policy.lapse_hours if policy and policy.lapse_hours else None) or lapse_default
            order = Order(
                code=new_code(ORDER_CODE_PREFIX),
                checkout=checkout,
                seller=seller,
                buyer=buyer_user,
                payment_method=payment_method,
                payment_status=Order.PaymentStatus.COD if is_cod else Order.PaymentStatus.UNPAID,
                subtotal_vnd=subtotal,
                delivery_fee_vnd=quote.fee_vnd,
                total_vnd=subtotal + quote.fee_vnd,
                delivery_min_days=quote.min_days,
                delivery_max_days=quote.max_days,
                # A COD order must be answered from now; a transfer order once it is paid.
                respond_by=now + timedelta(hours=lapse) if is_cod else None,
                pay_by=None if is_cod else now + expiry,
            )
            if not is_cod:
                order.vietqr_payload = vietqr_for(order, seller)
            orders.append(order)
        try:
            with transaction.atomic():
                checkout.save(force_insert=True)
                if cart is not None and not Cart.objects.filter(pk=cart.pk, checkout__isnull=True).update(
                    checkout=checkout, updated_at=now
                ):
                    replay(idempotency)
                    raise checked_out(cart)
                for order in orders:
                    order.checkout = checkout  # sets checkout_id now that it exists
                Order.objects.bulk_create(orders)
                items = OrderItem.objects.bulk_create(
                    OrderItem(
                        order=order,
                        product=line.product,
                        product_name=line.product.name,
                        product_slug=line.product.slug,
                        sku=line.product.sku,
                        unit=line.product.unit,
                        unit_price_vnd=line.unit_price_vnd,
                        quantity=line.quantity,
                        line_total_vnd=line.unit_price_vnd * line.quantity,
                    )
                    for order in orders
                    for line in by_seller[order.seller_id]
                )
                events = OrderEvent.objects.bulk_create(
                    OrderEvent(
                        order=order,
                        from_status="",
                        to_status=S.AWAITING,
                        actor=buyer_user,
                        actor_role="buyer",
                        note=note,
                    )
                    for order in orders
                )
                if cart is not None:  # emptied before the stock is taken: the product rows stay locked less
                    CartItem.objects.filter(cart=cart).delete()
                # The emails task is written in this transaction (database backend): a committed order
                # always has it, a rolled-back one never. Before the stock UPDATE: row locks stay short.
                tasks.send_order_placed.enqueue(checkout.pk, [order.pk for order in orders])
                checkout.placed = sorted(
                    (
                        PlacedOrder(
                            order,
                            [item for item in items if item.order_id == order.pk],
                            [event for event in events if event.order_id == order.pk],
                        )
                        for order in orders
                    ),
                    key=lambda placed: (placed.order.seller.trading_name, placed.order.pk),
                )
                if idempotency is not None:  # the answer is kept with the order (the stock is not in it)
                    remember(idempotency, checkout)
                order_of_seller = {order.seller_id: order for order in orders}
                _take_stock(
                    [
                        (
                            line.product,
                            line.quantity,
                            f"order {order_of_seller[seller_id].code}",
                            fields[line.product.pk],
                        )
                        for seller_id, lines in by_seller.items()
                        for line in lines
                    ],
                    actor=buyer_user,
                )
        except IntegrityError:
            codes = [order.code for order in orders]
            taken = Checkout.objects.filter(code=checkout.code).exists() or (
                Order.objects.filter(code__in=codes).exists()
            )
            if not taken or attempt == 2:
                raise
            continue
        return checkout
    raise AssertionError("unreachable")


def place_order(
    *,
    cart: Cart,
    buyer: BuyerDetails,
    payment_method: str,
    user: Any = None,
    expected_total_vnd: int | None = None,
    idempotency: Idempotency | None = None,
) -> Checkout:
    """Turn a cart into one order per seller under a checkout; reserve stock atomically or change nothing.
    A cart is checked out once (see _write_checkout).

    Raises ValidationFailed (bad buyer/address/method, empty cart, unavailable product), PriceChanged
    (a price moved since the buyer saw it; the new prices are then recorded as seen), OutOfStock,
    CartCheckedOut (this cart made a checkout already) and, with `idempotency`, AlreadyAnswered (this key
    was answered: the same answer again) or IdempotencyKeyReused (this key came with another request).
    The checkout returned carries `placed`: its orders (by shop name) with their lines and first event.
    """
    replay(idempotency)
    details, commune, province = validate_buyer(buyer)
    if payment_method not in PaymentMethod.values:
        raise invalid("payment_method", "invalid_choice", _("Hãy chọn cách thanh toán."))
    items = list(
        CartItem.objects.filter(cart=cart)
        .select_related("product__seller__delivery_policy")
        .order_by("product__seller_id", "product_id")
    )
    if not items:
        # Lines and claim commit together: a cart read empty after its checkout committed is seen claimed.
        if Cart.objects.filter(pk=cart.pk, checkout__isnull=False).exists():
            replay(idempotency)
            raise checked_out(cart)
        raise invalid("items", "empty_cart", _("Giỏ hàng đang trống."))
    by_seller: dict[int, list[OrderLine]] = defaultdict(list)
    fields: dict[int, str] = {}
    for i, item in enumerate(items):
        if not is_orderable(item.product):
            raise invalid(
                f"items.{i}.product",
                "product_unavailable",
                _("%(name)s hiện không bán; hãy bỏ khỏi giỏ.") % {"name": item.product.name},
            )
        if item.quantity > conf.max_quantity_per_product():
            raise invalid(f"items.{i}.quantity", "max_quantity", _("Số lượng vượt mức tối đa."))
        by_seller[item.product.seller_id].append(
            OrderLine(item.product, item.quantity, item.product.price_vnd)
        )
        fields[item.product_id] = f"items.{i}.quantity"
    sellers = {lines[0].product.seller_id: lines[0].product.seller for lines in by_seller.values()}
    _ensure_vietqr_possible(payment_method, sellers.values())
    quotes = _quotes(by_seller, sellers, province)
    total = sum(
        sum(line.unit_price_vnd * line.quantity for line in lines) + quotes[seller_id].fee_vnd
        for seller_id, lines in by_seller.items()
    )
    _acknowledge_prices(items, expected_total_vnd, total)
    return _write_checkout(
        details=details,
        commune=commune,
        province=province,
        payment_method=payment_method,
        user=user,
        by_seller=by_seller,
        sellers=sellers,
        quotes=quotes,
        fields=fields,
        cart=cart,
        idempotency=idempotency,
    )


def _ensure_vietqr_possible(payment_method: str, sellers: Iterable[Seller]) -> None:
    if payment_method != PaymentMethod.VIETQR:
        return
    for seller in sellers:
        if not (seller.bank_bin and seller.bank_account):
            raise invalid(
                "payment_method",
                "vietqr_unavailable",
                _("%(shop)s chưa nhận chuyển khoản; hãy chọn thanh toán khi nhận hàng.")
                % {"shop": seller.trading_name},
            )


def _quotes(
    by_seller: dict[int, list[OrderLine]], sellers: dict[int, Seller], province: Province
) -> dict[int, DeliveryQuote]:
    return {
        seller_id: delivery_quote(
            sellers[seller_id], province, sum(line.unit_price_vnd * line.quantity for line in lines)
        )
        for seller_id, lines in by_seller.items()
    }


@transaction.atomic
def place_b2b_order(
    *,
    actor: Any,
    seller: Seller,
    lines: list[OrderLine],
    buyer: BuyerDetails,
    payment_method: str,
    delivery_fee_vnd: int | None = None,
    note: str = "",
) -> Checkout:
    """A signed-in buyer orders from one seller at agreed prices (e.g. an accepted buy-request offer).

    The order is an ordinary marketplace order (same codes, lifecycle, deadlines, VietQR, emails, payout);
    only the unit prices come from the deal instead of the catalog, and the per-product cart maximum does
    not apply (a B2B volume is bounded by the stock alone). Stock is reserved as at checkout: a short line
    raises OutOfStock and nothing is written. `delivery_fee_vnd` None = the seller's delivery rules;
    `note` goes on the order's first timeline entry (where the deal came from).
    Raises PermissionDenied (not signed in), ValidationFailed and OutOfStock.
    """
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Hãy đăng nhập để đặt hàng."))
    details, commune, province = validate_buyer(buyer)
    if payment_method not in PaymentMethod.values:
        raise invalid("payment_method", "invalid_choice", _("Hãy chọn cách thanh toán."))
    if not lines:
        raise invalid("lines", "required", _("Đơn hàng cần ít nhất một sản phẩm."))
    errors: list[dict[str, str]] = []
    fields: dict[int, str] = {}
    for i, line in enumerate(lines):
        product = line.product
        if product.seller_id != seller.pk:
            errors.append(
                {
                    "field": f"lines.{i}.product",
                    "code": "not_sellers_product",
                    "message": _("%(name)s không phải sản phẩm của %(shop)s.")
                    % {"name": product.name, "shop": seller.trading_name},
                }
            )
        elif not (product.status == Product.Status.ACTIVE and seller.status == Seller.Status.VERIFIED):
            errors.append(
                {
                    "field": f"lines.{i}.product",
                    "code": "product_unavailable",
                    "message": _("%(name)s hiện không bán.") % {"name": product.name},
                }
            )
        if line.quantity < 1:
            errors.append(
                {
                    "field": f"lines.{i}.quantity",
                    "code": "min_quantity",
                    "message": _("Số lượng phải từ 1 trở lên."),
                }
            )
        if line.unit_price_vnd < 1:
            errors.append(
                {
                    "field": f"lines.{i}.unit_price_vnd",
                    "code": "not_positive",
                    "message": _("Đơn giá phải lớn hơn 0."),
                }
            )
        fields.setdefault(product.pk, f"lines.{i}.quantity")
    if delivery_fee_vnd is not None and delivery_fee_vnd < 0:
        errors.append(
            {"field": "delivery_fee_vnd", "code": "negative", "message": _("Phí giao hàng không được âm.")}
        )
    if errors:
        raise ValidationFailed(errors)
    _ensure_vietqr_possible(payment_method, [seller])
    by_seller = {seller.pk: list(lines)}
    quote = _quotes(by_seller, {seller.pk: seller}, province)[seller.pk]
    if delivery_fee_vnd is not None:
        quote = DeliveryQuote(delivery_fee_vnd, quote.min_days, quote.max_days, is_free=delivery_fee_vnd == 0)
    return _write_checkout(
        details=details,
        commune=commune,
        province=province,
        payment_method=payment_method,
        user=actor,
        by_seller=by_seller,
        sellers={seller.pk: seller},
        quotes={seller.pk: quote},
        fields=fields,
        note=note.strip()[:500],
    )


# --- Order lifecycle ------------------------------------------------------------------------------

# (from, to) → the kinds of actor that may make the move. Anything else is refused.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.AWAITING, S.CONFIRMED): frozenset({"seller"}),
    (S.AWAITING, S.CANCELLED): frozenset({"buyer", "seller", "system"}),
    (S.CONFIRMED, S.CANCELLED): frozenset({"buyer", "seller"}),
    (S.AWAITING, S.LAPSED): frozenset({"system"}),
    (S.CONFIRMED, S.SHIPPED): frozenset({"seller"}),
    (S.SHIPPED, S.DELIVERED): frozenset({"seller"}),
    (S.DELIVERED, S.RETURN_REQUESTED): frozenset({"buyer"}),
    (S.RETURN_REQUESTED, S.RETURNED): frozenset({"seller"}),
    (S.RETURNED, S.REFUNDED): frozenset({"seller"}),
}
RELEASES_STOCK = {S.CANCELLED, S.LAPSED}


def allowed_moves(order: Order, role: str) -> list[str]:
    """The statuses `role` may move this order to now (for pages: which buttons to show)."""
    return [to for (frm, to), roles in TRANSITIONS.items() if frm == order.status and role in roles]


def _transition(order: Order, to: str, *, actor: Any, role: str, note: str = "", **changes: Any) -> Order:
    """Move the order (locked) to `to`, record who/when/from/to, release stock when it ends unfulfilled."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    frm = locked.status
    if role not in TRANSITIONS.get((frm, to), frozenset()):
        raise InvalidTransition(
            _("Không thể chuyển đơn %(code)s từ “%(from)s” sang “%(to)s”.")
            % {"code": locked.code, "from": S(frm).label, "to": S(to).label},
            field="status",
            from_status=frm,
            to_status=to,
        )
    locked.status = to
    for field, value in changes.items():
        setattr(locked, field, value)
    if to in RELEASES_STOCK:
        _release(locked, why=to, actor=actor if getattr(actor, "is_authenticated", False) else None)
        if locked.paid_vnd > 0:
            locked.payment_status = Order.PaymentStatus.REFUND_DUE
    locked.save()
    event = OrderEvent.objects.create(
        order=locked,
        from_status=frm,
        to_status=to,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_role=role,
        note=note,
    )
    tasks.send_status_changed.enqueue(event.pk)  # in the transaction: the event always has its email
    return locked


def _ensure_buyer(order: Order, actor: Any, phone: str | None) -> None:
    """The buyer: the signed-in user who placed it, or a guest who knows the order's phone number."""
    if getattr(actor, "is_authenticated", False) and order.buyer_id == actor.pk:
        return
    if phone:
        try:
            if normalize_phone(phone) == order.checkout.buyer_phone:
                return
        except ValidationError:
            pass
    raise PermissionDenied(_("Bạn không phải người đặt đơn này."))


@transaction.atomic
def confirm_order(*, actor: Any, order: Order) -> Order:
    """The seller accepts the order (Art. 19 confirmation goes to the buyer by email)."""
    ensure_can_manage(actor, order.seller)
    return _transition(order, S.CONFIRMED, actor=actor, role="seller")


@transaction.atomic
def ship_order(*, actor: Any, order: Order, carrier: str, tracking_number: str) -> Order:
    """The seller hands the goods to a carrier; a transfer order must be paid in full first."""
    ensure_can_manage(actor, order.seller)
    errors = []
    if not carrier.strip():
        errors.append({"field": "carrier", "code": "required", "message": _("Hãy nhập đơn vị vận chuyển.")})
    if not tracking_number.strip():
        errors.append({"field": "tracking_number", "code": "required", "message": _("Hãy nhập mã vận đơn.")})
    if len(carrier) > 100 or len(tracking_number) > 60:
        errors.append({"field": "tracking_number", "code": "too_long", "message": _("Quá dài.")})
    if errors:
        raise ValidationFailed(errors)
    status, paid = Order.objects.values_list("status", "payment_status").get(pk=order.pk)
    is_paid = paid in {Order.PaymentStatus.PAID, Order.PaymentStatus.OVERPAID}
    if order.payment_method == PaymentMethod.VIETQR and status == S.CONFIRMED and not is_paid:
        raise PaymentRequired()
    return _transition(
        order,
        S.SHIPPED,
        actor=actor,
        role="seller",
        note=f"{carrier.strip()} {tracking_number.strip()}",
        carrier=carrier.strip(),
        tracking_number=tracking_number.strip(),
    )


@transaction.atomic
def mark_delivered(*, actor: Any, order: Order) -> Order:
    """The seller records the delivery; a COD order's cash is then collected."""
    ensure_can_manage(actor, order.seller)
    changes: dict[str, Any] = {"delivered_at": timezone.now()}
    if order.payment_method == PaymentMethod.COD:
        changes |= {"payment_status": Order.PaymentStatus.PAID, "paid_vnd": order.total_vnd}
    return _transition(order, S.DELIVERED, actor=actor, role="seller", **changes)


@transaction.atomic
def cancel_by_seller(*, actor: Any, order: Order, reason: str) -> Order:
    ensure_can_manage(actor, order.seller)
    if not reason.strip():
        raise invalid("reason", "required", _("Hãy ghi lý do huỷ đơn."))
    return _transition(
        order, S.CANCELLED, actor=actor, role="seller", note=reason.strip(), cancel_reason=reason.strip()
    )


@transaction.atomic
def cancel_by_buyer(*, order: Order, actor: Any = None, phone: str | None = None, reason: str = "") -> Order:
    """The buyer cancels before the goods are shipped."""
    _ensure_buyer(order, actor, phone)
    return _transition(
        order, S.CANCELLED, actor=actor, role="buyer", note=reason.strip(), cancel_reason=reason.strip()
    )


@transaction.atomic
def request_return(*, order: Order, reason: str, actor: Any = None, phone: str | None = None) -> Order:
    _ensure_buyer(order, actor, phone)
    if not reason.strip():
        raise invalid("reason", "required", _("Hãy ghi lý do trả hàng."))
    return _transition(order, S.RETURN_REQUESTED, actor=actor, role="buyer", note=reason.strip())


@transaction.atomic
def accept_return(*, actor: Any, order: Order) -> Order:
    ensure_can_manage(actor, order.seller)
    return _transition(order, S.RETURNED, actor=actor, role="seller")


@transaction.atomic
def refund_order(*, actor: Any, order: Order) -> Order:
    ensure_can_manage(actor, order.seller)
    return _transition(
        order, S.REFUNDED, actor=actor, role="seller", payment_status=Order.PaymentStatus.REFUNDED
    )


def expire_unpaid_orders(now: datetime | None = None) -> list[str]:
    """Cancel VietQR orders still unpaid after the configured time; their stock goes back. Returns codes."""
    now = now or timezone.now()
    due = Order.objects.filter(
        payment_method=PaymentMethod.VIETQR,
        payment_status=Order.PaymentStatus.UNPAID,
        status=S.AWAITING,
        pay_by__lte=now,
    ).values_list("pk", flat=True)
    done = []
    for pk in list(due[:500]):
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=pk)
            if order.payment_status != Order.PaymentStatus.UNPAID or order.status != S.AWAITING:
                continue
            _transition(
                order,
                S.CANCELLED,
                actor=None,
                role="system",
                note=_("Quá hạn thanh toán"),
                cancel_reason=_("Quá hạn thanh toán"),
            )
            done.append(order.code)
    return done


def lapse_unanswered_orders(now: datetime | None = None) -> list[str]:
    """Orders the seller did not answer by their deadline lapse (Art. 20); their stock goes back."""
    now = now or timezone.now()
    due = Order.objects.filter(status=S.AWAITING, respond_by__lte=now).values_list("pk", flat=True)
    done = []
    for pk in list(due[:500]):
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=pk)
            if order.status != S.AWAITING or order.respond_by is None or order.respond_by > now:
                continue
            _transition(
                order, S.LAPSED, actor=None, role="system", note=_("Người bán không trả lời đúng hạn")
            )
            done.append(order.code)
    return done


# --- Payments (bank-statement webhook) --------------------------------------------------------------

_CODE_IN_TEXT = re.compile(rf"{ORDER_CODE_PREFIX}[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")


def verify_signature(raw_body: bytes, header: str | None) -> None:
    """HMAC-SHA256 of the raw body with the shared secret, compared in constant time; BadSignature."""
    secret = conf.webhook_secret()
    if not secret or not header or not header.startswith("sha256="):
        raise BadSignature()
    expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, header.removeprefix("sha256=").strip().lower()):
        raise BadSignature()


def find_order_code(description: str) -> list[str]:
    """Order codes written in a transfer note (banks may upper-case it or glue words to it)."""
    return _CODE_IN_TEXT.findall(re.sub(r"[^A-Z0-9]", " ", description.upper()))


def _apply_payment(order: Order, amount: int, now: datetime) -> str:
    """Add a transfer to a (locked) order; returns the payment outcome."""
    if order.status not in {S.AWAITING, S.CONFIRMED} or order.payment_method != PaymentMethod.VIETQR:
        return Payment.Outcome.NOT_PAYABLE
    if order.payment_status not in {Order.PaymentStatus.UNPAID, Order.PaymentStatus.PARTIAL}:
        return Payment.Outcome.NOT_PAYABLE
    order.paid_vnd += amount
    if order.paid_vnd == order.total_vnd:
        order.payment_status, outcome = Order.PaymentStatus.PAID, Payment.Outcome.MATCHED
    elif order.paid_vnd < order.total_vnd:
        order.payment_status, outcome = Order.PaymentStatus.PARTIAL, Payment.Outcome.SHORT
    else:
        order.payment_status, outcome = Order.PaymentStatus.OVERPAID, Payment.Outcome.OVER
    if order.is_paid:
        order.paid_at = now
        policy = DeliveryPolicy.objects.filter(seller_id=order.seller_id).first()
        hours = (policy.lapse_hours if policy and policy.lapse_hours else None) or conf.lapse_hours()
        if order.status == S.AWAITING:
            order.respond_by = now + timedelta(hours=hours)
    order.save(update_fields=["paid_vnd", "payment_status", "paid_at", "respond_by", "updated_at"])
    return outcome


def _account_number(value: str) -> str:
    """An account number as sellers' accounts are stored: no spaces, dots or dashes."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def _paid_into(seller: Seller, account: str, bank_bin: str) -> bool:
    """Whether money reported as received in (account, bank_bin) reached this seller's account."""
    if not account or account != _account_number(seller.bank_account):
        return False
    return not bank_bin or bank_bin == seller.bank_bin


def record_bank_payment(
    *,
    transaction_id: str,
    amount_vnd: int,
    description: str,
    account: str,
    paid_at: datetime,
    raw: dict,
    bank_bin: str = "",
) -> tuple[Payment, bool]:
    """Store a bank transfer once (by transaction_id) and apply it to the order its note names, when
    the money reached that order's seller's account (`account`, and `bank_bin` when reported).

    Returns (payment, created). A second delivery of the same transaction changes nothing.
    Short, over, unmatched, too-late or wrong-account payments are kept with needs_review for
    reconciliation; a wrong-account one is applied to no order (the note alone proves nothing).
    """
    existing = Payment.objects.filter(transaction_id=transaction_id).first()
    if existing is not None:
        return existing, False
    account, bank_bin = _account_number(account), bank_bin.strip()
    try:
        with transaction.atomic():
            now = timezone.now()
            order = None
            for code in find_order_code(description):
                order = (
                    Order.objects.select_for_update(of=("self",))
                    .select_related("seller")
                    .filter(code=code)
                    .first()
                )
                if order is not None:
                    break
            outcome: str
            if order is None:
                outcome = Payment.Outcome.UNMATCHED
            elif not _paid_into(order.seller, account, bank_bin):
                outcome, order = Payment.Outcome.WRONG_ACCOUNT, None
            else:
                outcome = _apply_payment(order, amount_vnd, now)
            payment = Payment.objects.create(
                transaction_id=transaction_id,
                amount_vnd=amount_vnd,
                description=description[:500],
                account=account[:30],
                bank_bin=bank_bin[:6],
                paid_at=paid_at,
                order=order,
                outcome=outcome,
                needs_review=outcome != Payment.Outcome.MATCHED,
                raw=raw,
            )
            if (
                order is not None
                and order.is_paid
                and outcome in {Payment.Outcome.MATCHED, Payment.Outcome.OVER}
            ):
                tasks.send_order_paid.enqueue(order.pk)
            return payment, True
    except IntegrityError:  # the same transaction delivered twice at once: the other one stored it
        return Payment.objects.get(transaction_id=transaction_id), False


def _ensure_can_reconcile(actor: Any, payment: Payment) -> None:
    """Officers; else the members of the shop whose order the payment is on or, for a payment on no
    order, of the one shop whose account received the money (never a shop the money did not reach)."""
    if is_officer(actor):
        return
    if payment.order_id is not None:
        if can_manage(actor, payment.order.seller):  # type: ignore[union-attr]
            return
    else:
        holder = queries.account_holder(payment)
        if holder is not None and can_manage(actor, holder):
            return
    raise PermissionDenied(_("Bạn không được đối soát khoản thanh toán này."))


@transaction.atomic
def resolve_payment(*, actor: Any, payment: Payment, note: str) -> Payment:
    """Close a payment that needed review (refunded the excess, agreed with the buyer, …) with a note."""
    _ensure_can_reconcile(actor, payment)
    if not note.strip():
        raise invalid("note", "required", _("Hãy ghi cách đã xử lý."))
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    payment.needs_review = False
    payment.resolved_at = timezone.now()
    payment.resolved_by = actor
    payment.resolution_note = note.strip()
    payment.save(update_fields=["needs_review", "resolved_at", "resolved_by", "resolution_note"])
    return payment


@transaction.atomic
def assign_payment(*, actor: Any, payment: Payment, order: Order) -> Payment:
    """Apply an unmatched transfer to an order (the buyer mistyped the note): a shop member to an order
    of the shop whose account received the money; an officer, having checked by hand, to any order."""
    _ensure_can_reconcile(actor, payment)
    if not is_officer(actor):
        ensure_can_manage(actor, order.seller)
        if not _paid_into(order.seller, payment.account, payment.bank_bin):
            raise PermissionDenied(
                _("Khoản này không chuyển vào tài khoản của %(shop)s.") % {"shop": order.seller.trading_name}
            )
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.order_id is not None:
        raise invalid("payment", "already_matched", _("Khoản này đã gắn với một đơn."))
    locked = Order.objects.select_for_update().get(pk=order.pk)
    outcome = _apply_payment(locked, payment.amount_vnd, timezone.now())
    if outcome == Payment.Outcome.NOT_PAYABLE:
        raise invalid("order", "not_payable", _("Đơn này không còn nhận thanh toán."))
    payment.order = locked
    payment.outcome = outcome
    payment.needs_review = outcome != Payment.Outcome.MATCHED
    payment.resolved_by = actor
    payment.resolution_note = _("Gắn vào đơn %(code)s") % {"code": locked.code}
    if not payment.needs_review:
        payment.resolved_at = timezone.now()
    payment.save()
    return payment
