"""Checkout: a cart (or a B2B deal) becomes one order per seller under a checkout, its stock taken atomically.

The stock is taken by catalog.stock.take_stock (one conditional UPDATE, `stock >= quantity`, for every line),
each line a catalog StockMove with reason "order <code>"; lifecycle puts it back the same way.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.catalog.models import Product
from hangviet.catalog.stock import take_stock
from hangviet.core import vietqr
from hangviet.core.errors import ValidationFailed, field_error, invalid
from hangviet.core.limits import max_length
from hangviet.core.models import Commune, Province
from hangviet.core.money import format_vnd
from hangviet.core.validators import normalize_phone
from hangviet.orders import conf, tasks
from hangviet.orders.errors import PriceChanged
from hangviet.orders.models import (
    CHECKOUT_CODE_PREFIX,
    ORDER_CODE_PREFIX,
    Cart,
    CartItem,
    Checkout,
    Order,
    OrderEvent,
    OrderItem,
    PaymentMethod,
    new_code,
)
from hangviet.orders.queries import DeliveryQuote, answer_hours, delivery_quote, is_orderable, policy_of
from hangviet.orders.services.cart import checked_out
from hangviet.orders.services.idempotency import Idempotency, remember, replay
from hangviet.sellers.models import Seller

S = Order.Status


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
        errors.append(field_error("buyer.name", "required", _("Hãy nhập họ và tên.")))
    elif len(name) > (limit := max_length(Checkout, "buyer_name")):
        errors.append(field_error("buyer.name", "too_long", _("Tối đa %(n)s ký tự.") % {"n": limit}))
    phone = ""
    try:
        phone = normalize_phone(details.phone)
    except ValidationError as exc:
        errors.append(field_error("buyer.phone", "invalid_phone", exc.messages[0]))
    email = details.email.strip()
    if email:
        from django.core.validators import validate_email

        try:
            validate_email(email)
        except ValidationError:
            errors.append(field_error("buyer.email", "invalid_email", _("Email không hợp lệ.")))
    if not street:
        errors.append(field_error("address.street", "required", _("Hãy nhập số nhà, đường, ấp.")))
    elif len(street) > (limit := max_length(Checkout, "street")):
        errors.append(field_error("address.street", "too_long", _("Tối đa %(n)s ký tự.") % {"n": limit}))
    # One query in the usual case (the commune, with its province); the province alone otherwise.
    commune = Commune.objects.select_related("province").filter(pk=details.commune_code).first()
    if commune is not None and commune.province_id == details.province_code:
        province: Province | None = commune.province
    else:
        province = Province.objects.filter(pk=details.province_code).first()
    if province is None:
        errors.append(
            field_error("address.province_code", "unit_not_found", _("Tỉnh/thành phố không hợp lệ."))
        )
    if commune is None:
        errors.append(field_error("address.commune_code", "unit_not_found", _("Xã/phường không hợp lệ.")))
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
                        "old": format_vnd(item.price_seen_vnd),
                        "new": format_vnd(item.product.price_vnd),
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
                "message": _("Tổng tiền hiện là %(total)s.") % {"total": format_vnd(total)},
                "total_vnd": total,
            }
        )
    raise PriceChanged(errors)


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
    and the stock is one UPDATE (see catalog.stock.take_stock), done last so the product rows stay locked
    only until the commit just after. Codes are drawn without a look-up: the unique constraints decide, and
    the rare collision (31^6 codes) is retried. `fields[product_id]` names the line in an OutOfStock error.
    """
    buyer_user = user if getattr(user, "is_authenticated", False) else None
    is_cod = payment_method == PaymentMethod.COD
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
            lapse = answer_hours(policy_of(seller))
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
                take_stock(
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
        if item.product.home_node:  # another province's node sells it: ordered there (network checkout)
            raise invalid(
                f"items.{i}.product",
                "remote_product",
                _("%(name)s là hàng của tỉnh khác: hãy đặt riêng ở mục “Hàng của tỉnh khác” trong giỏ.")
                % {"name": item.product.name},
            )
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
        errors.append(field_error("delivery_fee_vnd", "negative", _("Phí giao hàng không được âm.")))
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
