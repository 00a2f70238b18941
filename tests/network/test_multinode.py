"""Three real nodes (Vĩnh Long, Cần Thơ, TP Hồ Chí Minh), each a `hangviet serve` process with its own
SQLite database and keys on 127.0.0.1:188xx: catalog sync, search across provinces, signature failures
answered 401 with nothing changed, and a node that is down leaving the others' search intact."""

import json
import os
import time
import urllib.parse

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hangviet.network import signing
from tests.network.harness import (
    Browser,
    Node,
    get,
    post,
    public_key_of,
    raw_public_key,
    template_database,
)

BASE_PORT = int(os.environ.get("HANGVIET_TEST_NETWORK_PORT", "18870"))  # 3 ports from here


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    root = tmp_path_factory.mktemp("nodes")
    template = template_database()
    a = Node("vinhlong.test", "HàngViệt Vĩnh Long", "86", BASE_PORT, root)
    b = Node("cantho.test", "HàngViệt Cần Thơ", "92", BASE_PORT + 1, root)
    c = Node("hcm.test", "HàngViệt TP Hồ Chí Minh", "79", BASE_PORT + 2, root)
    a.extra_env["HANGVIET_NETWORK_REGISTRY"] = "1"  # A is also the network's registry; C reads it
    c.extra_env["HANGVIET_NETWORK_REGISTRY_URL"] = a.url
    for node in (a, b, c):
        node.prepare(template)
    shop_b = b.add_seller(1, "HTX Bánh pía Sóc Trăng", "31135", "1800000011")
    b.add_product(shop_b, "Bánh pía sầu riêng trứng muối", 65000)
    b.add_product(shop_b, "Bánh pía đậu xanh", 55000, stock=0)
    shop_c = c.add_seller(2, "HTX Muối Cần Giờ", "25747", "0300000012")
    c.add_product(shop_c, "Muối tôm Cần Giờ", 30000)
    try:
        for node in (a, b, c):
            node.start()
        for node in (a, b, c):
            node.wait_ready()
        yield a, b, c
    finally:
        for node in (a, b, c):
            node.stop()


def _search(node: Node, q: str) -> str:
    status, body = get(f"{node.url}/search/?q={urllib.parse.quote(q)}")
    assert status == 200
    return body.decode()


def test_sync_then_search_on_a_finds_the_products_of_b_and_c(nodes):
    a, b, c = nodes
    out = a.command("network", "add-peer", b.url, "--yes")  # the operator's command, fingerprints shown
    assert "cantho.test" in out and len(out.split("key ")[1].split(": ")[1].strip().split(":")) == 16
    a.trust(c)
    b.trust(a)
    c.trust(a)
    out = a.command("network", "sync")
    assert "cantho.test: 2 items" in out and "hcm.test: 1 items" in out, out
    page = _search(a, "banh pia")
    assert "Bánh pía sầu riêng trứng muối" in page and "Bánh pía đậu xanh" in page
    assert "Muối tôm Cần Giờ" in _search(a, "muoi tom")
    # Mirrored rows are marked and kept out of what A serves to others.
    assert a.sql(
        "SELECT COUNT(*) FROM catalog_product WHERE home_node = 'cantho.test' AND is_listed = 1"
    ) == [(2,)]
    assert b.sql("SELECT COUNT(*) FROM catalog_product WHERE home_node IS NOT NULL") == [(0,)]


def test_a_price_change_on_b_reaches_a_at_the_next_sync(nodes):
    a, b, _c = nodes
    b.sql("UPDATE catalog_product SET price_vnd = 69000 WHERE name = 'Bánh pía sầu riêng trứng muối'")
    a.command("network", "sync", "cantho.test")
    assert a.sql("SELECT price_vnd FROM catalog_product WHERE name = 'Bánh pía sầu riêng trứng muối'") == [
        (69000,)
    ]


@pytest.fixture(scope="module")
def harness_key(nodes) -> Ed25519PrivateKey:
    """A key the harness signs with, trusted by B as a key of node A (so B's checks are the real ones)."""
    key = Ed25519PrivateKey.generate()
    nodes[1].trust_key("vinhlong.test", "harness-key", raw_public_key(key))
    return key


@pytest.mark.parametrize("case", ["tampered", "wrong_key", "expired"])
def test_bad_signatures_get_401_and_change_nothing(nodes, harness_key, case):
    _a, b, _c = nodes
    key = Ed25519PrivateKey.generate() if case == "wrong_key" else harness_key
    body = json.dumps(
        {
            "context": {
                "action": "status",
                "bap_id": "vinhlong.test",
                "message_id": f"m-{case}",
                "transaction_id": "t",
            },
            "message": {"order_id": "1"},
        }
    ).encode()
    created = int(time.time()) - (300 if case == "expired" else 0)
    header = signing.header(
        body,
        node_id="vinhlong.test",
        key_id="harness-key",
        private_key=key,
        created=created,
        expires=created + 60,
    )
    sent = body.replace(b'"1"', b'"2"') if case == "tampered" else body
    received_before = b.sql("SELECT COUNT(*) FROM network_receivedmessage")
    status, answer, headers = post(
        f"{b.url}/network/v1/status", sent, {"Authorization": header, "Content-Type": "application/json"}
    )
    assert status == 401, answer
    assert headers.get("www-authenticate", "").startswith("Signature")
    assert json.loads(answer)["message"]["ack"]["status"] == "NACK"
    assert b.sql("SELECT COUNT(*) FROM network_receivedmessage") == received_before


def test_the_same_message_signed_right_is_accepted(nodes, harness_key):
    """The control of the 401 cases: B trusts the harness key; a right signature gets an answer."""
    _a, b, _c = nodes
    body = json.dumps(
        {
            "context": {
                "action": "status",
                "bap_id": "vinhlong.test",
                "message_id": "m-valid",
                "transaction_id": "t",
            },
            "message": {"order_id": "1"},
        }
    ).encode()
    created = int(time.time())
    header = signing.header(
        body,
        node_id="vinhlong.test",
        key_id="harness-key",
        private_key=harness_key,
        created=created,
        expires=created + 60,
    )
    status, answer, headers = post(
        f"{b.url}/network/v1/status", body, {"Authorization": header, "Content-Type": "application/json"}
    )
    assert status == 404 and json.loads(answer)["error"]["code"] == "30010"
    assert "signature" in headers


def test_with_b_down_a_still_shows_b_items_as_last_synced_and_records_the_error(nodes):
    a, b, _c = nodes
    b.stop()
    try:
        page = _search(a, "banh pia")
        assert "Bánh pía sầu riêng trứng muối" in page
        out = a.command("network", "sync", "cantho.test")
        assert "incomplete" in out
        [(error,)] = a.sql("SELECT last_error FROM network_peer WHERE node_id = 'cantho.test'")
        assert error
        assert "Bánh pía sầu riêng trứng muối" in _search(a, "banh pia")
    finally:
        b.start()
        b.wait_ready()


def test_a_buyer_on_a_orders_from_b_and_sees_the_status_b_sends_even_after_a_was_down(nodes):
    a, b, _c = nodes
    [(slug,)] = a.sql("SELECT slug FROM catalog_product WHERE name = 'Bánh pía sầu riêng trứng muối'")
    [(peer,)] = a.sql("SELECT id FROM network_peer WHERE node_id = 'cantho.test'")
    buyer = Browser(a.url)
    buyer.get(f"/p/{slug}/")
    assert buyer.post("/cart/add/", {"product": slug, "quantity": "2"})[0] == 200
    status, cart, _url = buyer.get("/cart/")
    assert f"/network/checkout/{peer}/" in cart
    buyer.get(f"/network/checkout/{peer}/")
    address = {
        "name": "Lê Văn C",
        "phone": "0912345679",
        "email": "",
        "street": "12 Đường 30/4",
        "province": "86",
        "commune": "28756",
        "payment_method": "cod",
    }
    status, quote, _url = buyer.post(f"/network/checkout/{peer}/", {"step": "select", **address})
    assert status == 200 and "Xác nhận đặt hàng" in quote, quote[-3000:]
    assert "69.000" in quote  # the price B quotes now (changed by the earlier test)
    form = Browser.hidden(quote)
    status, page, url = buyer.post(f"/network/checkout/{peer}/", form)
    assert status == 200 and "/network/orders/" in url, page[-3000:]
    [(code, state)] = b.sql("SELECT code, status FROM orders_order")
    assert state == "awaiting" and code in page
    # The same confirm again (a double submit): still one order, on both sides.
    status, _again, again_url = buyer.post(f"/network/checkout/{peer}/", form)
    assert again_url == url
    assert b.sql("SELECT COUNT(*) FROM orders_order") == [(1,)]
    assert a.sql("SELECT COUNT(*) FROM network_remoteorder") == [(1,)]
    # A is down when the seller confirms on B: the on_status waits in B's outbox, then arrives.
    a.stop()
    try:
        b.command(
            "shell",
            "-c",
            "from hangviet.accounts.models import User; from hangviet.sellers.models import Membership; "
            "from hangviet.orders.models import Order; from hangviet.orders.services import lifecycle; "
            "order = Order.objects.get(); "
            "owner = User.objects.create_user(email='owner@cantho.test', password='mat-khau-an-toan-123'); "
            "Membership.objects.create(user=owner, seller=order.seller, role='owner'); "
            "lifecycle.confirm_order(actor=owner, order=order)",
        )
        b.command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "default")
        [(delivered, attempts, error)] = b.sql(
            "SELECT delivered_at, attempts, last_error FROM network_outboxmessage"
        )
        assert delivered is None and attempts == 1 and error
    finally:
        a.start()
        a.wait_ready()
    b.command(
        "shell",
        "-c",
        "import time; from hangviet.network import outbox\n"
        "for _ in range(30):\n"
        "    if outbox.deliver_due():\n"
        "        break\n"
        "    time.sleep(1)\n",
    )
    [(delivered,)] = b.sql("SELECT delivered_at FROM network_outboxmessage")
    assert delivered is not None
    status, page, _url = buyer.get(url.removeprefix(a.url))
    assert 'data-status="confirmed"' in page


def test_a_key_revoked_at_the_registry_stops_working_at_a_node_that_rechecks(nodes):
    a, b, c = nodes
    b_key_id, b_public = public_key_of(b.url)
    listed = c.command("network", "lookup", a.url)  # C sees B through the registry, fingerprint and all
    assert f"cantho.test\t{b.url}\t92\tSUBSCRIBED\t{b_key_id}\t{signing.fingerprint(b_public)}" in listed
    c.trust(b)
    b.trust(c)
    assert "complete" in b.command("network", "sync", "hcm.test").replace("incomplete", "")
    a.command("network", "revoke-key", "cantho.test", b_key_id)
    assert "1 peer keys revoked" in c.command("network", "recheck-keys")
    out = b.command("network", "sync", "hcm.test")
    assert "incomplete" in out and "401" in out, out
