"""What search reads off the product row (is_listed, place codes) and the cached catalog reads: both must
follow every write at once."""

import dataclasses
import re

import pytest
from django.db import connection

from hangviet.catalog import services, stock
from hangviet.catalog.models import Product
from hangviet.catalog.search import SearchParams, cache_key, normalized, search_products
from hangviet.catalog.search_columns import derive_search_columns
from hangviet.catalog.versions import bump_catalog_version, catalog_version
from hangviet.core.money import format_vnd
from hangviet.sellers import services as seller_services
from hangviet.sellers.models import Seller

pytestmark = pytest.mark.django_db


def listed(product: Product) -> bool:
    return Product.objects.values_list("is_listed", flat=True).get(pk=product.pk)


def found(q: str) -> list[str]:
    return [p.name for p in search_products(SearchParams(q=q)).items]


# --- The denormalised listing columns -------------------------------------------------------------


def test_verifying_a_seller_lists_its_active_products(f):
    shop = f.seller(status=Seller.Status.PENDING)
    active = f.product(shop, name="Mắm cá linh Tân Châu")
    draft = f.product(shop, name="Mắm cá sặc Tân Châu", status=Product.Status.DRAFT)
    assert not listed(active) and found("mam ca") == []
    seller_services.verify_seller(actor=f.officer(), seller=shop)
    assert listed(active) and not listed(draft)
    assert found("mam ca") == ["Mắm cá linh Tân Châu"]


def test_rejecting_or_archiving_unlists(f):
    pending = f.seller(status=Seller.Status.PENDING)
    product = f.product(pending)
    seller_services.reject_seller(actor=f.officer(), seller=pending, reason="Thiếu giấy phép")
    assert not listed(product)
    shop = f.seller()
    owner = shop.memberships.get().user
    other = f.product(shop)
    assert listed(other)
    services.archive_product(actor=owner, product=other)
    assert not listed(other)
    services.update_product(actor=owner, product=other, status=Product.Status.ACTIVE)
    assert listed(other)


def test_bulk_created_products_are_listed(f):
    shop = f.seller()
    product = Product(seller=shop, category=f.category(), name="Bánh pía", slug="banh-pia", unit="hộp",
                      price_vnd=50000, sku="BP-1", status=Product.Status.ACTIVE)  # fmt: skip
    derive_search_columns(product)
    Product.objects.bulk_create([product])
    assert Product.objects.get(slug="banh-pia").is_listed


def test_place_is_the_origin_commune_else_the_sellers_and_follows_the_seller(f):
    home = f.commune("29242", "Phường Trà Vinh", f.province("86", "Vĩnh Long"))
    elsewhere = f.commune("26734", "Phường Bến Nghé", f.province("79", "TP. Hồ Chí Minh"))
    shop = f.seller(commune=home, status=Seller.Status.PENDING)
    own = f.product(shop)
    sourced = f.product(shop, origin_commune=elsewhere)
    places = dict(Product.objects.values_list("pk", "place_province_code"))
    assert places == {own.pk: "86", sourced.pk: "79"}
    assert Product.objects.get(pk=own.pk).place_commune_code == "29242"
    owner = shop.memberships.get().user
    seller_services.update_seller_profile(
        actor=owner, seller=shop, commune=elsewhere, province=elsewhere.province
    )
    own.refresh_from_db()
    assert (own.place_province_code, own.place_commune_code) == ("79", "26734")


def test_listing_triggers_exist():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite trigger names are checked here; PostgreSQL is exercised by the tests above")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    assert {
        "catalog_product_listing_ai",
        "catalog_product_listing_au",
        "sellers_seller_listing_au",
    } <= triggers


# --- Cached reads ---------------------------------------------------------------------------------


def test_search_cache_key_changes_with_every_parameter_and_the_version():
    base = normalized(SearchParams(q="mat hoa dua"))
    changed = {
        "q": "mat hoa",
        "category": "thuc-pham",
        "min_stars": 3,
        "province": "86",
        "commune": "29242",
        "price_min": 1000,
        "price_max": 90000,
        "in_stock": True,
        "seller_kind": "cooperative",
        "sort": "price_asc",
        "page": 2,
        "page_size": 48,
    }
    assert set(changed) == {f.name for f in dataclasses.fields(SearchParams)}
    keys = {cache_key(base)}
    for name, value in changed.items():
        keys.add(cache_key(dataclasses.replace(base, **{name: value})))
    assert len(keys) == len(changed) + 1
    assert cache_key(dataclasses.replace(base, in_stock=False)) not in keys
    before = cache_key(base)
    bump_catalog_version()
    assert cache_key(base) != before
    assert cache_key(normalized(SearchParams(q="mat hoa dua", page=0, page_size=24))) == cache_key(base)


def test_catalog_version_survives_a_lost_key_without_reuse():
    from django.core.cache import cache

    first = catalog_version()
    cache.clear()
    assert catalog_version() != first


def test_search_shows_a_new_product_and_a_new_price_at_once(f):
    shop = f.seller()
    owner = shop.memberships.get().user
    p = f.product(shop, name="Kẹo dừa sáp", price_vnd=30000)
    assert [(x.name, x.price_vnd) for x in search_products(SearchParams(q="keo dua")).items] == [
        ("Kẹo dừa sáp", 30000)
    ]
    services.update_product(actor=owner, product=p, price_vnd=35000)
    services.create_product(
        actor=owner, seller=shop, name="Kẹo dừa lá dứa", category=f.category(), unit="gói",
        price_vnd=20000, sku="KD-2", status=Product.Status.ACTIVE,
    )  # fmt: skip
    result = search_products(SearchParams(q="keo dua"))
    assert result.count == 2
    assert sorted((x.name, x.price_vnd) for x in result.items) == [
        ("Kẹo dừa lá dứa", 20000),
        ("Kẹo dừa sáp", 35000),
    ]


def test_search_forgets_a_product_whose_seller_is_rejected_or_stock_changes(f):
    pending = f.seller(status=Seller.Status.PENDING)
    f.product(pending, name="Bưởi da xanh")
    assert found("buoi") == []
    seller_services.verify_seller(actor=f.officer(), seller=pending)  # a queryset update: the signal
    assert found("buoi") == ["Bưởi da xanh"]
    shop = f.seller()
    owner = shop.memberships.get().user
    p = f.product(shop, name="Chôm chôm", stock=0)
    assert search_products(SearchParams(q="chom", in_stock=True)).count == 0
    stock.adjust_stock(actor=owner, product=p, delta=5, reason="Nhập hàng")
    assert search_products(SearchParams(q="chom", in_stock=True)).count == 1


def test_product_page_shows_a_price_change_at_once(client, f):
    shop = f.seller()
    owner = shop.memberships.get().user
    p = f.product(shop, name="Rượu nếp cẩm", price_vnd=90000, stock=4)
    assert format_vnd(90000) in client.get(f"/p/{p.slug}/").content.decode()
    services.update_product(actor=owner, product=p, price_vnd=95000)
    html = client.get(f"/p/{p.slug}/").content.decode()
    assert format_vnd(95000) in html and format_vnd(90000) not in html
    stock.set_stock(actor=owner, product=p, stock=0, reason="Kiểm kho")
    assert "Còn hàng" not in client.get(f"/p/{p.slug}/").content.decode()


def test_cached_product_page_needs_no_query_and_keeps_per_request_nonce_and_csrf(
    client, f, django_assert_num_queries
):
    p = f.product(name="Trà mãng cầu")
    first = client.get(f"/p/{p.slug}/").content.decode()
    other = type(client)()
    with django_assert_num_queries(0):
        response = other.get(f"/p/{p.slug}/")
    second = response.content.decode()
    assert response.status_code == 200 and "Trà mãng cầu" in second
    nonce = re.compile(r'<script type="application/ld\+json" nonce="([^"]+)"')
    header_nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert nonce.search(second).group(1) == header_nonce != nonce.search(first).group(1)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(first).group(1) != token.search(second).group(1)


def test_preview_of_a_draft_is_never_cached(client, f):
    shop = f.seller()
    owner = shop.memberships.get().user
    draft = f.product(shop, status=Product.Status.DRAFT, name="Nem chua")
    client.force_login(owner)
    assert "Bản xem trước" in client.get(f"/p/{draft.slug}/").content.decode()
    client.logout()
    assert client.get(f"/p/{draft.slug}/").status_code == 404


def test_cached_anonymous_page_sets_the_csrf_cookie_and_follows_address_language_and_login(client, f):
    p = f.product(name="Mật ong U Minh")
    client.get(f"/p/{p.slug}/?q=mat")
    fresh = type(client)()
    response = fresh.get(f"/p/{p.slug}/?q=ong")
    html = response.content.decode()
    assert "csrftoken" in response.cookies
    assert 'value="ong"' in html and 'value="mat"' not in html
    fresh.cookies["django_language"] = "en"
    assert "In stock" in fresh.get(f"/p/{p.slug}/").content.decode()
    member = f.user()
    logged_in = type(client)()
    logged_in.force_login(member)
    assert "Đăng xuất" in logged_in.get(f"/p/{p.slug}/").content.decode()
    assert "Đăng xuất" not in type(client)().get(f"/p/{p.slug}/").content.decode()
