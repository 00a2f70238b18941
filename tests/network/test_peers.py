"""Adding a peer: the officer sees the key fingerprints of the node's descriptor and confirms them; a
key that changed in between is refused; peers can be suspended; only officers reach these pages."""

import base64
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management import call_command
from django.core.management.base import CommandError

from hangviet.network import signing, transport
from hangviet.network.models import MessageLog, Peer

pytestmark = pytest.mark.django_db


def _public(private_key: Ed25519PrivateKey) -> str:
    return base64.b64encode(private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


@pytest.fixture
def descriptor(monkeypatch):
    now = datetime.now(UTC)
    data = {
        "id": "cantho.test",
        "name": "HàngViệt Cần Thơ",
        "province_code": "92",
        "base_url": "http://cantho.test",
        "keys": [
            {
                "key_id": "k1",
                "algorithm": "ed25519",
                "public_key": _public(Ed25519PrivateKey.generate()),
                "valid_from": (now - timedelta(days=1)).isoformat(),
                "valid_until": (now + timedelta(days=300)).isoformat(),
            }
        ],
    }
    monkeypatch.setattr(transport, "fetch_descriptor", lambda url: data)
    return data


def test_an_officer_sees_the_fingerprint_then_confirms(client, f, descriptor):
    client.force_login(f.officer())
    response = client.post("/officer/network/", {"url": "http://cantho.test"})
    fingerprint = signing.fingerprint(descriptor["keys"][0]["public_key"])
    assert fingerprint in response.content.decode()
    assert not Peer.objects.exists()  # nothing is added before the confirmation
    response = client.post(
        "/officer/network/confirm/", {"url": "http://cantho.test", "fingerprint": fingerprint}
    )
    assert response.status_code == 302
    peer = Peer.objects.get(node_id="cantho.test")
    assert (peer.status, peer.province_code) == (Peer.Status.ACTIVE, "92")
    assert list(peer.keys.values_list("key_id", flat=True)) == ["k1"]


def test_a_key_changed_since_the_preview_is_refused(client, f, descriptor):
    client.force_login(f.officer())
    shown = signing.fingerprint(descriptor["keys"][0]["public_key"])
    descriptor["keys"][0]["public_key"] = _public(Ed25519PrivateKey.generate())
    response = client.post(
        "/officer/network/confirm/", {"url": "http://cantho.test", "fingerprint": shown}, follow=True
    )
    assert "Khóa của nút đã đổi" in response.content.decode()
    assert not Peer.objects.exists()


@pytest.mark.parametrize(
    "url", ["ftp://cantho.test", "cantho.test", "http://cantho.test/?x=1", "http://u@cantho.test"]
)
def test_a_bad_url_is_refused_with_a_message(client, f, url):
    client.force_login(f.officer())
    response = client.post("/officer/network/", {"url": url})
    assert response.status_code == 200
    assert "Địa chỉ" in response.content.decode()
    assert not Peer.objects.exists()


def test_a_descriptor_without_a_valid_key_is_refused(client, f, descriptor):
    descriptor["keys"][0]["public_key"] = "bm90IGEga2V5"
    client.force_login(f.officer())
    response = client.post("/officer/network/", {"url": "http://cantho.test"})
    assert "Khóa công khai của nút không đọc được" in response.content.decode()


def test_buyers_and_sellers_may_not_manage_peers(client, f):
    client.force_login(f.user())
    assert client.get("/officer/network/").status_code == 403
    assert client.post("/officer/network/confirm/", {"url": "http://cantho.test"}).status_code == 403
    assert client.get("/officer/network/log/").status_code == 403


def test_suspend_and_resume(client, f, remote):
    client.force_login(f.officer())
    client.post(f"/officer/network/{remote.peer.pk}/suspend/", {"suspend": "1"})
    assert Peer.objects.get(pk=remote.peer.pk).status == Peer.Status.SUSPENDED
    client.post(f"/officer/network/{remote.peer.pk}/suspend/", {"suspend": "0"})
    assert Peer.objects.get(pk=remote.peer.pk).status == Peer.Status.ACTIVE


def test_the_peer_list_shows_health_and_metrics(client, f, remote):
    Peer.objects.filter(pk=remote.peer.pk).update(last_error="timed out", remote_head=30, catalog_cursor=12)
    for status, duration in ((200, 10), (200, 30), (None, 5000)):
        MessageLog.objects.create(
            direction="out", peer="cantho.test", action="catalog", status_code=status, duration_ms=duration
        )
    client.force_login(f.officer())
    text = client.get("/officer/network/").content.decode()
    assert "timed out" in text
    assert "<td>18</td>" in text
    assert '<td class="metrics">3 / 1 / 1680 ms</td>' in text


def test_add_peer_command_shows_the_fingerprint_and_asks(descriptor, capsys, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError):
        call_command("network", "add-peer", "http://cantho.test")
    assert signing.fingerprint(descriptor["keys"][0]["public_key"]) in capsys.readouterr().out
    assert not Peer.objects.exists()
    call_command("network", "add-peer", "http://cantho.test", "--yes")
    assert Peer.objects.get(node_id="cantho.test").status == Peer.Status.ACTIVE


def test_the_message_log_lists_what_came_in(client, f, remote):
    client.get("/network/v1/catalog", HTTP_AUTHORIZATION=remote.sign(b""))
    client.force_login(f.officer())
    text = client.get("/officer/network/log/?peer=cantho.test").content.decode()
    assert "catalog" in text and "200" in text
