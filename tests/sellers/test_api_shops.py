"""The shops API: verified shops only, with their legal identity (Decree 52/2013 Art. 29)."""

import pytest

from hangviet.catalog.models import Product
from hangviet.sellers.models import Seller

pytestmark = pytest.mark.django_db


def test_only_verified_shops_are_listed(client, f):
    f.seller(trading_name="B Đã xác minh", slug="b-da-xac-minh")
    f.seller(trading_name="A Chờ", slug="a-cho", status=Seller.Status.PENDING)
    f.seller(trading_name="C Từ chối", slug="c-tu-choi", status=Seller.Status.REJECTED)
    body = client.get("/api/v1/shops").json()
    assert body["count"] == 1
    assert [s["slug"] for s in body["items"]] == ["b-da-xac-minh"]


def test_shop_list_filters_pages_and_counts_public_products(client, f):
    ct = f.province("92", "Cần Thơ")
    c_ct = f.commune("31150", "Phường Ninh Kiều", ct)
    shop = f.seller(trading_name="A HTX", slug="a-htx", kind=Seller.Kind.COOPERATIVE)
    f.seller(trading_name="B Hộ", slug="b-ho", kind=Seller.Kind.HOUSEHOLD, commune=c_ct)
    f.seller(trading_name="C Hộ", slug="c-ho", kind=Seller.Kind.HOUSEHOLD)
    f.product(shop)
    f.product(shop)
    f.product(shop, status=Product.Status.DRAFT)
    body = client.get("/api/v1/shops", {"kind": "household"}).json()
    assert [s["slug"] for s in body["items"]] == ["b-ho", "c-ho"]
    body = client.get("/api/v1/shops", {"province": "92"}).json()
    assert [s["slug"] for s in body["items"]] == ["b-ho"]
    assert body["items"][0]["province"]["code"] == "92"
    body = client.get("/api/v1/shops", {"page": 2, "page_size": 2}).json()
    assert body["count"] == 3 and [s["slug"] for s in body["items"]] == ["c-ho"]
    first = client.get("/api/v1/shops", {"page_size": 1}).json()["items"][0]
    assert first["slug"] == "a-htx" and first["product_count"] == 2 and first["kind"] == "cooperative"


@pytest.mark.parametrize(
    ("params", "field"),
    [({"page": "x"}, "query.page"), ({"kind": "bank"}, "query.kind"), ({"page_size": 0}, "query.page_size")],
)
def test_bad_shop_list_parameters_are_422(client, params, field):
    response = client.get("/api/v1/shops", params)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_shop_list_query_count_is_bounded(client, f, django_assert_max_num_queries):
    for _ in range(6):
        f.product(f.seller())
    with django_assert_max_num_queries(3):
        body = client.get("/api/v1/shops").json()
    assert body["count"] == 6


def test_shop_detail_shows_legal_identity(client, f):
    shop = f.seller(trading_name="HTX Dừa Sáp", slug="htx-dua-sap", registration_number="5407000123")
    f.product(shop)
    body = client.get("/api/v1/shops/htx-dua-sap").json()
    assert body["legal_name"] == shop.legal_name
    assert body["tax_code"] == shop.tax_code
    assert body["registration_number"] == "5407000123"
    assert body["representative"] == "Nguyễn Văn A"
    assert body["phone"] == "0912345678" and body["email"] == shop.email
    assert body["address"]["street"] == "Ấp 1"
    assert body["address"]["commune"]["code"] == "29242"
    assert body["address"]["full"] == shop.address
    assert body["product_count"] == 1


@pytest.mark.parametrize("status", [Seller.Status.PENDING, Seller.Status.REJECTED])
def test_unverified_shop_is_404(client, f, status):
    f.seller(slug="chua-xac-minh", status=status)
    response = client.get("/api/v1/shops/chua-xac-minh")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client.get("/api/v1/shops/khong-co").status_code == 404


def test_openapi_has_shop_schemas(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/shops" in spec["paths"] and "/api/v1/shops/{slug}" in spec["paths"]
    assert {"ShopListOut", "ShopDetailOut"} <= set(spec["components"]["schemas"])
