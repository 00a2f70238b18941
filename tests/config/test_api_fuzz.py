"""The API fuzzed against its contract: schemathesis generates requests for every operation of
/api/v1/openapi.json and checks each answer: no 5xx, a documented status, the documented media type, a
body matching its schema, the documented headers; invalid requests refused (negative mode) and methods a
path does not take answered 405 with `Allow`.

The requests go to the production WSGI application (every middleware, the edge, the routing) in-process,
on the test database of the leg (SQLite or PostgreSQL). Each operation's test builds `fuzz_world` (two
shops, products with stock and a certificate, carts, orders in several states, a lot, a buy request, a
fair, an officer) and aims the generated requests at it: a token of one of its users (the seller's, with
every scope or only `trace`, the officer's, a wrong one, none), paths naming its objects, fields naming its
categories, products and communes. What the fuzz found is kept as plain tests in test_api_contract.py.

`make test` runs FUZZ_EXAMPLES (30) generated requests per operation, besides schemathesis' coverage cases,
with the seed FUZZ_SEED: a run is reproducible (the failure report shows the request as a curl command).
`make fuzz` runs many more; see docs/api.md ("Contract tests").
"""

import datetime
import hashlib
import hmac
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import TestPhase

from hangviet.accounts.models import ApiToken
from hangviet.accounts.services import create_api_token
from hangviet.config.wsgi import application
from hangviet.ocop.models import Certificate
from hangviet.orders.models import Cart
from hangviet.orders.services import cart as cart_services
from hangviet.orders.services import checkout, lifecycle
from hangviet.promotion.services import fairs, sourcing
from hangviet.trace import services as trace_services
from tests import factories as f
from tests.config.fuzz_params import EXAMPLES, MODE, SEED

WEBHOOK_SECRET = "fuzz-webhook-secret"

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {
            "mode": MODE,
            "max-examples": EXAMPLES,
            # The Authorization header is chosen below among the world's tokens, not generated.
            "with-security-parameters": False,
        },
        "checks": {
            "enabled": False,
            "not_a_server_error": {"enabled": True},
            "status_code_conformance": {"enabled": True},
            "content_type_conformance": {"enabled": True},
            "response_schema_conformance": {"enabled": True},
            "response_headers_conformance": {"enabled": True},
            "negative_data_rejection": {"enabled": True},
            "unsupported_method": {"enabled": True},
            "ignored_auth": {"enabled": True},
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)

# What the requests are aimed at, filled by `fuzz_world` for each test: hooks read it while generating.
WORLD: dict = {}


@pytest.fixture
def fuzz_world(db, settings):
    settings.HANGVIET_PAYMENT_WEBHOOK_SECRET = WEBHOOK_SECRET
    today = timezone.localdate()
    owner = f.user()
    officer = f.officer()
    seller = f.seller(
        owner=owner, bank_bin="970415", bank_account="0011001932418", bank_account_name="HTX MAT HOA DUA"
    )
    other = f.seller()
    honey = f.product(seller, name="Mật hoa dừa", gtin="09506000134352", stock=50)
    cake = f.product(seller, name="Bánh tét", stock=3)
    draft = f.product(seller, name="Kẹo dừa", status="draft")
    foreign = f.product(other, name="Khô cá lóc")
    products = [honey, cake, draft, foreign]
    Certificate.objects.create(
        number="OCOP-2025-001",
        product=honey,
        stars=4,
        score=75,
        issued_on=today - datetime.timedelta(days=10),
        expires_on=today + datetime.timedelta(days=1000),
    )
    carts = []
    for _ in range(2):
        cart = Cart.objects.create()
        cart_services.add_to_cart(cart=cart, product=honey, quantity=2)
        cart_services.add_to_cart(cart=cart, product=foreign, quantity=1)
        carts.append(cart)
    buyer = checkout.BuyerDetails(
        name="Trần Thị Bích",
        phone="0987654321",
        email="bich@example.vn",
        street="12 Nguyễn Đáng",
        commune_code="29242",
        province_code="86",
    )
    orders = []
    for method in ("cod", "vietqr", "cod", "cod", "cod"):
        cart = Cart.objects.create()
        cart_services.add_to_cart(cart=cart, product=honey, quantity=1)
        orders.extend(checkout.place_order(cart=cart, buyer=buyer, payment_method=method).orders.all())
    _awaiting, transfer, confirmed, shipped, delivered = orders
    for order in (confirmed, shipped, delivered):
        lifecycle.confirm_order(actor=owner, order=order)
    for order in (shipped, delivered):
        lifecycle.ship_order(actor=owner, order=order, carrier="VNPost", tracking_number="EB123")
    lifecycle.mark_delivered(actor=owner, order=delivered)
    lifecycle.request_return(order=delivered, phone=buyer.phone, reason="Vỡ nắp")
    lot = trace_services.create_lot(
        actor=owner, product=honey, code="L01", produced_on=today - datetime.timedelta(days=3), quantity=10
    )
    buy_request = sourcing.post_buy_request(
        actor=f.user(),
        buyer_name="Siêu thị Co.op",
        buyer_kind="supermarket",
        contact_email="mua@coop.vn",
        title="Mật hoa dừa",
        category=honey.category,
        volume=100,
        unit="chai",
        delivery_from=today + datetime.timedelta(days=10),
        delivery_to=today + datetime.timedelta(days=40),
        delivery_province=f.province(),
        delivery_place="Kho Bình Dương",
        deadline_on=today + datetime.timedelta(days=7),
    )
    fair = fairs.create_fair(
        actor=officer,
        kind="fair",
        name="Hội chợ OCOP",
        organiser="Sở Công Thương",
        venue="Quảng trường",
        commune=f.commune(),
        starts_on=today + datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=24),
        applications_open_on=today - datetime.timedelta(days=5),
        applications_close_on=today + datetime.timedelta(days=10),
        is_published=True,
    )
    every_scope = ApiToken.Scope.values
    keys = [
        create_api_token(actor=owner, name="fuzz", scopes=every_scope)[1],
        create_api_token(actor=officer, name="fuzz", scopes=every_scope)[1],
        create_api_token(actor=owner, name="fuzz", scopes=["trace"])[1],
    ]
    slugs = [p.slug for p in products]
    WORLD.clear()
    WORLD.update(
        {
            # Tokens, weighted: the seller's (every scope) most, then the officer's, a narrow one, a key
            # that is no token and none at all.
            "keys": [keys[0], keys[0], keys[0], keys[1], keys[2], "hv_no-such-key", None],
            # Path parameters by name, then by operation where one name means different things.
            "path": {
                "slug": slugs,
                "product": slugs,
                "shop_slug": [seller.slug, other.slug],
                "token": [c.token for c in carts],
                "code": [o.code for o in orders],
                "number": ["OCOP-2025-001"],
                "lot_id": [lot.pk],
                "request_id": [buy_request.pk],
            },
            "path_of": {
                "/api/v1/shops/{slug}": {"slug": [seller.slug, other.slug]},
                "/api/v1/fairs/{slug}": {"slug": [fair.slug]},
                "/api/v1/provinces/{code}/communes": {"code": ["86", "79"]},
            },
            # Body and query fields by name, at any depth.
            "fields": {
                "category": [honey.category.slug],
                "origin_commune": ["29242"],
                "commune_code": ["29242"],
                "commune": ["29242"],
                "province_code": ["86"],
                "province": ["86"],
                "product": slugs,
                "seller": [seller.slug, other.slug],
                "phone": [buyer.phone],
                "email": [buyer.email],
                "description": [f"Thanh toan {transfer.code}"],
                "account": [seller.bank_account],
                "bank_bin": [seller.bank_bin],
            },
        }
    )
    # As Django's test client does: the request's end must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WORLD
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    WORLD.clear()


def _path_values(case) -> dict[str, list]:
    return {**WORLD["path"], **WORLD["path_of"].get(case.operation.path, {})}


def _known(name: str, value):
    """Mostly a value the world holds for a field of this name, sometimes the generated one."""
    if isinstance(value, dict):
        return st.fixed_dictionaries({k: _known(k, v) for k, v in value.items()})
    known = WORLD["fields"].get(name)
    if not known:
        return st.just(value)
    return st.one_of(st.sampled_from(known), st.sampled_from(known), st.just(value))


def _valid_by_design(case, location: ParameterLocation) -> bool:
    """True when schemathesis meant this part of the request valid: a negative part is left as generated."""
    component = case.meta.components.get(location) if case.meta else None
    return component is None or component.mode == GenerationMode.POSITIVE


def _aim(case, key, path, query, body):
    if key:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {key}"}
    case.path_parameters, case.query, case.body = path, query, body
    return case


@schema.hook
def flatmap_case(context, case):
    """Aim a generated request at the world (see the module docstring)."""
    if not WORLD:  # cases of the coverage phase are built at collection, before any world: see test_api
        return st.just(case)
    parts = {
        "key": st.sampled_from(WORLD["keys"]),
        "path": st.just(case.path_parameters),
        "query": st.just(case.query),
        "body": st.just(case.body),
    }
    if case.meta is not None and case.meta.phase.name == TestPhase.STATEFUL:
        # Workflows (fuzz_stateful.py) take their values from earlier answers; drawing here from what
        # those answers hold would make Hypothesis' replays draw differently (FlakyStrategyDefinition).
        return st.fixed_dictionaries(parts).map(lambda p: _aim(case, **p))
    if case.path_parameters and _valid_by_design(case, ParameterLocation.PATH):
        values = _path_values(case)
        known = {n: st.sampled_from(values[n]) for n in case.path_parameters if n in values}
        parts["path"] = st.one_of(
            st.fixed_dictionaries(known).map(lambda k: {**case.path_parameters, **k}),
            st.just(case.path_parameters),
        )
    if isinstance(case.query, dict) and _valid_by_design(case, ParameterLocation.QUERY):
        parts["query"] = _known("", case.query)
    if isinstance(case.body, dict) and _valid_by_design(case, ParameterLocation.BODY):
        parts["body"] = _known("", case.body)
    return st.fixed_dictionaries(parts).map(lambda p: _aim(case, **p))


@schema.parametrize()
@settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_api(case, fuzz_world):
    if case.meta and case.meta.phase.name != TestPhase.FUZZING:
        # Built before the world existed: the seller's token and the first object of each path parameter.
        path = case.path_parameters
        if path and _valid_by_design(case, ParameterLocation.PATH):
            values = _path_values(case)
            path = {n: values[n][0] if n in values else v for n, v in path.items()}
        _aim(case, WORLD["keys"][0], path, case.query, case.body)
    headers = {"Accept-Encoding": "identity"}  # the WSGI client does not decompress
    if "Authorization" in (case.headers or {}):  # sent as credentials, which ignored_auth knows to vary
        headers["Authorization"] = case.headers.pop("Authorization")
    kwargs = {}
    if case.operation.path == "/api/v1/payments/webhook" and isinstance(case.body, dict | list | str | int):
        # Signed as the bank's service signs, so that the fuzz reaches past the signature.
        try:
            raw = json.dumps(case.body).encode()
        except TypeError:  # bytes somewhere in a negative body: sent unsigned
            raw = b""
        digest = hmac.new(WEBHOOK_SECRET.encode(), raw, hashlib.sha256).hexdigest()
        headers |= {"X-Signature": f"sha256={digest}", "Content-Type": "application/json"}
        if raw:
            kwargs["data"] = raw
    case.call_and_validate(headers=headers, **kwargs)
