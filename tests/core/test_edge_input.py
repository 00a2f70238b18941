"""Input is refused once, at the edge, before any view: control characters, lone surrogates, bodies
too large or nested too deep. 400/413 with the field named, never a 500 (PostgreSQL refuses NUL in text,
psycopg cannot encode a lone surrogate, a deep JSON document blows the recursion limit)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hangviet.accounts.models import ApiToken
from hangviet.accounts.services import create_api_token
from tests.orders.helpers import signed

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def shop(f):
    seller = f.seller(slug="htx-dua")
    product = f.product(seller, slug="mat-hoa-dua", name="Mật hoa dừa")
    return seller, product


@pytest.fixture
def cart_token(client, shop):
    return client.post("/api/v1/carts").json()["token"]


def token_headers(user) -> dict[str, str]:
    _token, key = create_api_token(actor=user, name="edge", scopes=ApiToken.Scope.values)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def assert_refused_api(response, field: str, status: int = 400, code: str = "invalid_characters") -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"about:blank#{code}"
    assert body["detail"]
    assert [(e["field"], e["code"]) for e in body["errors"]] == [(field, code)]


def assert_refused_page(response, status: int = 400) -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("text/html")
    assert "ký tự không hợp lệ" in response.content.decode()


# --- The dozen places that answered 500 on PostgreSQL ---------------------------------------------


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/products?category=a%00b", "query.category"),
        ("/api/v1/products?q=a%00b", "query.q"),
        ("/api/v1/products/a%00b", "path"),
        ("/api/v1/carts/a%00b", "path"),
        ("/api/v1/orders/HVa%00b?phone=0987654321", "path"),
        ("/api/v1/orders/HV123456?phone=09%00", "query.phone"),
        ("/api/v1/epcis/events?EQ_bizStep=a%00b", "query.EQ_bizStep"),
        ("/api/v1/epcis/events?MATCH_epc=urn%3Aepc%00", "query.MATCH_epc"),
        ("/api/v1/units/legacy-lookup?province=a%00b", "query.province"),
        ("/api/v1/suggest?q=m%01t", "query.q"),
        ("/api/v1/products?a%00b=1", "query"),
    ],
)
def test_control_characters_in_api_urls_are_a_400_problem(client, shop, url, field):
    assert_refused_api(client.get(url), field)


@pytest.mark.parametrize(
    "url",
    [
        "/search/?category=a%00b",
        "/search/?q=a%00b",
        "/c/cat-i/?province=8%006",
        "/scan/p/mat-hoa-dua/a%00b",
        "/scan/p/x/a%00b",
        "/ocop/certificates/a%00b/",
        "/ocop/certificates/a%00b/print/",
        "/ocop/certificates/a%00b/certificate.pdf",
        "/ocop/?q=a%00b",
        "/orders/HVa%00b/",
        "/01/08930000000001/10/a%00b",
        "/units/legacy/?province=a%00b",
        "/buy-requests/?q=a%1fb",
        "/p/mat-hoa-dua/%7f",
    ],
)
def test_control_characters_in_page_urls_are_a_400_page(client, shop, url):
    assert_refused_page(client.get(url))


def test_refusal_page_is_translated(client, shop):
    client.cookies["django_language"] = "en"
    response = client.get("/search/?q=a%00b")
    assert response.status_code == 400
    assert "invalid characters" in response.content.decode()


def test_api_refusal_is_translated(client, shop):
    response = client.get("/api/v1/products?q=a%00b", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "invalid characters" in response.json()["detail"]


def test_nul_in_a_json_string_names_the_field(client, cart_token):
    response = client.post(
        f"/api/v1/carts/{cart_token}/items",
        '{"product": "a\\u0000b", "quantity": 1}',
        content_type="application/json",
    )
    assert_refused_api(response, "body.product")


def test_lone_surrogate_in_a_json_string_names_the_field(client, cart_token):
    response = client.post(
        f"/api/v1/carts/{cart_token}/items",
        '{"product": "\\ud800", "quantity": 1}',
        content_type="application/json",
    )
    assert_refused_api(response, "body.product")


def test_raw_surrogate_bytes_in_a_json_body_are_refused(client, cart_token):
    # json.loads decodes bytes with "surrogatepass": a raw UTF-8-encoded surrogate reaches the view.
    raw = b'{"product": "a\xed\xa0\x80b", "quantity": 1}'
    response = client.post(f"/api/v1/carts/{cart_token}/items", raw, content_type="application/json")
    assert_refused_api(response, "body.product")


def test_nested_json_paths_name_list_positions(client, shop, f):
    user = f.user()
    seller = f.seller(owner=user)
    body = {"events": [{"name": "ok"}, {"tags": ["fine", "bad\u0007"]}]}
    response = client.post(
        f"/api/v1/sellers/{seller.slug}/products",
        json.dumps(body),
        content_type="application/json",
        **token_headers(user),
    )
    assert_refused_api(response, "body.events.1.tags.1")


def test_control_character_in_a_json_key_is_refused(client, cart_token):
    response = client.post(
        f"/api/v1/carts/{cart_token}/items",
        '{"prod\\u0000uct": "mat-hoa-dua"}',
        content_type="application/json",
    )
    assert_refused_api(response, "body.prod\ufffduct")


def test_escaped_surrogate_pair_and_allowed_whitespace_pass(client, cart_token):
    # An emoji written as a surrogate pair, a tab, a newline and DEL are all fine in a JSON string.
    response = client.post(
        f"/api/v1/carts/{cart_token}/items",
        '{"product": "mat-hoa-dua", "quantity": 1, "note": "\\ud83d\\ude00\\t\\n\\r\x7f \\\\u0000"}',
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["items"][0]["product"] == "mat-hoa-dua"


def test_nul_in_a_form_field_is_a_400_page(client, shop):
    response = client.post("/cart/add/", {"product": "mat-hoa-dua\x00", "quantity": "1"})
    assert_refused_page(response)


def test_nul_in_a_form_field_under_api_names_it(client, shop):
    response = client.post("/api/v1/carts", {"note": "a\x00b"})
    assert_refused_api(response, "body.note")


def test_tab_and_newlines_in_a_form_field_are_accepted(client, shop):
    response = client.post("/orders/track/", {"code": "HV\t123", "phone": "0987\r\n654321"})
    assert response.status_code != 400  # the form judges them (not found: 422), the edge lets them in
    assert "ký tự không hợp lệ" not in response.content.decode()


def test_multipart_field_values_and_file_names_are_checked(client, shop):
    upload = SimpleUploadedFile("ok.csv", b"\x00\x01 binary content is not checked")
    response = client.post("/api/v1/carts", {"note": "fine", "file": upload})
    assert response.status_code == 201
    upload = SimpleUploadedFile("ok.csv", b"x")
    response = client.post("/api/v1/carts", {"note": "a\x1bb", "file": upload})
    assert_refused_api(response, "body.note")


def test_control_characters_in_the_authorization_header_are_refused(client, shop):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer hv_a\x00b")
    assert_refused_api(response, "header.Authorization")


def test_control_characters_in_the_idempotency_key_are_refused(client, cart_token):
    response = client.post(
        f"/api/v1/carts/{cart_token}/items",
        {"product": "mat-hoa-dua"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k\x00",
    )
    assert_refused_api(response, "header.Idempotency-Key")


def test_control_characters_in_the_session_cookie_are_refused(client, shop):
    client.cookies["sessionid"] = "abcdefgh\x00ijk"
    assert_refused_page(client.get("/cart/"))


# --- Bodies: size and nesting ----------------------------------------------------------------------


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deep_json_on_epcis_capture_is_400(client, f):
    user = f.user()
    f.seller(owner=user)
    document = '{"type": "EPCISDocument", "epcisBody": {"eventList": ' + nested(100_000) + "}}"
    response = client.post(
        "/api/v1/epcis/capture", document, content_type="application/ld+json", **token_headers(user)
    )
    assert_refused_api(response, "body", code="nesting_too_deep")


def test_json_at_the_depth_bound_passes_one_deeper_is_refused(client, f):
    user = f.user()
    f.seller(owner=user)
    # The document's own object is level 1: 64 levels in all pass the edge (the service judges them).
    ok = '{"epcisBody": ' + nested(63) + "}"
    too_deep = '{"epcisBody": ' + nested(64) + "}"
    headers = token_headers(user)
    response = client.post("/api/v1/epcis/capture", ok, content_type="application/ld+json", **headers)
    assert response.status_code != 400 or response.json()["code"] != "nesting_too_deep"
    assert response.status_code < 500
    response = client.post("/api/v1/epcis/capture", too_deep, content_type="application/ld+json", **headers)
    assert_refused_api(response, "body", code="nesting_too_deep")


def test_brackets_inside_strings_do_not_count_as_nesting(client, cart_token):
    response = client.post(
        f"/api/v1/carts/{cart_token}/items",
        json.dumps(
            {
                "product": "mat-hoa-dua",
                "note": "[" * 500 + '"{' * 100,
                "tags": ["]" * 70, "", "[" * 70, "\\", "{"],
                "deep": json.loads(nested(60)),
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200


def test_deep_json_on_the_signed_webhook_is_400(client, shop):
    raw, signature = signed(('{"transaction_id": "T1", "raw": ' + nested(50_000) + "}").encode())
    response = client.post(
        "/api/v1/payments/webhook", raw, content_type="application/json", HTTP_X_SIGNATURE=signature
    )
    assert_refused_api(response, "body", code="nesting_too_deep")


def test_deep_json_sent_as_text_plain_is_still_refused(client, cart_token):
    response = client.post(f"/api/v1/carts/{cart_token}/items", nested(10_000), content_type="text/plain")
    assert_refused_api(response, "body", code="nesting_too_deep")


def test_unclosed_deep_json_is_refused(client, cart_token):
    response = client.post(f"/api/v1/carts/{cart_token}/items", "[" * 10_000, content_type="application/json")
    assert_refused_api(response, "body", code="nesting_too_deep")


def test_malformed_json_is_left_to_the_view(client, cart_token):
    response = client.post(f"/api/v1/carts/{cart_token}/items", "{]]", content_type="application/json")
    assert response.status_code in {400, 422}
    assert response.json()["code"] != "nesting_too_deep"


def test_json_body_over_the_default_bound_is_413(client, cart_token):
    big = json.dumps({"product": "mat-hoa-dua", "note": "x" * (1024 * 1024)})
    response = client.post(f"/api/v1/carts/{cart_token}/items", big, content_type="application/json")
    assert_refused_api(response, "body", status=413, code="body_too_large")


def test_epcis_capture_takes_more_than_the_default_but_not_without_bound(client, f):
    user = f.user()
    f.seller(owner=user)
    headers = token_headers(user)
    two_mb = json.dumps({"type": "EPCISDocument", "padding": "x" * (2 * 1024 * 1024)})
    response = client.post("/api/v1/epcis/capture", two_mb, content_type="application/ld+json", **headers)
    assert response.status_code != 413
    six_mb = json.dumps({"type": "EPCISDocument", "padding": "x" * (6 * 1024 * 1024)})
    response = client.post("/api/v1/epcis/capture", six_mb, content_type="application/ld+json", **headers)
    assert_refused_api(response, "body", status=413, code="body_too_large")


def test_form_over_djangos_upload_bound_is_413_problem_under_api(client, settings, shop):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/api/v1/carts", {"note": "x" * 2000})
    assert_refused_api(response, "body", status=413, code="body_too_large")


def test_form_over_djangos_upload_bound_is_413_page(client, settings, shop):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/orders/track/", {"code": "HV1", "phone": "x" * 2000})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")


def test_too_many_form_fields_is_a_400_problem(client, settings, shop):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = client.post("/api/v1/carts", {f"f{i}": "x" for i in range(10)})
    assert_refused_api(response, "body", code="too_many_fields")


def test_too_many_query_parameters_is_a_400_problem(client, settings, shop):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = client.get("/api/v1/products", {f"f{i}": "x" for i in range(10)})
    assert_refused_api(response, "query", code="too_many_fields")


def test_malformed_multipart_body_is_a_400_problem(client, shop):
    response = client.post("/api/v1/carts", b"--x\r\nnot a part", content_type="multipart/form-data")
    assert_refused_api(response, "body", code="malformed_body")


EVENT_WITH_QUANTITY = (
    '{"type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-11-28T08:00:00+07:00", '
    '"epcisBody": {"eventList": [{"type": "ObjectEvent", "eventTime": "2026-11-28T08:00:00+07:00", '
    '"eventTimeZoneOffset": "+07:00", "action": "OBSERVE", "quantityList": [{"epcClass": '
    '"urn:epc:class:lgtin:8930000.000001.L1", "quantity": QUANTITY}]}]}}'
)


@pytest.mark.parametrize(
    "number", ["1e400", "-1E+999", "NaN", "Infinity", "-Infinity", "1" + "0" * 400 + ".5"]
)
def test_numbers_no_database_can_hold_are_refused(client, f, number):
    # json.loads reads them (1e400 as inf); PostgreSQL's jsonb refused the captured event: a 500.
    user = f.user()
    f.seller(owner=user)
    document = EVENT_WITH_QUANTITY.replace("QUANTITY", number)
    response = client.post(
        "/api/v1/epcis/capture", document, content_type="application/ld+json", **token_headers(user)
    )
    assert_refused_api(response, "body.epcisBody.eventList.0.quantityList.0.quantity", code="invalid_number")


def test_large_finite_numbers_and_the_words_in_text_pass_the_edge(client, cart_token):
    body = '{"product": "mat-hoa-dua", "quantity": 1, "note": "NaN Infinity 5e400", "x": 1.5e300}'
    response = client.post(f"/api/v1/carts/{cart_token}/items", body, content_type="application/json")
    assert response.status_code == 200, response.content
