"""A node serving as the network's registry (Beckn lookup shape), and the revocation it spreads: a key
the registry lists as revoked stops verifying at every node that re-checks with it."""

import json

import pytest
from django.core.management import call_command

from hangviet.network import registry
from hangviet.network.models import PeerKey

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
