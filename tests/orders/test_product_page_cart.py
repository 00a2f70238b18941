"""The add-to-cart box on a product page works for every visitor, although the page is cached."""

import re

import pytest
from django.test import Client

from hangviet.orders.models import CartItem

pytestmark = pytest.mark.django_db


def _add_from_product_page(client: Client, slug: str) -> int:
    page = client.get(f"/p/{slug}/")
    assert page.status_code == 200
    form = re.search(
        r'<form method="post" action="([^"]+)" class="add-to-cart">(.*?)</form>', page.content.decode(), re.S
    )
    assert form, "the product page has an add-to-cart form"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(2)).group(1)
    response = client.post(form.group(1), {"csrfmiddlewaretoken": token, "product": slug, "quantity": 2})
    return response.status_code


def test_two_anonymous_visitors_each_add_to_cart_from_the_cached_page(f):
    product = f.product(stock=5)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    assert _add_from_product_page(first, product.slug) == 302
    # The second visitor gets the page from the cache: its form must carry the second visitor's token.
    assert _add_from_product_page(second, product.slug) == 302
    assert CartItem.objects.filter(product=product).count() == 2


def test_a_signed_in_buyer_adds_to_cart_from_the_cached_content(f):
    product = f.product(stock=5)
    Client(enforce_csrf_checks=True).get(f"/p/{product.slug}/")  # fills the content cache
    buyer = Client(enforce_csrf_checks=True)
    buyer.force_login(f.user())
    assert _add_from_product_page(buyer, product.slug) == 302
    assert CartItem.objects.filter(product=product, quantity=2).exists()


def test_no_add_to_cart_on_a_sold_out_product(f, client):
    product = f.product(stock=0)
    assert 'class="add-to-cart"' not in client.get(f"/p/{product.slug}/").content.decode()


def test_the_cached_product_page_shows_the_stock_left_after_a_checkout(f, client):
    product = f.product(stock=5)
    assert "(5)" in client.get(f"/p/{product.slug}/").content.decode()  # cached now
    token = client.post("/api/v1/carts", content_type="application/json").json()["token"]
    client.post(
        f"/api/v1/carts/{token}/items",
        {"product": product.slug, "quantity": 2},
        content_type="application/json",
    )
    placed = client.post(
        f"/api/v1/carts/{token}/checkout",
        {
            "buyer": {"name": "Trần Thị B", "phone": "0912345678", "email": ""},
            "address": {
                "street": "12 Ấp Chợ",
                "commune_code": product.seller.commune_id,
                "province_code": product.seller.province_id,
            },
            "payment_method": "cod",
        },
        content_type="application/json",
    )
    assert placed.status_code == 201, placed.content
    page = Client().get(f"/p/{product.slug}/").content.decode()
    assert "(3)" in page and "(5)" not in page
