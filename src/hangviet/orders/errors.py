"""The orders app's domain errors, each with a stable code (config/api.py maps them to HTTP)."""

from typing import Any

from hangviet.core.errors import DomainError, ValidationFailed


class OutOfStock(ValidationFailed):
    """Not enough stock for a line: `errors` name the product and the quantity still available."""

    code = "out_of_stock"
    status = 409
    message = "Không đủ hàng trong kho."

    def __init__(self, errors: list[dict[str, Any]], message: str | None = None) -> None:
        super().__init__(errors, message)


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
