"""Signed HTTP between nodes: the key lookup for what arrives, signed calls (with a timeout, logged) for
what leaves, and the signature of data-bearing responses."""

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings

from hangviet.network import identity, protocol, signing
from hangviet.network.models import MessageLog, Peer, PeerKey

SIGNATURE_LIFETIME = 60  # seconds a signature stays valid (each retry signs again)
MAX_RESPONSE_BYTES = 8 * 1024 * 1024


class PeerUnreachable(Exception):
    """The peer did not answer in time (down, slow, refused), or answered with something unreadable."""


def peer_key(node_id: str, key_id: str, at: datetime | None = None) -> Ed25519PublicKey | None:
    """The public key `key_id` of the active peer `node_id`, when valid now and not revoked."""
    at = at or datetime.now(UTC)
    key = (
        PeerKey.objects.filter(
            peer__node_id=node_id,
            peer__status=Peer.Status.ACTIVE,
            key_id=key_id,
            is_revoked=False,
            valid_from__lte=at,
            valid_until__gt=at,
        )
        .values_list("public_key", flat=True)
        .first()
    )
    return signing.public_key_from_b64(key) if key else None


def sign_body(body: bytes, now: float | None = None) -> str:
    """This node's signature header over `body`, valid SIGNATURE_LIFETIME seconds."""
    created = int(time.time() if now is None else now)
    key = identity.signing_key()
    return signing.header(
        body,
        node_id=identity.node_id(),
        key_id=key.key_id,
        private_key=key.private_key,
        created=created,
        expires=created + SIGNATURE_LIFETIME,
    )


@dataclass
class Reply:
    status: int
    body: bytes
    signature: str

    def json(self) -> Any:
        return json.loads(self.body)


def log(
    *,
    direction: str,
    peer: str,
    action: str,
    started: float,
    status_code: int | None,
    message_id: str = "",
    transaction_id: str = "",
    error: str = "",
) -> None:
    MessageLog.objects.create(
        direction=direction,
        peer=peer[:255],
        action=action[:20],
        message_id=message_id[:100],
        transaction_id=transaction_id[:100],
        status_code=status_code,
        error=error[:300],
        duration_ms=max(0, int((time.monotonic() - started) * 1000)),
    )


def call(
    peer: Peer, method: str, path: str, payload: dict[str, Any] | None, *, action: str, verify: bool = True
) -> Reply:
    """Send a signed request to `peer` and return its answer (any HTTP status).

    A 200 answer must carry a valid `Signature` of the peer (when `verify`); otherwise, like a timeout
    or a refused connection, it raises PeerUnreachable. Every call is logged."""
    body = protocol.encode(payload) if payload is not None else b""
    ctx = (payload or {}).get("context", {})
    request = urllib.request.Request(  # noqa: S310 - the peer's URL was confirmed by an officer (http/https)
        peer.base_url.rstrip("/") + path,
        data=body if method == "POST" else None,
        method=method,
        headers={
            "Authorization": sign_body(body),
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": f"HangViet-node/{identity.PROTOCOL_VERSION}",
        },
    )
    started = time.monotonic()
    status: int | None = None
    try:
        try:
            with urllib.request.urlopen(  # noqa: S310
                request, timeout=settings.HANGVIET_NETWORK_TIMEOUT_SECONDS
            ) as response:
                status = response.status
                data = response.read(MAX_RESPONSE_BYTES + 1)
                signature = response.headers.get("Signature", "")
        except urllib.error.HTTPError as exc:
            status = exc.code
            data = exc.read(MAX_RESPONSE_BYTES + 1)
            signature = exc.headers.get("Signature", "")
        except (OSError, ValueError) as exc:  # refused, timeout, DNS, reset
            raise PeerUnreachable(str(exc) or exc.__class__.__name__) from exc
        if len(data) > MAX_RESPONSE_BYTES:
            raise PeerUnreachable("response too large")
        if verify and status == 200:
            try:
                signing.verify(signature, data, peer_key)
            except signing.SignatureError as exc:
                raise PeerUnreachable(f"response signature: {exc.reason}") from exc
    except PeerUnreachable as exc:
        log(
            direction=MessageLog.Direction.OUTBOUND,
            peer=peer.node_id,
            action=action,
            started=started,
            status_code=status,
            message_id=str(ctx.get("message_id", "")),
            transaction_id=str(ctx.get("transaction_id", "")),
            error=str(exc),
        )
        raise
    log(
        direction=MessageLog.Direction.OUTBOUND,
        peer=peer.node_id,
        action=action,
        started=started,
        status_code=status,
        message_id=str(ctx.get("message_id", "")),
        transaction_id=str(ctx.get("transaction_id", "")),
    )
    return Reply(status, data, signature)


def fetch_descriptor(base_url: str) -> dict[str, Any]:
    """The descriptor a node publishes at /.well-known/hangviet-node.json (unsigned: its keys are what
    an officer confirms by fingerprint)."""
    url = base_url.rstrip("/") + "/.well-known/hangviet-node.json"
    started = time.monotonic()
    try:
        with urllib.request.urlopen(  # noqa: S310 - http(s) URL checked by the caller
            urllib.request.Request(url, headers={"Accept": "application/json"}),  # noqa: S310
            timeout=settings.HANGVIET_NETWORK_TIMEOUT_SECONDS,
        ) as response:
            data = response.read(64 * 1024)
            status = response.status
    except (OSError, ValueError) as exc:
        log(
            direction=MessageLog.Direction.OUTBOUND,
            peer=base_url,
            action="descriptor",
            started=started,
            status_code=getattr(exc, "code", None),
            error=str(exc),
        )
        raise PeerUnreachable(str(exc)) from exc
    log(
        direction=MessageLog.Direction.OUTBOUND,
        peer=base_url,
        action="descriptor",
        started=started,
        status_code=status,
    )
    try:
        descriptor = json.loads(data)
    except ValueError as exc:
        raise PeerUnreachable("the descriptor is not JSON") from exc
    if not isinstance(descriptor, dict):
        raise PeerUnreachable("the descriptor is not a JSON object")
    return descriptor
