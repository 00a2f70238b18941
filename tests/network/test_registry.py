"""A node serving as the network's registry (Beckn lookup shape), and the revocation it spreads: a key
the registry lists as revoked stops verifying at every node that re-checks with it."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from hangviet.network import registry, signing, tasks, transport
from hangviet.network.models import Peer, PeerKey
from tests.network.harness import raw_public_key

pytestmark = pytest.mark.django_db


def _lookup(client, filters=None):
    response = client.post("/network/v1/lookup", json.dumps(filters or {}), content_type="application/json")
    assert response.status_code == 200
    assert response["Signature"].startswith("Signature ")
    return json.loads(response.content)


def test_the_registry_lists_itself_and_its_peers_with_keys_and_status(client, settings, remote):
    settings.HANGVIET_NETWORK_REGISTRY = True
    entries = {(e["subscriber_id"], e["ukId"]): e for e in _lookup(client)}
    assert entries[("cantho.test", "k1")]["status"] == "SUBSCRIBED"
    assert entries[("cantho.test", "k1")]["subscriber_url"] == "http://cantho.test"
    assert entries[("cantho.test", "k1")]["city"] == "92"
    assert [e["status"] for (node, _k), e in entries.items() if node == "vinhlong.test"] == ["SUBSCRIBED"]
    assert {e["subscriber_id"] for e in _lookup(client, {"city": "92"})} == {"cantho.test"}


def test_a_key_revoked_at_the_registry_is_listed_revoked_and_stops_verifying(client, settings, remote):
    settings.HANGVIET_NETWORK_REGISTRY = True
    call_command("network", "revoke-key", "cantho.test", "k1")
    [entry] = _lookup(client, {"subscriber_id": "cantho.test"})
    assert entry["status"] == "REVOKED"
    response = client.get("/network/v1/catalog", HTTP_AUTHORIZATION=remote.sign(b""))
    assert response.status_code == 401


def test_a_node_that_is_not_a_registry_does_not_answer_lookups(client, remote):
    assert client.post("/network/v1/lookup", "{}", content_type="application/json").status_code == 404


def test_recheck_takes_up_the_registrys_revocations_only(client, remote, monkeypatch):
    listed = [
        {"subscriber_id": "cantho.test", "ukId": "k1", "status": "REVOKED"},
        {"subscriber_id": "hcm.test", "ukId": "x", "status": "SUBSCRIBED"},
    ]
    monkeypatch.setattr(registry, "lookup", lambda url, filters=None: listed)
    assert client.get("/network/v1/catalog", HTTP_AUTHORIZATION=remote.sign(b"")).status_code == 200
    assert registry.recheck_keys("http://registry.test") == 1
    assert PeerKey.objects.get(key_id="k1").is_revoked
    assert client.get("/network/v1/catalog", HTTP_AUTHORIZATION=remote.sign(b"")).status_code == 401


def test_a_key_the_registry_does_not_list_yet_keeps_working(client, remote, monkeypatch):
    monkeypatch.setattr(registry, "lookup", lambda url, filters=None: [])
    assert registry.recheck_keys("http://registry.test") == 0
    assert client.get("/network/v1/catalog", HTTP_AUTHORIZATION=remote.sign(b"")).status_code == 200


def _entry(node_id, public_key, status="SUBSCRIBED", city="79", key_id="k1"):
    return {
        "subscriber_id": node_id,
        "subscriber_url": f"http://{node_id}",
        "name": f"HàngViệt {node_id}",
        "type": "BPP",
        "city": city,
        "ukId": key_id,
        "signing_public_key": public_key,
        "status": status,
    }


def _registry_section(page: str) -> str:
    return page.split('id="registry"')[1].split("</section>")[0]


def _key() -> str:
    return raw_public_key(Ed25519PrivateKey.generate())


def test_the_officer_takes_a_peer_from_the_registry_after_seeing_its_fingerprint(
    client, f, settings, remote, monkeypatch
):
    settings.HANGVIET_NETWORK_REGISTRY_URL = "http://registry.test"
    hcm_key = _key()
    listed = [
        _entry("vinhlong.test", _key(), city="86"),  # this node
        _entry("cantho.test", _key(), city="92"),  # already a peer
        _entry("hcm.test", hcm_key),
        _entry("danang.test", _key(), status="REVOKED", city="48"),
    ]
    monkeypatch.setattr(registry, "lookup", lambda url, filters=None: listed)
    client.force_login(f.officer())
    assert "danang.test" not in client.get("/officer/network/").content.decode()  # asked only on request
    page = _registry_section(client.get("/officer/network/?registry=1").content.decode())
    assert "hcm.test" in page and signing.fingerprint(hcm_key) in page
    assert "danang.test" not in page and "cantho.test" not in page and "vinhlong.test" not in page
    descriptor = {
        "id": "hcm.test",
        "name": "HàngViệt TP Hồ Chí Minh",
        "province_code": "79",
        "base_url": "http://hcm.test",
        "keys": [
            {
                "key_id": "k1",
                "algorithm": "ed25519",
                "public_key": hcm_key,
                "valid_from": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
                "valid_until": (datetime.now(UTC) + timedelta(days=300)).isoformat(),
            }
        ],
    }
    monkeypatch.setattr(transport, "fetch_descriptor", lambda url: descriptor)
    fingerprint = signing.fingerprint(hcm_key)
    page = client.post(
        "/officer/network/", {"url": "http://hcm.test", "registry_fingerprint": fingerprint}
    ).content.decode()
    assert "khớp với khóa sổ đăng ký" in page and not Peer.objects.filter(node_id="hcm.test").exists()
    client.post("/officer/network/confirm/", {"url": "http://hcm.test", "fingerprint": fingerprint})
    assert Peer.objects.get(node_id="hcm.test").status == Peer.Status.ACTIVE
    page = _registry_section(client.get("/officer/network/?registry=1").content.decode())
    assert "hcm.test" not in page and "Sổ đăng ký không có nút nào chưa kết nối" in page


def test_a_node_whose_key_differs_from_the_registry_is_flagged(client, f, settings, monkeypatch):
    settings.HANGVIET_NETWORK_REGISTRY_URL = "http://registry.test"
    node_key = _key()
    monkeypatch.setattr(
        transport,
        "fetch_descriptor",
        lambda url: {
            "id": "hcm.test",
            "name": "HàngViệt TP Hồ Chí Minh",
            "province_code": "79",
            "base_url": "http://hcm.test",
            "keys": [
                {
                    "key_id": "k1",
                    "algorithm": "ed25519",
                    "public_key": node_key,
                    "valid_from": datetime.now(UTC).isoformat(),
                    "valid_until": (datetime.now(UTC) + timedelta(days=300)).isoformat(),
                }
            ],
        },
    )
    client.force_login(f.officer())
    page = client.post(
        "/officer/network/", {"url": "http://hcm.test", "registry_fingerprint": signing.fingerprint(_key())}
    ).content.decode()
    assert "Cảnh báo: các khóa nút công bố khác với khóa trong sổ đăng ký" in page


def test_an_unreachable_registry_is_a_message_not_an_error(client, f, settings, monkeypatch):
    settings.HANGVIET_NETWORK_REGISTRY_URL = "http://127.0.0.1:9"
    settings.HANGVIET_NETWORK_TIMEOUT_SECONDS = 1
    client.force_login(f.officer())
    response = client.get("/officer/network/?registry=1")
    assert response.status_code == 200
    assert "Không tra được sổ đăng ký" in response.content.decode()


def test_the_scheduled_recheck_asks_the_configured_registry(client, settings, remote, monkeypatch):
    settings.HANGVIET_NETWORK_REGISTRY_URL = "http://registry.test"
    asked = []

    def lookup(url, filters=None):
        asked.append(url)
        return [{"subscriber_id": "cantho.test", "ukId": "k1", "status": "REVOKED"}]

    monkeypatch.setattr(registry, "lookup", lookup)
    assert tasks.recheck_registry_keys.call() == 1
    assert asked == ["http://registry.test"]
    assert client.get("/network/v1/catalog", HTTP_AUTHORIZATION=remote.sign(b"")).status_code == 401
    assert settings.HANGVIET_PERIODIC_TASKS["hangviet.network.tasks.recheck_registry_keys"] == (
        settings.HANGVIET_NETWORK_LOOKUP_SECONDS
    )
