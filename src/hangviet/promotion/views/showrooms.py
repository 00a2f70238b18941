"""OCOP showrooms: public pages, the counter, consignment receipts, stock changes, settlement."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hangviet.catalog.models import Product
from hangviet.core import limits, vietqr
from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.forms import WholeNumberField, show_service_errors
from hangviet.promotion import exports, queries
from hangviet.promotion.forms import CounterForm, StockChangeForm
from hangviet.promotion.models import Showroom, ShowroomSale
from hangviet.promotion.services import showrooms
from hangviet.promotion.views._common import _actor
from hangviet.sellers.models import Seller
from hangviet.sellers.queries import own_sellers

_QUANTITY = WholeNumberField(max_value=limits.QUANTITY_MAX)  # the counter's and the receipt's qty-<id> fields


@require_safe
def showroom_list(request: HttpRequest) -> HttpResponse:
    return render(request, "promotion/showroom_list.html", {"showrooms": queries.showrooms()})


@require_safe
def showroom_detail(request: HttpRequest, slug: str) -> HttpResponse:
    showroom = get_object_or_404(queries.showrooms(), slug=slug)
    items = queries.showroom_items(showroom).filter(quantity__gt=0)
    return render(
        request,
        "promotion/showroom_detail.html",
        {
            "showroom": showroom,
            "items": items,
            "can_operate": queries.can_operate_showroom(request.user, showroom),
        },
    )


def _operated_showroom(request: HttpRequest, slug: str) -> Showroom:
    showroom = get_object_or_404(Showroom, slug=slug)
    if not queries.can_operate_showroom(request.user, showroom):
        raise PermissionDenied(_("Chỉ nhân viên cửa hàng hoặc cán bộ được làm việc này."))
    return showroom


@login_required
def showroom_counter(request: HttpRequest, slug: str) -> HttpResponse:
    """The point of sale: search or scan, type quantities, choose cash or VietQR, sell."""
    showroom = _operated_showroom(request, slug)
    q = (request.GET.get("q") or "").strip()[:100]
    items = list(queries.showroom_items(showroom, q)[:100])
    form = CounterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lines: list[tuple[Product, int]] = []
        by_product = {str(i.product_id): i for i in queries.showroom_items(showroom)}
        error = None
        for key in request.POST:
            value = request.POST.get(key) or ""
            if not key.startswith("qty-") or not value.strip():
                continue
            item = by_product.get(key[4:])
            try:
                qty = _QUANTITY.clean(value)
            except ValidationError as exc:
                error = exc.messages[0]
                continue
            if item is None:
                error = _("Sản phẩm không có tại cửa hàng này.")
                continue
            if qty:
                lines.append((item.product, qty))
        if error:
            form.add_error(None, error)
        elif not lines:
            form.add_error(None, _("Nhập số lượng cho ít nhất một sản phẩm."))
        else:
            try:
                sale = showrooms.sell_at_counter(
                    actor=_actor(request),
                    showroom=showroom,
                    lines=lines,
                    payment=form.cleaned_data["payment"],
                )
            except ValidationFailed as exc:
                show_service_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("promotion:showroom_sale", slug=showroom.slug, number=sale.number)
    return render(
        request,
        "promotion/showroom_counter.html",
        {"showroom": showroom, "items": items, "q": q, "form": form},
    )


@login_required
@require_safe
def showroom_sale(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    showroom = _operated_showroom(request, slug)
    sale = get_object_or_404(
        ShowroomSale.objects.prefetch_related("lines__product"), showroom=showroom, number=number
    )
    qr = None
    if sale.payment == ShowroomSale.Payment.VIETQR and showroom.bank_bin and showroom.bank_account:
        payload = vietqr.build_payload(
            bin=showroom.bank_bin, account=showroom.bank_account, amount=sale.total_vnd, note=sale.number
        )
        qr = vietqr.qr_svg_data_uri(payload, title=f"VietQR {sale.number}")
    return render(request, "promotion/showroom_sale.html", {"showroom": showroom, "sale": sale, "qr": qr})


@login_required
def showroom_receive(request: HttpRequest, slug: str) -> HttpResponse:
    """Consignment receipt: choose the producer, then the quantity of each of its products."""
    showroom = _operated_showroom(request, slug)
    seller = None
    seller_id = request.POST.get("seller") or request.GET.get("seller")
    if seller_id and str(seller_id).isdigit():
        seller = Seller.objects.filter(pk=seller_id, status=Seller.Status.VERIFIED).first()
    products = (
        list(Product.objects.filter(seller=seller).exclude(status="archived").order_by("name"))
        if seller
        else []
    )
    error = None
    if request.method == "POST" and seller:
        lines = []
        for product in products:
            raw = (request.POST.get(f"qty-{product.pk}") or "").strip()
            if raw:
                try:
                    qty = _QUANTITY.clean(raw)
                except ValidationError as exc:
                    error = exc.messages[0]
                    break
                if qty:
                    lines.append((product, qty))
        if error is None:
            try:
                receipt = showrooms.receive_consignment(
                    actor=_actor(request),
                    showroom=showroom,
                    seller=seller,
                    lines=lines,
                    note=request.POST.get("note", ""),
                )
            except DomainError as exc:
                error = (
                    " ".join(e["message"] for e in exc.errors)
                    if isinstance(exc, ValidationFailed)
                    else exc.message
                )
            else:
                messages.success(request, _("Đã lập phiếu nhận hàng %(n)s.") % {"n": receipt.number})
                return redirect("promotion:showroom_moves", slug=showroom.slug)
    sellers = own_sellers().filter(status=Seller.Status.VERIFIED).order_by("trading_name")
    return render(
        request,
        "promotion/showroom_receive.html",
        {"showroom": showroom, "seller": seller, "sellers": sellers, "products": products, "error": error},
    )


@login_required
def showroom_stock_change(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """Return goods to their producer, or adjust a count with a reason."""
    if kind not in ("return", "adjust"):
        raise Http404
    showroom = _operated_showroom(request, slug)
    products = Product.objects.filter(showroom_items__showroom=showroom).order_by("name")
    form = StockChangeForm(request.POST or None, products=products)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "return":
                showrooms.return_to_producer(
                    actor=_actor(request),
                    showroom=showroom,
                    product=data["product"],
                    quantity=data["quantity"],
                    reason=data["reason"],
                )
            else:
                showrooms.adjust_showroom_stock(
                    actor=_actor(request),
                    showroom=showroom,
                    product=data["product"],
                    delta=data["quantity"],
                    reason=data["reason"],
                )
        except ValidationFailed as exc:
            show_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã ghi nhận."))
            return redirect("promotion:showroom_moves", slug=showroom.slug)
    return render(
        request, "promotion/showroom_stock_change.html", {"showroom": showroom, "form": form, "kind": kind}
    )


@login_required
@require_safe
def showroom_moves(request: HttpRequest, slug: str) -> HttpResponse:
    showroom = _operated_showroom(request, slug)
    page = Paginator(queries.stock_moves(showroom), 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "promotion/showroom_moves.html",
        {
            "showroom": showroom,
            "page": page,
            "consignors": queries.consignors(showroom),
            "month": f"{today:%Y-%m}",
        },
    )


@login_required
@require_safe
def showroom_settlement(request: HttpRequest, slug: str) -> HttpResponse:
    """Monthly consignment settlement of one producer as XLSX (?seller=<id>&month=YYYY-MM)."""
    showroom = _operated_showroom(request, slug)
    seller = get_object_or_404(
        Seller, pk=request.GET.get("seller") if (request.GET.get("seller") or "").isdigit() else 0
    )
    try:
        month = datetime.datetime.strptime(request.GET.get("month") or "", "%Y-%m").date()
    except ValueError:
        return HttpResponse(
            _("Tháng không hợp lệ (YYYY-MM)."), status=400, content_type="text/plain; charset=utf-8"
        )
    settlement = queries.consignment_settlement(showroom, seller, month)
    response = HttpResponse(
        exports.settlement_xlsx(settlement),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="quyet-toan-{showroom.slug}-{seller.slug}-{month:%Y-%m}.xlsx"'
    )
    return response
