"""Three real nodes (Vĩnh Long, Cần Thơ, TP Hồ Chí Minh), each a `hangviet serve` process with its own
SQLite database and keys on 127.0.0.1:188xx: catalog sync, search across provinces, signature failures
answered 401 with nothing changed, and a node that is down leaving the others' search intact."""

import json
import time
import urllib.parse

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hangviet.network import signing
from tests.network.harness import Node, get, post, raw_public_key, template_database

BASE_PORT = 18870


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    root = tmp_path_factory.mktemp("nodes")
    template = template_database()
    a = Node("vinhlong.test", "HàngViệt Vĩnh Long", "86", BASE_PORT, root)
    b = Node("cantho.test", "HàngViệt Cần Thơ", "92", BASE_PORT + 1, root)
    c = Node("hcm.test", "HàngViệt TP Hồ Chí Minh", "79", BASE_PORT + 2, root)
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


def _harness_key(b: Node) -> Ed25519PrivateKey:
    """A key the harness signs with, trusted by B as the key of node A (so B's checks are the real ones)."""
    key = Ed25519PrivateKey.generate()
    b.trust_key("vinhlong.test", "harness-key", raw_public_key(key))
    return key


@pytest.mark.parametrize("case", ["tampered", "wrong_key", "expired"])
def test_bad_signatures_get_401_and_change_nothing(nodes, case):
    _a, b, _c = nodes
    key = _harness_key(b) if case != "wrong_key" else Ed25519PrivateKey.generate()
    if case == "wrong_key":
        _harness_key(b)
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
    for path in ("/network/v1/status", "/network/v1/catalog"):
        if path.endswith("catalog"):
            status, answer, headers = post(f"{b.url}{path}", sent, {"Authorization": header})
            continue  # the catalog is GET only: checked below
        status, answer, headers = post(
            f"{b.url}{path}", sent, {"Authorization": header, "Content-Type": "application/json"}
        )
        assert status == 401, answer
        assert headers.get("WWW-Authenticate", "").startswith("Signature")
        assert json.loads(answer)["message"]["ack"]["status"] == "NACK"
    assert b.sql("SELECT COUNT(*) FROM network_receivedmessage") == received_before


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
