"""The network: peers and their keys, messages received (idempotent receipt) and logged, the catalog's
change sequence, the mirror of each peer's catalog, and orders placed across provinces."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hangviet.catalog.models import Product
from hangviet.sellers.models import Seller


class Peer(models.Model):
    """Another province's node, added by an officer from its descriptor and confirmed by fingerprint."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xác nhận")
        ACTIVE = "active", _("Đang kết nối")
        SUSPENDED = "suspended", _("Tạm ngừng")

    node_id = models.CharField(_("mã nút"), max_length=255, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    province_code = models.CharField(_("mã tỉnh"), max_length=2)
    base_url = models.URLField(_("địa chỉ"), max_length=300)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Catalog mirroring: where the next pull starts, and the health an officer reads.
    catalog_cursor = models.BigIntegerField(default=0)
    last_sync_at = models.DateTimeField(_("lần đồng bộ gần nhất"), null=True, blank=True)
    last_complete_sync_at = models.DateTimeField(null=True, blank=True)  # pulled up to the peer's head
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    remote_head = models.BigIntegerField(default=0)  # the peer's latest change number we saw

    class Meta:
        ordering = ["name"]
        verbose_name = _("nút mạng")
        verbose_name_plural = _("nút mạng")

    def __str__(self) -> str:
        return f"{self.name} ({self.node_id})"

    @property
    def lag(self) -> int:
        """Changes on the peer not mirrored yet (as of the last pull)."""
        return max(0, self.remote_head - self.catalog_cursor)


class PeerKey(models.Model):
    """A public key a peer announced in its descriptor; only keys of an active peer verify."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="keys")
    key_id = models.CharField(max_length=64)
    public_key = models.CharField(max_length=64)  # base64 of the 32 raw bytes
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()
    is_revoked = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["peer", "key_id"], name="one_key_id_per_peer")]


class ReceivedMessage(models.Model):
    """A message this node answered: a repeat of (sender, message_id) gets the stored reply and changes
    nothing (replay protection and idempotent receipt)."""

    sender = models.CharField(max_length=255)
    message_id = models.CharField(max_length=100)
    action = models.CharField(max_length=20)
    status_code = models.PositiveSmallIntegerField()
    reply = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sender", "message_id"], name="one_receipt_per_message")
        ]


class MessageLog(models.Model):
    """Every message in or out, with its ids, outcome and timing (kept HANGVIET_NETWORK_LOG_DAYS)."""

    class Direction(models.TextChoices):
        INBOUND = "in", _("Đến")
        OUTBOUND = "out", _("Đi")

    direction = models.CharField(max_length=3, choices=Direction.choices)
    peer = models.CharField(max_length=255)  # the other node's id (or URL when it is not known yet)
    action = models.CharField(max_length=20)
    message_id = models.CharField(max_length=100, blank=True)
    transaction_id = models.CharField(max_length=100, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)  # none: no answer
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["peer", "-created_at"], name="network_log_peer")]


class CatalogChange(models.Model):
    """One change of a local product (or of its seller), numbered: the catalog cursor (network/feed.py
    reads them so that a change committed late never lands behind a cursor already served).

    Written by database triggers (migrations 0002, 0004), so every way of writing is seen."""

    seq = models.BigAutoField(primary_key=True)
    product_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["product_id"], name="network_change_product")]


class MirroredSeller(models.Model):
    """A peer's provider, mirrored as a local seller row (never edited locally; no members)."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="mirrored_sellers")
    remote_id = models.CharField(max_length=40)
    seller = models.OneToOneField(Seller, on_delete=models.CASCADE, related_name="mirror")
    synced_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["peer", "remote_id"], name="one_mirror_per_remote_seller")
        ]


class MirroredProduct(models.Model):
    """A peer's item, mirrored as a product row so the one search, facets and pages show it."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="mirrored_products")
    remote_id = models.CharField(max_length=40)
    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="mirror")
    synced_at = models.DateTimeField()
    digital_link = models.URLField(max_length=300, blank=True)
    ocop_certificate = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["peer", "remote_id"], name="one_mirror_per_remote_item")
        ]


class SellerOrderLink(models.Model):
    """Seller side: an order placed here by another province's node (`confirm`), and where its status
    goes. (buyer node, transaction) is unique: the same confirm twice gives one order."""

    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="network_link")
    buyer_node = models.CharField(max_length=255)
    transaction_id = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["buyer_node", "transaction_id"], name="one_order_per_transaction")
        ]


class RemoteOrder(models.Model):
    """Buyer side: an order this node's buyer placed at another province's node, kept up to date by its
    `on_status` messages (the seller's node holds the order itself)."""

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="remote_orders")
    transaction_id = models.CharField(max_length=100, unique=True)
    remote_code = models.CharField(_("mã đơn"), max_length=20)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    buyer_name = models.CharField(max_length=150)
    buyer_phone = models.CharField(max_length=10)
    status = models.CharField(_("trạng thái"), max_length=20)
    payment_method = models.CharField(max_length=10)
    payment_status = models.CharField(max_length=12, blank=True)
    vietqr_payload = models.CharField(max_length=300, blank=True)
    total_vnd = models.PositiveBigIntegerField()
    delivery_fee_vnd = models.PositiveIntegerField(default=0)
    seller_name = models.CharField(max_length=200)
    items = models.JSONField(default=list)  # [{"name", "quantity", "unit_price_vnd"}] as the seller confirmed
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["peer", "remote_code"], name="one_remote_order_per_code")
        ]


class RemoteOrderEvent(models.Model):
    """A status change of a remote order as its seller's node reported it."""

    remote_order = models.ForeignKey(RemoteOrder, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "pk"]


class OutboxMessage(models.Model):
    """A message to a peer, written in the transaction of the change that causes it and delivered by the
    worker (task `deliver_outbox`, then the periodic `retry_outbox`) with exponential backoff until the
    peer acknowledges it."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="outbox")
    action = models.CharField(max_length=20)
    payload = models.JSONField()
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["delivered_at", "next_attempt_at"], name="network_outbox_due")]
