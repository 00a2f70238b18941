"""Two clicks, one order: a cart is checked out once; a second submit finds the first checkout.

API: a second checkout of a checked-out cart is 409 `cart_checked_out` naming the first; with the same
`Idempotency-Key` it is the first answer again, byte for byte. Pages: the buyer lands on the first
checkout's confirmation. (The same with real threads: test_concurrency.py.)
"""

import datetime
import json
import re

import pytest
from django.utils import timezone

from hangviet.catalog.models import Product, StockMove
from hangviet.orders import tasks
from hangviet.orders.models import Checkout, IdempotencyKey, Order

from .test_checkout_api import BODY, new_cart, post
from .test_pages import ADDRESS

pytestmark = pytest.mark.django_db

KEY = "9d2c6a1e-1b7f-4c1a-8f0e-5a4b3c2d1e0f"


def checkout(client, token, body=BODY, key=None, raw=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(
        f"/api/v1/carts/{token}/checkout", raw or json.dumps(body), content_type="application/json", **headers
    )


# --- API, without a key -----------------------------------------------------------------------------


def test_a_second_checkout_of_the_same_cart_is_409_naming_the_first(client, shops):
    pa = shops[2]
    token = new_cart(client, (pa.slug, 2))
    first = checkout(client, token)
    assert first.status_code == 201
    again = checkout(client, token)
    assert again.status_code == 409
    problem = again.json()
    assert problem["code"] == "cart_checked_out"
    assert problem["checkout"] == first.json()["checkout"]
    assert problem["orders"] == [first.json()["orders"][0]["code"]]
    assert Checkout.objects.count() == 1 and Order.objects.count() == 1
    assert Product.objects.get(pk=pa.pk).stock == 8 and StockMove.objects.filter(product=pa).count() == 1


def test_a_checked_out_cart_takes_no_more_products(client, shops):
    token = new_cart(client, (shops[2].slug, 1))
    checkout(client, token)
    response = post(client, f"/api/v1/carts/{token}/items", {"product": shops[3].slug, "quantity": 1})
    assert response.status_code == 409 and response.json()["code"] == "cart_checked_out"
    assert client.get(f"/api/v1/carts/{token}").json()["items"] == []


# --- API, with an Idempotency-Key -------------------------------------------------------------------


def test_the_same_key_gets_the_same_answer_and_no_second_order(client, shops):
    token = new_cart(client, (shops[2].slug, 2))
    first = checkout(client, token, key=KEY)
    assert first.status_code == 201
    # The same body written differently is the same request.
    again = checkout(client, token, key=KEY, raw=json.dumps(BODY, indent=2, ensure_ascii=False))
    assert (again.status_code, again.content) == (201, first.content)
    assert Checkout.objects.count() == 1 and Order.objects.count() == 1


def test_the_same_key_with_another_body_is_422_and_changes_nothing(client, shops):
    token = new_cart(client, (shops[2].slug, 2))
    checkout(client, token, key=KEY)
    other = {**BODY, "address": {**BODY["address"], "street": "99 Đường khác"}}
    response = checkout(client, token, body=other, key=KEY)
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert response.json()["errors"][0]["field"] == "header.Idempotency-Key"
    assert Checkout.objects.get().street == "12 Nguyễn Đáng"


def test_a_key_belongs_to_its_cart(client, shops):
    one = new_cart(client, (shops[2].slug, 1))
    two = new_cart(client, (shops[3].slug, 1))
    assert checkout(client, one, key=KEY).status_code == 201
    assert checkout(client, two, key=KEY).status_code == 201
    assert Checkout.objects.count() == 2


def test_a_refused_checkout_is_not_remembered(client, shops):
    pb = shops[3]
    token = new_cart(client, (pb.slug, 3))
    Product.objects.filter(pk=pb.pk).update(stock=1)
    refused = checkout(client, token, key=KEY)
    assert refused.status_code == 409 and refused.json()["code"] == "out_of_stock"
    Product.objects.filter(pk=pb.pk).update(stock=5)  # restocked: the same request, sent again, now works
    assert checkout(client, token, key=KEY).status_code == 201
    assert Checkout.objects.count() == 1


def test_a_key_is_forgotten_after_24_hours(client, shops):
    token = new_cart(client, (shops[2].slug, 1))
    checkout(client, token, key=KEY)
    kept = IdempotencyKey.objects.get()
    assert kept.expires_at - kept.created_at == datetime.timedelta(hours=24)
    IdempotencyKey.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    late = checkout(client, token, key=KEY)  # a new request now: the cart is already checked out
    assert late.status_code == 409 and late.json()["code"] == "cart_checked_out"
    assert tasks.purge_idempotency_keys.enqueue().return_value == 1
    assert not IdempotencyKey.objects.exists()


@pytest.mark.parametrize("key", ["", "x" * 256, "clé-non-ascii", "a\tb"])
def test_a_malformed_key_is_422(client, shops, key):
    token = new_cart(client, (shops[2].slug, 1))
    response = checkout(client, token, key=key)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "header.Idempotency-Key"
    assert not Checkout.objects.exists()


# --- Pages ------------------------------------------------------------------------------------------


def _review(client) -> dict:
    """Step 2 (review) of the checkout; the form the place button sends."""
    html = client.post("/checkout/", ADDRESS).content.decode()
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    assert "expected_total_vnd" in form and "cart" in form
    return form


def test_a_guest_placing_twice_lands_on_the_first_confirmation(client, shops):
    pa = shops[2]
    client.post("/cart/add/", {"product": pa.slug, "quantity": 2})
    form = _review(client)
    first = client.post("/checkout/place/", form)
    again = client.post("/checkout/place/", form)
    code = Checkout.objects.get().code
    assert (first.status_code, first["Location"]) == (302, f"/checkout/{code}/")
    assert (again.status_code, again["Location"]) == (302, f"/checkout/{code}/")
    assert client.get(again["Location"]).status_code == 200
    assert Product.objects.get(pk=pa.pk).stock == 8


def test_a_signed_in_buyer_placing_twice_lands_on_the_first_confirmation_then_shops_on(client, shops, f):
    pa, pb = shops[2], shops[3]
    client.force_login(f.user())
    client.post("/cart/add/", {"product": pa.slug, "quantity": 1})
    form = _review(client)
    first = client.post("/checkout/place/", form)
    again = client.post("/checkout/place/", form)  # the account's cart is already a new, empty one
    assert again["Location"] == first["Location"] == f"/checkout/{Checkout.objects.get().code}/"
    client.post("/cart/add/", {"product": pb.slug, "quantity": 1})  # a new cart, a new checkout
    assert client.post("/checkout/place/", _review(client)).status_code == 302
    assert Checkout.objects.count() == 2
    assert sorted(Order.objects.values_list("items__product_slug", flat=True)) == sorted([pa.slug, pb.slug])


def test_a_guest_shops_on_after_a_checkout(client, shops):
    client.post("/cart/add/", {"product": shops[2].slug, "quantity": 1})
    client.post("/checkout/place/", _review(client))
    client.post("/cart/add/", {"product": shops[3].slug, "quantity": 1})
    assert shops[3].name in client.get("/cart/").content.decode()
    assert client.post("/checkout/place/", _review(client)).status_code == 302
    assert Checkout.objects.count() == 2


def test_another_buyers_cart_token_is_not_mine_to_place(client, shops, f):
    someone = f.user()
    other = type(client)()
    other.force_login(someone)
    other.post("/cart/add/", {"product": shops[2].slug, "quantity": 1})
    form = _review(other)
    client.force_login(f.user())
    response = client.post("/checkout/place/", form)
    assert response.status_code == 422 and not Checkout.objects.exists()  # my (empty) cart, not theirs
