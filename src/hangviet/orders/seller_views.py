"""The seller centre's order pages, under /seller/<shop>/… (members of the shop only): orders and their
moves, packing slip, payment reconciliation, monthly payout statement, delivery rules.

A shop is looked up among the shops the signed-in user belongs to, so anyone else gets 404; the services
check the membership again on every write. Each action is a small POST form, no JavaScript needed.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hangviet.core.errors import DomainError, ValidationFailed, message_of
from hangviet.core.forms import show_service_errors
from hangviet.core.money import group_thousands
from hangviet.orders import payouts, queries
from hangviet.orders.forms import (
    AssignPaymentForm,
    DeliveryPolicyForm,
    ReasonForm,
    ReplyForm,
    ResolvePaymentForm,
    ShipForm,
)
from hangviet.orders.models import Order, Payment, Review
from hangviet.orders.services.delivery import set_delivery_policy
from hangviet.orders.services.lifecycle import (
    accept_return,
    allowed_moves,
    cancel_by_seller,
    confirm_order,
    mark_delivered,
    refund_order,
    ship_order,
)
from hangviet.orders.services.payments import assign_payment, resolve_payment
from hangviet.orders.services.reviews import reply_to_review
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import member_shop

RECONCILE_PAGE_SIZE = 50


def _shop(request: HttpRequest, shop: str) -> Seller:
    return member_shop(request.user, shop)


def _shop_order(seller: Seller, code: str) -> Order:
    order = queries.order_by_code(code)
    if order is None or order.seller_id != seller.pk:
        raise Http404
    return order


@login_required
def seller_orders(request: HttpRequest, shop: str) -> HttpResponse:
    seller = _shop(request, shop)
    status = request.GET.get("status") or ""
    if status and status not in Order.Status.values:
        status = ""
    unpaid = request.GET.get("payment") == "unpaid"
    orders = queries.orders_of_seller(seller, status or None, unpaid=unpaid)
    page = Paginator(orders, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "orders/seller/orders.html",
        {
            "seller": seller,
            "page": page,
            "status": status,
            "statuses": Order.Status.choices,
            "unpaid": unpaid,
        },
    )


@login_required
def seller_order(request: HttpRequest, shop: str, code: str) -> HttpResponse:
    seller = _shop(request, shop)
    order = _shop_order(seller, code)
    return render(
        request,
        "orders/seller/order.html",
        {
            "seller": seller,
            "order": order,
            "moves": allowed_moves(order, "seller"),
            "ship_form": ShipForm(),
            "reason_form": ReasonForm(),
            "payments": order.payments.all(),
        },
    )


@login_required
@require_POST
def seller_order_action(request: HttpRequest, shop: str, code: str, action: str) -> HttpResponse:
    seller = _shop(request, shop)
    order = _shop_order(seller, code)
    actor = request.user
    try:
        if action == "confirm":
            confirm_order(actor=actor, order=order)
        elif action == "ship":
            ship_order(
                actor=actor,
                order=order,
                carrier=request.POST.get("carrier", ""),
                tracking_number=request.POST.get("tracking_number", ""),
            )
        elif action == "deliver":
            mark_delivered(actor=actor, order=order)
        elif action == "cancel":
            cancel_by_seller(actor=actor, order=order, reason=request.POST.get("reason", ""))
        elif action == "accept-return":
            accept_return(actor=actor, order=order)
        elif action == "refund":
            refund_order(actor=actor, order=order)
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("Đã cập nhật đơn %(code)s.") % {"code": order.code})
    return redirect("orders:seller_order", shop=seller.slug, code=order.code)


@login_required
def packing_slip(request: HttpRequest, shop: str, code: str) -> HttpResponse:
    seller = _shop(request, shop)
    order = _shop_order(seller, code)
    return render(request, "orders/seller/slip.html", {"seller": seller, "order": order})


@login_required
def reconciliation(request: HttpRequest, shop: str) -> HttpResponse:
    """Payments to look at: short, over, too late, or matching no order but paid into the shop's account."""
    seller = _shop(request, shop)
    if request.method == "POST":
        payment = get_object_or_404(queries.payments_to_reconcile(seller), pk=request.POST.get("payment"))
        try:
            if "assign" in request.POST:
                form = AssignPaymentForm(request.POST)
                code = form.data.get("order_code", "")
                order = queries.order_by_code(str(code))
                if order is None or order.seller_id != seller.pk:
                    raise ValidationFailed(
                        [
                            {
                                "field": "order_code",
                                "code": "not_found",
                                "message": _("Không có đơn này ở cửa hàng."),
                            }
                        ]
                    )
                assign_payment(actor=request.user, payment=payment, order=order)
            else:
                resolve_payment(actor=request.user, payment=payment, note=request.POST.get("note", ""))
        except DomainError as exc:
            messages.error(request, message_of(exc))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã cập nhật khoản thanh toán."))
        return redirect("orders:reconciliation", shop=seller.slug)
    payments = Paginator(queries.payments_to_reconcile(seller), RECONCILE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "orders/seller/reconciliation.html",
        {
            "seller": seller,
            "payments": payments,
            "resolve_form": ResolvePaymentForm(),
            "assign_form": AssignPaymentForm(),
            "outcomes": dict(Payment.Outcome.choices),
        },
    )


def _month(value: str | None) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        parsed = datetime.datetime.strptime(value or "", "%Y-%m")
    except ValueError:
        return today.year, today.month
    return parsed.year, parsed.month


@login_required
def payout_statement(request: HttpRequest, shop: str) -> HttpResponse:
    seller = _shop(request, shop)
    year, month = _month(request.GET.get("month"))
    statement = payouts.monthly_statement(seller, year, month)
    return render(
        request,
        "orders/seller/payouts.html",
        {
            "seller": seller,
            "statement": statement,
            "month_value": f"{year}-{month:02d}",
            "xlsx_url": reverse("orders:payout_xlsx", args=[seller.slug]) + f"?month={year}-{month:02d}",
            "commission_pct": statement.commission_rate * 100,
            "vat_pct": statement.vat_rate * 100,
            "pit_pct": statement.pit_rate * 100,
        },
    )


@login_required
def payout_xlsx(request: HttpRequest, shop: str) -> HttpResponse:
    seller = _shop(request, shop)
    year, month = _month(request.GET.get("month"))
    data = payouts.statement_xlsx(payouts.monthly_statement(seller, year, month))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="bang-ke-{seller.slug}-{year}-{month:02d}.xlsx"'
    return response


@login_required
def delivery_settings(request: HttpRequest, shop: str) -> HttpResponse:
    seller = _shop(request, shop)
    policy = queries.policy_of(seller)
    if policy is None:  # what the shop charges now: the platform's default
        quote = queries.delivery_quote(seller, None, 0)
        initial: dict[str, Any] = {
            "flat_fee_vnd": quote.fee_vnd,
            "min_days": quote.min_days,
            "max_days": quote.max_days,
        }
    else:
        initial = {
            "flat_fee_vnd": policy.flat_fee_vnd,
            "free_above_vnd": policy.free_above_vnd,
            "min_days": policy.min_days,
            "max_days": policy.max_days,
            "lapse_hours": policy.lapse_hours,
            "province_fees": "\n".join(
                f"{r.province_id} = {group_thousands(r.fee_vnd)}" for r in policy.province_fees.all()
            ),
        }
    form = DeliveryPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            set_delivery_policy(actor=request.user, seller=seller, **form.cleaned_data)
        except ValidationFailed as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu chính sách giao hàng."))
            return redirect("orders:delivery", shop=seller.slug)
    return render(request, "orders/seller/delivery.html", {"seller": seller, "form": form})


REVIEWS_PAGE_SIZE = 30


def _reviews_page(
    request: HttpRequest, seller: Seller, form: ReplyForm | None = None, pk: int = 0
) -> HttpResponse:
    page = Paginator(queries.reviews_of_seller(seller), REVIEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    for review in page.object_list:
        review.reply_form = (  # type: ignore[attr-defined]
            form if form is not None and review.pk == pk else ReplyForm(prefix=f"a{review.pk}")
        )
    context = {"seller": seller, "page": page, "rating": queries.shop_rating(seller)}
    return render(request, "orders/seller/reviews.html", context, status=422 if form is not None else 200)


@login_required
def seller_reviews(request: HttpRequest, shop: str) -> HttpResponse:
    """The shop's reviews, newest first, each with a form to answer it once."""
    return _reviews_page(request, _shop(request, shop))


@login_required
@require_POST
def reply_review(request: HttpRequest, shop: str, pk: int) -> HttpResponse:
    seller = _shop(request, shop)
    review = get_object_or_404(Review, pk=pk, seller=seller)
    form = ReplyForm(request.POST, prefix=f"a{review.pk}")
    if not form.is_valid():
        return _reviews_page(request, seller, form, review.pk)
    try:
        reply_to_review(actor=request.user, review=review, text=form.cleaned_data["reply"])
    except ValidationFailed as exc:
        show_service_errors(form, exc, {"reply": "reply"})
        return _reviews_page(request, seller, form, review.pk)
    except DomainError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("Đã trả lời đánh giá."))
    return redirect("orders:seller_reviews", shop=seller.slug)
