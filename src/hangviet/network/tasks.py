"""Background work of the network: the scheduled catalog pull per peer and the message log's retention."""

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from hangviet.network import mirror
from hangviet.network.models import MessageLog, Peer, ReceivedMessage


@task
def sync_peers() -> list[str]:
    """Enqueue one catalog pull per active peer (a slow peer holds up only its own task)."""
    node_ids = list(Peer.objects.filter(status=Peer.Status.ACTIVE).values_list("node_id", flat=True))
    for node_id in node_ids:
        sync_peer.enqueue(node_id)
    return node_ids


@task
def sync_peer(node_id: str) -> int:
    peer = Peer.objects.filter(node_id=node_id, status=Peer.Status.ACTIVE).first()
    if peer is None:
        return 0
    return mirror.sync_peer(peer).items


@task
def purge_message_log() -> int:
    """Drop log rows and stored replies older than HANGVIET_NETWORK_LOG_DAYS."""
    cutoff = timezone.now() - timedelta(days=settings.HANGVIET_NETWORK_LOG_DAYS)
    deleted, _ = MessageLog.objects.filter(created_at__lt=cutoff).delete()
    receipts, _ = ReceivedMessage.objects.filter(created_at__lt=cutoff).delete()
    return deleted + receipts


@task
def deliver_outbox(message_id: int) -> bool:
    """Deliver one outbox message (enqueued in the transaction that wrote it)."""
    from hangviet.network import outbox

    return outbox.deliver(message_id)


@task
def retry_outbox() -> int:
    """Deliver the outbox messages whose backoff has passed (a peer that was down, a worker restart)."""
    from hangviet.network import outbox

    return outbox.deliver_due()


@task
def recheck_registry_keys() -> int:
    """Take up the key revocations of the registry (settings.HANGVIET_NETWORK_REGISTRY_URL)."""
    from hangviet.network import registry

    return registry.recheck_keys()
