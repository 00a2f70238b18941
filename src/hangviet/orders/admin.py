from django.contrib import admin
from django.http import HttpRequest

from hangviet.core import limits
from hangviet.core.admin import BoundedNumbersMixin, RecordInline
from hangviet.orders.models import Checkout, DeliveryPolicy, Order, OrderEvent, OrderItem, Payment


class OrderItemInline(RecordInline):
    model = OrderItem
    fields = ("product", "product_name", "sku", "unit_price_vnd", "quantity", "line_total_vnd")


class OrderEventInline(RecordInline):
    model = OrderEvent
    fields = ("from_status", "to_status", "actor", "actor_role", "note", "created_at")


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Read-mostly: status moves go through the services (pages and API), so they are recorded."""

    list_display = ("code", "seller", "status", "payment_method", "payment_status", "total_vnd", "created_at")
    list_filter = ("status", "payment_method", "payment_status")
    search_fields = ("code", "checkout__code", "checkout__buyer_phone", "seller__trading_name")
    readonly_fields = [f.name for f in Order._meta.fields]
    inlines = [OrderItemInline, OrderEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # orders come from checkout (orders.services.checkout.place_order), never typed in


@admin.register(Checkout)
class CheckoutAdmin(admin.ModelAdmin):
    list_display = ("code", "buyer_name", "buyer_phone", "payment_method", "total_vnd", "created_at")
    search_fields = ("code", "buyer_phone", "buyer_name")
    readonly_fields = [f.name for f in Checkout._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made by checkout; every field is read-only here (saving one crashed)


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ("transaction_id", "amount_vnd", "order", "outcome", "needs_review", "received_at")
    list_filter = ("outcome", "needs_review")
    search_fields = ("transaction_id", "description", "account")
    readonly_fields = [f.name for f in Payment._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # recorded by the bank's webhook; every field is read-only here (saving one crashed)


@admin.register(DeliveryPolicy)
class DeliveryPolicyAdmin(BoundedNumbersMixin, admin.ModelAdmin):
    number_bounds = {"flat_fee_vnd": limits.FEE_MAX_VND, "free_above_vnd": limits.AMOUNT_MAX_VND}
    list_display = ("seller", "flat_fee_vnd", "free_above_vnd", "min_days", "max_days", "lapse_hours")
