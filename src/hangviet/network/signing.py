"""Beckn HTTP signatures (draft-cavage-http-signatures-12 with Ed25519 and BLAKE2b-512), exactly as in
docs/network.md: pure functions over bytes, no database, so the Beckn test vector is checked directly.

The receiver checks the header before it parses the body: `verify()` takes the exact bytes received.
"""

import base64
import binascii
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "ed25519"
SIGNED_HEADERS = "(created) (expires) digest"
CLOCK_SKEW_SECONDS = 5  # how far in the future `created` may be (the other node's clock runs ahead)
MAX_HEADER_CHARS = 1000

_PARAM = re.compile(r'\s*([a-zA-Z]+)="([^"]*)"\s*(?:,|$)')


class SignatureError(Exception):
    """A request or response whose signature does not hold; `code` is stable, `reason` for the log."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class SignatureHeader:
    node_id: str
    key_id: str
    created: int
    expires: int
    signature: bytes


def digest(body: bytes) -> str:
    """base64 of the BLAKE2b-512 hash of the raw body bytes."""
    return base64.b64encode(hashlib.blake2b(body, digest_size=64).digest()).decode()


def signing_string(body: bytes, created: int, expires: int) -> str:
    return f"(created): {created}\n(expires): {expires}\ndigest: BLAKE-512={digest(body)}"


def private_key_from_seed(seed: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_from_b64(value: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError("bad_key", "public key is not base64") from exc
    if len(raw) != 32:
        raise SignatureError("bad_key", "an Ed25519 public key has 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def sign(body: bytes, private_key: Ed25519PrivateKey, created: int, expires: int) -> str:
    """The base64 Ed25519 signature of the signing string."""
    return base64.b64encode(private_key.sign(signing_string(body, created, expires).encode())).decode()


def header(
    body: bytes, *, node_id: str, key_id: str, private_key: Ed25519PrivateKey, created: int, expires: int
) -> str:
    """The `Authorization: Signature …` value (also sent as the `Signature` header of a response)."""
    signature = sign(body, private_key, created, expires)
    return (
        f'Signature keyId="{node_id}|{key_id}|{ALGORITHM}",algorithm="{ALGORITHM}",'
        f'created="{created}",expires="{expires}",headers="{SIGNED_HEADERS}",signature="{signature}"'
    )


def parse_header(value: str) -> SignatureHeader:
    """Read a signature header; anything not exactly of our shape is refused."""
    if not value or len(value) > MAX_HEADER_CHARS:
        raise SignatureError("missing_signature", "no signature header")
    if not value.startswith("Signature "):
        raise SignatureError("bad_signature_header", "the header does not start with 'Signature '")
    rest = value[len("Signature ") :]
    params: dict[str, str] = {}
    position = 0
    while position < len(rest):
        match = _PARAM.match(rest, position)
        if match is None or match.end() == position:
            raise SignatureError("bad_signature_header", "unreadable signature parameters")
        params[match.group(1)] = match.group(2)
        position = match.end()
    missing = {"keyId", "algorithm", "created", "expires", "headers", "signature"} - params.keys()
    if missing:
        raise SignatureError("bad_signature_header", f"missing {', '.join(sorted(missing))}")
    parts = params["keyId"].split("|")
    if len(parts) != 3 or not parts[0] or not parts[1]:
        raise SignatureError("bad_signature_header", "keyId is not node|key|algorithm")
    if parts[2] != ALGORITHM or params["algorithm"] != ALGORITHM:
        raise SignatureError("algorithm_mismatch", "only ed25519 is accepted")
    if params["headers"] != SIGNED_HEADERS:
        raise SignatureError("bad_signature_header", f"headers must be {SIGNED_HEADERS!r}")
    if not (params["created"].isdigit() and params["expires"].isdigit()):
        raise SignatureError("bad_signature_header", "created and expires are unix seconds")
    try:
        signature = base64.b64decode(params["signature"], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError("bad_signature_header", "signature is not base64") from exc
    return SignatureHeader(parts[0], parts[1], int(params["created"]), int(params["expires"]), signature)


KeyLookup = Callable[[str, str], Ed25519PublicKey | None]


def verify(value: str, body: bytes, lookup: KeyLookup, now: float | None = None) -> SignatureHeader:
    """Check a signature header against the exact body bytes; return it, or raise SignatureError.

    `lookup(node_id, key_id)` gives the sender's public key valid now, or None when it is unknown."""
    parsed = parse_header(value)
    now = time.time() if now is None else now
    if parsed.created > now + CLOCK_SKEW_SECONDS:
        raise SignatureError("created_in_future", "created is in the future")
    if parsed.expires < now:
        raise SignatureError("expired", "the signature has expired")
    if parsed.expires < parsed.created:
        raise SignatureError("bad_signature_header", "expires is before created")
    key = lookup(parsed.node_id, parsed.key_id)
    if key is None:
        raise SignatureError("unknown_key", f"unknown key {parsed.node_id}|{parsed.key_id}")
    try:
        key.verify(parsed.signature, signing_string(body, parsed.created, parsed.expires).encode())
    except InvalidSignature as exc:
        raise SignatureError("bad_signature", "the signature does not match the body") from exc
    return parsed


def fingerprint(public_key_b64: str) -> str:
    """What an officer compares by eye: SHA-256 of the raw public key, as 16 groups of 4 hex digits."""
    raw = base64.b64decode(public_key_b64)
    hexdigest = hashlib.sha256(raw).hexdigest()
    return ":".join(hexdigest[i : i + 4] for i in range(0, len(hexdigest), 4))
