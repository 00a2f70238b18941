"""Carts, checkouts, orders per seller, their status history, bank payments and delivery fee rules."""

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hangviet.catalog.models import Product
from hangviet.core.models import Commune, Province
from hangviet.sellers.models import Seller

# Unambiguous characters for codes read aloud or typed from a phone: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ORDER_CODE_PREFIX = "HV"
CHECKOUT_CODE_PREFIX = "GH"
CODE_LENGTH = 6


def new_code(prefix: str) -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_cart_token() -> str:
    return secrets.token_urlsafe(24)


class Cart(models.Model):
    """A guest's cart (found by its token, kept in a signed cookie) or a signed-in buyer's cart.

    A cart is checked out once: the checkout sets `checkout` by a conditional UPDATE in its transaction,
    so a second submit of the same cart finds the first checkout instead of making a twin. The buyer then
    shops on in a new cart (one open cart per signed-in buyer)."""

    token = models.CharField(max_length=40, unique=True, default=new_cart_token)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="carts"
    )
    checkout = models.OneToOneField(
        "Checkout", on_delete=models.CASCADE, null=True, blank=True, related_name="cart"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(user__isnull=False, checkout__isnull=True),
                name="one_open_cart_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"cart {self.token[:6]}…"


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    # The price the buyer last saw: checkout refuses to go on when the current price differs.
    price_seen_vnd = models.PositiveBigIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="one_line_per_product"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="cart_quantity_positive"),
        ]


class DeliveryPolicy(models.Model):
    """A seller's delivery fee rules: a flat fee, a fee per province, free above an amount; its deadline."""

    seller = models.OneToOneField(Seller, on_delete=models.CASCADE, related_name="delivery_policy")
    flat_fee_vnd = models.PositiveIntegerField(_("phí giao hàng (đồng)"), default=30000)
    free_above_vnd = models.PositiveBigIntegerField(
        _("miễn phí cho đơn từ (đồng)"), null=True, blank=True, help_text=_("Để trống nếu không miễn phí.")
    )
    min_days = models.PositiveSmallIntegerField(_("giao nhanh nhất (ngày)"), default=2)
    max_days = models.PositiveSmallIntegerField(_("giao chậm nhất (ngày)"), default=5)
    lapse_hours = models.PositiveSmallIntegerField(
        _("thời hạn trả lời đơn (giờ)"),
        null=True,
        blank=True,
        help_text=_("Đơn không được xác nhận trong thời hạn này sẽ hết hiệu lực. Để trống: 12 giờ."),
    )

    class Meta:
        verbose_name = _("chính sách giao hàng")
        verbose_name_plural = _("chính sách giao hàng")


class ProvinceDeliveryFee(models.Model):
    """A fee for deliveries to one province, replacing the flat fee there."""

    policy = models.ForeignKey(DeliveryPolicy, on_delete=models.CASCADE, related_name="province_fees")
    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+")
    fee_vnd = models.PositiveIntegerField(_("phí (đồng)"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["policy", "province"], name="one_fee_per_province")]


class PaymentMethod(models.TextChoices):
    COD = "cod", _("Thanh toán khi nhận hàng (COD)")
    VIETQR = "vietqr", _("Chuyển khoản qua mã VietQR")


class Checkout(models.Model):
    """One confirmed checkout: the buyer, the address, the payment method; it holds one order per seller."""

    code = models.CharField(max_length=10, unique=True)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="checkouts"
    )
    buyer_name = models.CharField(_("họ và tên"), max_length=150)
    buyer_phone = models.CharField(_("điện thoại"), max_length=10, db_index=True)
    buyer_email = models.EmailField(_("email"), blank=True)
    street = models.CharField(_("số nhà, đường, ấp"), max_length=200)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, verbose_name=_("xã/phường"))
    province = models.ForeignKey(Province, on_delete=models.PROTECT, verbose_name=_("tỉnh/thành phố"))
    payment_method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    total_vnd = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    # Not a column: place_order/place_b2b_order (services.checkout) set it on the checkout they return, the
    # orders just written (PlacedOrder: order, items, events, by shop name), so callers need not read back.
    placed: list[Any]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code

    @property
    def address(self) -> str:
        return f"{self.street}, {self.commune.name}, {self.province.name}"


class Order(models.Model):
    """What one seller must deliver from a checkout, with its own code, status and payment."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Chờ xác nhận")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        SHIPPED = "shipped", _("Đang giao")
        DELIVERED = "delivered", _("Đã giao")
        CANCELLED = "cancelled", _("Đã huỷ")
        LAPSED = "lapsed", _("Hết hiệu lực (người bán không trả lời)")
        RETURN_REQUESTED = "return_requested", _("Yêu cầu trả hàng")
        RETURNED = "returned", _("Đã trả hàng")
        REFUNDED = "refunded", _("Đã hoàn tiền")

    class PaymentStatus(models.TextChoices):
        UNPAID = "unpaid", _("Chưa thanh toán")
        PARTIAL = "partial", _("Thanh toán thiếu")
        PAID = "paid", _("Đã thanh toán")
        OVERPAID = "overpaid", _("Thanh toán thừa")
        COD = "cod", _("Thu tiền khi giao")
        REFUND_DUE = "refund_due", _("Cần hoàn tiền")
        REFUNDED = "refunded", _("Đã hoàn tiền")

    code = models.CharField(max_length=10, unique=True)
    checkout = models.ForeignKey(Checkout, on_delete=models.PROTECT, related_name="orders")
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="orders")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="orders"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING)
    payment_method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    payment_status = models.CharField(max_length=12, choices=PaymentStatus.choices)
    subtotal_vnd = models.PositiveBigIntegerField()
    delivery_fee_vnd = models.PositiveIntegerField()
    total_vnd = models.PositiveBigIntegerField()
    paid_vnd = models.PositiveBigIntegerField(default=0)
    delivery_min_days = models.PositiveSmallIntegerField(default=2)
    delivery_max_days = models.PositiveSmallIntegerField(default=5)
    vietqr_payload = models.CharField(max_length=300, blank=True)
    carrier = models.CharField(_("đơn vị vận chuyển"), max_length=100, blank=True)
    tracking_number = models.CharField(_("mã vận đơn"), max_length=60, blank=True)
    cancel_reason = models.TextField(_("lý do huỷ"), blank=True)
    # Deadlines: the seller must answer by respond_by (lapse); a VietQR order must be paid by pay_by.
    respond_by = models.DateTimeField(null=True, blank=True)
    pay_by = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["seller", "status", "-created_at"]),
            models.Index(fields=["status", "respond_by"]),
            models.Index(fields=["payment_status", "pay_by"]),
            models.Index(fields=["seller", "delivered_at"]),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_paid(self) -> bool:
        return self.payment_status in {self.PaymentStatus.PAID, self.PaymentStatus.OVERPAID}

    @property
    def is_awaiting_transfer(self) -> bool:
        return (
            self.payment_method == PaymentMethod.VIETQR
            and self.payment_status in {self.PaymentStatus.UNPAID, self.PaymentStatus.PARTIAL}
            and self.status in {self.Status.AWAITING, self.Status.CONFIRMED}
        )

    @property
    def amount_due_vnd(self) -> int:
        return max(0, self.total_vnd - self.paid_vnd)


class OrderItem(models.Model):
    """A line of an order, with the product's name and price as they were when the order was placed."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.SET_NULL, null=True, related_name="+")
    product_name = models.CharField(max_length=200)
    product_slug = models.CharField(max_length=100)
    sku = models.CharField(max_length=50)
    unit = models.CharField(max_length=10)
    unit_price_vnd = models.PositiveBigIntegerField()
    quantity = models.PositiveIntegerField()
    line_total_vnd = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["pk"]


class OrderEvent(models.Model):
    """One status change of an order: from, to, who (a user, or the system), when, and a note."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_role = models.CharField(max_length=10)  # buyer, seller, system, officer
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Payment(models.Model):
    """A bank transfer reported by the bank-statement service; kept whether or not it matched an order."""

    class Outcome(models.TextChoices):
        MATCHED = "matched", _("Khớp đơn, đủ tiền")
        SHORT = "short", _("Thiếu tiền")
        OVER = "over", _("Thừa tiền")
        NOT_PAYABLE = "not_payable", _("Đơn không còn nhận thanh toán")
        UNMATCHED = "unmatched", _("Không khớp đơn nào")
        # The note names an order, but the money reached an account that is not its seller's.
        WRONG_ACCOUNT = "wrong_account", _("Chuyển vào tài khoản không phải của người bán")

    transaction_id = models.CharField(max_length=100, unique=True)
    amount_vnd = models.PositiveBigIntegerField()
    description = models.CharField(max_length=500)
    # The receiving account (digits only, as sellers' accounts are stored) and its bank, when reported.
    account = models.CharField(max_length=30, blank=True, db_index=True)
    bank_bin = models.CharField(max_length=6, blank=True)
    paid_at = models.DateTimeField()
    order = models.ForeignKey(
        Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="payments"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    needs_review = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution_note = models.TextField(blank=True)
    raw = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["needs_review", "-received_at"])]

    def __str__(self) -> str:
        return self.transaction_id


class IdempotencyKey(models.Model):
    """An `Idempotency-Key` sent with a request that created something, and the answer it got: the same
    key in the same scope within 24 h gets that answer again (never a second order).

    `scope` is whose key it is (`cart:<token>`); `fingerprint` a SHA-256 of the request, so the same key
    with another request is refused; `response` the body exactly as answered. Written in the transaction
    that created the thing, so a key is remembered if and only if its request took effect."""

    scope = models.CharField(max_length=100)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    response = models.TextField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="one_answer_per_key")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"


REVIEW_TEXT_MAX = 2000  # a review's text and a seller's answer, in characters


class Review(models.Model):
    """A buyer's stars and words on one delivered order line (one review per line), the seller's single
    answer, and an officer's hiding of an abusive one (with the reason). Written by services.reviews."""

    item = models.OneToOneField(OrderItem, on_delete=models.CASCADE, related_name="review")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(_("người viết"), max_length=150)
    stars = models.PositiveSmallIntegerField(_("số sao"))
    text = models.TextField(_("nhận xét"), max_length=REVIEW_TEXT_MAX, blank=True)
    reply = models.TextField(_("trả lời của người bán"), max_length=REVIEW_TEXT_MAX, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_hidden = models.BooleanField(_("đã ẩn"), default=False)
    hidden_reason = models.CharField(_("lý do ẩn"), max_length=500, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("đánh giá")
        verbose_name_plural = _("đánh giá")
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="review_stars_1_to_5"),
        ]
        indexes = [
            models.Index(fields=["product", "is_hidden", "-created_at"]),
            models.Index(fields=["seller", "is_hidden"]),
        ]

    def __str__(self) -> str:
        return f"{self.stars}★ {self.product_id}"


SAVED_ADDRESSES_MAX = 10  # addresses in one buyer's address book


class SavedAddress(models.Model):
    """An address in a signed-in buyer's address book, to pick at checkout (a guest checks out as before)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses")
    name = models.CharField(_("họ và tên người nhận"), max_length=150)
    phone = models.CharField(_("điện thoại"), max_length=10)
    street = models.CharField(_("số nhà, đường, ấp"), max_length=200)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.street}, {self.commune.name}, {self.province.name}"
