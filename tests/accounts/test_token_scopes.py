"""API tokens carry scopes chosen at creation; every authenticated API operation names the scope it needs."""

import json

import pytest
from django.urls import reverse

from hangviet.accounts import services
from hangviet.accounts.models import ApiToken
from hangviet.catalog.models import Product
from hangviet.core.errors import ValidationFailed
from hangviet.trace.models import EpcisEvent

pytestmark = pytest.mark.django_db

TOKENS = reverse("accounts:tokens")
CTX = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def shop_member(f):
    user = f.user()
    shop = f.seller(owner=user)
    product = f.product(shop, slug="mat-hoa-dua", price_vnd=120000)
    return user, shop, product


def _event():
    return {
        "@context": CTX,
        "type": "ObjectEvent",
        "action": "OBSERVE",
        "eventTime": "2026-01-15T08:00:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "bizStep": "shipping",
        "quantityList": [
            {"epcClass": "https://id.example.vn/01/09506000134352/10/L1", "quantity": 5, "uom": "KGM"}
        ],
    }


def test_a_capture_token_captures_events_but_cannot_change_a_price_nor_read_orders(client, shop_member):
    user, _shop, product = shop_member
    _token, key = services.create_api_token(actor=user, name="Cân ở kho", scopes=["trace"])

    captured = client.post(
        "/api/v1/epcis/events", json.dumps(_event()), content_type="application/json", **bearer(key)
    )
    assert captured.status_code == 201
    assert EpcisEvent.objects.count() == 1

    repriced = client.patch(
        "/api/v1/products/mat-hoa-dua", {"price_vnd": 1000}, content_type="application/json", **bearer(key)
    )
    assert repriced.status_code == 403
    assert repriced["Content-Type"] == "application/problem+json"
    assert repriced.json()["code"] == "insufficient_scope"
    assert repriced.json()["scope"] == "catalog"
    assert repriced["WWW-Authenticate"] == 'Bearer error="insufficient_scope", scope="catalog"'
    assert Product.objects.get(pk=product.pk).price_vnd == 120000

    orders = client.get("/api/v1/seller/orders", **bearer(key))
    assert orders.status_code == 403
    assert orders["WWW-Authenticate"] == 'Bearer error="insufficient_scope", scope="read"'


@pytest.mark.parametrize(
    ("method", "path", "body", "scope"),
    [
        ("put", "/api/v1/products/mat-hoa-dua/stock", {"stock": 0, "reason": "kiểm kho"}, "catalog"),
        ("post", "/api/v1/seller/orders/HV234567/confirm", None, "orders"),
        ("post", "/api/v1/epcis/capture", {}, "trace"),
    ],
)
def test_a_read_token_changes_nothing(client, shop_member, method, path, body, scope):
    user, _shop, product = shop_member
    _token, key = services.create_api_token(actor=user, name="Báo cáo", scopes=["read"])
    response = getattr(client, method)(path, body, content_type="application/json", **bearer(key))
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert response.json()["scope"] == scope
    assert Product.objects.get(pk=product.pk).stock == 10


def test_a_catalog_token_changes_the_price(client, shop_member):
    user, _shop, product = shop_member
    _token, key = services.create_api_token(actor=user, name="Đồng bộ giá", scopes=["catalog"])
    response = client.patch(
        "/api/v1/products/mat-hoa-dua", {"price_vnd": 99000}, content_type="application/json", **bearer(key)
    )
    assert response.status_code == 200
    assert Product.objects.get(pk=product.pk).price_vnd == 99000


def test_an_unknown_token_is_still_401_whatever_the_scope(client, shop_member):
    response = client.patch(
        "/api/v1/products/mat-hoa-dua", {"price_vnd": 1}, content_type="application/json", **bearer("hv_x")
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_me_answers_any_token_and_names_its_scopes(client, f):
    user = f.user()
    _token, key = services.create_api_token(actor=user, name="ci", scopes=["trace", "read"])
    response = client.get("/api/v1/me", **bearer(key))
    assert response.status_code == 200
    assert response.json()["scopes"] == ["read", "trace"]


def test_scopes_are_chosen_with_checkboxes_and_listed(client, f):
    user = f.user()
    client.force_login(user)
    page = client.get(TOKENS).content.decode()
    for value in ("read", "catalog", "orders", "trace"):
        assert f'type="checkbox" name="scopes" value="{value}"' in page
    response = client.post(TOKENS, {"name": "Kho", "scopes": ["catalog", "trace"]})
    assert response.status_code == 200
    assert ApiToken.objects.get(user=user).scopes == ["catalog", "trace"]
    listed = client.get(TOKENS).content.decode()
    assert "Sản phẩm: tạo, sửa" in listed and "Truy xuất nguồn gốc" in listed
    english = client.get(TOKENS, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Scopes" in english and "Traceability: lots, EPCIS event capture" in english


def test_a_token_needs_at_least_one_scope(client, f):
    user = f.user()
    client.force_login(user)
    response = client.post(TOKENS, {"name": "Kho"})
    assert response.status_code == 422
    assert response.context["form"].errors["scopes"]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("scopes", [[], ["write"], ["trace", "admin"]])
def test_the_service_refuses_no_scope_or_an_unknown_one(f, scopes):
    with pytest.raises(ValidationFailed) as err:
        services.create_api_token(actor=f.user(), name="ci", scopes=scopes)
    assert [e["field"] for e in err.value.errors] == ["scopes"]
    assert not ApiToken.objects.exists()


def test_existing_tokens_get_every_scope_when_scopes_arrive(f):
    """Integrators' tokens made before scopes keep working: the migration gives them all four."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("hangviet.accounts.migrations.0003_apitoken_scopes")
    user = f.user()
    old = ApiToken.objects.create(user=user, name="cũ", prefix="hv_old00", key_hash="0" * 64, scopes=[])
    migration.give_existing_tokens_every_scope(apps, None)
    old.refresh_from_db()
    assert old.scopes == ["read", "catalog", "orders", "trace"]


def test_every_authenticated_api_operation_declares_its_scope():
    """A new operation with `auth=` cannot forget its scope: it must be a TokenAuth naming one."""
    from hangviet.accounts.auth import ANY_SCOPE, TokenAuth
    from hangviet.config.api import api

    declared, missing = {}, []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    name = f"{method} {prefix}{path}"
                    callbacks = operation.auth_callbacks
                    if not callbacks:
                        continue
                    if not all(isinstance(c, TokenAuth) and c.scope for c in callbacks):
                        missing.append(name)
                    declared[name] = {c.scope for c in callbacks if isinstance(c, TokenAuth)}
    assert missing == []
    assert declared["GET /me"] == {ANY_SCOPE}
    assert declared["PATCH /products/{slug}"] == {"catalog"}
    assert declared["POST /epcis/events"] == {"trace"}
    assert declared["GET /seller/orders"] == {"read"}
    assert declared["POST /seller/orders/{code}/ship"] == {"orders"}
    assert declared["POST /seller/reviews/{review_id}/reply"] == {"orders"}
    assert len(declared) == 17


def test_the_openapi_document_names_each_operations_scope(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert paths["/api/v1/products/{slug}"]["patch"]["security"] == [{"TokenAuth": ["catalog"]}]
    assert paths["/api/v1/epcis/capture"]["post"]["security"] == [{"TokenAuth": ["trace"]}]
    assert paths["/api/v1/me"]["get"]["security"] == [{"TokenAuth": []}]
    assert "security" not in paths["/api/v1/products/{slug}"]["get"]
