"""40 buyers check out the last 7 units at once: exactly 7 orders, stock 0, every other answer a clean 409."""

import json
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from hangviet.catalog.models import Product, StockMove
from hangviet.orders.models import Cart, CartItem, Order

BUYERS = 40
STOCK = 7


@pytest.mark.django_db(transaction=True)
def test_checkout_never_oversells(f):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip(
            "in-memory SQLite test database cannot be shared by threads; run on PostgreSQL or file SQLite"
        )
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
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip(
            "in-memory SQLite test database cannot be shared by threads; run on PostgreSQL or file SQLite"
        )
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
