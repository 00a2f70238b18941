"""What arrives from other nodes: the signature checked over the exact bytes before anything is parsed,
then (for messages) the idempotent receipt by (sender, message_id), then the handler; every answer that
carries data is signed; every message is logged."""

import json
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from hangviet.network import protocol, signing, transport
from hangviet.network.models import MessageLog, Peer, ReceivedMessage

Handler = Callable[[Peer, dict[str, Any], dict[str, Any]], tuple[int, dict[str, Any]]]


def signed_response(status: int, body: dict[str, Any]) -> HttpResponse:
    data = protocol.encode(body)
    response = HttpResponse(data, status=status, content_type="application/json")
    response["Signature"] = transport.sign_body(data)
    return response


def _unauthorized(error: signing.SignatureError) -> HttpResponse:
    body = protocol.nack(protocol.UNAUTHENTICATED, error.reason)
    body["error"]["type"] = "CONTEXT-ERROR"
    body["error"]["reason"] = error.code
    response = HttpResponse(protocol.encode(body), status=401, content_type="application/json")
    response["WWW-Authenticate"] = 'Signature realm="hangviet",headers="(created) (expires) digest"'
    return response


def authenticate(request: HttpRequest) -> tuple[Peer, bytes] | HttpResponse:
    """The sending peer and the raw body, or the 401 answer. Nothing of the body is read before."""
    body = request.body
    try:
        parsed = signing.verify(request.headers.get("Authorization", ""), body, transport.peer_key)
    except signing.SignatureError as exc:
        return _unauthorized(exc)
    peer = Peer.objects.get(node_id=parsed.node_id)  # peer_key found its key: it exists and is active
    return peer, body


def _log(started: float, peer: str, action: str, status: int, ctx: dict[str, Any], error: str = "") -> None:
    transport.log(
        direction=MessageLog.Direction.INBOUND,
        peer=peer,
        action=action,
        started=started,
        status_code=status,
        message_id=str(ctx.get("message_id", "")),
        transaction_id=str(ctx.get("transaction_id", "")),
        error=error,
    )


def _read_context(body: bytes, action: str, sender: str, sender_role: str) -> tuple[dict[str, Any], dict]:
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise protocol.ProtocolError(protocol.BAD_MESSAGE, "the body is not JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("context"), dict):
        raise protocol.ProtocolError(protocol.BAD_MESSAGE, "no context", path="context")
    ctx, message = data["context"], data.get("message")
    if not isinstance(message, dict):
        raise protocol.ProtocolError(protocol.BAD_MESSAGE, "no message", path="message")
    if ctx.get("action") != action:
        raise protocol.ProtocolError(protocol.BAD_MESSAGE, f"action must be {action}", path="context.action")
    for name in ("message_id", "transaction_id"):
        if not protocol.is_id(ctx.get(name)):
            raise protocol.ProtocolError(protocol.BAD_MESSAGE, f"bad {name}", path=f"context.{name}")
    # The signer must be the party the context names (a node cannot speak for another).
    if ctx.get(sender_role) != sender:
        raise protocol.ProtocolError(
            protocol.BAD_MESSAGE, f"{sender_role} is not the signing node", path=f"context.{sender_role}"
        )
    return ctx, message


def message_endpoint(action: str, sender_role: str = "bap_id") -> Callable[[Handler], Callable]:
    """A POST endpoint of the protocol: signature, context, idempotent receipt, signed reply."""

    def decorate(handler: Handler) -> Callable:
        @csrf_exempt
        @wraps(handler)
        def view(request: HttpRequest) -> HttpResponse:
            started = time.monotonic()
            if request.method != "POST":
                return HttpResponse(status=405, headers={"Allow": "POST"})
            if request.content_type != "application/json":  # a form's body is not ours to read
                refusal = protocol.nack(protocol.BAD_MESSAGE, "Content-Type must be application/json")
                return HttpResponse(protocol.encode(refusal), status=415, content_type="application/json")
            if len(request.body) > protocol.MAX_BODY_BYTES:
                return HttpResponse(status=413)
            checked = authenticate(request)
            if isinstance(checked, HttpResponse):
                sent_by = request.headers.get("Authorization", "")[:200]
                _log(started, sent_by.partition('keyId="')[2].partition("|")[0], action, 401, {}, "signature")
                return checked
            peer, body = checked
            ctx: dict[str, Any] = {}
            try:
                ctx, message = _read_context(body, action, peer.node_id, sender_role)
            except protocol.ProtocolError as exc:
                _log(started, peer.node_id, action, exc.status, ctx, exc.message)
                return signed_response(exc.status, protocol.nack(exc.code, exc.message, exc.path))
            stored = ReceivedMessage.objects.filter(sender=peer.node_id, message_id=ctx["message_id"]).first()
            if stored is None:
                try:
                    with transaction.atomic():
                        try:
                            with transaction.atomic():  # a refused message leaves nothing behind
                                status, reply = handler(peer, ctx, message)
                        except protocol.ProtocolError as exc:
                            status, reply = exc.status, protocol.nack(exc.code, exc.message, exc.path)
                            reply["context"] = protocol.reply_context(ctx)
                        stored = ReceivedMessage.objects.create(
                            sender=peer.node_id,
                            message_id=ctx["message_id"],
                            action=action,
                            status_code=status,
                            reply=protocol.encode(reply).decode(),
                        )
                except IntegrityError:  # the same message at the same time: the first one's reply
                    stored = ReceivedMessage.objects.get(sender=peer.node_id, message_id=ctx["message_id"])
            _log(started, peer.node_id, action, stored.status_code, ctx)
            data = stored.reply.encode()
            response = HttpResponse(data, status=stored.status_code, content_type="application/json")
            response["Signature"] = transport.sign_body(data)
            return response

        return view

    return decorate
