"""Races with real threads, on both engines (the SQLite leg's test database is a file, see test_settings).

40 buyers check out the last 7 units at once: exactly 7 orders, stock 0, every other answer a clean 409.
One cart submitted 10 times at once (double clicks, retries): one checkout, its stock taken once.
"""

import json
import threading

import pytest
from django.db import connections
from django.test import Client

from hangviet.catalog.models import Product, StockMove
from hangviet.orders.models import Cart, CartItem, Checkout, Order

BUYERS = 40
STOCK = 7


@pytest.mark.django_db(transaction=True)
def test_checkout_never_oversells(f):
    com = f.commune()
    product = f.product(f.seller(commune=com), price_vnd=50000, stock=STOCK)
    tokens = []
    for _ in range(BUYERS):
        cart = Cart.objects.create()
        CartItem.objects.create(cart=cart, product=product, quantity=1, price_seen_vnd=50000)
        tokens.append(cart.token)
    body = json.dumps(
        {
            "buyer": {"name": "Khách", "phone": "0987654321", "email": ""},
            "address": {"street": "1 Đường A", "commune_code": com.code, "province_code": com.province_id},
            "payment_method": "cod",
        }
    )
    barrier = threading.Barrier(BUYERS)
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def buy(token: str) -> None:
        try:
            barrier.wait(timeout=30)
            response = Client().post(f"/api/v1/carts/{token}/checkout", body, content_type="application/json")
            with lock:
                results.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buy, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _ in results)
    assert len(results) == BUYERS
    assert statuses.count(201) == STOCK, statuses
    failures = [body for status, body in results if status != 201]
    assert all(b["code"] == "out_of_stock" and b["errors"][0]["available"] == 0 for b in failures), failures[
        :3
    ]
    assert len(failures) == BUYERS - STOCK
    assert Product.objects.get(pk=product.pk).stock == 0
    assert Order.objects.count() == STOCK
    assert StockMove.objects.filter(product=product, delta=-1).count() == STOCK


@pytest.mark.django_db(transaction=True)
def test_two_shops_two_products_no_deadlock_no_oversell(f):
    """Buyers take one of A (shop 1) and one of B (shop 2), carts filled in either order: the batched
    reservation locks rows in one order, so nobody deadlocks; exactly as many succeed as the scarcer stock."""
    com = f.commune()
    a = f.product(f.seller(commune=com), price_vnd=50000, stock=5)
    b = f.product(f.seller(commune=com), price_vnd=70000, stock=8)
    tokens = []
    for i in range(24):
        cart = Cart.objects.create()
        for product in (a, b) if i % 2 else (b, a):
            CartItem.objects.create(cart=cart, product=product, quantity=1, price_seen_vnd=product.price_vnd)
        tokens.append(cart.token)
    body = json.dumps(
        {
            "buyer": {"name": "Khách", "phone": "0987654321", "email": ""},
            "address": {"street": "1 Đường A", "commune_code": com.code, "province_code": com.province_id},
            "payment_method": "cod",
        }
    )
    barrier = threading.Barrier(len(tokens))
    statuses: list[int] = []
    lock = threading.Lock()

    def buy(token: str) -> None:
        try:
            barrier.wait(timeout=30)
            response = Client().post(f"/api/v1/carts/{token}/checkout", body, content_type="application/json")
            with lock:
                statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buy, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [201] * 5 + [409] * 19
    assert Product.objects.get(pk=a.pk).stock == 0 and Product.objects.get(pk=b.pk).stock == 3
    assert Order.objects.count() == 10  # 5 checkouts × 2 shops


CHECKOUT = {
    "buyer": {"name": "Khách", "phone": "0987654321", "email": ""},
    "address": {"street": "1 Đường A", "commune_code": "29242", "province_code": "86"},
    "payment_method": "cod",
}


def in_parallel(n: int, call) -> list:
    """Run call() in n threads released at once; their results, in no particular order."""
    barrier = threading.Barrier(n)
    results: list = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            result = call()
            with lock:
                results.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def three_units_in_a_cart(f):
    """A cart of 3 units of a product with 30 in stock: enough for ten checkouts if nothing stops them."""
    product = f.product(f.seller(commune=f.commune()), price_vnd=50000, stock=30)
    cart = Cart.objects.create()
    CartItem.objects.create(cart=cart, product=product, quantity=3, price_seen_vnd=50000)
    return cart, product


@pytest.mark.django_db(transaction=True)
def test_ten_parallel_checkouts_of_one_cart_make_one_checkout(three_units_in_a_cart):
    cart, product = three_units_in_a_cart
    body = json.dumps(CHECKOUT)

    def submit():
        response = Client().post(
            f"/api/v1/carts/{cart.token}/checkout", body, content_type="application/json"
        )
        return response.status_code, response.json()

    results = in_parallel(10, submit)
    assert sorted(status for status, _ in results) == [201] + [409] * 9
    placed = next(body for status, body in results if status == 201)
    refused = [body for status, body in results if status == 409]
    assert {(b["code"], b["checkout"]) for b in refused} == {("cart_checked_out", placed["checkout"])}
    assert Checkout.objects.count() == 1 and Order.objects.count() == 1
    assert Product.objects.get(pk=product.pk).stock == 27
    assert StockMove.objects.filter(product=product).count() == 1


@pytest.mark.django_db(transaction=True)
def test_ten_parallel_checkouts_with_one_idempotency_key_get_one_order_and_the_same_answer(
    three_units_in_a_cart,
):
    cart, product = three_units_in_a_cart
    body = json.dumps(CHECKOUT)

    def submit():
        response = Client().post(
            f"/api/v1/carts/{cart.token}/checkout",
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="5b0f7c1e-2f4e-4a55-9a37-0c1c2d8e9f10",
        )
        return response.status_code, response.content

    results = in_parallel(10, submit)
    assert [status for status, _ in results] == [201] * 10
    assert len({content for _, content in results}) == 1  # byte for byte the same answer
    assert Checkout.objects.count() == 1 and Order.objects.count() == 1
    assert json.loads(results[0][1])["checkout"] == Checkout.objects.get().code
    assert Product.objects.get(pk=product.pk).stock == 27
    assert StockMove.objects.filter(product=product).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_checkout_page_places_one_checkout(f):
    product = f.product(f.seller(commune=f.commune()), price_vnd=50000, stock=30)
    browser = Client()
    browser.post("/cart/add/", {"product": product.slug, "quantity": 3})
    form = {
        "name": "Khách",
        "phone": "0987654321",
        "email": "",
        "street": "1 Đường A",
        "province": "86",
        "commune": "29242",
        "payment_method": "cod",
        "expected_total_vnd": 3 * 50000 + 30000,
    }

    def submit():
        tab = Client()
        tab.cookies = browser.cookies  # the same browser: its cart cookie
        response = tab.post("/checkout/place/", form)
        return response.status_code, response.get("Location")

    results = in_parallel(5, submit)
    checkout = Checkout.objects.get()  # exactly one
    assert results == [(302, f"/checkout/{checkout.code}/")] * 5
    assert Product.objects.get(pk=product.pk).stock == 27
