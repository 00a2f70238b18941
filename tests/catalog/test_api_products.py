"""The catalog JSON API: search, details, categories, suggestions, and sellers' product writes."""

import datetime

import pytest
from django.utils import timezone

from hangviet.accounts.models import ApiToken
from hangviet.catalog.models import Category, Product, StockMove
from hangviet.catalog.search import clear_vocabulary_cache
from hangviet.ocop.models import Certificate
from hangviet.sellers.models import Membership, Seller

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    clear_vocabulary_cache()


def bearer(user) -> dict[str, str]:
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user, name="test", scopes=["catalog"], prefix=key[:8], key_hash=ApiToken.hash_key(key)
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def coconut(f):
    shop = f.seller(trading_name="HTX Dừa Sáp", slug="htx-dua-sap")
    f.product(shop, name="Dừa sáp Cầu Kè", ocop_stars=5, description="Dừa sáp béo, mát, hoa trái")
    f.product(shop, name="Mật ong rừng U Minh", ocop_stars=5, description="Ong hút mật hoa dừa")
    f.product(shop, name="Mật hoa dừa Sokfarm 250ml", slug="mat-hoa-dua-sokfarm", ocop_stars=4)
    f.product(shop, name="Mật hoa dừa nguyên chất", ocop_stars=3)
    return shop


@pytest.mark.parametrize("q", ["mat hoa dua", "MẬT HOA DỪA", "maatj hoa duwfa", "mật hoa dừa"])
def test_search_lists_coconut_nectar_first(client, coconut, q):
    response = client.get("/api/v1/products", {"q": q})
    assert response.status_code == 200
    names = [item["name"] for item in response.json()["items"]]
    assert names[0] == "Mật hoa dừa Sokfarm 250ml"
    assert names[1] == "Mật hoa dừa nguyên chất"
    for other in ("Dừa sáp Cầu Kè", "Mật ong rừng U Minh"):
        assert other not in names[:2]


def test_list_item_shape_and_facets(client, coconut):
    response = client.get("/api/v1/products", {"q": "mat hoa dua sokfarm"})
    body = response.json()
    assert body["count"] == 1 and body["page"] == 1 and body["page_size"] == 24
    item = body["items"][0]
    assert item == {
        "slug": "mat-hoa-dua-sokfarm",
        "name": "Mật hoa dừa Sokfarm 250ml",
        "price_vnd": 120000,
        "unit": "chai",
        "stock": 10,
        "ocop_stars": 4,
        "seller": {"slug": "htx-dua-sap", "name": "HTX Dừa Sáp"},
        "origin": {"province_code": "86", "commune_code": "29242"},
        "url": "/p/mat-hoa-dua-sokfarm/",
        "image": None,
    }
    assert body["facets"]["stars"] == [{"stars": 4, "count": 1}]
    assert body["facets"]["category"] == [{"slug": "thuc-pham", "name": "Thực phẩm", "count": 1}]
    assert [p["code"] for p in body["facets"]["province"]] == ["86"]


def test_filters_sort_and_pages_over_http(client, f):
    shop = f.seller(kind=Seller.Kind.HOUSEHOLD)
    for i, price in enumerate([30000, 10000, 20000]):
        f.product(shop, name=f"Trà sen {i}", price_vnd=price, ocop_stars=3 + i)
    f.product(name="Trà sen HTX", price_vnd=15000)
    response = client.get(
        "/api/v1/products",
        {"q": "tra sen", "seller_kind": "household", "sort": "price_asc", "page": 2, "page_size": 2},
    )
    body = response.json()
    assert body["count"] == 3
    assert [i["name"] for i in body["items"]] == ["Trà sen 0"]
    body = client.get("/api/v1/products", {"min_stars": 4, "price_max": 25000, "in_stock": "true"}).json()
    assert [i["name"] for i in body["items"]] == ["Trà sen 2", "Trà sen 1"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "abc"}, "query.page"),
        ({"page": 0}, "query.page"),
        ({"sort": "foo"}, "query.sort"),
        ({"min_stars": 9}, "query.min_stars"),
        ({"price_min": -1}, "query.price_min"),
        ({"page_size": 101}, "query.page_size"),
        ({"in_stock": "maybe"}, "query.in_stock"),
        ({"seller_kind": "bank"}, "query.seller_kind"),
    ],
)
def test_malformed_parameters_are_422_problems(client, params, field):
    response = client.get("/api/v1/products", params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "validation_error"
    assert [e["field"] for e in body["errors"]] == [field]


def test_list_query_count_is_bounded(client, f, django_assert_max_num_queries):
    shops = [f.seller() for _ in range(3)]
    for i in range(12):
        f.product(shops[i % 3], name=f"Bánh tráng {i}")
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/products", {"q": "banh trang", "page_size": 50})
    assert response.json()["count"] == 12
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/products")
    assert response.json()["count"] == 12


def test_product_detail_with_current_certificate(client, f):
    product = f.product(name="Mật hoa dừa", gtin="08930000000017", description="<p>Ngọt dịu</p>")
    today = timezone.localdate()
    Certificate.objects.create(
        number="OCOP-OLD",
        product=product,
        stars=3,
        score=60,
        issued_on=today - datetime.timedelta(days=1200),
        expires_on=today - datetime.timedelta(days=100),
        status=Certificate.Status.EXPIRED,
    )
    Certificate.objects.create(
        number="OCOP-2025-01",
        product=product,
        stars=4,
        score=75,
        issued_on=today - datetime.timedelta(days=10),
        expires_on=today + datetime.timedelta(days=1000),
    )
    body = client.get(f"/api/v1/products/{product.slug}").json()
    assert body["description"] == "<p>Ngọt dịu</p>"
    assert body["gtin"] == "08930000000017"
    assert body["category"] == {"slug": "thuc-pham", "name": "Thực phẩm"}
    assert body["images"] == []
    assert body["certificate"] == {
        "number": "OCOP-2025-01",
        "stars": 4,
        "expires_on": (today + datetime.timedelta(days=1000)).isoformat(),
        "status": "valid",
    }


def test_product_detail_without_certificate(client, f):
    product = f.product()
    assert client.get(f"/api/v1/products/{product.slug}").json()["certificate"] is None


def test_non_public_products_are_404(client, f):
    draft = f.product(status=Product.Status.DRAFT)
    hidden = f.product(f.seller(status=Seller.Status.PENDING))
    for slug in (draft.slug, hidden.slug, "khong-co"):
        response = client.get(f"/api/v1/products/{slug}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_categories_tree(client):
    body = client.get("/api/v1/categories").json()
    assert [c["slug"] for c in body][:2] == ["thuc-pham", "do-uong"]
    food = body[0]
    assert "gia-vi" in [c["slug"] for c in food["children"]]
    assert Category.objects.count() == sum(
        1 + len(c["children"]) + sum(len(g["children"]) for g in c["children"]) for c in body
    )


def test_suggest_endpoint(client, coconut):
    body = client.get("/api/v1/suggest", {"q": "mat hoa"}).json()
    products = [s["name"] for s in body if s["type"] == "product"]
    assert set(products[:2]) == {"Mật hoa dừa Sokfarm 250ml", "Mật hoa dừa nguyên chất"}
    assert client.get("/api/v1/suggest").json() == []


def test_openapi_lists_every_endpoint_with_schemas(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/products",
        "/api/v1/products/{slug}",
        "/api/v1/categories",
        "/api/v1/suggest",
        "/api/v1/sellers/{shop_slug}/products",
        "/api/v1/products/{slug}/stock",
        "/api/v1/products/{slug}/stock/adjust",
    ):
        assert path in spec["paths"], path
    for name in ("ProductListOut", "ProductDetailOut", "CategoryOut", "SuggestionOut", "ProductIn"):
        assert name in spec["components"]["schemas"]


# --- Seller writes -------------------------------------------------------------------------------


@pytest.fixture
def owner(f):
    return f.user()


@pytest.fixture
def shop(f, owner):
    return f.seller(owner=owner, slug="htx-a")


NEW_PRODUCT = {
    "name": "Bánh pía sầu riêng",
    "category": "thuc-pham-che-bien",
    "unit": "hộp",
    "price_vnd": 85000,
    "sku": "PIA-01",
    "description": "<p>Bánh <script>x</script>ngon</p>",
    "origin_commune": "29242",
    "status": "active",
    "stock": 20,
}


def test_member_creates_a_product(client, shop, owner):
    response = client.post(
        "/api/v1/sellers/htx-a/products", NEW_PRODUCT, content_type="application/json", **bearer(owner)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "banh-pia-sau-rieng" and body["stock"] == 20 and body["status"] == "active"
    assert body["description"] == "<p>Bánh ngon</p>"
    product = Product.objects.get(slug="banh-pia-sau-rieng")
    assert product.seller == shop and product.category.slug == "thuc-pham-che-bien"
    assert StockMove.objects.filter(product=product, delta=20).exists()
    # It is searchable at once.
    assert client.get("/api/v1/products", {"q": "banh pia"}).json()["count"] == 1


def test_create_needs_a_token(client, shop):
    response = client.post("/api/v1/sellers/htx-a/products", NEW_PRODUCT, content_type="application/json")
    assert response.status_code == 401
    response = client.post(
        "/api/v1/sellers/htx-a/products",
        NEW_PRODUCT,
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer hv_wrong",
    )
    assert response.status_code == 401
    assert not Product.objects.exists()


def test_non_member_cannot_create(client, shop, f):
    response = client.post(
        "/api/v1/sellers/htx-a/products", NEW_PRODUCT, content_type="application/json", **bearer(f.user())
    )
    assert response.status_code == 404  # another shop's workspace, as for a shop that does not exist
    assert response.json()["code"] == "not_found"
    assert not Product.objects.exists()


def test_create_rejects_bad_input_and_writes_nothing(client, shop, owner):
    bad = {**NEW_PRODUCT, "category": "khong-co", "origin_commune": "99999"}
    response = client.post(
        "/api/v1/sellers/htx-a/products", bad, content_type="application/json", **bearer(owner)
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"body.category", "body.origin_commune"}
    response = client.post(
        "/api/v1/sellers/htx-a/products",
        {**NEW_PRODUCT, "price_vnd": 0, "unit": "thùng"},
        content_type="application/json",
        **bearer(owner),
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"body.price_vnd", "body.unit"}
    assert not Product.objects.exists()
    response = client.post(
        "/api/v1/sellers/khong-co/products", NEW_PRODUCT, content_type="application/json", **bearer(owner)
    )
    assert response.status_code == 404


def test_duplicate_sku_is_422(client, shop, owner, f):
    f.product(shop, sku="PIA-01")
    response = client.post(
        "/api/v1/sellers/htx-a/products", NEW_PRODUCT, content_type="application/json", **bearer(owner)
    )
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert response.json()["errors"][0]["field"] == "body.sku"
    assert response.json()["errors"][0]["code"] == "duplicate_sku"
    assert Product.objects.filter(seller=shop).count() == 1


def test_member_updates_a_product(client, shop, owner, f):
    product = f.product(shop, name="Bánh cũ")
    response = client.patch(
        f"/api/v1/products/{product.slug}",
        {"name": "Bánh tét lá cẩm", "price_vnd": 99000},
        content_type="application/json",
        **bearer(owner),
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Bánh tét lá cẩm" and response.json()["price_vnd"] == 99000
    product.refresh_from_db()
    assert product.name_folded == "banh tet la cam"
    names = [i["name"] for i in client.get("/api/v1/products", {"q": "banh tet"}).json()["items"]]
    assert names == ["Bánh tét lá cẩm"]


def test_update_rejects_null_required_fields(client, shop, owner, f):
    product = f.product(shop)
    response = client.patch(
        f"/api/v1/products/{product.slug}", {"name": None}, content_type="application/json", **bearer(owner)
    )
    assert response.status_code == 422


def test_seller_a_cannot_touch_seller_b_products(client, f):
    owner_a = f.user()
    f.seller(owner=owner_a)
    shop_b = f.seller()
    public_b = f.product(shop_b, name="Của B", stock=5)
    draft_b = f.product(shop_b, name="Nháp của B", status=Product.Status.DRAFT)
    headers = bearer(owner_a)
    response = client.patch(
        f"/api/v1/products/{public_b.slug}", {"name": "Của A"}, content_type="application/json", **headers
    )
    assert response.status_code == 403
    response = client.put(
        f"/api/v1/products/{public_b.slug}/stock",
        {"stock": 0, "reason": "x"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    response = client.post(
        f"/api/v1/products/{public_b.slug}/stock/adjust",
        {"delta": -5, "reason": "x"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    response = client.patch(
        f"/api/v1/products/{draft_b.slug}", {"name": "Của A"}, content_type="application/json", **headers
    )
    assert response.status_code == 404
    public_b.refresh_from_db()
    assert public_b.name == "Của B" and public_b.stock == 5


def test_member_sees_and_edits_own_draft(client, shop, owner, f):
    draft = f.product(shop, status=Product.Status.DRAFT)
    response = client.patch(
        f"/api/v1/products/{draft.slug}",
        {"status": "active"},
        content_type="application/json",
        **bearer(owner),
    )
    assert response.status_code == 200 and response.json()["status"] == "active"


def test_writes_need_a_token(client, f):
    product = f.product()
    assert (
        client.patch(f"/api/v1/products/{product.slug}", {}, content_type="application/json").status_code
        == 401
    )
    assert (
        client.put(
            f"/api/v1/products/{product.slug}/stock",
            {"stock": 1, "reason": "x"},
            content_type="application/json",
        ).status_code
        == 401
    )


def test_set_and_adjust_stock(client, shop, owner, f):
    product = f.product(shop, stock=10)
    headers = bearer(owner)
    response = client.put(
        f"/api/v1/products/{product.slug}/stock",
        {"stock": 4, "reason": "Kiểm kho"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200 and response.json()["stock"] == 4
    response = client.post(
        f"/api/v1/products/{product.slug}/stock/adjust",
        {"delta": 3, "reason": "Nhập thêm"},
        content_type="application/json",
        **headers,
    )
    assert response.json()["stock"] == 7
    response = client.post(
        f"/api/v1/products/{product.slug}/stock/adjust",
        {"delta": -8, "reason": "Bán"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_stock"
    response = client.put(
        f"/api/v1/products/{product.slug}/stock",
        {"stock": -1, "reason": "x"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    product.refresh_from_db()
    assert product.stock == 7
    assert list(StockMove.objects.filter(product=product).values_list("delta", flat=True)) == [3, -6]


def test_staff_member_can_write(client, f, shop):
    staff = f.user()
    Membership.objects.create(user=staff, seller=shop, role=Membership.Role.STAFF)
    product = f.product(shop)
    response = client.put(
        f"/api/v1/products/{product.slug}/stock",
        {"stock": 2, "reason": "x"},
        content_type="application/json",
        **bearer(staff),
    )
    assert response.status_code == 200
