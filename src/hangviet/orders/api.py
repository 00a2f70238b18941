"""Orders JSON API: guest carts by token, checkout, order tracking, sellers' order moves, bank webhook."""

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from pydantic import ValidationError as PydanticValidationError

from hangviet.accounts.auth import ORDERS_TOKEN, READ_TOKEN
from hangviet.catalog.models import Product
from hangviet.core import vietqr
from hangviet.core.errors import ValidationFailed
from hangviet.core.schemas import Mapped, Paged
from hangviet.orders import queries
from hangviet.orders.errors import AlreadyAnswered
from hangviet.orders.models import Cart, Checkout, Order, OrderItem, Review
from hangviet.orders.schemas import (
    CartItemIn,
    CartOut,
    CartTokenOut,
    CheckoutIn,
    CheckoutOut,
    GuestCancelIn,
    OrderOut,
    PaymentStatusFilter,
    ReasonIn,
    ReplyIn,
    ReviewIn,
    ReviewOut,
    ReviewsOut,
    ShipIn,
    VietQRParsedOut,
    VietQRParseIn,
    WebhookIn,
    WebhookOut,
)
from hangviet.orders.services.cart import add_to_cart, cart_for, set_cart_quantity
from hangviet.orders.services.checkout import BuyerDetails, place_order
from hangviet.orders.services.idempotency import Idempotency
from hangviet.orders.services.lifecycle import (
    accept_return,
    cancel_by_buyer,
    cancel_by_seller,
    confirm_order,
    mark_delivered,
    refund_order,
    ship_order,
)
from hangviet.orders.services.payments import record_bank_payment, verify_signature
from hangviet.orders.services.reviews import post_review, reply_to_review
from hangviet.sellers.queries import shops_of

router = Router()


# --- Serialisers (shared with the pages' JSON needs) ------------------------------------------------


def cart_out(cart: Cart) -> dict[str, Any]:
    summary = queries.cart_summary(cart)
    return {
        "token": cart.token,
        "items": [
            {
                "product": line.product.slug,
                "name": line.product.name,
                "seller": group.seller.slug,
                "quantity": line.quantity,
                "unit_price_vnd": line.unit_price_vnd,
                "line_total_vnd": line.line_total_vnd,
                "price_changed": line.price_changed,
                "available": line.available,
            }
            for group in summary.groups
            for line in group.lines
        ],
        "goods_vnd": summary.goods_vnd,
        "delivery_vnd": summary.delivery_vnd,
        "total_vnd": summary.total_vnd,
    }


def transfer_details(order: Order) -> dict[str, Any] | None:
    if not order.vietqr_payload or not order.is_awaiting_transfer:
        return None
    parsed = vietqr.parse_payload(order.vietqr_payload)
    return {
        "payload": order.vietqr_payload,
        "bank_bin": parsed.bin,
        "bank_name": parsed.bank_name,
        "account": parsed.account,
        "account_name": order.seller.bank_account_name,
        "amount_vnd": parsed.amount or 0,
        "note": parsed.note,
    }


def order_out(order: Order, items: Any = None, events: Any = None) -> dict[str, Any]:
    """An order as JSON; `items`/`events` when already in hand (just placed), else read (prefetched)."""
    transfer = transfer_details(order)
    return {
        "code": order.code,
        "checkout": order.checkout.code,
        "seller": order.seller.slug,
        "seller_name": order.seller.trading_name,
        "status": order.status,
        "subtotal_vnd": order.subtotal_vnd,
        "delivery_fee_vnd": order.delivery_fee_vnd,
        "total_vnd": order.total_vnd,
        "delivery_days": [order.delivery_min_days, order.delivery_max_days],
        "items": [
            {
                "product": item.product_slug,
                "name": item.product_name,
                "sku": item.sku,
                "quantity": item.quantity,
                "unit_price_vnd": item.unit_price_vnd,
                "line_total_vnd": item.line_total_vnd,
            }
            for item in (order.items.all() if items is None else items)
        ],
        "payment": {
            "method": order.payment_method,
            "status": order.payment_status,
            "paid_vnd": order.paid_vnd,
            "vietqr": transfer["payload"] if transfer else None,
            "transfer": transfer,
        },
        "carrier": order.carrier,
        "tracking_number": order.tracking_number,
        "respond_by": order.respond_by,
        "timeline": [
            {
                "from_status": e.from_status,
                "to_status": e.to_status,
                "by": e.actor_role,
                "note": e.note,
                "at": e.created_at,
            }
            for e in (order.events.all() if events is None else events)
        ],
    }


def _cart(token: str) -> Cart:
    cart = queries.guest_cart(token)
    if cart is None:
        raise Http404
    return cart


# An Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): printable ASCII, at most 255 characters.
IDEMPOTENCY_KEY = re.compile(r"[\x20-\x7e]{1,255}")
IDEMPOTENCY_HEADER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[\\x20-\\x7e]+$"},
    "description": "A key of the client's choosing (a UUID): the same key for this cart within 24 h gets the "
    "first answer again, status and body, and never a second order; with another body → 422 "
    "`idempotency_key_reused`. A refused request (409, 422) is not remembered: it changed nothing.",
}


def _idempotency(
    request: HttpRequest, scope: str, fingerprint_of: str, answer: Callable[[Checkout], tuple[int, str]]
) -> Idempotency | None:
    """The request's Idempotency-Key as the services take it, or None without one; 422 if malformed."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not IDEMPOTENCY_KEY.fullmatch(key) or not key.strip():
        raise ValidationFailed(
            [
                {
                    "field": "header.Idempotency-Key",
                    "code": "invalid_idempotency_key",
                    "message": _("Idempotency-Key gồm 1 đến 255 ký tự ASCII in được."),
                }
            ]
        )
    fingerprint = hashlib.sha256(f"{request.method} {request.path}\n{fingerprint_of}".encode()).hexdigest()
    return Idempotency(scope=scope, key=key, fingerprint=fingerprint, answer=answer)


# --- Carts and checkout -----------------------------------------------------------------------------


@router.post("/carts", response={201: CartTokenOut}, summary="Create a guest cart")
def create_cart(request: HttpRequest) -> tuple[int, dict[str, str]]:
    cart = cart_for(token=None)
    assert cart is not None
    return 201, {"token": cart.token}


@router.get("/carts/{token}", response=CartOut, summary="A cart at today's prices")
def get_cart(request: HttpRequest, token: str) -> dict[str, Any]:
    return cart_out(_cart(token))


@router.post("/carts/{token}/items", response=CartOut, summary="Add a product to a cart")
def add_item(request: HttpRequest, token: str, body: CartItemIn) -> dict[str, Any]:
    cart = _cart(token)
    product = Product.objects.select_related("seller").filter(slug=body.product).first()
    if product is None:
        raise ValidationFailed(
            [{"field": "body.product", "code": "not_found", "message": "Không có sản phẩm này."}]
        )
    add_to_cart(cart=cart, product=product, quantity=body.quantity)
    return cart_out(cart)


@router.delete("/carts/{token}/items/{product}", response=CartOut, summary="Remove a product from a cart")
def remove_item(request: HttpRequest, token: str, product: str) -> dict[str, Any]:
    cart = _cart(token)
    found = get_object_or_404(Product, slug=product)
    set_cart_quantity(cart=cart, product=found, quantity=0)
    return cart_out(cart)


@router.post(
    "/carts/{token}/checkout",
    response={201: CheckoutOut},
    summary="Place the cart's orders (one per seller)",
    description="Stock is reserved atomically. 409 `out_of_stock` names the product and the quantity "
    "available; 409 `price_changed` lists the new prices (retry to accept them); 422 on bad input. A cart is "
    "checked out once: again → 409 `cart_checked_out` with `checkout` and `orders` (the codes it made), or, "
    "with the same `Idempotency-Key`, the first answer again.",
    openapi_extra={"parameters": [IDEMPOTENCY_HEADER]},
)
def checkout(request: HttpRequest, token: str, body: CheckoutIn) -> tuple[int, dict[str, Any]]:
    cart = _cart(token)
    idempotency = _idempotency(request, f"cart:{cart.token}", body.model_dump_json(), _checkout_answer)
    try:
        result = _place(cart, body, idempotency)
    except AlreadyAnswered as done:
        return done.status, json.loads(done.response)
    except ValidationFailed as exc:
        for error in exc.errors:  # name body fields the way the schema errors do: "body.buyer.phone"
            if error.get("field", "").startswith(("buyer.", "address.", "payment_method", "expected_total")):
                error["field"] = "body." + error["field"]
        raise
    if idempotency is not None:  # the answer kept for the key, so that every repeat is byte for byte this
        status, response = _checkout_answer(result)
        return status, json.loads(response)
    return 201, _checkout_out(result)


def _checkout_out(checkout: Checkout) -> dict[str, Any]:
    """A checkout just placed, from the objects written (nothing is read back)."""
    return {
        "checkout": checkout.code,
        "total_vnd": checkout.total_vnd,
        "orders": [order_out(p.order, p.items, p.events) for p in checkout.placed],
    }


def _checkout_answer(checkout: Checkout) -> tuple[int, str]:
    """The answer kept with an Idempotency-Key: the status and the body as the schema serialises it."""
    return 201, CheckoutOut.model_validate(_checkout_out(checkout)).model_dump_json()


def _place(cart: Cart, body: CheckoutIn, idempotency: Idempotency | None = None) -> Checkout:
    return place_order(
        cart=cart,
        buyer=BuyerDetails(
            name=body.buyer.name,
            phone=body.buyer.phone,
            email=body.buyer.email,
            street=body.address.street,
            commune_code=body.address.commune_code,
            province_code=body.address.province_code,
        ),
        payment_method=body.payment_method,
        expected_total_vnd=body.expected_total_vnd,
        idempotency=idempotency,
    )


# --- Buyers (guests) --------------------------------------------------------------------------------


@router.get("/orders/{code}", response=OrderOut, summary="Track an order (guests: with the buyer's phone)")
def track_order(request: HttpRequest, code: str, phone: str) -> dict[str, Any]:
    order = queries.order_for_guest(code, phone)
    if order is None:
        raise Http404
    return order_out(order)


@router.post("/orders/{code}/cancel", response=OrderOut, summary="The buyer cancels before shipping")
def guest_cancel(request: HttpRequest, code: str, body: GuestCancelIn) -> dict[str, Any]:
    order = queries.order_for_guest(code, body.phone)
    if order is None:
        raise Http404
    cancel_by_buyer(order=order, phone=body.phone, reason=body.reason)
    return order_out(queries.order_by_code(code))  # type: ignore[arg-type]


def review_out(review: Review) -> dict[str, Any]:
    return {
        "id": review.pk,
        "product": review.product.slug,
        "stars": review.stars,
        "text": review.text,
        "author_name": review.author_name,
        "reply": review.reply,
        "replied_at": review.replied_at,
        "created_at": review.created_at,
    }


@router.get("/products/{slug}/reviews", response=ReviewsOut, summary="A product's visible reviews and rating")
def product_reviews(request: HttpRequest, slug: str) -> dict[str, Any]:
    product = get_object_or_404(Product.objects.filter(is_listed=True), slug=slug)
    shown = queries.product_reviews(product)
    for review in shown["reviews"]:
        review.product = product  # the reviews are this product's: no query per review
    items = [review_out(review) for review in shown["reviews"]]
    return {"count": shown["rating"].count, "average": shown["rating"].average, "items": items}


@router.post(
    "/orders/{code}/items/{item_id}/review",
    response={201: ReviewOut},
    summary="The buyer rates a line of a delivered order, once",
)
def guest_review(request: HttpRequest, code: str, item_id: int, body: ReviewIn) -> tuple[int, dict[str, Any]]:
    order = queries.order_for_guest(code, body.phone)
    if order is None:
        raise Http404
    item = get_object_or_404(OrderItem, pk=item_id, order=order)
    review = post_review(item=item, stars=body.stars, text=body.text, phone=body.phone)
    return 201, review_out(Review.objects.select_related("product").get(pk=review.pk))


# --- Sellers (API token) ----------------------------------------------------------------------------


@router.post(
    "/seller/reviews/{review_id}/reply", response=ReviewOut, auth=ORDERS_TOKEN, summary="Answer a review once"
)
def api_reply(request: HttpRequest, review_id: int, body: ReplyIn) -> dict[str, Any]:
    sellers = shops_of(request.auth)  # type: ignore[attr-defined]
    review = get_object_or_404(Review.objects.filter(seller__in=sellers), pk=review_id)
    reply_to_review(actor=request.auth, review=review, text=body.reply)  # type: ignore[attr-defined]
    return review_out(Review.objects.select_related("product").get(pk=review.pk))


def _seller_order(request: HttpRequest, code: str) -> Order:
    order = queries.order_by_code(code)
    user = request.auth  # type: ignore[attr-defined]
    if order is None or not shops_of(user).filter(pk=order.seller_id).exists():
        raise Http404
    return order


def _fresh(order: Order) -> dict[str, Any]:
    return order_out(queries.order_by_code(order.code))  # type: ignore[arg-type]


@router.get("/seller/orders", response=list[OrderOut], auth=READ_TOKEN, summary="Orders of my shops")
@paginate(Paged)
def seller_orders(request: HttpRequest, filters: Query[PaymentStatusFilter]) -> Mapped:
    """Newest first, page by page ({"count", "items"})."""
    sellers = shops_of(request.auth)  # type: ignore[attr-defined]
    orders = queries.order_detail_queryset().filter(seller__in=sellers)
    if filters.status:
        orders = orders.filter(status=filters.status)
    return Mapped(orders, order_out)


@router.post(
    "/seller/orders/{code}/confirm", response=OrderOut, auth=ORDERS_TOKEN, summary="Confirm an order"
)
def api_confirm(request: HttpRequest, code: str) -> dict[str, Any]:
    order = _seller_order(request, code)
    confirm_order(actor=request.auth, order=order)  # type: ignore[attr-defined]
    return _fresh(order)


@router.post("/seller/orders/{code}/ship", response=OrderOut, auth=ORDERS_TOKEN, summary="Ship an order")
def api_ship(request: HttpRequest, code: str, body: ShipIn) -> dict[str, Any]:
    order = _seller_order(request, code)
    ship_order(
        actor=request.auth,  # type: ignore[attr-defined]
        order=order,
        carrier=body.carrier,
        tracking_number=body.tracking_number,  # type: ignore[attr-defined]
    )
    return _fresh(order)


@router.post("/seller/orders/{code}/deliver", response=OrderOut, auth=ORDERS_TOKEN, summary="Mark delivered")
def api_deliver(request: HttpRequest, code: str) -> dict[str, Any]:
    order = _seller_order(request, code)
    mark_delivered(actor=request.auth, order=order)  # type: ignore[attr-defined]
    return _fresh(order)


@router.post(
    "/seller/orders/{code}/cancel", response=OrderOut, auth=ORDERS_TOKEN, summary="Cancel with a reason"
)
def api_cancel(request: HttpRequest, code: str, body: ReasonIn) -> dict[str, Any]:
    order = _seller_order(request, code)
    cancel_by_seller(actor=request.auth, order=order, reason=body.reason)  # type: ignore[attr-defined]
    return _fresh(order)


@router.post(
    "/seller/orders/{code}/accept-return", response=OrderOut, auth=ORDERS_TOKEN, summary="Accept a return"
)
def api_accept_return(request: HttpRequest, code: str) -> dict[str, Any]:
    order = _seller_order(request, code)
    accept_return(actor=request.auth, order=order)  # type: ignore[attr-defined]
    return _fresh(order)


@router.post(
    "/seller/orders/{code}/refund", response=OrderOut, auth=ORDERS_TOKEN, summary="Record the refund"
)
def api_refund(request: HttpRequest, code: str) -> dict[str, Any]:
    order = _seller_order(request, code)
    refund_order(actor=request.auth, order=order)  # type: ignore[attr-defined]
    return _fresh(order)


# --- Payments ---------------------------------------------------------------------------------------


@router.post(
    "/payments/webhook",
    response={200: WebhookOut},
    summary="Bank-statement notification",
    description="Signed with `X-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. Bad signature → 401, "
    "nothing stored. The same `transaction_id` again → 200 `duplicate`, no second effect.",
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": WebhookIn.model_json_schema()}},
            "required": True,
        },
        "responses": {
            401: {"description": "A missing or wrong `X-Signature` (`bad_signature`): nothing stored."}
        },
    },
)
def payment_webhook(request: HttpRequest) -> dict[str, Any]:
    raw = request.body
    verify_signature(raw, request.headers.get("X-Signature"))
    try:
        data = json.loads(raw)
        body = WebhookIn.model_validate(data)
    except (ValueError, PydanticValidationError) as exc:
        errors = (
            [
                {
                    "field": "body." + ".".join(str(p) for p in e["loc"]),
                    "code": e["type"],
                    "message": e["msg"],
                }
                for e in exc.errors()
            ]
            if isinstance(exc, PydanticValidationError)
            else [{"field": "body", "code": "invalid_json", "message": "JSON không hợp lệ."}]
        )
        raise ValidationFailed(errors) from None
    payment, created = record_bank_payment(
        transaction_id=body.transaction_id,
        amount_vnd=body.amount,
        description=body.description,
        account=body.account,
        bank_bin=body.bank_bin,
        paid_at=body.paid_at,
        raw=data,
    )
    return {
        "status": "stored" if created else "duplicate",
        "outcome": payment.outcome,
        "order": payment.order.code if payment.order else None,
    }


@router.post("/vietqr/parse", response=VietQRParsedOut, summary="Check and read a VietQR payload")
def parse_vietqr(request: HttpRequest, body: VietQRParseIn) -> dict[str, Any]:
    try:
        parsed = vietqr.parse_payload(body.payload.strip())
    except vietqr.InvalidPayload as exc:
        raise ValidationFailed(
            [{"field": "body.payload", "code": "invalid_vietqr", "message": str(exc)}]
        ) from None
    return {
        "bank_bin": parsed.bin,
        "bank_name": parsed.bank_name,
        "account": parsed.account,
        "service": parsed.service,
        "is_dynamic": parsed.is_dynamic,
        "amount_vnd": parsed.amount,
        "note": parsed.note,
    }
