import hashlib
import hmac
import json

import pytest

from hangviet.orders.models import Cart
from hangviet.orders.services.cart import add_to_cart
from hangviet.orders.services.checkout import BuyerDetails, place_order
from hangviet.sellers.models import Seller

SECRET = "test-webhook-secret"


@pytest.fixture(autouse=True)
def _webhook_secret(settings):
    settings.HANGVIET_PAYMENT_WEBHOOK_SECRET = SECRET


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


@pytest.fixture
def shops(f):
    """Two verified shops that take transfers (VietinBank, Vietcombank), a product each."""
    f.commune()
    a = f.seller(
        trading_name="HTX Mật hoa dừa",
        bank_bin="970415",
        bank_account="0011001932418",
        bank_account_name="HTX MAT HOA DUA",
    )
    b = f.seller(
        trading_name="Cơ sở Bánh tét",
        bank_bin="970436",
        bank_account="1234567890",
        kind=Seller.Kind.HOUSEHOLD,
        bank_account_name="CO SO BANH TET",
    )
    pa = f.product(a, name="Mật hoa dừa 250 ml", price_vnd=85000, stock=10)
    pb = f.product(b, name="Bánh tét Trà Cuôn", price_vnd=120000, stock=5)
    return a, b, pa, pb


def place(items, method="cod", **buyer_overrides):
    """A checkout of (product, quantity) pairs through the service."""
    cart = Cart.objects.create()
    for product, quantity in items:
        add_to_cart(cart=cart, product=product, quantity=quantity)
    return place_order(cart=cart, buyer=buyer(**buyer_overrides), payment_method=method)


def owner_of(seller):
    return seller.memberships.get().user
