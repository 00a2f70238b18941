"""Which database a request reads (core.replica): public reads from the replica, the rest from the primary.

The real replica (pg_basebackup, streaming, stopped mid-traffic) is in tests/deploy/test_multi_instance.py;
here the decisions, with the replica's health given."""

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.core import replica

router = replica.ReplicaRouter()
rf = RequestFactory()


@pytest.fixture
def replica_up(monkeypatch):
    health = {"ok": True}
    monkeypatch.setattr(replica, "configured", lambda: True)
    monkeypatch.setattr(replica, "replica_usable", lambda: health["ok"])
    monkeypatch.setattr(replica, "mark_down", lambda: health.update(ok=False))
    return health


def _reads(request, view=None):
    """(response, the database the catalog and the accounts were read from inside the view)."""
    seen = {}

    def default_view(req):
        seen["product"] = router.db_for_read(Product)
        seen["user"] = router.db_for_read(User)
        return HttpResponse("ok")

    response = replica.ReplicaMiddleware(view or default_view)(request)
    return response, seen


def test_a_public_page_reads_the_catalog_from_the_replica_and_accounts_from_the_primary(replica_up):
    response, seen = _reads(rf.get("/search/", {"q": "mật"}))
    assert seen == {"product": "replica", "user": "default"}
    assert replica.PIN_COOKIE not in response.cookies
    assert router.db_for_read(Product) == "default"  # outside the request: the primary
    assert router.db_for_write(Product) == "default"


@pytest.mark.parametrize("path", ["/seller/shop/products/", "/accounts/login/", "/officer/network/"])
def test_other_pages_read_the_primary(replica_up, path):
    assert _reads(rf.get(path))[1]["product"] == "default"


def test_a_write_pins_the_client_to_the_primary_for_longer_than_the_tolerated_lag(replica_up, settings):
    settings.HANGVIET_REPLICA_MAX_LAG_SECONDS = 10
    response, seen = _reads(rf.post("/search/"))
    assert seen["product"] == "default"
    assert response.cookies[replica.PIN_COOKIE]["max-age"] == 11
    pinned = rf.get("/p/mat-hoa-dua/")
    pinned.COOKIES[replica.PIN_COOKIE] = "1"
    assert _reads(pinned)[1]["product"] == "default"


def test_a_replica_down_or_lagging_sends_public_reads_to_the_primary(replica_up):
    replica_up["ok"] = False
    assert _reads(rf.get("/p/mat-hoa-dua/"))[1]["product"] == "default"


def test_a_replica_failing_mid_request_is_answered_from_the_primary(replica_up):
    calls = []

    def view(request):
        calls.append(router.db_for_read(Product))
        if calls[-1] == "replica":
            raise OperationalError("connection to the replica lost")
        return HttpResponse("from the primary")

    middleware = replica.ReplicaMiddleware(view)
    request = rf.get("/p/mat-hoa-dua/")
    with pytest.raises(OperationalError) as error:
        middleware(request)  # Django's handler calls process_exception; here by hand
    response = middleware.process_exception(request, error.value)
    assert response is not None and response.content == b"from the primary"
    assert calls == ["replica", "default"]
    assert replica_up["ok"] is False  # the next requests go to the primary until the next check


def test_without_a_replica_the_middleware_does_nothing():
    response, seen = _reads(rf.post("/search/"))
    assert seen["product"] == "default" and replica.PIN_COOKIE not in response.cookies
