"""The catalog this node serves to peers: signed requests only, signed pages, tags, tombstones, and a
cursor that never skips a change made while a peer is paging."""

import json
import time

import pytest
from django.db import connection

from hangviet.catalog.models import Product
from hangviet.network import identity, signing
from hangviet.network.models import Peer

pytestmark = pytest.mark.django_db


def _get(client, remote, url, **headers):
    return client.get(url, HTTP_AUTHORIZATION=remote.sign(b""), **headers)


def _page(client, remote, since=0, limit=100):
    response = _get(client, remote, f"/network/v1/catalog?since={since}&limit={limit}")
    assert response.status_code == 200, response.content
    return json.loads(response.content)["message"]


def test_an_unsigned_request_gets_401_with_a_nack(client, remote):
    response = client.get("/network/v1/catalog?since=0")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Signature")
    body = json.loads(response.content)
    assert body["message"]["ack"]["status"] == "NACK"
    assert body["error"]["reason"] == "missing_signature"


def test_an_expired_signature_gets_401(client, remote):
    old = int(time.time()) - 120
    response = client.get(
        "/network/v1/catalog", HTTP_AUTHORIZATION=remote.sign(b"", created=old, expires=old + 60)
    )
    assert response.status_code == 401
    assert json.loads(response.content)["error"]["reason"] == "expired"


def test_a_suspended_peer_gets_401(client, remote):
    Peer.objects.filter(pk=remote.peer.pk).update(status=Peer.Status.SUSPENDED)
    response = _get(client, remote, "/network/v1/catalog")
    assert response.status_code == 401
    assert json.loads(response.content)["error"]["reason"] == "unknown_key"


def test_pages_are_signed_by_this_node_and_carry_the_tags(client, remote, f):
    product = f.product(name="Mật hoa dừa", ocop_stars=4, gtin="08930000000017", price_vnd=85000, stock=7)
    response = _get(client, remote, "/network/v1/catalog?since=0")
    key = identity.signing_key()

    def ours(node_id, key_id):
        return signing.public_key_from_b64(key.public_key_b64)

    assert signing.verify(response["Signature"], response.content, ours).node_id == "vinhlong.test"
    message = json.loads(response.content)["message"]
    [item] = message["catalog"]["items"]
    assert item["id"] == str(product.pk)
    assert item["descriptor"]["name"] == "Mật hoa dừa"
    assert item["price"] == {"currency": "VND", "value": "85000"}
    assert item["quantity"] == {"available": {"count": 7}}
    tags = {t["code"]: t["value"] for t in item["tags"]}
    assert tags["ocop_stars"] == "4"
    assert tags["gtin"] == "08930000000017"
    assert tags["digital_link"] == "http://vinhlong.test/01/08930000000017"
    assert tags["origin_province"] == "86"
    assert tags["origin_commune"] == "29242"
    [provider] = message["catalog"]["providers"]
    assert provider["id"] == str(product.seller_id)
    assert provider["tax_code"] == product.seller.tax_code
    assert message["has_more"] is False


def test_a_product_taken_off_sale_becomes_a_tombstone(client, remote, f):
    product = f.product()
    cursor = int(_page(client, remote)["next_cursor"])
    Product.objects.filter(pk=product.pk).update(status=Product.Status.ARCHIVED)
    message = _page(client, remote, since=cursor)
    assert message["catalog"]["items"] == []
    assert message["catalog"]["deleted"] == [str(product.pk)]


def test_a_change_made_while_paging_is_served_after_the_cursor(client, remote, f):
    first, second, third = f.product(name="Một"), f.product(name="Hai"), f.product(name="Ba")
    page = _page(client, remote, limit=1)
    seen = [i["id"] for i in page["catalog"]["items"]]
    Product.objects.filter(pk=first.pk).update(price_vnd=99000)  # already served: changes again
    cursor = int(page["next_cursor"])
    prices = {}
    for _ in range(50):
        page = _page(client, remote, since=cursor, limit=1)
        for item in page["catalog"]["items"]:
            seen.append(item["id"])
            prices[item["id"]] = item["price"]["value"]
        cursor = int(page["next_cursor"])
        if not page["has_more"]:
            break
    assert {str(first.pk), str(second.pk), str(third.pk)} <= set(seen)
    assert prices[str(first.pk)] == "99000"


def test_mirrored_products_are_not_served_again(client, remote, f):
    f.product(home_node="cantho.test")
    assert _page(client, remote)["catalog"]["items"] == []


@pytest.mark.parametrize("query", ["since=-1", "since=abc", "limit=0", "limit=x"])
def test_a_bad_query_is_a_signed_nack(client, remote, query):
    response = _get(client, remote, f"/network/v1/catalog?{query}")
    assert response.status_code == 400
    assert json.loads(response.content)["message"]["ack"]["status"] == "NACK"


def test_the_change_triggers_exist():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'network_%'")
            names = {row[0] for row in cursor.fetchall()}
            assert names == {
                "network_change_product_ai",
                "network_change_product_au",
                "network_change_product_ad",
                "network_change_seller_au",
            }
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'network_%'")
            assert {row[0] for row in cursor.fetchall()} == {
                "network_change_product",
                "network_change_seller",
            }
