"""Cached catalog reads are dropped at the grain of what changed (catalog.versions), read over HTTP.

A checkout of one product keeps every other product page and every search cached; each rule that does
drop something shows its change on the very next request. `X-Cache` says whether the cache answered.
"""

import pytest
from django.utils import timezone

from hangviet.catalog import services, stock
from hangviet.catalog.models import Category
from hangviet.ocop.services import certificates
from hangviet.sellers import services as seller_services
from hangviet.sellers.models import Seller

pytestmark = pytest.mark.django_db


def page(client, product):
    response = client.get(f"/p/{product.slug}/")
    assert response.status_code == 200
    return response["X-Cache"], response.content.decode()


def search(client, **params):
    response = client.get("/api/v1/products", params)
    assert response.status_code == 200
    body = response.json()
    return response["X-Cache"], body["count"], {item["slug"]: item["stock"] for item in body["items"]}


def take(product, quantity):
    stock.take_stock([(product, quantity, "Đơn hàng", "lines")], actor=None)


def test_a_checkout_keeps_other_pages_and_searches_cached_and_shows_its_own_stock(client, f):
    shop = f.seller()
    kept = f.product(shop, name="Kẹo dừa sáp", stock=5)
    sold = f.product(shop, name="Kẹo dừa lá dứa", stock=5)
    page(client, kept), page(client, sold), search(client, q="keo dua")
    assert page(client, kept)[0] == page(client, sold)[0] == search(client, q="keo dua")[0] == "hit"
    take(sold, 2)  # 5 → 3: no product crosses zero
    assert page(client, kept)[0] == "hit"
    state, html = page(client, sold)
    assert state == "miss" and "Còn hàng (3)" in html and "Còn hàng (5)" not in html
    state, count, stocks = search(client, q="keo dua")
    assert (state, count, stocks[sold.slug]) == ("hit", 2, 3)  # the items of the page are read fresh


def test_stock_crossing_zero_changes_in_stock_searches_both_ways(client, f):
    shop = f.seller()
    f.product(shop, name="Bánh pía sầu riêng", stock=4)
    last = f.product(shop, name="Bánh pía đậu xanh", stock=1)
    assert search(client, q="banh pia", in_stock=True)[:2] == ("miss", 2)
    assert search(client, q="banh pia", in_stock=True)[:2] == ("hit", 2)
    take(last, 1)
    assert search(client, q="banh pia", in_stock=True)[:2] == ("miss", 1)
    assert "Hết hàng" in page(client, last)[1]
    stock.release_stock([(last.pk, 1)], reason="Huỷ đơn", actor=None)
    assert search(client, q="banh pia", in_stock=True)[:2] == ("miss", 2)


def test_a_product_saved_changes_its_page_and_searches(client, f):
    shop = f.seller()
    product = f.product(shop, name="Mắm cá linh", price_vnd=90000)
    page(client, product), search(client, q="mam ca", price_max=100000)
    services.update_product(actor=shop.memberships.get().user, product=product, price_vnd=120000)
    state, html = page(client, product)
    assert state == "miss" and "120.000" in html
    assert search(client, q="mam ca", price_max=100000)[:2] == ("miss", 0)


def test_a_seller_change_shows_on_its_products_pages_and_its_verification_in_searches(client, f):
    shop = f.seller(trading_name="Cửa hàng Cô Ba")
    product = f.product(shop, name="Bưởi năm roi")
    other = f.product(name="Bưởi da xanh")
    assert "Cửa hàng Cô Ba" in page(client, product)[1]
    page(client, other)
    Seller.objects.filter(pk=shop.pk).update(trading_name="Cửa hàng Cô Tư")
    Seller.objects.get(pk=shop.pk).save()  # the admin's save: post_save
    state, html = page(client, product)
    assert state == "miss" and "Cửa hàng Cô Tư" in html
    assert page(client, other)[0] == "hit"
    pending = f.seller(status=Seller.Status.PENDING)
    f.product(pending, name="Bưởi đường lá cam")
    assert search(client, q="buoi")[1] == 2
    seller_services.verify_seller(actor=f.officer(), seller=pending)
    assert search(client, q="buoi")[:2] == ("miss", 3)


def test_a_category_renamed_shows_on_every_page(client, f):
    product = f.product(name="Nem chua Lai Vung")
    page(client, product)
    category = Category.objects.get(pk=product.category_id)
    category.name = "Đặc sản vùng miền"
    services.save_category(actor=f.officer(), category=category)
    state, html = page(client, product)
    assert state == "miss" and "Đặc sản vùng miền" in html


def test_a_certificate_issued_or_revoked_shows_on_the_page_and_in_star_searches(client, f):
    product = f.product(name="Trà mãng cầu Tân Phú")
    assert search(client, q="tra mang cau", min_stars=3)[1] == 0
    page(client, product)
    certificate = certificates.issue_certificate(
        actor=f.officer(),
        product=product,
        number="OCOP-86-001",
        stars=4,
        score="75",
        issued_on=timezone.localdate(),
    )
    assert "OCOP-86-001" in page(client, product)[1]
    assert search(client, q="tra mang cau", min_stars=3)[:2] == ("miss", 1)
    certificates.revoke_certificate(actor=f.officer(), certificate=certificate, reason="Sai hồ sơ")
    assert "OCOP-86-001" not in page(client, product)[1]
    assert search(client, q="tra mang cau", min_stars=3)[1] == 0
