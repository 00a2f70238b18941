"""Peers: read a node's descriptor, add it once an officer confirmed its key fingerprints, suspend and
resume it, and take up its rotated keys (only from a descriptor signed by a key already trusted)."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.network import signing, transport
from hangviet.network.models import Peer, PeerKey
from hangviet.sellers.permissions import ensure_officer


class PeerError(Exception):
    """Why a node cannot be added (a translated message for the officer)."""

    code = "peer_error"


@dataclass
class DescriptorKey:
    key_id: str
    public_key: str
    valid_from: datetime
    valid_until: datetime

    @property
    def fingerprint(self) -> str:
        return signing.fingerprint(self.public_key)


@dataclass
class Descriptor:
    node_id: str
    name: str
    province_code: str
    base_url: str
    keys: list[DescriptorKey] = field(default_factory=list)

    @property
    def fingerprints(self) -> list[str]:
        return [k.fingerprint for k in self.keys]


def check_url(url: str) -> str:
    url = (url or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or len(url) > 300:
        raise PeerError(_("Địa chỉ phải là http:// hoặc https:// kèm tên máy."))
    if parts.query or parts.fragment or parts.username:
        raise PeerError(_("Địa chỉ không được có tham số, phân đoạn hay tên đăng nhập."))
    return url


def _text(data: dict[str, Any], name: str, limit: int) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise PeerError(_("Tệp mô tả của nút thiếu hoặc sai trường “%(name)s”.") % {"name": name})
    return value.strip()


def read_descriptor(data: dict[str, Any]) -> Descriptor:
    """Check a descriptor's shape; every key must be a valid Ed25519 public key."""
    descriptor = Descriptor(
        node_id=_text(data, "id", 255),
        name=_text(data, "name", 200),
        province_code=_text(data, "province_code", 2),
        base_url=check_url(_text(data, "base_url", 300)),
    )
    keys = data.get("keys")
    if not isinstance(keys, list) or not keys or len(keys) > 10:
        raise PeerError(_("Tệp mô tả của nút không có khóa công khai."))
    for item in keys:
        if not isinstance(item, dict) or item.get("algorithm") != signing.ALGORITHM:
            raise PeerError(_("Khóa của nút không phải Ed25519."))
        try:
            signing.public_key_from_b64(str(item.get("public_key", "")))
            key = DescriptorKey(
                key_id=_text(item, "key_id", 64),
                public_key=str(item["public_key"]),
                valid_from=datetime.fromisoformat(str(item["valid_from"])),
                valid_until=datetime.fromisoformat(str(item["valid_until"])),
            )
        except (signing.SignatureError, KeyError, ValueError) as exc:
            raise PeerError(_("Khóa công khai của nút không đọc được.")) from exc
        descriptor.keys.append(key)
    return descriptor


def preview(url: str) -> Descriptor:
    """Fetch and read the descriptor at `url` (for the officer to compare the fingerprints)."""
    from hangviet.network import identity

    url = check_url(url)
    try:
        descriptor = read_descriptor(transport.fetch_descriptor(url))
    except transport.PeerUnreachable as exc:
        raise PeerError(_("Không kết nối được tới nút: %(error)s") % {"error": exc}) from exc
    if descriptor.node_id == identity.node_id():
        raise PeerError(_("Đây là chính nút này."))
    return descriptor


def _store_keys(peer: Peer, keys: list[DescriptorKey]) -> None:
    announced = {k.key_id for k in keys}
    for key in keys:
        PeerKey.objects.update_or_create(
            peer=peer,
            key_id=key.key_id,
            defaults={
                "public_key": key.public_key,
                "valid_from": key.valid_from,
                "valid_until": key.valid_until,
            },
        )
    # A key the node stopped announcing is revoked: it no longer verifies anything from it.
    peer.keys.exclude(key_id__in=announced).update(is_revoked=True)


@transaction.atomic
def add_peer(*, actor: User | None, url: str, fingerprints: list[str]) -> Peer:
    """Add (or re-activate) the node at `url` whose keys have exactly the fingerprints the officer saw.

    `actor` None is the operator at the command line (`hangviet network add-peer`)."""
    if actor is not None:
        ensure_officer(actor)
    descriptor = preview(url)
    if sorted(descriptor.fingerprints) != sorted(fingerprints):
        raise PeerError(_("Khóa của nút đã đổi từ lúc xem: hãy xem lại dấu vân tay rồi xác nhận."))
    peer, _created = Peer.objects.select_for_update().get_or_create(
        node_id=descriptor.node_id,
        defaults={
            "name": descriptor.name,
            "province_code": descriptor.province_code,
            "base_url": descriptor.base_url,
            "added_by": actor,
        },
    )
    peer.name = descriptor.name
    peer.province_code = descriptor.province_code
    peer.base_url = descriptor.base_url
    peer.status = Peer.Status.ACTIVE
    peer.confirmed_at = timezone.now()
    peer.save()
    _store_keys(peer, descriptor.keys)
    return peer


@transaction.atomic
def set_suspended(*, actor: User | None, peer: Peer, suspended: bool) -> Peer:
    """Suspend a peer (its messages get 401, it is not pulled) or take it back."""
    if actor is not None:
        ensure_officer(actor)
    peer.status = Peer.Status.SUSPENDED if suspended else Peer.Status.ACTIVE
    peer.save(update_fields=["status"])
    return peer


def refresh_keys(peer: Peer) -> bool:
    """Take up the keys a peer announces now, when its descriptor is signed by a key we already trust.

    Returns whether the descriptor was accepted."""
    reply = transport.call(peer, "GET", "/.well-known/hangviet-node.json", None, action="descriptor")
    if reply.status != 200:
        return False
    try:
        descriptor = read_descriptor(reply.json())
    except (PeerError, ValueError):
        return False
    if descriptor.node_id != peer.node_id:
        return False
    with transaction.atomic():
        _store_keys(peer, descriptor.keys)
        Peer.objects.filter(pk=peer.pk).update(name=descriptor.name)
    return True
