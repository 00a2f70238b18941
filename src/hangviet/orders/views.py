"""Buyer pages: cart, checkout with a review step, orders, tracking (the seller centre: seller_views.py).

Everything works without JavaScript: each action is a small POST form. Guests reach their orders through
the session (granted at checkout, or by tracking with the order code and phone number).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hangviet.catalog.models import Product
from hangviet.catalog.stock import OutOfStock
from hangviet.core import vietqr
from hangviet.core.errors import DomainError, ValidationFailed, message_of
from hangviet.core.forms import show_service_errors
from hangviet.core.models import Province
from hangviet.orders import queries
from hangviet.orders.apps import CART_COOKIE, CART_COOKIE_SALT
from hangviet.orders.errors import CartCheckedOut, PriceChanged
from hangviet.orders.forms import (
    AddToCartForm,
    CheckoutForm,
    ReasonForm,
    ReviewForm,
    SavedAddressForm,
    TrackForm,
)
from hangviet.orders.models import Cart, Checkout, Order, OrderItem
from hangviet.orders.services.addresses import delete_address, save_address
from hangviet.orders.services.cart import add_to_cart, cart_for, set_cart_quantity
from hangviet.orders.services.checkout import BuyerDetails, place_order
from hangviet.orders.services.lifecycle import allowed_moves, cancel_by_buyer, request_return
from hangviet.orders.services.reviews import post_review

SESSION_ORDERS = "hv_orders"  # {order code: buyer phone} the guest may see
SESSION_CHECKOUTS = "hv_checkouts"
COOKIE_AGE = 60 * 60 * 24 * 30


# Checkout fields as the service names them → the checkout form's fields.
CHECKOUT_FIELDS = {
    "buyer.name": "name",
    "buyer.phone": "phone",
    "buyer.email": "email",
    "address.street": "street",
    "address.commune_code": "commune",
    "address.province_code": "province",
}


# --- Cart -----------------------------------------------------------------------------------------


def _cart(request: HttpRequest, *, create: bool = False) -> Cart | None:
    if request.user.is_authenticated:
        return cart_for(user=request.user, create=create)
    token = request.get_signed_cookie(CART_COOKIE, default=None, salt=CART_COOKIE_SALT)
    return cart_for(token=token, create=create)


def _with_cart_cookie(request: HttpRequest, response: HttpResponse, cart: Cart | None) -> HttpResponse:
    if cart is not None and cart.user_id is None:
        response.set_signed_cookie(
            CART_COOKIE,
            cart.token,
            salt=CART_COOKIE_SALT,
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def cart_page(request: HttpRequest) -> HttpResponse:
    cart = _cart(request)
    summary = queries.cart_summary(cart)
    return render(request, "orders/cart.html", {"summary": summary})


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    """Add a product (from its page or the cart), then show the cart; "Mua ngay" (buy_now) goes to the
    checkout instead."""
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Số lượng không hợp lệ."))
        return redirect("orders:cart")
    product = get_object_or_404(Product.objects.select_related("seller"), slug=form.cleaned_data["product"])
    cart = _cart(request, create=True)
    assert cart is not None
    quantity = form.cleaned_data["quantity"] or 1
    buy_now = "buy_now" in request.POST
    try:
        if buy_now:  # "Mua ngay": the line holds exactly this quantity (a second click adds nothing more)
            set_cart_quantity(cart=cart, product=product, quantity=quantity)
        else:
            add_to_cart(cart=cart, product=product, quantity=quantity)
    except ValidationFailed as exc:
        messages.error(request, message_of(exc))
        return _with_cart_cookie(request, redirect("orders:cart"), cart)
    if buy_now:
        return _with_cart_cookie(request, redirect("orders:checkout"), cart)
    messages.success(request, _("Đã thêm %(name)s vào giỏ hàng.") % {"name": product.name})
    return _with_cart_cookie(request, redirect("orders:cart"), cart)


@require_POST
def cart_update(request: HttpRequest) -> HttpResponse:
    """Change a line's quantity (0 or the remove button takes it out)."""
    form = AddToCartForm(request.POST)
    cart = _cart(request)
    if cart is None or not form.is_valid():
        messages.error(request, _("Số lượng không hợp lệ."))
        return redirect("orders:cart")
    product = get_object_or_404(Product.objects.select_related("seller"), slug=form.cleaned_data["product"])
    quantity = 0 if "remove" in request.POST else form.cleaned_data["quantity"]
    try:
        set_cart_quantity(cart=cart, product=product, quantity=quantity)
    except ValidationFailed as exc:
        messages.error(request, message_of(exc))
    return redirect("orders:cart")


# --- Checkout -------------------------------------------------------------------------------------


def _initial(request: HttpRequest, addresses: list[Any]) -> dict[str, Any]:
    """A signed-in buyer's name and contacts; with ?address=<id>, that address of their book."""
    user = request.user
    if not user.is_authenticated:
        return {}
    initial = {"name": user.full_name, "phone": user.phone or "", "email": user.email or ""}  # type: ignore[union-attr]
    chosen = next((a for a in addresses if str(a.pk) == request.GET.get("address")), None)
    if chosen is None and addresses and "address" not in request.GET:
        chosen = addresses[0]  # the newest saved address, ready to use
    if chosen is not None:
        initial.update(
            name=chosen.name,
            phone=chosen.phone,
            street=chosen.street,
            province=chosen.province_id,
            commune=chosen.commune_id,
        )
    return initial


def _review(request: HttpRequest, form: CheckoutForm, cart: Cart, notice: str = "") -> HttpResponse:
    province: Province = form.cleaned_data["province"]
    summary = queries.cart_summary(cart, province)
    return render(
        request,
        "orders/review.html",
        {
            "form": form,
            "summary": summary,
            "hidden": form.as_hidden_data(),
            "commune": form.cleaned_data["commune"],
            "province": province,
            "method_label": dict(form.fields["payment_method"].choices)[form.cleaned_data["payment_method"]],  # type: ignore[attr-defined]
            "notice": notice,
            "cart": cart,
        },
    )


def checkout_page(request: HttpRequest) -> HttpResponse:
    """Step 1: the buyer and the address; POST shows step 2, the review (Art. 18) before the order is sent."""
    cart = _cart(request)
    summary = queries.cart_summary(cart)
    if cart is None or not summary.groups:
        messages.info(request, _("Giỏ hàng đang trống."))
        return redirect("orders:cart")
    if request.method == "POST":
        form = CheckoutForm(request.POST)
        if "edit" not in request.POST and not form.wants_commune_list() and form.is_valid():
            return _review(request, form, cart)
        if "edit" in request.POST or form.wants_commune_list():
            form.errors.clear()  # type: ignore[attr-defined]
        addresses = queries.addresses_of(request.user)
    else:
        addresses = queries.addresses_of(request.user)
        initial = _initial(request, addresses)
        form = CheckoutForm(
            initial=initial, commune_provinces=[initial["province"]] if "province" in initial else None
        )
    context = {"form": form, "summary": summary, "addresses": addresses}
    return render(request, "orders/checkout.html", context)


def _cart_to_place(request: HttpRequest) -> Cart | None:
    """The cart the form names, else this browser's or account's cart; checked out or not (a checked-out
    one leads to its checkout), unlike the cart pages, which show the open cart."""
    named = queries.cart_to_place(request.user, request.POST.get("cart"))
    if named is not None or request.user.is_authenticated:
        return named or _cart(request)
    token = request.get_signed_cookie(CART_COOKIE, default=None, salt=CART_COOKIE_SALT)
    return queries.guest_cart(token) if token else None


@require_POST
def checkout_place(request: HttpRequest) -> HttpResponse:
    """Step 3: place the orders; a changed price or stock sends the buyer back to look again. The form
    names its cart: sent twice (a double click, back and again), it shows the checkout the first made."""
    cart = _cart_to_place(request)
    form = CheckoutForm(request.POST)
    if cart is None or not form.is_valid():
        summary = queries.cart_summary(cart)
        return render(request, "orders/checkout.html", {"form": form, "summary": summary}, status=422)
    data = form.cleaned_data
    try:
        checkout = place_order(
            cart=cart,
            buyer=BuyerDetails(
                name=data["name"],
                phone=data["phone"],
                email=data.get("email") or "",
                street=data["street"],
                commune_code=data["commune"].pk,
                province_code=data["province"].pk,
            ),
            payment_method=data["payment_method"],
            user=request.user,
            expected_total_vnd=data.get("expected_total_vnd"),
        )
    except CartCheckedOut as exc:
        _grant(request, exc.checkout, exc.details["orders"])
        return redirect("orders:checkout_done", code=exc.checkout.code)
    except PriceChanged as exc:
        notice = message_of(exc)
        return _review(request, form, cart, notice=_("Giá đã thay đổi: %(what)s") % {"what": notice})
    except OutOfStock as exc:
        messages.error(request, message_of(exc))
        return redirect("orders:cart")
    except ValidationFailed as exc:
        show_service_errors(form, exc, CHECKOUT_FIELDS)
        summary = queries.cart_summary(cart)
        return render(request, "orders/checkout.html", {"form": form, "summary": summary}, status=422)
    _grant(request, checkout, [placed.order.code for placed in checkout.placed])
    return redirect("orders:checkout_done", code=checkout.code)


def _grant(request: HttpRequest, checkout: Checkout, order_codes: list[str]) -> None:
    """This browser may see the checkout and its orders (a guest has no account to prove it later)."""
    grants = request.session.get(SESSION_ORDERS, {})
    for code in order_codes:
        grants[code] = checkout.buyer_phone
    request.session[SESSION_ORDERS] = grants
    seen = request.session.get(SESSION_CHECKOUTS, [])
    if checkout.code not in seen:
        request.session[SESSION_CHECKOUTS] = [*seen[-20:], checkout.code]


def checkout_done(request: HttpRequest, code: str) -> HttpResponse:
    orders = list(queries.orders_of_checkout(code))
    if not orders:
        raise Http404
    mine = request.user.is_authenticated and orders[0].buyer_id == request.user.pk
    if not mine and code not in request.session.get(SESSION_CHECKOUTS, []):
        raise Http404
    for order in orders:
        _decorate(order)
    return render(request, "orders/checkout_done.html", {"checkout": orders[0].checkout, "orders": orders})


# --- Buyer's orders -------------------------------------------------------------------------------


def _decorate(order: Order) -> Order:
    """Attach what the order pages show: the QR (inline SVG) and bank details while a transfer is due."""
    order.transfer = None  # type: ignore[attr-defined]
    if order.vietqr_payload and order.is_awaiting_transfer:
        parsed = vietqr.parse_payload(order.vietqr_payload)
        order.transfer = {  # type: ignore[attr-defined]
            "payload": order.vietqr_payload,
            "svg": vietqr.qr_svg(order.vietqr_payload, title=f"VietQR {order.code}"),
            "bank": parsed.bank_name,
            "bin": parsed.bin,
            "account": parsed.account,
            "amount": parsed.amount,
            "note": parsed.note,
        }
    return order


def _buyer_access(request: HttpRequest, order: Order) -> str | None:
    """'user' or the guest's phone when the visitor may see the order as its buyer; None otherwise."""
    if request.user.is_authenticated and order.buyer_id == request.user.pk:
        return "user"
    phone = request.session.get(SESSION_ORDERS, {}).get(order.code)
    return phone or None


def _order_for_buyer(request: HttpRequest, code: str) -> tuple[Order, str]:
    order = queries.order_by_code(code)
    if order is None:
        raise Http404
    access = _buyer_access(request, order)
    if access is None:
        raise Http404
    return order, access


@login_required
def my_orders(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.orders_of_buyer(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "orders/my_orders.html", {"page": page})


def order_detail(request: HttpRequest, code: str) -> HttpResponse:
    order, _access = _order_for_buyer(request, code)
    return _order_page(request, order)


def _order_page(
    request: HttpRequest, order: Order, review_form: ReviewForm | None = None, review_item: int = 0
) -> HttpResponse:
    _decorate(order)
    moves = allowed_moves(order, "buyer")
    reviews = queries.reviewable_items(order)
    for item in order.items.all():
        item.reviewable = item.pk in reviews  # type: ignore[attr-defined]
        item.review = reviews.get(item.pk)  # type: ignore[attr-defined]
        item.review_form = (  # type: ignore[attr-defined]
            review_form
            if review_form is not None and item.pk == review_item
            else ReviewForm(prefix=f"r{item.pk}")
        )
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "can_cancel": Order.Status.CANCELLED in moves,
            "can_return": Order.Status.RETURN_REQUESTED in moves,
            "reason_form": ReasonForm(),
        },
        status=422 if review_form is not None else 200,
    )


@require_POST
def review_item(request: HttpRequest, code: str, item: int) -> HttpResponse:
    """The buyer rates one line of a delivered order (once); the form comes back with its errors."""
    order, access = _order_for_buyer(request, code)
    line = get_object_or_404(OrderItem, pk=item, order=order)
    form = ReviewForm(request.POST, prefix=f"r{line.pk}")
    if not form.is_valid():
        return _order_page(request, order, form, line.pk)
    try:
        post_review(
            item=line,
            stars=form.cleaned_data["stars"],
            text=form.cleaned_data["text"],
            actor=request.user if access == "user" else None,
            phone=None if access == "user" else access,
        )
    except ValidationFailed as exc:
        show_service_errors(form, exc, {"stars": "stars", "text": "text"})
        return _order_page(request, order, form, line.pk)
    except DomainError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("Cảm ơn bạn đã đánh giá %(name)s.") % {"name": line.product_name})
    return redirect("orders:detail", code=order.code)


def order_qr_png(request: HttpRequest, code: str) -> HttpResponse:
    order, _access = _order_for_buyer(request, code)
    if not order.vietqr_payload or not order.is_awaiting_transfer:
        raise Http404
    response = HttpResponse(vietqr.qr_png(order.vietqr_payload), content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = f'inline; filename="vietqr-{order.code}.png"'
    return response


@require_POST
def order_buyer_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    order, access = _order_for_buyer(request, code)
    actor = request.user if access == "user" else None
    phone = None if access == "user" else access
    form = ReasonForm(request.POST)
    reason = form.data.get("reason", "")
    try:
        if action == "cancel":
            cancel_by_buyer(order=order, actor=actor, phone=phone, reason=str(reason))
            messages.success(request, _("Đã huỷ đơn %(code)s.") % {"code": order.code})
        elif action == "return":
            request_return(order=order, actor=actor, phone=phone, reason=str(reason))
            messages.success(request, _("Đã gửi yêu cầu trả hàng."))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, message_of(exc))
    return redirect("orders:detail", code=order.code)


def track(request: HttpRequest) -> HttpResponse:
    """Guests find an order with its code and the phone number it was placed with."""
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code, phone = form.cleaned_data["code"], form.cleaned_data["phone"]
        order = queries.order_for_guest(code, phone)
        if order is not None:
            grants = request.session.get(SESSION_ORDERS, {})
            grants[order.code] = order.checkout.buyer_phone
            request.session[SESSION_ORDERS] = grants
            return redirect("orders:detail", code=order.code)
        checkout = queries.checkout_for_guest(code, phone)
        if checkout is not None:  # the group code shown after ordering finds all its shops' orders
            _grant(request, checkout, [o.code for o in queries.orders_of_checkout(checkout.code)])
            return redirect("orders:checkout_done", code=checkout.code)
        form.add_error(None, _("Không tìm thấy đơn với mã và số điện thoại này."))
    return render(request, "orders/track.html", {"form": form}, status=422 if form.errors else 200)


# --- Address book ---------------------------------------------------------------------------------


@login_required
def addresses(request: HttpRequest) -> HttpResponse:
    """The buyer's address book: the saved addresses, a form to add one (picked at checkout)."""
    form = SavedAddressForm(request.POST or None)
    if request.method == "POST" and not form.wants_commune_list() and form.is_valid():
        data = form.cleaned_data
        details = BuyerDetails(
            name=data["name"],
            phone=data["phone"],
            email="",
            street=data["street"],
            commune_code=data["commune"].pk,
            province_code=data["province"].pk,
        )
        try:
            save_address(user=request.user, details=details)
        except ValidationFailed as exc:
            show_service_errors(form, exc, CHECKOUT_FIELDS)
        else:
            messages.success(request, _("Đã lưu địa chỉ."))
            return redirect("orders:addresses")
    elif form.wants_commune_list():
        form.errors.clear()  # type: ignore[attr-defined]
    status = 422 if request.method == "POST" and form.errors else 200
    context = {"form": form, "addresses": queries.addresses_of(request.user)}
    return render(request, "orders/addresses.html", context, status=status)


@login_required
@require_POST
def address_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not delete_address(user=request.user, address_id=pk):
        raise Http404
    messages.success(request, _("Đã xoá địa chỉ."))
    return redirect("orders:addresses")
