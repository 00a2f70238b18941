import base64
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from hangviet.network import signing
from hangviet.network.models import Peer, PeerKey


@pytest.fixture(autouse=True)
def node(settings, tmp_path):
    """This node: Vĩnh Long, with its keys in a fresh directory."""
    settings.HANGVIET_NODE_ID = "vinhlong.test"
    settings.HANGVIET_NODE_NAME = "HàngViệt Vĩnh Long"
    settings.HANGVIET_NODE_PROVINCE = "86"
    settings.HANGVIET_NODE_BASE_URL = "http://vinhlong.test"
    settings.HANGVIET_NODE_KEY_DIR = tmp_path / "keys"
    return settings


@dataclass
class RemoteNode:
    """Another node as this one knows it: a peer row, its key, and a way to sign as it."""

    peer: Peer
    private_key: Ed25519PrivateKey
    key_id: str

    def sign(self, body: bytes, created: int | None = None, expires: int | None = None) -> str:
        created = int(time.time()) if created is None else created
        return signing.header(
            body,
            node_id=self.peer.node_id,
            key_id=self.key_id,
            private_key=self.private_key,
            created=created,
            expires=created + 60 if expires is None else expires,
        )


def make_remote(node_id: str = "cantho.test", province: str = "92") -> RemoteNode:
    private_key = Ed25519PrivateKey.generate()
    public = base64.b64encode(private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
    peer = Peer.objects.create(
        node_id=node_id,
        name=f"HàngViệt {node_id}",
        province_code=province,
        base_url=f"http://{node_id}",
        status=Peer.Status.ACTIVE,
    )
    now = datetime.now(UTC)
    PeerKey.objects.create(
        peer=peer,
        key_id="k1",
        public_key=public,
        valid_from=now - timedelta(days=1),
        valid_until=now + timedelta(days=30),
    )
    return RemoteNode(peer, private_key, "k1")


@pytest.fixture
def remote(db) -> RemoteNode:
    return make_remote()
