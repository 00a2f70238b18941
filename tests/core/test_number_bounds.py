"""Every amount and quantity has one upper bound (core.limits), the same in API schemas and forms.

Numbers past them used to be accepted (a price of 9·10¹⁸ đồng, a stock of 10²⁰) and then overflowed a
checkout's sum or the database column: a 500. Each bound is tested through HTTP at the bound (accepted)
and one past it (refused, naming the field); the expected figures are written out, not read from the code.
"""

import json

import pytest

from hangviet.accounts.models import ApiToken
from hangviet.accounts.services import create_api_token
from hangviet.catalog.models import Product
from hangviet.orders.models import Order

pytestmark = pytest.mark.django_db

PRICE_MAX = 1_000_000_000
FEE_MAX = 10_000_000
AMOUNT_MAX = 1_000_000_000_000
STOCK_MAX = 10_000_000
QUANTITY_MAX = 1_000_000
LOT_QUANTITY_MAX = 1_000_000_000


@pytest.fixture
def member(f):
    user = f.user()
    seller = f.seller(owner=user, slug="htx-dua")
    _token, key = create_api_token(actor=user, name="bounds", scopes=ApiToken.Scope.values)
    return user, seller, {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def product_body(**overrides):
    body = {
        "name": "Mật hoa dừa",
        "category": "thuc-pham",
        "unit": "chai",
        "price_vnd": 85000,
        "sku": "MHD-1",
    }
    body.update(overrides)
    return body


def post_json(client, url, body, headers, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **headers)


def assert_422(response, field):
    assert response.status_code == 422, response.content[:400]
    assert field in [e["field"] for e in response.json()["errors"]]


def assert_schema_bound(spec_schema: dict, maximum: int) -> None:
    assert spec_schema.get("maximum") == maximum, spec_schema


# --- API ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("price", [9e18, 9_000_000_000_000_000_000, 1e20, PRICE_MAX + 1])
def test_api_product_price_over_the_bound_is_422(client, f, member, price):
    f.category()
    _user, seller, headers = member
    raw = json.dumps(product_body()).replace("85000", repr(price) if isinstance(price, float) else str(price))
    response = client.post(
        f"/api/v1/sellers/{seller.slug}/products", raw, content_type="application/json", **headers
    )
    assert_422(response, "body.price_vnd")
    assert not Product.objects.exists()


def test_api_product_price_at_the_bound_is_accepted(client, f, member):
    f.category()
    _user, seller, headers = member
    response = post_json(
        client, f"/api/v1/sellers/{seller.slug}/products", product_body(price_vnd=PRICE_MAX), headers
    )
    assert response.status_code == 201, response.content
    assert response.json()["price_vnd"] == 1_000_000_000


def test_api_product_patch_price_over_the_bound_is_422(client, f, member):
    _user, seller, headers = member
    product = f.product(seller, slug="mat-hoa-dua")
    response = post_json(client, "/api/v1/products/mat-hoa-dua", {"price_vnd": 9e18}, headers, "patch")
    assert_422(response, "body.price_vnd")
    product.refresh_from_db()
    assert product.price_vnd == 120000


@pytest.mark.parametrize("stock", [1e20, STOCK_MAX + 1])
def test_api_initial_stock_over_the_bound_is_422(client, f, member, stock):
    f.category()
    _user, seller, headers = member
    response = post_json(
        client, f"/api/v1/sellers/{seller.slug}/products", product_body(stock=stock), headers
    )
    assert_422(response, "body.stock")


def test_api_set_stock_bound(client, f, member):
    _user, seller, headers = member
    f.product(seller, slug="mat-hoa-dua", stock=0)
    url = "/api/v1/products/mat-hoa-dua/stock"
    assert_422(
        post_json(client, url, {"stock": STOCK_MAX + 1, "reason": "kiểm kê"}, headers, "put"), "body.stock"
    )
    response = post_json(client, url, {"stock": STOCK_MAX, "reason": "kiểm kê"}, headers, "put")
    assert response.status_code == 200
    assert response.json()["stock"] == 10_000_000


def test_api_stock_adjustment_bound(client, f, member):
    _user, seller, headers = member
    f.product(seller, slug="mat-hoa-dua", stock=0)
    url = "/api/v1/products/mat-hoa-dua/stock/adjust"
    assert_422(post_json(client, url, {"delta": QUANTITY_MAX + 1, "reason": "nhập"}, headers), "body.delta")
    assert_422(post_json(client, url, {"delta": -QUANTITY_MAX - 1, "reason": "xuất"}, headers), "body.delta")


def test_api_stock_adjustment_cannot_pass_the_stock_bound(client, f, member):
    _user, seller, headers = member
    product = f.product(seller, slug="mat-hoa-dua", stock=STOCK_MAX - 10)
    url = "/api/v1/products/mat-hoa-dua/stock/adjust"
    response = post_json(client, url, {"delta": 11, "reason": "nhập"}, headers)
    assert_422(response, "body.delta")
    product.refresh_from_db()
    assert product.stock == 9_999_990
    assert post_json(client, url, {"delta": 10, "reason": "nhập"}, headers).json()["stock"] == 10_000_000


@pytest.mark.parametrize(("name", "value"), [("price_min", PRICE_MAX + 1), ("price_max", 10**30)])
def test_api_search_price_filters_are_bounded(client, name, value):
    response = client.get("/api/v1/products", {name: value})
    assert_422(response, f"query.{name}")


def test_api_search_reversed_price_range_is_refused(client):
    response = client.get("/api/v1/products", {"price_min": 200000, "price_max": 100})
    assert_422(response, "query.price_max")
    assert response.json()["errors"][0]["code"] == "price_range_reversed"


def test_api_cart_quantity_bound(client, f):
    f.product(slug="mat-hoa-dua", stock=5)
    token = client.post("/api/v1/carts").json()["token"]
    response = post_json(
        client, f"/api/v1/carts/{token}/items", {"product": "mat-hoa-dua", "quantity": 1e20}, {}
    )
    assert_422(response, "body.quantity")


def test_api_checkout_expected_total_bound(client, f):
    f.commune()
    f.product(slug="mat-hoa-dua", stock=5)
    token = client.post("/api/v1/carts").json()["token"]
    post_json(client, f"/api/v1/carts/{token}/items", {"product": "mat-hoa-dua", "quantity": 1}, {})
    body = {
        "buyer": {"name": "Trần Thị Bích", "phone": "0987654321"},
        "address": {"street": "12 Nguyễn Đáng", "commune_code": "29242", "province_code": "86"},
        "payment_method": "cod",
        "expected_total_vnd": 10**20,
    }
    assert_422(post_json(client, f"/api/v1/carts/{token}/checkout", body, {}), "body.expected_total_vnd")
    assert not Order.objects.exists()


def test_checkout_that_used_to_overflow(client, f, member):
    """A price of 9·10¹⁸ was accepted, then two units summed past bigint: the checkout was a 500. The
    price is now refused; the dearest bounded cart checks out with its exact total."""
    f.commune()
    f.category()
    _user, seller, headers = member
    url = f"/api/v1/sellers/{seller.slug}/products"
    refused = post_json(client, url, product_body(price_vnd=9e18, status="active", stock=5), headers)
    assert_422(refused, "body.price_vnd")
    created = post_json(client, url, product_body(price_vnd=PRICE_MAX, status="active", stock=99), headers)
    assert created.status_code == 201, created.content
    token = client.post("/api/v1/carts").json()["token"]
    slug = created.json()["slug"]
    added = post_json(client, f"/api/v1/carts/{token}/items", {"product": slug, "quantity": 99}, {})
    assert added.status_code == 200, added.content
    body = {
        "buyer": {"name": "Trần Thị Bích", "phone": "0987654321"},
        "address": {"street": "12 Nguyễn Đáng", "commune_code": "29242", "province_code": "86"},
        "payment_method": "cod",
    }
    response = post_json(client, f"/api/v1/carts/{token}/checkout", body, {})
    assert response.status_code == 201, response.content
    order = response.json()["orders"][0]
    assert order["subtotal_vnd"] == 99_000_000_000


def test_api_offer_bounds(client, f, member):
    from hangviet.promotion.models import BuyRequest

    _user, seller, headers = member
    buy_request = BuyRequest.objects.create(
        buyer=f.user(),
        buyer_name="Công ty Xuất khẩu",
        buyer_kind="distributor",
        contact_email="mua@example.vn",
        title="Mật hoa dừa",
        volume=100,
        unit="chai",
        delivery_from="2030-01-01",
        delivery_to="2030-02-01",
        delivery_province=f.province(),
        delivery_place="Cảng Cái Mép",
        deadline_on="2030-01-01",
    )
    url = f"/api/v1/buy-requests/{buy_request.pk}/offers"
    base = {"seller": seller.slug, "unit_price_vnd": 50000, "volume": 100, "delivery_on": "2030-01-15"}
    assert_422(
        post_json(client, url, {**base, "unit_price_vnd": PRICE_MAX + 1}, headers), "body.unit_price_vnd"
    )
    assert_422(post_json(client, url, {**base, "volume": QUANTITY_MAX + 1}, headers), "body.volume")


def test_api_ocop_registry_offset_is_bounded(client):
    response = client.get("/api/v1/ocop/products", {"offset": 10**30})
    assert_422(response, "query.offset")


def test_every_integer_an_api_client_sends_has_an_upper_bound(client):
    """Query parameters and request bodies in the OpenAPI document: no integer or number without a
    maximum, so a new schema cannot forget its bound. Path identifiers are looked up, never summed."""
    spec = client.get("/api/v1/openapi.json").json()
    components = spec.get("components", {}).get("schemas", {})

    def unbounded(schema: dict, where: str, seen: frozenset = frozenset()) -> list[str]:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            return [] if name in seen else unbounded(components[name], name, seen | {name})
        found = []
        for key in ("anyOf", "oneOf", "allOf"):
            for option in schema.get(key, []):
                found += unbounded(option, where, seen)
        if schema.get("type") in {"integer", "number"} and "maximum" not in schema:
            found.append(where)
        for prop, sub in schema.get("properties", {}).items():
            found += unbounded(sub, f"{where.split('.')[0]}.{prop}", seen)
        if "items" in schema:
            found += unbounded(schema["items"], where, seen)
        return found

    problems = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    problems += [
                        f"{method.upper()} {path} query {p}"
                        for p in unbounded(parameter["schema"], parameter["name"])
                    ]
            for media in operation.get("requestBody", {}).get("content", {}).values():
                schema = media.get("schema", {})
                title = schema.get("title", "body")
                problems += [f"{method.upper()} {path} body {p}" for p in unbounded(schema, title)]
    assert problems == []


# --- Forms (pages) -----------------------------------------------------------------------------------


def product_form(f, **overrides):
    data = {
        "name": "Mật hoa dừa",
        "category": f.category().pk,
        "unit": "chai",
        "price_vnd": "85000",
        "sku": "MHD-1",
        "description": "",
        "net_quantity": "",
        "gtin": "",
        "origin_commune": "",
        "status": "active",
        "stock": "0",
    }
    data.update(overrides)
    return data


@pytest.fixture
def seller_client(client, member):
    user, seller, _headers = member
    client.force_login(user)
    return client, seller


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price_vnd", "1.000.000.001", "Tối đa là 1.000.000.000."),
        ("price_vnd", "9000000000000000000", "Tối đa là 1.000.000.000."),
        ("stock", "10.000.001", "Tối đa là 10.000.000."),
        ("stock", "100000000000000000000", "Tối đa là 10.000.000."),
    ],
)
def test_product_form_bounds(f, seller_client, field, value, message):
    client, seller = seller_client
    response = client.post(f"/seller/{seller.slug}/products/new/", product_form(f, **{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Product.objects.exists()


def test_product_form_at_the_bounds_saves(f, seller_client):
    client, seller = seller_client
    data = product_form(f, price_vnd="1.000.000.000", stock="10.000.000")
    response = client.post(f"/seller/{seller.slug}/products/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    product = Product.objects.get()
    assert (product.price_vnd, product.stock) == (1_000_000_000, 10_000_000)


def test_stock_form_bounds(f, seller_client):
    client, seller = seller_client
    product = f.product(seller, stock=0)
    url = f"/seller/{seller.slug}/products/{product.pk}/stock/"
    response = client.post(url, {"delta": "1.000.001", "reason": "nhập"})
    assert response.context["form"].errors["delta"] == ["Tối đa là 1.000.000."]
    response = client.post(url, {"delta": "-1.000.001", "reason": "xuất"})
    assert response.context["form"].errors["delta"] == ["Tối thiểu là -1.000.000."]
    product.refresh_from_db()
    assert product.stock == 0


def test_delivery_form_bounds(seller_client):
    client, seller = seller_client
    url = f"/seller/{seller.slug}/delivery/"
    data = {
        "flat_fee_vnd": "30.000",
        "free_above_vnd": "",
        "min_days": "1",
        "max_days": "3",
        "lapse_hours": "",
    }
    response = client.post(url, {**data, "flat_fee_vnd": "10.000.001"})
    assert response.context["form"].errors["flat_fee_vnd"] == ["Tối đa là 10.000.000."]
    response = client.post(url, {**data, "free_above_vnd": "100000000000000000000"})
    assert response.context["form"].errors["free_above_vnd"] == ["Tối đa là 1.000.000.000.000."]
    response = client.post(url, {**data, "province_fees": "79 = 100000000000000000000"})
    assert response.context["form"].errors["province_fees"] == [
        "Phí ở dòng “79 = 100000000000000000000” vượt mức tối đa 10.000.000\u00a0₫."
    ]


def test_delivery_form_reads_fees_the_vietnamese_way(seller_client, f):
    from hangviet.orders.models import DeliveryPolicy

    f.province("79", "Thành phố Hồ Chí Minh")
    client, seller = seller_client
    data = {
        "flat_fee_vnd": "30.000",
        "free_above_vnd": "500.000 ₫",
        "min_days": "1",
        "max_days": "3",
        "lapse_hours": "",
        "province_fees": "79 = 45.000đ",
    }
    response = client.post(f"/seller/{seller.slug}/delivery/", data)
    assert response.status_code == 302, response.context["form"].errors
    policy = DeliveryPolicy.objects.get(seller=seller)
    assert (policy.flat_fee_vnd, policy.free_above_vnd) == (30000, 500000)
    assert {p.province_id: p.fee_vnd for p in policy.province_fees.all()} == {"79": 45000}


def test_lot_form_quantity_bound(f, seller_client):
    client, seller = seller_client
    product = f.product(seller)
    data = {
        "product": product.pk,
        "code": "L01",
        "produced_on": "2026-11-01",
        "quantity": "1000000000.001",
        "uom": "KGM",
    }
    response = client.post(f"/lots/{seller.slug}/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["quantity"] == ["Tối đa là 1.000.000.000."]


# --- Every form, present and future ------------------------------------------------------------------

# Names of the fields that hold money or a quantity: each is a WholeNumberField (or, for decimal lot
# quantities, bounded by AtMost) whose bound is at most the largest of core.limits.
AMOUNT_NAMES = ("_vnd", "stock", "quantity", "volume", "visitors", "delta")
FORM_MODULES = [
    "hangviet.accounts.forms",
    "hangviet.catalog.forms",
    "hangviet.core.forms",
    "hangviet.ocop.forms",
    "hangviet.orders.forms",
    "hangviet.promotion.forms",
    "hangviet.sellers.forms",
    "hangviet.trace.forms",
    "hangviet.web.forms",
]


def upper_bound(field) -> int | None:
    from django.core.validators import MaxValueValidator

    bounds = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
    return min(bounds) if bounds else None


def is_amount(name: str) -> bool:
    return name.endswith(AMOUNT_NAMES) or name in AMOUNT_NAMES


def test_every_number_field_of_every_form_has_a_bound():
    import importlib

    from django import forms

    problems = []
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for form_class in vars(module).values():
            if not (isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)):
                continue
            for name, field in form_class.base_fields.items():
                where = f"{module_name}.{form_class.__name__}.{name}"
                if isinstance(field, forms.IntegerField | forms.DecimalField) and upper_bound(field) is None:
                    problems.append(f"{where}: no upper bound")
                if is_amount(name) and type(field) is forms.IntegerField:
                    problems.append(f"{where}: not a WholeNumberField")
                if is_amount(name) and (upper_bound(field) or 0) > AMOUNT_MAX:
                    problems.append(f"{where}: bound above core.limits")
    assert problems == []


def test_every_amount_the_admin_edits_has_the_bound_of_core_limits(rf, admin_user):
    from django import forms
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = admin_user
    problems = []
    for model_admin in admin.site._registry.values():
        admins = [model_admin, *model_admin.get_inline_instances(request)]
        for each in admins:
            inline = hasattr(each, "get_formset")
            writes = (
                each.has_add_permission(request, None) or each.has_change_permission(request, None)
                if inline
                else each.has_add_permission(request) or each.has_change_permission(request)
            )
            if not writes:  # a record shown, never written here
                continue
            form_class = (
                each.get_formset(request).form if hasattr(each, "get_formset") else each.get_form(request)
            )
            for name, field in form_class.base_fields.items():
                where = f"{type(each).__name__}.{name}"
                if not is_amount(name) or not isinstance(field, forms.IntegerField | forms.DecimalField):
                    continue
                if type(field) is forms.IntegerField:
                    problems.append(f"{where}: not a WholeNumberField")
                if (upper_bound(field) or 10**30) > AMOUNT_MAX:
                    problems.append(f"{where}: bound {upper_bound(field)}")
    assert problems == []


def test_admin_product_price_uses_the_price_bound(rf, admin_user):
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = admin_user
    form_class = admin.site._registry[Product].get_form(request)
    field = form_class.base_fields["price_vnd"]
    assert upper_bound(field) == PRICE_MAX
    assert field.clean("125.000") == 125000


def test_the_limits_table_in_the_api_docs_is_core_limits():
    """docs/api.md lists every bound with its value: one table, one source."""
    import re
    from pathlib import Path

    from hangviet.core import limits

    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    section = text.split("## Limits", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| ([\d ]+) \|", section, re.M))
    documented = {name: int(value.replace(" ", "")) for name, value in rows.items()}
    constants = {name: value for name, value in vars(limits).items() if name.isupper()}
    assert documented == constants


def test_lot_service_refuses_a_quantity_past_the_bound(f):
    """No page reaches it (the form is bounded), but the service guards every caller: 10¹² did not fit the
    column on PostgreSQL (a 500) and was stored as is on SQLite."""
    import datetime

    from hangviet.core.errors import ValidationFailed
    from hangviet.trace import services
    from hangviet.trace.models import Lot

    user = f.user()
    product = f.product(f.seller(owner=user))
    with pytest.raises(ValidationFailed) as caught:
        services.create_lot(
            actor=user, product=product, code="L01", produced_on=datetime.date(2026, 11, 1), quantity=10**12
        )
    assert [(e["field"], e["code"]) for e in caught.value.errors] == [("quantity", "max_value")]
    assert not Lot.objects.exists()
