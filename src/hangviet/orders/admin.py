"""The orders admin, for officers: it writes only through the services.

Payments: an officer reconciles one (assign it to an order, or close it with a note) through
services.payments; the form's validation calls the service, so a refusal is shown next to the field and
writes nothing. Orders, checkouts and shops' delivery rules are read-only here: their moves and changes are
the buyer's, the seller's and the system's (services.lifecycle, services.delivery), none an officer's. Nothing
of orders is deleted here (an order's stock, events and payout, a bank's record of money received).
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hangviet.core.admin import MoneyColumnsAdmin, ReadOnlyAdmin, RecordInline
from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.forms import show_service_errors
from hangviet.orders import queries
from hangviet.orders.models import Checkout, DeliveryPolicy, Order, OrderEvent, OrderItem, Payment, Review
from hangviet.orders.services.payments import assign_payment, resolve_payment
from hangviet.orders.services.reviews import hide_review


class OrderItemInline(RecordInline):
    model = OrderItem
    fields = ("product", "product_name", "sku", "unit_price_vnd", "quantity", "line_total_vnd")


class OrderEventInline(RecordInline):
    model = OrderEvent
    fields = ("from_status", "to_status", "actor", "actor_role", "note", "created_at")


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    """Status moves go through services.lifecycle (pages and API), so they are recorded; orders come from
    checkout (services.checkout.place_order)."""

    list_display = ("code", "seller", "status", "payment_method", "payment_status", "total_vnd", "created_at")
    list_filter = ("status", "payment_method", "payment_status")
    search_fields = ("code", "checkout__code", "checkout__buyer_phone", "seller__trading_name")
    inlines = [OrderItemInline, OrderEventInline]


@admin.register(Checkout)
class CheckoutAdmin(ReadOnlyAdmin):
    list_display = ("code", "buyer_name", "buyer_phone", "payment_method", "total_vnd", "created_at")
    search_fields = ("code", "buyer_phone", "buyer_name")


@admin.register(DeliveryPolicy)
class DeliveryPolicyAdmin(ReadOnlyAdmin):
    """A shop's own rules, set by its members on its delivery page (services.delivery)."""

    list_display = ("seller", "flat_fee_vnd", "free_above_vnd", "min_days", "max_days", "lapse_hours")


class ReconcileForm(forms.ModelForm):
    """Assign the payment to an order, or close it with a note, through services.payments. The service is
    called when the form is validated (inside the admin's transaction), so what it refuses is a form error
    and nothing is written; `actor` is set by PaymentAdmin.get_form."""

    order_code = forms.CharField(
        label=gettext_lazy("Gắn vào đơn (mã đơn)"),
        required=False,
        max_length=10,
        help_text=gettext_lazy("Khi người mua ghi sai nội dung chuyển khoản: mã đơn HV… của khoản này."),
    )
    note = forms.CharField(
        label=gettext_lazy("Cách đã xử lý"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Đóng khoản cần xem lại (đã hoàn phần thừa, đã thoả thuận với người mua…)."),
    )
    actor: Any = None

    class Meta:
        model = Payment
        fields: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code, note = data.get("order_code", "").strip(), data.get("note", "").strip()
        try:
            if code:
                order = queries.order_by_code(code)
                if order is None:
                    self.add_error("order_code", _("Không có đơn %(code)s.") % {"code": code.upper()})
                else:
                    assign_payment(actor=self.actor, payment=self.instance, order=order)
            elif note:
                resolve_payment(actor=self.actor, payment=self.instance, note=note)
        except ValidationFailed as exc:
            show_service_errors(self, exc, {"order": "order_code", "payment": "order_code"})
        except (DomainError, PermissionDenied) as exc:
            self.add_error(None, str(exc))
        return data


@admin.register(Payment)
class PaymentAdmin(MoneyColumnsAdmin):
    """Recorded by the bank's webhook; an officer reconciles it here (ReconcileForm), nothing else."""

    form = ReconcileForm
    list_display = ("transaction_id", "amount_vnd", "order", "outcome", "needs_review", "received_at")
    list_filter = ("outcome", "needs_review")
    search_fields = ("transaction_id", "description", "account")
    readonly_fields = [f.name for f in Payment._meta.fields]
    fields = [*readonly_fields, "order_code", "note"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request: HttpRequest, obj: Payment, form: Any, change: bool) -> None:
        """Nothing to save: the form's validation wrote through the service (`obj` is the payment before)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # recorded by the bank's webhook

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the bank's record of money received


class HideReviewForm(forms.ModelForm):
    """Hide an abusive review with the reason, through services.reviews.hide_review, called when the
    form is validated (a refusal is a form error and writes nothing); `actor` is set by ReviewAdmin."""

    hide_reason = forms.CharField(
        label=gettext_lazy("Ẩn đánh giá này, vì"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Lời lẽ xúc phạm, thông tin cá nhân, quảng cáo…: người mua và cửa hàng thấy lý do."
        ),
    )
    actor: Any = None

    class Meta:
        model = Review
        fields: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reason = data.get("hide_reason", "").strip()
        if reason and not self.instance.is_hidden:
            try:
                hide_review(actor=self.actor, review=self.instance, reason=reason)
            except ValidationFailed as exc:
                show_service_errors(self, exc, {"reason": "hide_reason"})
            except PermissionDenied as exc:
                self.add_error(None, str(exc))
        return data


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Buyers write reviews and shops answer them on their pages; an officer may only hide one."""

    form = HideReviewForm
    list_display = ("product", "seller", "stars", "author_name", "is_hidden", "created_at")
    list_filter = ("is_hidden", "stars")
    search_fields = ("text", "author_name", "item__order__code", "seller__trading_name")
    readonly_fields = [f.name for f in Review._meta.fields]
    fields = [*readonly_fields, "hide_reason"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request: HttpRequest, obj: Review, form: Any, change: bool) -> None:
        """Nothing to save: the form's validation wrote through the service."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # written by buyers

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # hidden with a reason, never erased
