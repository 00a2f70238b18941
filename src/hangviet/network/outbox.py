"""The outbox: messages to peers written in the transaction of the change that causes them, delivered by
the task worker until the peer acknowledges them (docs/network.md, "Delivery guarantees").

`enqueue()` writes the message row and enqueues its delivery task in the caller's transaction (database
task backend: both commit or roll back with the change). A failed delivery waits 2^attempts seconds (at
most an hour) and the periodic `retry_outbox` task picks it up again; a message is dropped after
MAX_ATTEMPTS (about four days) with its last error kept for the officer."""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hangviet.network import transport
from hangviet.network.models import OutboxMessage, Peer

MAX_ATTEMPTS = 100
MAX_BACKOFF_SECONDS = 3600
PATHS = {"on_status": "/network/v1/on_status"}


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(2**attempts, MAX_BACKOFF_SECONDS))


def enqueue(*, peer: Peer, action: str, payload: dict[str, Any], now: datetime) -> OutboxMessage:
    from hangviet.network import tasks

    message = OutboxMessage.objects.create(peer=peer, action=action, payload=payload, next_attempt_at=now)
    tasks.deliver_outbox.enqueue(message.pk)
    return message


def deliver(message_id: int) -> bool:
    """Send one message if it is due and not delivered; True once the peer acknowledged it."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update()
            .select_related("peer")
            .filter(pk=message_id, delivered_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
            .first()
        )
        if message is None or message.next_attempt_at > timezone.now():
            return False
        # Claimed: another worker skips it until the backoff passes (the attempt is counted up front).
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=F("attempts") + 1, next_attempt_at=timezone.now() + backoff(message.attempts + 1)
        )
    if message.peer.status != Peer.Status.ACTIVE:
        OutboxMessage.objects.filter(pk=message.pk).update(last_error="peer suspended")
        return False
    try:
        reply = transport.call(
            message.peer, "POST", PATHS[message.action], message.payload, action=message.action
        )
    except transport.PeerUnreachable as exc:
        OutboxMessage.objects.filter(pk=message.pk).update(last_error=str(exc)[:300])
        return False
    if reply.status != 200:
        OutboxMessage.objects.filter(pk=message.pk).update(
            last_error=f"HTTP {reply.status}: {reply.body[:200]!r}"
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(delivered_at=timezone.now(), last_error="")
    return True


def deliver_due(limit: int = 200) -> int:
    """Deliver every message whose backoff has passed, oldest first; return how many were acknowledged."""
    due = list(
        OutboxMessage.objects.filter(
            delivered_at__isnull=True, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver(pk) for pk in due)
