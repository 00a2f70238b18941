"""This node's identity: keys created once into the key directory (owner-only), published in the
descriptor, rotated with an overlap."""

import json
import stat

import pytest
from django.core.management import call_command

from hangviet.network import identity, signing, transport

pytestmark = pytest.mark.django_db


def test_keys_are_created_on_first_use_readable_by_the_owner_only(node):
    path = node.HANGVIET_NODE_KEY_DIR / identity.KEY_FILE
    assert not path.exists()
    first = identity.signing_key()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert identity.signing_key().key_id == first.key_id  # read back, not made again


def test_descriptor_publishes_identity_and_public_keys_never_private(client, node):
    response = client.get("/.well-known/hangviet-node.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["id"] == "vinhlong.test"
    assert data["province_code"] == "86"
    assert data["base_url"] == "http://vinhlong.test"
    assert [k["key_id"] for k in data["keys"]] == [identity.signing_key().key_id]
    assert "seed" not in response.content.decode()
    key = identity.signing_key()
    assert data["keys"][0]["public_key"] == key.public_key_b64

    def ours(node_id, key_id):
        return signing.public_key_from_b64(key.public_key_b64) if node_id == "vinhlong.test" else None

    assert signing.verify(response["Signature"], response.content, ours).key_id == key.key_id


def test_rotate_announces_a_new_key_and_keeps_the_old_one_for_the_overlap(client, node, capsys):
    old = identity.signing_key()
    call_command("network", "keys", "rotate")
    new = identity.signing_key()
    assert new.key_id != old.key_id
    published = {
        k["key_id"]: k for k in json.loads(client.get("/.well-known/hangviet-node.json").content)["keys"]
    }
    assert set(published) == {old.key_id, new.key_id}
    assert published[old.key_id]["valid_until"] < published[new.key_id]["valid_until"]
    header = transport.sign_body(b"{}")
    assert f"|{new.key_id}|" in header
    assert new.key_id in capsys.readouterr().out
