"""Domain errors of trade promotion, each with a stable code (the API maps them to HTTP centrally)."""

from django.utils.translation import gettext_lazy as _

from hangviet.core.errors import DomainError


class SellerNotVerified(DomainError):
    code = "seller_not_verified"
    message = _("Người bán chưa được xác minh nên chưa thể đăng ký / chào giá.")


class ApplicationWindowClosed(DomainError):
    code = "application_window_closed"
    message = _("Hội chợ không trong thời gian nhận đăng ký.")


class ProductNotTheirs(DomainError):
    code = "product_not_theirs"
    status = 422
    message = _("Sản phẩm không thuộc người bán này.")


class AlreadyApplied(DomainError):
    code = "already_applied"
    message = _("Người bán này đã đăng ký tham gia hội chợ.")


class ApplicationAlreadyDecided(DomainError):
    code = "application_already_decided"
    message = _("Đăng ký này đã được xử lý.")


class BoothTaken(DomainError):
    code = "booth_taken"
    message = _("Gian hàng đã được xếp cho đơn vị khác.")


class BuyRequestClosed(DomainError):
    code = "buy_request_closed"
    message = _("Nhu cầu mua này không còn nhận chào giá.")


class OfferExists(DomainError):
    code = "offer_exists"
    message = _("Người bán này đã chào giá cho nhu cầu mua này.")


class InsufficientShowroomStock(DomainError):
    code = "insufficient_showroom_stock"
    message = _("Cửa hàng không đủ hàng để bán.")


class NotOnDisplay(DomainError):
    code = "product_not_in_showroom"
    status = 422
    message = _("Sản phẩm không có tại cửa hàng này.")


class InvalidTransition(DomainError):
    code = "invalid_transition"
    message = _("Không thể chuyển sang trạng thái này.")
