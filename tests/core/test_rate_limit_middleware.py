from types import SimpleNamespace

import pytest
from django.test import override_settings

from hangviet.core import ratelimit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_rate_window(monkeypatch):
    """All of a test's requests count in one window, whatever the clock (a window's end restarts counts)."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_000_000.0))


RULES = [("POST", r"^/api/v1/carts$", "3/60"), ("POST", r"^/orders/track/$", "2/60")]


@override_settings(HANGVIET_RATE_LIMITS=RULES)
def test_api_write_over_the_limit_gets_a_429_problem_and_runs_nothing(client):
    from hangviet.orders.models import Cart

    statuses = [client.post("/api/v1/carts", content_type="application/json").status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    assert Cart.objects.count() == 3
    response = client.post("/api/v1/carts", content_type="application/json")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "rate_limited"
    assert response["Retry-After"] == "60"


@override_settings(HANGVIET_RATE_LIMITS=RULES)
def test_limit_is_per_client_address_and_per_rule(client):
    for _ in range(2):
        client.post("/orders/track/", {"code": "X", "phone": "0912345678"}, REMOTE_ADDR="10.0.0.1")
    assert client.post("/orders/track/", {}, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post("/orders/track/", {}, REMOTE_ADDR="10.0.0.2").status_code != 429
    assert (
        client.post("/api/v1/carts", content_type="application/json", REMOTE_ADDR="10.0.0.1").status_code
        == 201
    )
    assert client.get("/orders/track/", REMOTE_ADDR="10.0.0.1").status_code == 200  # only POST is limited


# Guest endpoints that take a secret (an order code with its buyer's phone): without a limit each is a
# guessing oracle. The limits are the ones settings.py ships (the test settings switch them off).
GUESSING_ORACLES = [
    ("GET", "/api/v1/orders/HV234567?phone=0912345678", None, 30),
    ("POST", "/api/v1/orders/HV234567/cancel", {"phone": "0912345678", "reason": ""}, 10),
    ("POST", "/orders/track/", {"code": "HV234567", "phone": "0912345678"}, 10),
]


@pytest.mark.parametrize(("method", "path", "body", "limit"), GUESSING_ORACLES)
def test_guest_endpoints_taking_a_code_and_phone_are_limited_per_address(client, method, path, body, limit):
    from hangviet.config import settings as shipped

    def guess():
        if method == "GET":
            return client.get(path).status_code
        if path.startswith("/api/"):
            return client.post(path, body, content_type="application/json").status_code
        return client.post(path, body).status_code

    with override_settings(HANGVIET_RATE_LIMITS=shipped.HANGVIET_RATE_LIMITS):
        statuses = [guess() for _ in range(limit + 1)]
    assert statuses[-1] == 429
    assert 429 not in statuses[:-1]
