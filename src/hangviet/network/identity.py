"""This node's identity: id, name, province, base URL (settings) and its Ed25519 signing keys.

The keys live in one file under the key directory (settings.HANGVIET_NODE_KEY_DIR, `var/network/` by
default), readable by the owner only (0600); the private keys never leave it. The file is created on
first use: several server workers may start at once, so it is written aside and linked into place,
which fails for all but the first (they then read the winner's file).
"""

import base64
import json
import os
import secrets
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

from hangviet.network import signing

PROTOCOL_VERSION = "1.0"
DOMAIN = "hangviet:retail"
KEY_FILE = "node_keys.json"
KEY_VALIDITY = timedelta(days=365)
# A rotated-out key stays valid this long, so peers that cached the descriptor keep accepting it while
# they pick up the new one (at their next sync or registry lookup).
ROTATION_OVERLAP = timedelta(days=7)


@dataclass(frozen=True)
class NodeKey:
    key_id: str
    seed: bytes
    valid_from: datetime
    valid_until: datetime

    @property
    def private_key(self) -> Ed25519PrivateKey:
        return signing.private_key_from_seed(self.seed)

    @property
    def public_key_b64(self) -> str:
        raw = self.private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(raw).decode()

    def is_valid(self, at: datetime) -> bool:
        return self.valid_from <= at < self.valid_until


def node_id() -> str:
    return settings.HANGVIET_NODE_ID


def node_url() -> str:
    return settings.HANGVIET_NODE_BASE_URL


def key_dir() -> Path:
    return Path(settings.HANGVIET_NODE_KEY_DIR)


def _new_key(now: datetime) -> dict[str, Any]:
    return {
        "key_id": str(uuid.uuid4()),
        "seed": base64.b64encode(secrets.token_bytes(32)).decode(),
        "valid_from": now.isoformat(),
        "valid_until": (now + KEY_VALIDITY).isoformat(),
    }


def _write_new(path: Path, data: dict[str, Any]) -> None:
    """Write `data` to `path` with 0600 permissions, only if no file is there yet."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".keys-")
    try:
        with os.fdopen(fd, "w") as handle:  # mkstemp creates the file 0600
            json.dump(data, handle)
        os.link(tmp, path)  # fails when another process was first
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)


def _replace(path: Path, data: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".keys-")
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle)
    os.replace(tmp, path)


def _load() -> list[NodeKey]:
    path = key_dir() / KEY_FILE
    if not path.exists():
        _write_new(path, {"keys": [_new_key(datetime.now(UTC))]})
    data = json.loads(path.read_text())
    return [
        NodeKey(
            key_id=k["key_id"],
            seed=base64.b64decode(k["seed"]),
            valid_from=datetime.fromisoformat(k["valid_from"]),
            valid_until=datetime.fromisoformat(k["valid_until"]),
        )
        for k in data["keys"]
    ]


def node_keys() -> list[NodeKey]:
    """Every key of this node (created on first use), the newest last."""
    return _load()


def signing_key(at: datetime | None = None) -> NodeKey:
    """The key that signs now: the newest one already valid."""
    current = node_keys()  # first: a key created now must count as valid now
    at = at or datetime.now(UTC)
    valid = [k for k in current if k.is_valid(at)]
    if not valid:
        raise RuntimeError("no valid signing key: run `hangviet network keys rotate`")
    return max(valid, key=lambda k: k.valid_from)


def rotate(now: datetime | None = None) -> NodeKey:
    """Announce a new key (it signs from now on) and let the current ones expire after the overlap.

    Keys long expired are dropped from the file."""
    now = now or datetime.now(UTC)
    path = key_dir() / KEY_FILE
    current = node_keys()
    data: dict[str, Any] = {"keys": []}
    for key in current:
        if key.valid_until <= now - ROTATION_OVERLAP:
            continue
        until = min(key.valid_until, now + ROTATION_OVERLAP)
        data["keys"].append(
            {
                "key_id": key.key_id,
                "seed": base64.b64encode(key.seed).decode(),
                "valid_from": key.valid_from.isoformat(),
                "valid_until": until.isoformat(),
            }
        )
    new = _new_key(now)
    data["keys"].append(new)
    _replace(path, data)
    return next(k for k in node_keys() if k.key_id == new["key_id"])


def descriptor() -> dict[str, Any]:
    """What `/.well-known/hangviet-node.json` publishes."""
    now = datetime.now(UTC)
    return {
        "id": node_id(),
        "name": settings.HANGVIET_NODE_NAME,
        "province_code": settings.HANGVIET_NODE_PROVINCE,
        "base_url": node_url(),
        "protocol_version": PROTOCOL_VERSION,
        "domain": DOMAIN,
        "keys": [
            {
                "key_id": k.key_id,
                "algorithm": signing.ALGORITHM,
                "public_key": k.public_key_b64,
                "valid_from": k.valid_from.isoformat(),
                "valid_until": k.valid_until.isoformat(),
            }
            for k in node_keys()
            if k.valid_until > now
        ],
    }
