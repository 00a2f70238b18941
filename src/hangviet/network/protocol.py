"""The Beckn-shaped envelope: context, ACK/NACK bodies and the error codes of docs/network.md."""

import json
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from hangviet.network import identity

ACTIONS = ("catalog", "select", "confirm", "status", "cancel", "on_status")
MAX_BODY_BYTES = 256 * 1024
MAX_ITEMS_PER_ORDER = 50
MAX_QUANTITY = 999
MESSAGE_TTL = "PT30S"
_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,100}$")

# Beckn error codes (docs/network.md).
ITEM_NOT_FOUND = "30004"
ORDER_NOT_FOUND = "30010"
QUANTITY_UNAVAILABLE = "40002"
QUOTE_UNAVAILABLE = "40003"
CANCELLATION_NOT_POSSIBLE = "50001"
BAD_MESSAGE = "10000"  # Beckn's generic "bad request"
UNAUTHENTICATED = "10002"


class ProtocolError(Exception):
    """A message that is signed and readable but cannot be served; answered as a NACK with `code`."""

    def __init__(self, code: str, message: str, status: int = 400, path: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.path = path


def new_id() -> str:
    return str(uuid.uuid4())


def is_id(value: Any) -> bool:
    return isinstance(value, str) and bool(_ID.match(value))


def price(value_vnd: int) -> dict[str, str]:
    return {"currency": "VND", "value": str(int(value_vnd))}


def read_price(value: Any, path: str) -> int:
    if not isinstance(value, dict) or value.get("currency") != "VND":
        raise ProtocolError(BAD_MESSAGE, "price must be VND", path=path)
    text = value.get("value")
    if not isinstance(text, str) or not text.isdigit() or len(text) > 15:
        raise ProtocolError(BAD_MESSAGE, "price value is an integer string", path=f"{path}.value")
    return int(text)


def context(
    action: str,
    *,
    bpp_id: str,
    bpp_uri: str,
    transaction_id: str,
    bap_id: str | None = None,
    bap_uri: str | None = None,
    message_id: str | None = None,
) -> dict[str, Any]:
    return {
        "domain": identity.DOMAIN,
        "location": {"country": {"code": "VNM"}, "city": {"code": settings.HANGVIET_NODE_PROVINCE}},
        "action": action,
        "version": identity.PROTOCOL_VERSION,
        "bap_id": bap_id or identity.node_id(),
        "bap_uri": bap_uri or identity.node_url(),
        "bpp_id": bpp_id,
        "bpp_uri": bpp_uri,
        "transaction_id": transaction_id,
        "message_id": message_id or new_id(),
        "timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "ttl": MESSAGE_TTL,
    }


def reply_context(request_context: dict[str, Any]) -> dict[str, Any]:
    """The context of a synchronous on_<action> reply: the request's ids, our timestamp."""
    reply = dict(request_context)
    reply["action"] = f"on_{request_context.get('action', '')}"
    reply["timestamp"] = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    return reply


def nack(code: str, message: str, path: str = "") -> dict[str, Any]:
    error: dict[str, Any] = {"type": "DOMAIN-ERROR", "code": code, "message": message}
    if path:
        error["path"] = path
    return {"message": {"ack": {"status": "NACK"}}, "error": error}


def encode(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
