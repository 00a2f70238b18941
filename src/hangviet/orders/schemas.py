"""Pydantic schemas of the orders API (money is int VND)."""

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from hangviet.core import limits
from hangviet.core.limits import max_length
from hangviet.core.schemas import BodyIn
from hangviet.orders.models import REVIEW_TEXT_MAX, Checkout, Order


class CartTokenOut(Schema):
    token: str


class CartItemIn(BodyIn):
    product: str = Field(min_length=1, max_length=100, description="product slug")
    quantity: int = Field(default=1, ge=1, le=limits.QUANTITY_MAX)


class CartLineOut(Schema):
    product: str
    name: str
    seller: str
    quantity: int
    unit_price_vnd: int
    line_total_vnd: int
    price_changed: bool
    available: int


class CartOut(Schema):
    token: str
    items: list[CartLineOut]
    goods_vnd: int
    delivery_vnd: int = Field(description="each shop's flat fee; the exact fee depends on the address")
    total_vnd: int


class BuyerIn(BodyIn):
    name: str = Field(min_length=1, max_length=max_length(Checkout, "buyer_name"))
    phone: str = Field(min_length=9, max_length=20)
    email: str = Field(default="", max_length=254)


class AddressIn(BodyIn):
    street: str = Field(min_length=1, max_length=max_length(Checkout, "street"))
    commune_code: str = Field(min_length=1, max_length=5)
    province_code: str = Field(min_length=1, max_length=2)


class CheckoutIn(BodyIn):
    buyer: BuyerIn
    address: AddressIn
    payment_method: Literal["cod", "vietqr"]
    expected_total_vnd: int | None = Field(
        default=None,
        ge=0,
        le=limits.AMOUNT_MAX_VND,
        description="the total the buyer confirmed; a different current total → 409 price_changed",
    )


class OrderItemOut(Schema):
    product: str
    name: str
    sku: str
    quantity: int
    unit_price_vnd: int
    line_total_vnd: int


class VietQROut(Schema):
    payload: str
    bank_bin: str
    bank_name: str
    account: str
    account_name: str
    amount_vnd: int
    note: str


class PaymentOut(Schema):
    method: str
    status: str
    paid_vnd: int
    vietqr: str | None = Field(description="the VietQR payload while a transfer is awaited, else null")
    transfer: VietQROut | None


class OrderEventOut(Schema):
    from_status: str
    to_status: str
    by: str
    note: str
    at: datetime.datetime


class OrderOut(Schema):
    code: str
    checkout: str
    seller: str
    seller_name: str
    status: str
    subtotal_vnd: int
    delivery_fee_vnd: int
    total_vnd: int
    delivery_days: list[int]
    items: list[OrderItemOut]
    payment: PaymentOut
    carrier: str
    tracking_number: str
    respond_by: datetime.datetime | None
    timeline: list[OrderEventOut]


class CheckoutOut(Schema):
    checkout: str
    total_vnd: int
    orders: list[OrderOut]


class ShipIn(BodyIn):
    carrier: str = Field(min_length=1, max_length=max_length(Order, "carrier"))
    tracking_number: str = Field(min_length=1, max_length=max_length(Order, "tracking_number"))


class ReasonIn(BodyIn):
    reason: str = Field(min_length=1, max_length=1000)


class GuestCancelIn(BodyIn):
    phone: str = Field(min_length=9, max_length=20)
    reason: str = Field(default="", max_length=1000)


class WebhookIn(BodyIn):
    transaction_id: str = Field(min_length=1, max_length=100)
    amount: int = Field(gt=0, le=limits.AMOUNT_MAX_VND, description="VND received")
    description: str = Field(max_length=500)
    account: str = Field(
        default="",
        max_length=30,
        description="the receiving account (spaces, dots and dashes ignored); it must be the order's "
        "seller's account, else the payment is kept as `wrong_account` and pays nothing",
    )
    bank_bin: str = Field(
        default="", pattern=r"^(\d{6})?$", description="the receiving bank's BIN, compared when given"
    )
    paid_at: datetime.datetime


class WebhookOut(Schema):
    status: Literal["stored", "duplicate"]
    outcome: str
    order: str | None


class VietQRParseIn(BodyIn):
    payload: str = Field(min_length=1, max_length=512)


class VietQRParsedOut(Schema):
    bank_bin: str
    bank_name: str
    account: str
    service: str
    is_dynamic: bool
    amount_vnd: int | None
    note: str


class PaymentStatusFilter(Schema):
    status: (
        Literal[
            "awaiting",
            "confirmed",
            "shipped",
            "delivered",
            "cancelled",
            "lapsed",
            "return_requested",
            "returned",
            "refunded",
        ]
        | None
    ) = None


class ReviewIn(BodyIn):
    phone: str = Field(min_length=9, max_length=20, description="the phone number the order was placed with")
    stars: int = Field(ge=1, le=5)
    text: str = Field(default="", max_length=REVIEW_TEXT_MAX)


class ReplyIn(BodyIn):
    reply: str = Field(min_length=1, max_length=REVIEW_TEXT_MAX)


class ReviewOut(Schema):
    id: int
    product: str = Field(description="product slug")
    stars: int
    text: str
    author_name: str = Field(description="the buyer's given name only")
    reply: str
    replied_at: datetime.datetime | None
    created_at: datetime.datetime


class ReviewsOut(Schema):
    count: int = Field(description="visible reviews")
    average: float | None = Field(
        description="average stars of the visible reviews, one decimal; null with none"
    )
    items: list[ReviewOut] = Field(description="the newest visible reviews (at most 20)")
