from typing import Any

from django.apps import AppConfig

CART_COOKIE = "hv_cart"
CART_COOKIE_SALT = "hangviet.orders.cart"


def merge_cart_on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A guest cart (signed cookie) joins the buyer's own cart when they sign in."""
    if request is None:
        return
    token = request.get_signed_cookie(CART_COOKIE, default=None, salt=CART_COOKIE_SALT)
    if token:
        from hangviet.orders.services.cart import merge_guest_cart

        merge_guest_cart(user=user, token=token)


class OrdersConfig(AppConfig):
    name = "hangviet.orders"
    label = "orders"
    verbose_name = "Đơn hàng"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(merge_cart_on_login, dispatch_uid="hangviet.orders.merge_cart")
