"""Pages of trade promotion: events calendar, fairs and their booth maps, applications, buy requests,
showrooms and their counter, trips and MoUs, training, contests and news. Thin: services decide."""

import base64
import datetime
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.core import limits, vietqr
from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.files import serve_private_file
from hangviet.core.forms import WholeNumberField, show_service_errors
from hangviet.orders.forms import B2BOrderForm
from hangviet.orders.services import BuyerDetails
from hangviet.promotion import exports, queries
from hangviet.promotion.errors import BuyRequestClosed
from hangviet.promotion.forms import (
    ApplicationForm,
    AssignForm,
    BoothGridForm,
    BuyRequestForm,
    CounterForm,
    DecisionForm,
    FairForm,
    MouForm,
    MouStatusForm,
    OfferForm,
    ResultsForm,
    StockChangeForm,
)
from hangviet.promotion.models import (
    Booth,
    BoothApplication,
    BuyRequest,
    Fair,
    Mou,
    Offer,
    Showroom,
    ShowroomSale,
    SupplierMatch,
    TrainingSession,
    Trip,
)
from hangviet.promotion.services import fairs, showrooms, sourcing, trips
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import is_officer, member_shop, member_shops, officer_required

PAGE_SIZE = 30
_QUANTITY = WholeNumberField(max_value=limits.QUANTITY_MAX)  # the counter's and the receipt's qty-<id> fields


def _actor(request: HttpRequest) -> User:
    """The signed-in user (views that call services are behind login_required or officer_required)."""
    return cast(User, request.user)


def _domain_message(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)


# --- events calendar --------------------------------------------------------------------------------


@require_safe
def events(request: HttpRequest) -> HttpResponse:
    return render(request, "promotion/events.html", {"events": queries.upcoming_events()})


@require_safe
def events_ics(request: HttpRequest) -> HttpResponse:
    body = exports.icalendar(
        queries.upcoming_events(),
        base_url=settings.HANGVIET_BASE_URL,
        name=_("Hội chợ và phiên chợ hàng Việt"),
    )
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hangviet-events.ics"'
    return response


# --- fairs (public) ------------------------------------------------------------------------------------


@require_safe
def fair_list(request: HttpRequest) -> HttpResponse:
    fairs = Paginator(queries.public_fairs().order_by("-starts_on"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "promotion/fair_list.html", {"page": fairs})


@require_safe
def fair_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        fair = queries.fair_with_map(slug)
    except Fair.DoesNotExist as exc:
        raise Http404 from exc
    booths = list(fair.booths.all())
    my_sellers = list(member_shops(request.user).order_by("trading_name"))
    today = timezone.localdate()
    return render(
        request,
        "promotion/fair_detail.html",
        {
            "fair": fair,
            "grid": queries.booth_grid(booths),
            "exhibitors": queries.exhibitors(fair),
            "summary": queries.fair_summary(fair),
            "is_open": fair.applications_open_on <= today <= fair.applications_close_on,
            "my_sellers": my_sellers,
        },
    )


@login_required
def fair_apply(request: HttpRequest, slug: str, shop: str) -> HttpResponse:
    fair = get_object_or_404(queries.public_fairs(), slug=slug)
    seller = member_shop(request.user, shop)
    existing = BoothApplication.objects.filter(fair=fair, seller=seller).first()
    form = ApplicationForm(request.POST or None, seller=seller)
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            fairs.apply_for_booths(
                actor=_actor(request),
                fair=fair,
                seller=seller,
                booths_wanted=form.cleaned_data["booths_wanted"],
                booth_kind=form.cleaned_data["booth_kind"],
                products=form.cleaned_data["products"],
                note=form.cleaned_data["note"],
            )
        except ValidationFailed as exc:
            show_service_errors(form, exc)
        except DomainError as exc:
            form.add_error("products" if exc.field == "products" else None, exc.message)
        else:
            messages.success(request, _("Đã gửi đăng ký gian hàng. Cán bộ sẽ xét duyệt và xếp gian hàng."))
            return redirect("promotion:fair_apply", slug=fair.slug, shop=seller.slug)
    return render(
        request,
        "promotion/fair_apply.html",
        {"fair": fair, "seller": seller, "form": form, "application": existing},
    )


@login_required
@require_POST
def fair_withdraw(request: HttpRequest, slug: str, shop: str) -> HttpResponse:
    application = get_object_or_404(BoothApplication, fair__slug=slug, seller=member_shop(request.user, shop))
    try:
        fairs.withdraw_application(actor=_actor(request), application=application)
    except DomainError as exc:
        _domain_message(request, exc)
    else:
        messages.success(request, _("Đã rút đăng ký."))
    return redirect("promotion:fair_apply", slug=slug, shop=shop)


# --- fairs (officer) -----------------------------------------------------------------------------------


@officer_required
def officer_fairs(request: HttpRequest) -> HttpResponse:
    fairs = Fair.objects.select_related("commune").order_by("-starts_on")[:200]
    return render(request, "promotion/officer_fairs.html", {"fairs": fairs})


@officer_required
def officer_fair_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = FairForm(request.POST)
        if not form.wants_commune_list() and form.is_valid():
            try:
                fair = fairs.create_fair(actor=_actor(request), **form.service_fields())
            except ValidationFailed as exc:
                show_service_errors(form, exc)
            else:
                messages.success(request, _("Đã tạo hội chợ. Hãy thêm sơ đồ gian hàng."))
                return redirect("promotion:officer_fair", slug=fair.slug)
        elif form.wants_commune_list():
            form = FairForm(initial=request.POST.dict())
    else:
        form = FairForm()
    return render(request, "promotion/officer_fair_new.html", {"form": form})


@officer_required
def officer_fair(request: HttpRequest, slug: str) -> HttpResponse:
    fair = get_object_or_404(Fair.objects.select_related("commune", "province"), slug=slug)
    grid_form = BoothGridForm(request.POST or None)
    if request.method == "POST" and grid_form.is_valid():
        try:
            data = dict(grid_form.cleaned_data)
            made = fairs.add_booth_grid(
                actor=_actor(request), fair=fair, prefix=data.pop("code_prefix"), **data
            )
        except ValidationFailed as exc:
            show_service_errors(grid_form, exc)
        else:
            messages.success(request, _("Đã thêm %(n)s gian hàng.") % {"n": len(made)})
            return redirect("promotion:officer_fair", slug=fair.slug)
    status = request.GET.get("status") or ""
    applications = (
        fair.applications.select_related("seller")
        .prefetch_related("booths", "products")
        .order_by("created_at")
    )
    if status in BoothApplication.Status.values:
        applications = applications.filter(status=status)
    booths = list(fair.booths.select_related("application"))
    return render(
        request,
        "promotion/officer_fair.html",
        {
            "fair": fair,
            "grid_form": grid_form,
            "applications": applications[:500],
            "status": status,
            "statuses": BoothApplication.Status.choices,
            "grid": queries.booth_grid(booths),
            "summary": queries.fair_summary(fair),
            "assign_form": AssignForm(),
            "decision_form": DecisionForm(),
            "results_form": ResultsForm(),
        },
    )


@officer_required
@require_POST
def officer_application(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """approve (auto or named booths), waitlist, reject, results: one POST per decision."""
    application = get_object_or_404(BoothApplication.objects.select_related("fair"), pk=pk)
    actor = _actor(request)
    try:
        if action == "approve":
            form = AssignForm(request.POST)
            form.is_valid()
            codes = form.codes()
            booths = None
            if codes:
                booths = list(Booth.objects.filter(fair=application.fair, code__in=codes))
                if len(booths) != len(set(codes)):
                    raise ValidationFailed(
                        [
                            {
                                "field": "booths",
                                "code": "unknown",
                                "message": _("Có mã gian hàng không tồn tại."),
                            }
                        ]
                    )
            result = fairs.approve_application(actor=actor, application=application, booths=booths)
            if result.status == BoothApplication.Status.WAITLISTED:
                messages.warning(request, _("Không còn đủ gian hàng trống: đã đưa vào danh sách chờ."))
            else:
                messages.success(
                    request, _("Đã duyệt và xếp gian hàng cho %(name)s.") % {"name": result.organisation_name}
                )
        elif action == "waitlist":
            fairs.waitlist_application(
                actor=actor, application=application, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Đã đưa vào danh sách chờ."))
        elif action == "reject":
            fairs.reject_application(
                actor=actor, application=application, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Đã từ chối đăng ký."))
        elif action == "results":
            results = ResultsForm(request.POST)
            if not results.is_valid():
                raise ValidationFailed(
                    [{"field": "", "code": "invalid", "message": _("Số liệu không hợp lệ.")}]
                )
            fairs.record_results(actor=actor, application=application, **results.cleaned_data)
            messages.success(request, _("Đã ghi kết quả."))
        else:
            raise Http404
    except ValidationFailed as exc:
        messages.error(request, " ".join(e["message"] for e in exc.errors))
    except DomainError as exc:
        _domain_message(request, exc)
    return redirect("promotion:officer_fair", slug=application.fair.slug)


# --- buy requests ----------------------------------------------------------------------------------------


@require_safe
def buy_request_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.open_buy_requests(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "promotion/buy_request_list.html", {"page": page})


@login_required
def buy_request_new(request: HttpRequest) -> HttpResponse:
    initial = {"contact_email": getattr(request.user, "email", "") or ""}
    form = BuyRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            buy_request = sourcing.post_buy_request(actor=_actor(request), **form.cleaned_data)
        except ValidationFailed as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Đã đăng nhu cầu mua. Các nhà cung cấp phù hợp đã được báo tin."))
            return redirect("promotion:buy_request", pk=buy_request.pk)
    return render(request, "promotion/buy_request_new.html", {"form": form})


def _offer_sellers(request: HttpRequest) -> Any:
    return member_shops(request.user).filter(status=Seller.Status.VERIFIED).order_by("trading_name")


def buy_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    buy_request = get_object_or_404(BuyRequest.objects.select_related("category", "delivery_province"), pk=pk)
    is_buyer = request.user.is_authenticated and buy_request.buyer_id == request.user.pk
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    sellers = _offer_sellers(request)
    offer_form = OfferForm(request.POST or None, sellers=sellers)
    if request.method == "POST" and offer_form.is_valid():
        data = offer_form.cleaned_data
        try:
            sourcing.make_offer(actor=_actor(request), buy_request=buy_request, **data)
        except ValidationFailed as exc:
            show_service_errors(offer_form, exc)
        except DomainError as exc:
            offer_form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã gửi chào giá."))
            return redirect("promotion:buy_request", pk=buy_request.pk)
    matches: list[SupplierMatch] = []
    offers: list[Offer] = []
    my_offers: list[Offer] = []
    if is_buyer or is_officer(request.user):
        matches = list(buy_request.matches.select_related("seller", "seller__province"))
        for match in matches:
            match.reason_texts = [queries.reason_text(r) for r in match.reasons]  # type: ignore[attr-defined]
        offers = list(queries.offers_for(buy_request))
    elif request.user.is_authenticated:
        my_offers = list(queries.offers_for(buy_request).filter(seller__in=sellers))
    return render(
        request,
        "promotion/buy_request_detail.html",
        {
            "br": buy_request,
            "is_buyer": is_buyer,
            "matches": matches,
            "offers": offers,
            "my_offers": my_offers,
            "offer_form": offer_form if sellers.exists() and buy_request.status == "open" else None,
        },
    )


@login_required
@require_POST
def offer_accept(request: HttpRequest, pk: int, offer_id: int) -> HttpResponse:
    offer = get_object_or_404(
        Offer.objects.select_related("buy_request", "seller"), pk=offer_id, buy_request_id=pk
    )
    try:
        sourcing.accept_offer(
            actor=_actor(request), offer=offer, create_mou=bool(request.POST.get("create_mou"))
        )
    except DomainError as exc:
        _domain_message(request, exc)
    else:
        messages.success(request, _("Đã chọn chào giá của %(name)s.") % {"name": offer.seller.trading_name})
    return redirect("promotion:buy_request", pk=pk)


@login_required
def offer_order(request: HttpRequest, pk: int, offer_id: int) -> HttpResponse:
    """The buyer accepts an offer as a marketplace order: the seller's product, the delivery address and
    how to pay; price and quantity are the offer's (orders.services.place_b2b_order)."""
    offer = get_object_or_404(
        Offer.objects.select_related("buy_request", "seller"), pk=offer_id, buy_request_id=pk
    )
    buy_request = offer.buy_request
    if buy_request.buyer_id != request.user.pk:
        raise PermissionDenied(_("Chỉ bên đăng nhu cầu mua được chọn chào giá."))
    if buy_request.status != BuyRequest.Status.OPEN:
        messages.error(request, BuyRequestClosed.message)
        return redirect("promotion:buy_request", pk=pk)
    products = Product.objects.filter(seller=offer.seller, status=Product.Status.ACTIVE).order_by("name")
    initial: dict[str, Any] = {
        "name": buy_request.buyer_name,
        "phone": buy_request.contact_phone,
        "email": buy_request.contact_email,
        "street": buy_request.delivery_place,
        "province": buy_request.delivery_province_id,
    }
    if buy_request.category_id:
        initial["product"] = products.filter(category_id=buy_request.category_id).first()
    form = B2BOrderForm(request.POST or None, products=products, initial=initial)
    if request.method == "POST" and form.wants_commune_list():
        form.errors.clear()  # type: ignore[attr-defined]
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _accepted, checkout = sourcing.accept_offer_as_order(
                actor=_actor(request),
                offer=offer,
                product=data["product"],
                buyer=BuyerDetails(
                    name=data["name"],
                    phone=data["phone"],
                    email=data.get("email") or "",
                    street=data["street"],
                    commune_code=data["commune"].pk,
                    province_code=data["province"].pk,
                ),
                payment_method=data["payment_method"],
                create_mou=bool(request.POST.get("create_mou")),
            )
        except ValidationFailed as exc:  # also OutOfStock: the product and what is left
            for error in exc.errors:
                name = B2BOrderForm.SERVICE_FIELDS.get(error.get("field", ""))
                form.add_error(name, error["message"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Đã chọn chào giá của %(name)s và đặt hàng.") % {"name": offer.seller.trading_name},
            )
            return redirect("orders:checkout_done", code=checkout.code)
    return render(
        request,
        "promotion/offer_order.html",
        {
            "offer": offer,
            "br": buy_request,
            "form": form,
            "has_products": products.exists(),
            "create_mou": bool(request.POST.get("create_mou")),
        },
    )


@login_required
@require_POST
def buy_request_close(request: HttpRequest, pk: int) -> HttpResponse:
    buy_request = get_object_or_404(BuyRequest, pk=pk)
    try:
        sourcing.close_buy_request(actor=_actor(request), buy_request=buy_request)
    except DomainError as exc:
        _domain_message(request, exc)
    return redirect("promotion:buy_request", pk=pk)


# --- showrooms ---------------------------------------------------------------------------------------------


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
        qr = "data:image/svg+xml;base64," + base64.b64encode(vietqr.qr_svg(payload).encode()).decode()
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
    sellers = Seller.objects.filter(status=Seller.Status.VERIFIED).order_by("trading_name")
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


# --- trips and MoUs -----------------------------------------------------------------------------------------


@require_safe
def trip_list(request: HttpRequest) -> HttpResponse:
    return render(request, "promotion/trip_list.html", {"trips": queries.trips_with_counts()})


def trip_detail(request: HttpRequest, slug: str) -> HttpResponse:
    trip = get_object_or_404(Trip.objects.select_related("partner_province"), slug=slug)
    officer = is_officer(request.user)
    form = MouForm(request.POST or None, request.FILES or None) if officer else None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not officer:
            raise PermissionDenied(_("Chỉ cán bộ Sở Công Thương được làm việc này."))
        assert form is not None
        if form.is_valid():
            data = dict(form.cleaned_data)
            document = data.pop("document")
            try:
                trips.record_mou(actor=_actor(request), trip=trip, document=document, **data)
            except ValidationFailed as exc:
                show_service_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi biên bản ghi nhớ / hợp đồng."))
                return redirect("promotion:trip", slug=trip.slug)
    return render(
        request,
        "promotion/trip_detail.html",
        {
            "trip": trip,
            "participants": trip.participants.select_related("seller"),
            "mous": trip.mous.select_related("supplier"),
            "form": form,
            "status_form": MouStatusForm() if officer else None,
        },
    )


@officer_required
@require_safe
def mou_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An MoU's scanned PDF, for officers: the trip page shows its link to them only."""
    mou = get_object_or_404(Mou, pk=pk)
    return serve_private_file(
        mou.document, content_type="application/pdf", filename=f"bien-ban-{mou.pk}.pdf", inline=True
    )


@officer_required
@require_POST
def mou_status(request: HttpRequest, pk: int) -> HttpResponse:
    mou = get_object_or_404(Mou.objects.select_related("trip"), pk=pk)
    form = MouStatusForm(request.POST)
    if form.is_valid():
        try:
            trips.change_mou_status(
                actor=_actor(request),
                mou=mou,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            _domain_message(request, exc)
        else:
            messages.success(request, _("Đã cập nhật trạng thái."))
    return redirect("promotion:trip", slug=mou.trip.slug) if mou.trip else redirect("promotion:trips")


# --- training, contests, news -------------------------------------------------------------------------------


@require_safe
def trainings(request: HttpRequest) -> HttpResponse:
    sessions = TrainingSession.objects.order_by("-held_on")[:300]
    return render(
        request, "promotion/trainings.html", {"sessions": sessions, "totals": queries.training_totals()}
    )


@require_safe
def contests(request: HttpRequest) -> HttpResponse:
    return render(request, "promotion/contests.html", {"contests": queries.contests_with_entries()})


@require_safe
def news_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.published_news(), 12).get_page(request.GET.get("page"))
    return render(request, "promotion/news_list.html", {"page": page})


@require_safe
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(queries.published_news(), slug=slug)
    return render(request, "promotion/news_detail.html", {"post": post})
