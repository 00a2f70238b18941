"""Discovery among many provinces: a node may serve as the network's registry (Beckn registry `lookup`
shape), listing itself and the peers it confirmed with their keys, validity and status. Other nodes read
it to find candidates (still added only after an officer compares fingerprints) and to re-check the keys
they trust: a key the registry lists as revoked, or no longer lists, stops verifying at the next lookup.
"""

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from hangviet.network import identity, peers, signing, transport
from hangviet.network.models import MessageLog, Peer, PeerKey

SUBSCRIBED, SUSPENDED, REVOKED = "SUBSCRIBED", "SUSPENDED", "REVOKED"


class RegistryError(Exception):
    pass


def _entry(
    node_id: str, url: str, province: str, name: str, key: dict[str, Any], status: str
) -> dict[str, Any]:
    return {
        "subscriber_id": node_id,
        "subscriber_url": url,
        "name": name,
        "type": "BPP",
        "domain": identity.DOMAIN,
        "country": "VNM",
        "city": province,
        "ukId": key["key_id"],
        "signing_public_key": key["public_key"],
        "valid_from": key["valid_from"],
        "valid_until": key["valid_until"],
        "status": status,
    }


def subscribers(filters: dict[str, Any]) -> list[dict[str, Any]]:
    """The registry's answer to a lookup: this node and its confirmed peers, one entry per key."""
    own = identity.descriptor()
    entries = [
        _entry(own["id"], own["base_url"], own["province_code"], own["name"], key, SUBSCRIBED)
        for key in own["keys"]
    ]
    peers = Peer.objects.exclude(status=Peer.Status.PENDING).prefetch_related("keys")
    for peer in peers:
        for key in peer.keys.all():
            status = (
                REVOKED
                if key.is_revoked
                else SUSPENDED
                if peer.status == Peer.Status.SUSPENDED
                else SUBSCRIBED
            )
            entries.append(
                _entry(
                    peer.node_id,
                    peer.base_url,
                    peer.province_code,
                    peer.name,
                    {
                        "key_id": key.key_id,
                        "public_key": key.public_key,
                        "valid_from": key.valid_from.isoformat(),
                        "valid_until": key.valid_until.isoformat(),
                    },
                    status,
                )
            )
    for name in ("subscriber_id", "city", "domain"):
        wanted = filters.get(name)
        if isinstance(wanted, str) and wanted:
            entries = [e for e in entries if e[name] == wanted]
    return entries


@transaction.atomic
def revoke_key(*, node_id: str, key_id: str) -> bool:
    """The registry's operator revokes a node's key (compromised, or announced by mistake)."""
    return bool(PeerKey.objects.filter(peer__node_id=node_id, key_id=key_id).update(is_revoked=True))


def lookup(url: str, filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Ask the registry at `url`; its answer (signed) is checked when the registry is one of our peers."""
    body = json.dumps(filters or {}).encode()
    request = urllib.request.Request(  # noqa: S310 - an http(s) URL set by the operator
        url.rstrip("/") + "/network/v1/lookup",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.HANGVIET_NETWORK_TIMEOUT_SECONDS
        ) as response:
            data, status, signature = (
                response.read(4 * 1024 * 1024),
                response.status,
                response.headers.get("Signature", ""),
            )
    except (OSError, ValueError) as exc:
        transport.log(
            direction=MessageLog.Direction.OUTBOUND,
            peer=url,
            action="lookup",
            started=started,
            status_code=None,
            error=str(exc),
        )
        raise RegistryError(str(exc)) from exc
    transport.log(
        direction=MessageLog.Direction.OUTBOUND,
        peer=url,
        action="lookup",
        started=started,
        status_code=status,
    )
    registry = Peer.objects.filter(base_url=url.rstrip("/"), status=Peer.Status.ACTIVE).first()
    if registry is not None:
        try:
            signing.verify(signature, data, transport.peer_key)
        except signing.SignatureError as exc:
            raise RegistryError(f"registry answer: {exc.reason}") from exc
    try:
        entries = json.loads(data)
    except ValueError as exc:
        raise RegistryError("the registry's answer is not JSON") from exc
    if not isinstance(entries, list):
        raise RegistryError("the registry's answer is not a list")
    return [e for e in entries if isinstance(e, dict)]


def recheck_keys(url: str | None = None) -> int:
    """Revoke the keys of our peers that the registry lists as revoked; return how many. (A key the
    registry does not list yet, such as one just rotated in, keeps working: only a revocation counts.)"""
    url = url or settings.HANGVIET_NETWORK_REGISTRY_URL
    if not url:
        return 0
    entries = lookup(url)
    listed: dict[str, dict[str, str]] = {}
    for entry in entries:
        listed.setdefault(str(entry.get("subscriber_id")), {})[str(entry.get("ukId"))] = str(
            entry.get("status")
        )
    revoked = 0
    now = datetime.now(UTC)
    for key in PeerKey.objects.filter(is_revoked=False, valid_until__gt=now).select_related("peer"):
        if listed.get(key.peer.node_id, {}).get(key.key_id) == REVOKED:
            revoked += PeerKey.objects.filter(pk=key.pk).update(is_revoked=True)
    return revoked


@dataclass
class Candidate:
    """A node the registry lists that this node has not peered with yet (an officer still confirms it)."""

    node_id: str
    name: str
    province_code: str
    base_url: str
    fingerprints: list[str] = field(default_factory=list)


def candidates(url: str | None = None) -> list[Candidate]:
    """The registry's subscribed nodes other than this one and those already peered (active or
    suspended), each with the fingerprints of the keys the registry lists as subscribed."""
    url = url or settings.HANGVIET_NETWORK_REGISTRY_URL
    if not url:
        return []
    known = set(Peer.objects.exclude(status=Peer.Status.PENDING).values_list("node_id", flat=True))
    known.add(identity.node_id())
    found: dict[str, Candidate] = {}
    for entry in lookup(url):
        node_id, key = str(entry.get("subscriber_id") or ""), str(entry.get("signing_public_key") or "")
        if not node_id or node_id in known or entry.get("status") != SUBSCRIBED:
            continue
        try:
            base_url = peers.check_url(str(entry.get("subscriber_url") or ""))
            signing.public_key_from_b64(key)
            fingerprint = signing.fingerprint(key)
        except (peers.PeerError, signing.SignatureError, ValueError):
            continue  # an entry we could not use anyway
        candidate = found.setdefault(
            node_id,
            Candidate(
                node_id=node_id[:255],
                name=str(entry.get("name") or node_id)[:200],
                province_code=str(entry.get("city") or "")[:2],
                base_url=base_url,
            ),
        )
        candidate.fingerprints.append(fingerprint)
    return sorted(found.values(), key=lambda c: (c.province_code, c.name))
