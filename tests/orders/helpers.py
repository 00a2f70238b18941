"""Builders shared by the order tests (and the API contract and edge-input tests that sign webhooks)."""

import hashlib
import hmac
import json

from hangviet.orders.models import Cart
from hangviet.orders.services.cart import add_to_cart
from hangviet.orders.services.checkout import BuyerDetails, place_order

SECRET = "test-webhook-secret"


def signed(body: dict | bytes, secret: str = SECRET) -> tuple[bytes, str]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return raw, "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def buyer(**overrides: str) -> BuyerDetails:
    values = {
        "name": "Trần Thị Bích",
        "phone": "0987654321",
        "email": "bich@example.vn",
        "street": "12 Nguyễn Đáng",
        "commune_code": "29242",
        "province_code": "86",
    }
    values.update(overrides)
    return BuyerDetails(**values)


def place(items, method="cod", **buyer_overrides):
    """A checkout of (product, quantity) pairs through the service."""
    cart = Cart.objects.create()
    for product, quantity in items:
        add_to_cart(cart=cart, product=product, quantity=quantity)
    return place_order(cart=cart, buyer=buyer(**buyer_overrides), payment_method=method)
