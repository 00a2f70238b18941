"""Buy requests and offers: post, answer, compare, accept (as an MoU or an order), close."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hangviet.catalog.models import Product
from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.forms import show_service_errors
from hangviet.orders.forms import B2BOrderForm
from hangviet.orders.services.checkout import BuyerDetails
from hangviet.promotion import queries
from hangviet.promotion.errors import BuyRequestClosed
from hangviet.promotion.forms import BuyRequestForm, OfferForm
from hangviet.promotion.models import BuyRequest, Offer, SupplierMatch
from hangviet.promotion.services import sourcing
from hangviet.promotion.views._common import PAGE_SIZE, _actor, _domain_message
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import is_officer
from hangviet.sellers.queries import shops_of


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
    return shops_of(request.user).filter(status=Seller.Status.VERIFIED).order_by("trading_name")


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
    how to pay; price and quantity are the offer's (orders.services.checkout.place_b2b_order)."""
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
