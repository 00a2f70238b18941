"""The network's HTTP side: the node descriptor, the catalog served to peers, and the officers' pages
(peers, their health, the message log)."""

import time
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hangviet.network import feed, identity, inbound, mirror, peers, protocol, signing, transport
from hangviet.network.models import MessageLog, Peer
from hangviet.sellers.permissions import officer_required


@require_GET
def descriptor(request: HttpRequest) -> HttpResponse:
    """/.well-known/hangviet-node.json, signed by the oldest key still valid, so a peer that knows only
    that key takes up a new one announced here (peers.refresh_keys)."""
    data = protocol.encode(identity.descriptor())
    now = timezone.now()
    key = min((k for k in identity.node_keys() if k.is_valid(now)), key=lambda k: k.valid_from)
    created = int(time.time())
    response = HttpResponse(data, content_type="application/json")
    response["Signature"] = signing.header(
        data,
        node_id=identity.node_id(),
        key_id=key.key_id,
        private_key=key.private_key,
        created=created,
        expires=created + transport.SIGNATURE_LIFETIME,
    )
    response["Cache-Control"] = "public, max-age=60"
    return response


def _bounded_int(value: str | None, default: int, maximum: int) -> int | None:
    if value is None or value == "":
        return default
    if not value.isdigit() or len(value) > 18:
        return None
    return min(int(value), maximum)


@require_GET
def catalog(request: HttpRequest) -> HttpResponse:
    """GET /network/v1/catalog?since=&limit=: a signed page of this node's catalog changes."""
    started = time.monotonic()
    checked = inbound.authenticate(request)
    if isinstance(checked, HttpResponse):
        return checked
    peer, _body = checked
    since = _bounded_int(request.GET.get("since"), 0, 2**62)
    limit = _bounded_int(request.GET.get("limit"), feed.DEFAULT_PAGE, feed.MAX_PAGE)
    if since is None or limit is None or limit < 1:
        body = protocol.nack(protocol.BAD_MESSAGE, "since and limit are whole numbers", "query")
        transport.log(
            direction=MessageLog.Direction.INBOUND,
            peer=peer.node_id,
            action="catalog",
            started=started,
            status_code=400,
            error="bad query",
        )
        return inbound.signed_response(400, body)
    page = feed.catalog_page(since, limit)
    transport.log(
        direction=MessageLog.Direction.INBOUND,
        peer=peer.node_id,
        action="catalog",
        started=started,
        status_code=200,
    )
    return inbound.signed_response(200, page)


# --- Officers' pages ------------------------------------------------------------------------------


@officer_required
def peer_list(request: HttpRequest) -> HttpResponse:
    """The peers with their health, the form to add one, and this node's own identity."""
    preview = None
    url = ""
    if request.method == "POST":
        url = request.POST.get("url", "")
        try:
            preview = peers.preview(url)
        except peers.PeerError as exc:
            messages.error(request, str(exc))
    own = identity.descriptor()
    return render(
        request,
        "network/peers.html",
        {
            "peers": Peer.objects.order_by("name"),
            "preview": preview,
            "url": url,
            "own": own,
            "own_fingerprints": [(k["key_id"], signing.fingerprint(k["public_key"])) for k in own["keys"]],
        },
    )


@officer_required
@require_POST
def peer_confirm(request: HttpRequest) -> HttpResponse:
    try:
        peer = peers.add_peer(
            actor=request.user,  # type: ignore[arg-type]
            url=request.POST.get("url", ""),
            fingerprints=request.POST.getlist("fingerprint"),
        )
    except peers.PeerError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã kết nối với %(name)s.") % {"name": peer.name})
    return redirect("network:peers")


@officer_required
@require_POST
def peer_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    peer = get_object_or_404(Peer, pk=pk)
    suspended = request.POST.get("suspend") == "1"
    peers.set_suspended(actor=request.user, peer=peer, suspended=suspended)  # type: ignore[arg-type]
    if suspended:
        messages.success(request, _("Đã tạm ngừng kết nối với %(name)s.") % {"name": peer.name})
    else:
        messages.success(request, _("Đã kết nối lại với %(name)s.") % {"name": peer.name})
    return redirect("network:peers")


@officer_required
@require_POST
def peer_sync(request: HttpRequest, pk: int) -> HttpResponse:
    peer = get_object_or_404(Peer, pk=pk, status=Peer.Status.ACTIVE)
    result = mirror.sync_peer(peer)
    peer.refresh_from_db()
    if peer.last_error and peer.last_error_at and peer.last_error_at >= timezone.now() - timedelta(seconds=5):
        messages.error(request, _("Đồng bộ chưa xong: %(error)s") % {"error": peer.last_error})
    else:
        messages.success(
            request,
            _("Đã đồng bộ %(items)s sản phẩm, %(deleted)s sản phẩm bị gỡ.")
            % {"items": result.items, "deleted": result.deleted},
        )
    return redirect("network:peers")


@officer_required
def message_log(request: HttpRequest) -> HttpResponse:
    """Every message in and out, newest first, filtered by peer, direction or errors only."""
    rows = MessageLog.objects.all()
    peer = request.GET.get("peer", "")[:255]
    direction = request.GET.get("direction", "")
    if peer:
        rows = rows.filter(peer=peer)
    if direction in MessageLog.Direction.values:
        rows = rows.filter(direction=direction)
    if request.GET.get("errors") == "1":
        rows = rows.exclude(error="")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "network/log.html",
        {"page": page, "peer": peer, "direction": direction, "errors": request.GET.get("errors") == "1"},
    )
