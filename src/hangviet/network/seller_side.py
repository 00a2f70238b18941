"""Seller side of a cross-province order: another node's buyer asks for a quote (`select`), places the
order here (`confirm`: this node's order state machine, stock and payment, through orders' own checkout),
asks for its state (`status`) or cancels it (`cancel`). Each status change of such an order goes back
to the buyer's node as `on_status`, through the outbox, in the transaction of the change."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from hangviet.catalog.models import Product
from hangviet.catalog.stock import OutOfStock
from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.network import protocol
from hangviet.network.models import Peer, SellerOrderLink
from hangviet.orders.errors import PriceChanged
from hangviet.orders.models import Order, OrderEvent, PaymentMethod
from hangviet.orders.queries import delivery_quote
from hangviet.orders.services import cart as cart_services
from hangviet.orders.services import checkout as checkout_services
from hangviet.orders.services import lifecycle

PAYMENT_TYPES = {"COD": PaymentMethod.COD, "VIETQR": PaymentMethod.VIETQR}
_ERR = protocol.ProtocolError


def _lines(message: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[Product, int]]]:
    """The order of a select/confirm and its (product, quantity) lines, all of one of our sellers."""
    order = message.get("order")
    if not isinstance(order, dict):
        raise _ERR(protocol.BAD_MESSAGE, "no order", path="message.order")
    items = order.get("items")
    if not isinstance(items, list) or not 0 < len(items) <= protocol.MAX_ITEMS_PER_ORDER:
        raise _ERR(protocol.BAD_MESSAGE, "1 to 50 items", path="message.order.items")
    lines: list[tuple[Product, int]] = []
    for i, item in enumerate(items):
        path = f"message.order.items.{i}"
        count = (item.get("quantity") or {}).get("count") if isinstance(item, dict) else None
        if not isinstance(count, int) or isinstance(count, bool) or not 0 < count <= protocol.MAX_QUANTITY:
            raise _ERR(protocol.BAD_MESSAGE, "quantity.count is 1 to 999", path=f"{path}.quantity.count")
        item_id = str(item.get("id", ""))
        product = (
            Product.objects.filter(pk=int(item_id), is_listed=True, home_node__isnull=True)
            .select_related("seller__delivery_policy")
            .first()
            if item_id.isdigit() and len(item_id) < 18
            else None
        )
        if product is None:
            raise _ERR(protocol.ITEM_NOT_FOUND, f"item {item_id[:40]} not found", 404, path=f"{path}.id")
        lines.append((product, count))
    if len({product.seller_id for product, _count in lines}) != 1:
        raise _ERR(protocol.BAD_MESSAGE, "one provider per order", path="message.order.items")
    return order, lines


def _quote(lines: list[tuple[Product, int]], province_code: str | None) -> dict[str, Any]:
    from hangviet.core.models import Province

    seller = lines[0][0].seller
    subtotal = sum(product.price_vnd * count for product, count in lines)
    delivery = delivery_quote(seller, Province.objects.filter(code=province_code or "").first(), subtotal)
    return {
        "provider": {"id": str(seller.pk), "descriptor": {"name": seller.trading_name}},
        "items": [
            {
                "id": str(product.pk),
                "descriptor": {"name": product.name},
                "price": protocol.price(product.price_vnd),
                "quantity": {"selected": {"count": count}, "available": {"count": product.stock}},
            }
            for product, count in lines
        ],
        "quote": {
            "price": protocol.price(subtotal + delivery.fee_vnd),
            "breakup": [
                {"title": "items", "price": protocol.price(subtotal)},
                {"title": "delivery", "price": protocol.price(delivery.fee_vnd)},
            ],
        },
        "payment_types": ["COD", "VIETQR"] if seller.bank_account else ["COD"],
    }


def _buyer_province(order: dict[str, Any]) -> str | None:
    address = (((order.get("fulfillment") or {}).get("end") or {}).get("location") or {}).get("address") or {}
    code = address.get("commune_code") if isinstance(address, dict) else None
    if isinstance(code, str) and code.isdigit():
        from hangviet.core.models import Commune

        return Commune.objects.filter(code=code).values_list("province_id", flat=True).first()
    return None


def select(peer: Peer, ctx: dict[str, Any], message: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """A fresh quote: current prices, stock and delivery fee; 40002 when a line is short."""
    order, lines = _lines(message)
    short = [(product, count) for product, count in lines if product.stock < count]
    quote = _quote(lines, _buyer_province(order))
    if short:
        reply = protocol.nack(protocol.QUANTITY_UNAVAILABLE, "quantity unavailable", "message.order.items")
        reply["context"] = protocol.reply_context(ctx)
        reply["message"]["order"] = quote
        return 409, reply
    return 200, {"context": protocol.reply_context(ctx), "message": {"order": quote}}


def order_state(order: Order) -> dict[str, Any]:
    """What the buyer's node is told of an order: its state, payment terms and lines."""
    payment: dict[str, Any] = {
        "type": "COD" if order.payment_method == PaymentMethod.COD else "VIETQR",
        "status": order.payment_status,
        "collected_by": "BPP",
    }
    if order.vietqr_payload:
        payment["vietqr"] = order.vietqr_payload
        payment["params"] = {
            "bank_code": order.seller.bank_bin,
            "bank_account_number": order.seller.bank_account,
            "bank_account_name": order.seller.bank_account_name,
            "amount": str(order.total_vnd),
        }
    return {
        "id": order.code,
        "state": order.status,
        "provider": {"id": str(order.seller_id), "descriptor": {"name": order.seller.trading_name}},
        "items": [
            {
                "id": str(item.product_id or ""),
                "descriptor": {"name": item.product_name},
                "price": protocol.price(item.unit_price_vnd),
                "quantity": {"count": item.quantity},
            }
            for item in order.items.all()
        ],
        "quote": {
            "price": protocol.price(order.total_vnd),
            "breakup": [{"title": "delivery", "price": protocol.price(order.delivery_fee_vnd)}],
        },
        "payment": payment,
        "updated_at": order.updated_at.isoformat(),
    }


def _reply(ctx: dict[str, Any], order: Order) -> tuple[int, dict[str, Any]]:
    order = Order.objects.select_related("seller").prefetch_related("items").get(pk=order.pk)
    return 200, {"context": protocol.reply_context(ctx), "message": {"order": order_state(order)}}


def _buyer(order: dict[str, Any]) -> checkout_services.BuyerDetails:
    billing = order.get("billing") or {}
    address = (((order.get("fulfillment") or {}).get("end") or {}).get("location") or {}).get("address") or {}
    if not isinstance(billing, dict) or not isinstance(address, dict):
        raise _ERR(protocol.BAD_MESSAGE, "billing and fulfillment address", path="message.order.billing")

    def text(data: dict[str, Any], name: str, limit: int) -> str:
        value = data.get(name, "")
        return value[:limit] if isinstance(value, str) else ""

    from hangviet.core.models import Commune

    commune_code = text(address, "commune_code", 5)
    province = Commune.objects.filter(code=commune_code).values_list("province_id", flat=True).first() or ""
    return checkout_services.BuyerDetails(
        name=text(billing, "name", 150),
        phone=text(billing, "phone", 20),
        email=text(billing, "email", 254),
        street=text(address, "street", 200),
        commune_code=commune_code,
        province_code=province,
    )


def confirm(peer: Peer, ctx: dict[str, Any], message: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Place the order here, through this node's own checkout (stock, prices, delivery, VietQR).

    The same transaction confirmed twice (another message id) gives the first order back."""
    link = SellerOrderLink.objects.filter(
        buyer_node=peer.node_id, transaction_id=ctx["transaction_id"]
    ).first()
    if link is not None:
        return _reply(ctx, link.order)
    order, lines = _lines(message)
    payment_type = (
        (order.get("payment") or {}).get("type") if isinstance(order.get("payment"), dict) else None
    )
    if payment_type not in PAYMENT_TYPES:
        raise _ERR(protocol.BAD_MESSAGE, "payment.type is COD or VIETQR", path="message.order.payment.type")
    expected = protocol.read_price(((order.get("quote") or {}).get("price")), "message.order.quote.price")
    cart = cart_services.cart_for(create=True)
    assert cart is not None
    try:
        for product, count in lines:
            cart_services.add_to_cart(cart=cart, product=product, quantity=count)
        placed = checkout_services.place_order(
            cart=cart,
            buyer=_buyer(order),
            payment_method=PAYMENT_TYPES[payment_type],
            expected_total_vnd=expected,
        )
    except OutOfStock as exc:
        raise _ERR(protocol.QUANTITY_UNAVAILABLE, "quantity unavailable", 409, "message.order.items") from exc
    except PriceChanged as exc:
        raise _ERR(
            protocol.QUOTE_UNAVAILABLE, "the price changed: select again", 409, "message.order.quote"
        ) from exc
    except ValidationFailed as exc:
        field = exc.errors[0]["field"] if getattr(exc, "errors", None) else ""
        raise _ERR(protocol.BAD_MESSAGE, f"invalid {field}".strip(), 400, f"message.order.{field}") from exc
    except DomainError as exc:
        raise _ERR(protocol.BAD_MESSAGE, str(exc.code), 409) from exc
    [local] = placed.orders.all()
    try:
        with transaction.atomic():
            SellerOrderLink.objects.create(
                order=local, buyer_node=peer.node_id, transaction_id=ctx["transaction_id"]
            )
    except IntegrityError:  # the same transaction at the same moment: the outer transaction rolls back
        raise
    return _reply(ctx, local)


def _linked_order(peer: Peer, message: dict[str, Any]) -> Order:
    code = message.get("order_id")
    if not isinstance(code, str) or not code or len(code) > 20:
        raise _ERR(protocol.BAD_MESSAGE, "order_id", path="message.order_id")
    link = (
        SellerOrderLink.objects.select_related("order")
        .filter(buyer_node=peer.node_id, order__code=code)
        .first()
    )
    if link is None:
        raise _ERR(protocol.ORDER_NOT_FOUND, "order not found", 404, "message.order_id")
    return link.order


def status(peer: Peer, ctx: dict[str, Any], message: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return _reply(ctx, _linked_order(peer, message))


def cancel(peer: Peer, ctx: dict[str, Any], message: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Cancel by the buyer, when this node's order rules allow it (else 50001)."""
    order = _linked_order(peer, message)
    reason = message.get("cancellation_reason", "")
    try:
        lifecycle.cancel_by_buyer(
            order=order,
            phone=order.checkout.buyer_phone,
            reason=reason[:500] if isinstance(reason, str) else "",
        )
    except DomainError as exc:
        raise _ERR(
            protocol.CANCELLATION_NOT_POSSIBLE, "cancellation not possible", 409, "message.order_id"
        ) from exc
    return _reply(ctx, order)


# --- on_status through the outbox ----------------------------------------------------------------


def order_event_recorded(event: OrderEvent) -> None:
    """Hook of orders.services.lifecycle (settings.HANGVIET_ORDER_EVENT_HOOKS), in the change's
    transaction: when the order came from another node, queue its new state for that node."""
    from hangviet.network import outbox

    link = SellerOrderLink.objects.filter(order_id=event.order_id).first()
    if link is None:
        return
    peer = Peer.objects.filter(node_id=link.buyer_node).first()
    if peer is None:
        return
    order = Order.objects.select_related("seller").prefetch_related("items").get(pk=event.order_id)
    payload = {
        "context": protocol.context(
            "on_status",
            bap_id=peer.node_id,
            bap_uri=peer.base_url,
            bpp_id=protocol.identity.node_id(),
            bpp_uri=protocol.identity.node_url(),
            transaction_id=link.transaction_id,
        ),
        "message": {
            "order": order_state(order),
            "event": {"from": event.from_status, "to": event.to_status, "note": event.note[:500]},
        },
    }
    outbox.enqueue(peer=peer, action="on_status", payload=payload, now=timezone.now())
