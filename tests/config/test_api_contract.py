"""The OpenAPI document is a contract the API keeps: it validates, every operation lists the problems it can
answer (one Problem schema, application/problem+json), each response has the shape its schema says, and
everything under /api/ answers problems, unknown paths and wrong methods included."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from ninja import Router, Schema
from openapi_spec_validator import validate

from hangviet.accounts.services import create_api_token
from hangviet.catalog import api as catalog_api
from hangviet.config.api import _API
from hangviet.ocop.models import Certificate
from tests.orders.helpers import SECRET, signed

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").json()


def responses_of(spec: dict, method: str, path: str) -> dict:
    return spec["paths"][path][method]["responses"]


def resolve(spec: dict, schema: dict) -> dict:
    """A schema with its $ref (and a nullable anyOf's $ref) followed."""
    if "anyOf" in schema:
        schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
    if "$ref" in schema:
        return spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


# --- 8. The document validates ---------------------------------------------------------------------


def test_openapi_document_validates_against_the_openapi_31_schema(spec):
    validate(spec)  # openapi-spec-validator: raises on the first violation


def test_parameter_examples_are_example_objects(spec):
    (code,) = spec["paths"]["/api/v1/provinces/{code}/communes"]["get"]["parameters"]
    assert code["examples"] == {"example1": {"value": "86"}}


# --- 9. Every operation lists its problems ---------------------------------------------------------

# The problem statuses of a few operations, one of each kind, written out (every one can meet the edge,
# 400, and a database restart, 503).
EXPECTED_PROBLEMS = [
    ("get", "/api/v1/provinces", [400, 503]),
    ("get", "/api/v1/suggest", [400, 503]),
    ("get", "/api/v1/products", [400, 422, 503]),
    ("get", "/api/v1/products/{slug}", [400, 404, 503]),
    ("get", "/api/v1/me", [400, 401, 503]),
    ("get", "/api/v1/seller/orders", [400, 401, 403, 422, 503]),
    ("patch", "/api/v1/products/{slug}", [400, 401, 403, 404, 409, 413, 422, 503]),
    ("post", "/api/v1/seller/orders/{code}/confirm", [400, 401, 403, 404, 409, 503]),
    ("post", "/api/v1/carts/{token}/checkout", [400, 404, 409, 413, 422, 503]),
    ("get", "/api/v1/units/legacy-lookup", [400, 404, 409, 422, 503]),
    ("post", "/api/v1/payments/webhook", [400, 401, 409, 413, 422, 503]),
    ("post", "/api/v1/epcis/capture", [400, 401, 403, 409, 413, 422, 503]),
]


@pytest.mark.parametrize(("method", "path", "statuses"), EXPECTED_PROBLEMS)
def test_operations_list_the_problems_they_can_answer(spec, method, path, statuses):
    responses = responses_of(spec, method, path)
    assert sorted(int(s) for s in responses if int(s) >= 400) == statuses


def test_every_problem_response_is_the_one_problem_schema(spec):
    seen = 0
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            problems = {s: r for s, r in operation["responses"].items() if int(s) >= 400}
            assert "400" in problems, f"{method} {path}: the edge's 400 is not listed"
            for status, response in problems.items():
                assert response["content"] == {PROBLEM: {"schema": PROBLEM_REF}}, f"{method} {path} {status}"
                assert response["description"], f"{method} {path} {status}"
                seen += 1
    assert seen > 150  # 45 operations
    problem = spec["components"]["schemas"]["Problem"]
    assert problem["required"] == ["type", "title", "status", "code", "detail"]
    assert problem["properties"]["errors"]["items"] == {"$ref": "#/components/schemas/ProblemError"}
    assert spec["components"]["schemas"]["ProblemError"]["required"] == ["field", "code", "message"]


def test_a_token_operations_401_documents_www_authenticate(spec):
    unauthenticated = responses_of(spec, "get", "/api/v1/seller/orders")["401"]
    assert unauthenticated["headers"]["WWW-Authenticate"]["required"] is True


def test_rate_limited_operations_list_429_with_retry_after(settings, client):
    settings.HANGVIET_RATE_LIMITS = [("POST", r"^/api/v1/carts/[^/]+/checkout$", "10/60")]
    spec = client.get("/api/v1/openapi.json").json()
    limited = responses_of(spec, "post", "/api/v1/carts/{token}/checkout")
    assert limited["429"]["content"] == {PROBLEM: {"schema": PROBLEM_REF}}
    assert limited["429"]["headers"]["Retry-After"]["required"] is True
    assert "429" not in responses_of(spec, "post", "/api/v1/carts")


def test_epcis_answers_are_documented_as_json_ld(spec):
    captured = responses_of(spec, "post", "/api/v1/epcis/events")
    assert list(captured["201"]["content"]) == ["application/ld+json"]
    query = responses_of(spec, "get", "/api/v1/epcis/events")
    assert list(query["200"]["content"]) == ["application/ld+json"]


# --- 10. A response has the shape its schema says --------------------------------------------------


def test_product_certificate_is_documented_in_the_shape_it_is_answered(client, spec, f):
    product = f.product(name="Mật hoa dừa")
    today = timezone.localdate()
    Certificate.objects.create(
        number="OCOP-2025-01",
        product=product,
        stars=4,
        score=75,
        issued_on=today - datetime.timedelta(days=10),
        expires_on=today + datetime.timedelta(days=1000),
    )
    body = client.get(f"/api/v1/products/{product.slug}").json()
    detail = resolve(
        spec,
        responses_of(spec, "get", "/api/v1/products/{slug}")["200"]["content"]["application/json"]["schema"],
    )
    certificate = resolve(spec, detail["properties"]["certificate"])
    assert sorted(body["certificate"]) == ["expires_on", "number", "stars", "status"]
    assert sorted(certificate["required"]) == ["expires_on", "number", "stars", "status"]
    # The OCOP register's certificate, a different shape, keeps its own schema.
    ocop = resolve(
        spec,
        responses_of(spec, "get", "/api/v1/ocop/certificates/{number}")["200"]["content"]["application/json"][
            "schema"
        ],
    )
    assert {"decision_number", "producer", "is_valid"} <= set(ocop["required"])


def test_two_schemas_of_one_name_are_refused():
    """Two classes named alike were one component: the second replaced the first (how the product's
    certificate came to be documented with the register's 13 fields)."""

    def brief():
        class CertificateOut(Schema):
            number: str

        return CertificateOut

    def full():
        class CertificateOut(Schema):
            number: str
            stars: int

        return CertificateOut

    router = Router()

    @router.get("/a", response=brief())
    def a(request):  # pragma: no cover - never called
        return {}

    @router.get("/b", response=full())
    def b(request):  # pragma: no cover - never called
        return {}

    api = _API(urls_namespace="collision-test")
    api.add_router("", router)
    with pytest.raises(Exception, match="Two API schemas are named 'CertificateOut'"):
        api.get_openapi_schema(path_prefix="")


def test_order_timeline_is_documented_as_order_events(spec):
    order = resolve(
        spec,
        responses_of(spec, "get", "/api/v1/orders/{code}")["200"]["content"]["application/json"]["schema"],
    )
    event = resolve(spec, order["properties"]["timeline"]["items"])
    assert sorted(event["properties"]) == ["at", "by", "from_status", "note", "to_status"]


# --- 11. Everything under /api/ answers problems ---------------------------------------------------


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert (body["status"], body["code"], body["type"]) == (status, code, f"about:blank#{code}")
    assert body["title"] and body["detail"]
    return body


def test_unknown_api_path_is_a_problem(client):
    assert_problem(client.get("/api/v1/nope"), 404, "not_found")
    assert_problem(client.post("/api/v2/products", {}), 404, "not_found")


def test_wrong_method_is_a_problem_with_allow(client):
    response = client.delete("/api/v1/products")
    assert_problem(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


def test_server_fault_under_api_is_a_problem(monkeypatch, f):
    def broken(params):
        raise RuntimeError("the search index is gone")

    monkeypatch.setattr(catalog_api, "search_products", broken)
    response = Client(raise_request_exception=False).get("/api/v1/products")
    body = assert_problem(response, 500, "server_error")
    assert "search index" not in body["detail"]  # nothing of the fault leaks


def test_pages_keep_their_html_errors(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# --- What the fuzz found ---------------------------------------------------------------------------


@pytest.fixture
def catalog_token(f):
    owner = f.user()
    product = f.product(f.seller(owner=owner), name="Mật hoa dừa")
    _token, key = create_api_token(actor=owner, name="contract", scopes=["catalog"])
    return product, {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.parametrize("body", ["[null]", "[]", "null", "1", '"mat hoa dua"'])
def test_a_body_that_is_not_an_object_is_refused(client, catalog_token, body):
    """PATCH /products/{slug} took `[null]` as an empty patch (200): ninja's Schema reads any value by
    attribute, and every field of a patch is optional."""
    product, auth = catalog_token
    response = client.patch(f"/api/v1/products/{product.slug}", body, content_type="application/json", **auth)
    problem = assert_problem(response, 422, "validation_error")
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [("body", "object_required")]


def test_malformed_json_is_a_400_problem_with_a_stable_code(client, catalog_token):
    product, auth = catalog_token
    response = client.patch(
        f"/api/v1/products/{product.slug}", "{nope", content_type="application/json", **auth
    )
    problem = assert_problem(response, 400, "invalid_json")
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [("body", "invalid_json")]


@pytest.mark.parametrize("stock", [False, True, "5"])
def test_a_body_integer_is_a_json_number(client, catalog_token, stock):
    """`{"stock": false}` set the stock to 0 (and `"5"` to 5): pydantic's lax mode, which query strings need,
    read them as integers where the contract says a number."""
    product, auth = catalog_token
    response = client.put(
        f"/api/v1/products/{product.slug}/stock",
        {"stock": stock, "reason": "kiểm kho"},
        content_type="application/json",
        **auth,
    )
    problem = assert_problem(response, 422, "validation_error")
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [("body.stock", "int_type")]
    product.refresh_from_db()
    assert product.stock == 10


def test_a_body_integer_may_be_written_as_a_float_without_fraction(client, catalog_token):
    product, auth = catalog_token
    response = client.put(
        f"/api/v1/products/{product.slug}/stock",
        {"stock": 7.0, "reason": "kiểm kho"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 200, response.content
    assert response.json()["stock"] == 7


def post_webhook(client, settings, paid_at: str, transaction_id: str = "FT1"):
    settings.HANGVIET_PAYMENT_WEBHOOK_SECRET = SECRET
    body = {"transaction_id": transaction_id, "amount": 100000, "description": "HV123", "paid_at": paid_at}
    raw, signature = signed(body)
    return client.post(
        "/api/v1/payments/webhook", raw, content_type="application/json", HTTP_X_SIGNATURE=signature
    )


@pytest.mark.parametrize(
    ("paid_at", "code"),
    [
        ("2026-03-26T05:18:03+18:02", "timezone_offset"),  # PostgreSQL: "time zone displacement out of range"
        ("2026-03-26T05:18:03-15:00", "timezone_offset"),
        ("0001-01-01T00:30:00+01:00", "datetime_range"),  # before year 1 in UTC
        ("9999-12-31T23:30:00-01:00", "datetime_range"),  # after year 9999 in UTC
    ],
)
def test_a_body_time_is_an_instant_every_database_holds(client, settings, paid_at, code):
    """A webhook whose `paid_at` had an offset past ±15:59 was a 500 on PostgreSQL (found by the fuzz)."""
    problem = assert_problem(post_webhook(client, settings, paid_at), 422, "validation_error")
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [("body.paid_at", code)]


@pytest.mark.parametrize("paid_at", ["2026-03-26T05:18:03+14:00", "2026-03-26T05:18:03-12:00"])
def test_a_body_time_in_any_real_time_zone_is_taken(client, settings, paid_at):
    response = post_webhook(client, settings, paid_at)
    assert response.status_code == 200, response.content
