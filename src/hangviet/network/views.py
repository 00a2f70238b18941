"""The network's HTTP side: the node descriptor, the catalog served to peers, and the officers' pages
(peers, their health, the message log)."""

import json
import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from hangviet.network import (
    buyer_side,
    feed,
    identity,
    inbound,
    mirror,
    peers,
    protocol,
    registry,
    signing,
    transport,
)
from hangviet.network.models import MessageLog, Peer, RemoteOrder
from hangviet.orders.apps import CART_COOKIE, CART_COOKIE_SALT
from hangviet.orders.forms import CheckoutForm
from hangviet.orders.models import Cart, Order, PaymentMethod
from hangviet.orders.services.cart import cart_for
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


@csrf_exempt
@require_POST
def lookup(request: HttpRequest) -> HttpResponse:
    """POST /network/v1/lookup (Beckn registry shape), when this node serves as the registry."""
    if not settings.HANGVIET_NETWORK_REGISTRY:
        return HttpResponse(status=404)
    started = time.monotonic()
    try:
        filters = json.loads(request.body or b"{}") if len(request.body) <= 4096 else None
    except ValueError:
        filters = None
    if not isinstance(filters, dict):
        return inbound.signed_response(400, protocol.nack(protocol.BAD_MESSAGE, "a JSON object of filters"))
    data = protocol.encode(registry.subscribers(filters))  # type: ignore[arg-type]
    transport.log(
        direction=MessageLog.Direction.INBOUND, peer="", action="lookup", started=started, status_code=200
    )
    response = HttpResponse(data, content_type="application/json")
    response["Signature"] = transport.sign_body(data)
    return response


# --- Officers' pages ------------------------------------------------------------------------------


@officer_required
def peer_list(request: HttpRequest) -> HttpResponse:
    """The peers with their health, the form to add one, and this node's own identity."""
    preview = None
    url = ""
    listed: list[str] = []  # the fingerprints the registry gave for the node previewed, if it came from there
    if request.method == "POST":
        url = request.POST.get("url", "")
        listed = request.POST.getlist("registry_fingerprint")[:10]
        try:
            preview = peers.preview(url)
        except peers.PeerError as exc:
            messages.error(request, str(exc))
    candidates = None
    if request.GET.get("registry") == "1" and settings.HANGVIET_NETWORK_REGISTRY_URL:
        try:
            candidates = registry.candidates()
        except registry.RegistryError as exc:
            messages.error(request, _("Không tra được sổ đăng ký: %(error)s") % {"error": exc})
    own = identity.descriptor()
    since = timezone.now() - timedelta(hours=24)
    failed = Q(status_code__isnull=True) | Q(status_code__gte=400) | ~Q(error="")
    metrics = {
        row["peer"]: row
        for row in MessageLog.objects.filter(created_at__gte=since)
        .values("peer")
        .annotate(messages=Count("id"), failures=Count("id", filter=failed), avg_ms=Avg("duration_ms"))
    }
    peer_rows = list(Peer.objects.order_by("name"))
    for peer in peer_rows:
        peer.metrics = metrics.get(peer.node_id, {"messages": 0, "failures": 0, "avg_ms": None})  # type: ignore[attr-defined]
    return render(
        request,
        "network/peers.html",
        {
            "peers": peer_rows,
            "preview": preview,
            "url": url,
            "registry_url": settings.HANGVIET_NETWORK_REGISTRY_URL,
            "candidates": candidates,
            "registry_match": sorted(listed) == sorted(preview.fingerprints) if preview and listed else None,
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


# --- Buyers: cross-province checkout and the order page -------------------------------------------


def _cart_of(request: HttpRequest) -> Cart | None:
    if request.user.is_authenticated:
        return cart_for(user=request.user, create=False)
    token = request.get_signed_cookie(CART_COOKIE, default=None, salt=CART_COOKIE_SALT)
    return cart_for(token=token, create=False)


def _buyer(form: CheckoutForm) -> dict[str, str]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "phone": data["phone"],
        "email": data.get("email") or "",
        "street": data["street"],
        "commune_code": data["commune"].pk,
    }


def remote_checkout(request: HttpRequest, peer: int) -> HttpResponse:
    """Order a cart's items of another province: a fresh quote from their node (changes shown), then
    the order placed there. Nothing is ordered until the buyer confirms the quote."""
    node = get_object_or_404(Peer, pk=peer, status=Peer.Status.ACTIVE)
    if request.method == "POST":  # a double submit of a confirmed order: that order (its lines left the cart)
        done = RemoteOrder.objects.filter(transaction_id=request.POST.get("transaction_id", "")[:100]).first()
        if done is not None:
            return redirect("network:order", transaction_id=done.transaction_id)
    items = buyer_side.remote_items(_cart_of(request)).get(node, [])
    if not items:
        return redirect("orders:cart")
    step = request.POST.get("step", "") if request.method == "POST" else ""
    form = CheckoutForm(request.POST or None)
    context: dict[str, object] = {"peer": node, "items": items, "form": form}
    if step and form.is_valid():
        transaction_id = request.POST.get("transaction_id", "")
        if not protocol.is_id(transaction_id):
            transaction_id = protocol.new_id()
        payment_type = "VIETQR" if form.cleaned_data["payment_method"] == PaymentMethod.VIETQR else "COD"
        try:
            if step == "confirm":
                expected = form.cleaned_data.get("expected_total_vnd") or 0
                remote = buyer_side.confirm(
                    peer=node,
                    items=items,
                    buyer=_buyer(form),
                    payment_type=payment_type,
                    expected_total_vnd=expected,
                    transaction_id=transaction_id,
                    user=request.user,
                )
                return redirect("network:order", transaction_id=remote.transaction_id)
            quote = buyer_side.select(
                peer=node, items=items, buyer=_buyer(form), transaction_id=transaction_id
            )
        except buyer_side.RemoteOrderError as exc:
            context["error"] = exc.message
            return render(request, "network/checkout.html", context, status=409)
        context.update(
            quote=quote,
            transaction_id=transaction_id,
            hidden=form.as_hidden_data(),
            payment_ok=payment_type in quote.payment_types,
        )
        return render(request, "network/checkout.html", context)
    return render(request, "network/checkout.html", context, status=422 if step else 200)


def remote_order(request: HttpRequest, transaction_id: str) -> HttpResponse:
    """A cross-province order as its seller's node last reported it (the link is the buyer's: an
    unguessable id; a signed-in buyer's order is theirs only)."""
    remote = get_object_or_404(RemoteOrder.objects.select_related("peer"), transaction_id=transaction_id)
    if remote.buyer_id is not None and remote.buyer_id != getattr(request.user, "pk", None):
        return HttpResponse(status=404)
    if request.method == "POST" and request.POST.get("cancel") == "1":
        try:
            buyer_side.cancel(remote=remote, reason=request.POST.get("reason", "")[:500])
        except buyer_side.RemoteOrderError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã huỷ đơn."))
        return redirect("network:order", transaction_id=transaction_id)
    return render(
        request,
        "network/order.html",
        {"remote": remote, "events": remote.events.all(), "status_label": _status_label(remote.status)},
    )


def _status_label(status: str) -> str:
    return str(dict(Order.Status.choices).get(status, status))
