"""Emails to buyers and sellers, sent by the tasks of orders/tasks.py (queued in the change's transaction)."""

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from hangviet.orders import conf
from hangviet.orders.models import Checkout, Order, OrderEvent, Review

log = logging.getLogger(__name__)


def _send(subject_template: str, body_template: str, context: dict, to: list[str]) -> None:
    to = [address for address in to if address]
    if not to:
        return
    with translation.override("vi"):
        subject = " ".join(render_to_string(subject_template, context).split())
        body = render_to_string(body_template, context)
    try:
        send_mail(subject, body, None, to)
    except Exception:  # a mail server outage must not undo a committed order
        log.exception("could not send %s to %s", body_template, to)


def _order_url(order: Order) -> str:
    return conf.base_url() + reverse("orders:detail", args=[order.code])


def order_placed(checkout_id: int, order_ids: list[int]) -> None:
    """The buyer gets one email for the checkout; each seller is told of its new order."""
    checkout = Checkout.objects.select_related("commune", "province").get(pk=checkout_id)
    orders = list(Order.objects.filter(pk__in=order_ids).select_related("seller").prefetch_related("items"))
    for order in orders:
        order.url = _order_url(order)  # type: ignore[attr-defined]
    _send(
        "orders/emails/placed_subject.txt",
        "orders/emails/placed.txt",
        {"checkout": checkout, "orders": orders},
        [checkout.buyer_email],
    )
    for order in orders:
        seller_url = conf.base_url() + reverse("orders:seller_order", args=[order.seller.slug, order.code])
        _send(
            "orders/emails/seller_new_subject.txt",
            "orders/emails/seller_new.txt",
            {"checkout": checkout, "order": order, "url": seller_url},
            [order.seller.email],
        )


def status_changed(event_id: int) -> None:
    event = OrderEvent.objects.select_related("order__checkout", "order__seller").get(pk=event_id)
    order = event.order
    _send(
        "orders/emails/status_subject.txt",
        "orders/emails/status.txt",
        {
            "order": order,
            "event": event,
            "status": Order.Status(event.to_status).label,
            "url": _order_url(order),
        },
        [order.checkout.buyer_email],
    )


def order_paid(order_id: int) -> None:
    order = Order.objects.select_related("checkout", "seller").get(pk=order_id)
    context = {"order": order, "url": _order_url(order)}
    _send("orders/emails/paid_subject.txt", "orders/emails/paid.txt", context, [order.checkout.buyer_email])
    _send("orders/emails/paid_subject.txt", "orders/emails/paid.txt", context, [order.seller.email])


def review_posted(review_id: int) -> None:
    """The shop is told of a new review of one of its products, with the page where it may answer."""
    review = Review.objects.select_related("seller", "item").get(pk=review_id)
    url = conf.base_url() + reverse("orders:seller_reviews", args=[review.seller.slug])
    _send(
        "orders/emails/review_subject.txt",
        "orders/emails/review.txt",
        {"review": review, "url": url},
        [review.seller.email],
    )
