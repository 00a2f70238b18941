"""Reviews: a buyer rates a delivered order line once (1–5 stars and words), its seller answers once, an
officer hides an abusive one with a reason. Each write tells who may make it; the seller is told of a new
review by a task enqueued in the review's transaction; every write moves the versions of
the product and its shop, whose cached pages show the reviews and the rating."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.catalog.versions import catalog_changed
from hangviet.core.errors import ValidationFailed, field_error
from hangviet.orders import tasks
from hangviet.orders.errors import NotReviewable
from hangviet.orders.models import REVIEW_TEXT_MAX, Order, OrderItem, Review
from hangviet.orders.services.lifecycle import _ensure_buyer
from hangviet.sellers.permissions import ensure_can_manage, is_officer


def _text(field: str, value: str, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed([field_error(field, "required", _("Hãy viết nội dung."))])
    if len(text) > REVIEW_TEXT_MAX:
        raise ValidationFailed(
            [
                field_error(
                    field,
                    "max_length",
                    _("Tối đa %(n)s ký tự (đang có %(m)s).") % {"n": REVIEW_TEXT_MAX, "m": len(text)},
                )
            ]
        )
    return text


def display_name(full_name: str) -> str:
    """The name a review shows: the given name (the last word of a Vietnamese full name) only."""
    words = full_name.split()
    return words[-1] if words else _("Người mua")


@transaction.atomic
def post_review(
    *, item: OrderItem, stars: Any, text: str, actor: Any = None, phone: str | None = None
) -> Review:
    """The buyer (signed in, or a guest with the order's phone) rates a line of a delivered order, once."""
    order = Order.objects.select_related("checkout").get(pk=item.order_id)
    _ensure_buyer(order, actor, phone)
    errors = []
    if not isinstance(stars, int) or isinstance(stars, bool) or not 1 <= stars <= 5:
        errors.append(field_error("stars", "invalid", _("Hãy chọn từ 1 đến 5 sao.")))
    if errors:
        raise ValidationFailed(errors)
    text = _text("text", text, required=False)
    if order.status != Order.Status.DELIVERED:
        raise NotReviewable(_("Chỉ đánh giá được hàng đã giao."), field="item")
    if item.product_id is None:
        raise NotReviewable(_("Sản phẩm này không còn trên sàn."), field="item")
    review, created = Review.objects.get_or_create(
        item=item,
        defaults={
            "product_id": item.product_id,
            "seller_id": order.seller_id,
            "author": actor if getattr(actor, "is_authenticated", False) else None,
            "author_name": display_name(order.checkout.buyer_name),
            "stars": stars,
            "text": text,
        },
    )
    if not created:
        raise NotReviewable(_("Bạn đã đánh giá sản phẩm này trong đơn này."), field="item")
    tasks.send_review_posted.enqueue(review.pk)  # in the transaction: a committed review has its email
    catalog_changed(
        products=[review.product_id], sellers=[review.seller_id], listing=False
    )  # its pages' ratings
    return review


@transaction.atomic
def reply_to_review(*, actor: Any, review: Review, text: str) -> Review:
    """A member of the shop answers a review once (a conditional UPDATE: two answers never both land)."""
    ensure_can_manage(actor, review.seller)
    text = _text("reply", text, required=True)
    answered = Review.objects.filter(pk=review.pk, reply="").update(
        reply=text, replied_at=timezone.now(), replied_by=actor
    )
    if not answered:
        raise NotReviewable(_("Cửa hàng đã trả lời đánh giá này."), field="reply")
    catalog_changed(
        products=[review.product_id], sellers=[review.seller_id], listing=False
    )  # its pages' ratings
    return Review.objects.get(pk=review.pk)


@transaction.atomic
def hide_review(*, actor: Any, review: Review, reason: str) -> Review:
    """An officer hides an abusive review, saying why; it no longer counts in the average."""
    if not is_officer(actor):
        raise PermissionDenied(_("Chỉ cán bộ được ẩn đánh giá."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([field_error("reason", "required", _("Hãy ghi lý do ẩn."))])
    if len(reason) > 500:
        raise ValidationFailed([field_error("reason", "max_length", _("Tối đa 500 ký tự."))])
    Review.objects.filter(pk=review.pk).update(
        is_hidden=True, hidden_reason=reason, hidden_at=timezone.now(), hidden_by=actor
    )
    catalog_changed(
        products=[review.product_id], sellers=[review.seller_id], listing=False
    )  # its pages' ratings
    return Review.objects.get(pk=review.pk)
