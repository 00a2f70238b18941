"""The orders app's domain errors, each with a stable code (config/api.py maps them to HTTP)."""

from typing import Any

from django.utils.translation import gettext as _

from hangviet.core.errors import DomainError, ValidationFailed


class PriceChanged(ValidationFailed):
    """A price changed since the buyer saw it; the new prices are now recorded as seen."""

    code = "price_changed"
    status = 409
    message = "Giá sản phẩm đã thay đổi; hãy xem lại đơn trước khi đặt."

    def __init__(self, errors: list[dict[str, Any]], message: str | None = None) -> None:
        super().__init__(errors, message)


class InvalidTransition(DomainError):
    """The order cannot move from its status to the one asked, or not by this kind of actor."""

    code = "invalid_transition"
    status = 409
    message = "Không thể chuyển đơn hàng sang trạng thái này."


class PaymentRequired(DomainError):
    code = "payment_required"
    status = 409
    message = "Đơn chuyển khoản chưa được thanh toán đủ."


class BadSignature(DomainError):
    code = "bad_signature"
    status = 401
    message = "Chữ ký không hợp lệ."


class CartCheckedOut(DomainError):
    """The cart was already checked out (a double click, a retry): `checkout` is the checkout it made.
    The API answers 409 with `checkout` and `orders` (their codes); the pages show that checkout."""

    code = "cart_checked_out"
    status = 409
    message = "Giỏ hàng này đã được đặt thành đơn."

    def __init__(self, checkout: Any, order_codes: list[str]) -> None:
        message = _("Giỏ hàng này đã được đặt thành đơn %(code)s.") % {"code": checkout.code}
        super().__init__(message, checkout=checkout.code, orders=order_codes)
        self.checkout = checkout


class IdempotencyKeyReused(DomainError):
    """The `Idempotency-Key` was already used, within 24 h, with another request."""

    code = "idempotency_key_reused"
    status = 422
    message = "Khoá Idempotency-Key này đã dùng cho một yêu cầu khác."

    def __init__(self) -> None:
        message = _("Khoá Idempotency-Key này đã dùng cho một yêu cầu khác.")
        super().__init__(message, field="header.Idempotency-Key")


class AlreadyAnswered(Exception):
    """The request's `Idempotency-Key` was already answered: `status` and `response` are that answer."""

    def __init__(self, status: int, response: str) -> None:
        super().__init__(status)
        self.status = status
        self.response = response


class NotReviewable(DomainError):
    """The order line cannot be reviewed (not delivered yet), or already has its review or answer."""

    code = "not_reviewable"
    status = 409
    message = "Không thể đánh giá dòng hàng này."
