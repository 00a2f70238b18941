"""Background work of trade promotion (run by `hangviet worker`; inline in tests): notifications."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

from hangviet.core.money import format_vnd


def _absolute(path: str) -> str:
    return f"{settings.HANGVIET_BASE_URL}{path}"


@task()
def notify_matched_suppliers(buy_request_id: int) -> int:
    """Email each matched supplier once about a new buy request; returns how many were notified."""
    from django.urls import reverse

    from hangviet.promotion.models import BuyRequest, SupplierMatch

    request = BuyRequest.objects.get(pk=buy_request_id)
    url = _absolute(reverse("promotion:buy_request", args=[request.pk]))
    sent = 0
    for match in SupplierMatch.objects.filter(buy_request=request, notified_at__isnull=True).select_related(
        "seller"
    ):
        send_mail(
            f"[HàngViệt] Nhu cầu mua phù hợp: {request.title}",
            f"{request.buyer_name} cần {request.volume} {request.unit} {request.title}, "
            f"hạn chào giá {request.deadline_on:%d/%m/%Y}.\nXem và chào giá: {url}\n",
            None,
            [match.seller.email],
        )
        SupplierMatch.objects.filter(pk=match.pk).update(notified_at=timezone.now())
        sent += 1
    return sent


@task()
def notify_buyer_of_offer(offer_id: int) -> None:
    from django.urls import reverse

    from hangviet.promotion.models import Offer

    offer = Offer.objects.select_related("buy_request", "seller").get(pk=offer_id)
    request = offer.buy_request
    send_mail(
        f"[HàngViệt] Chào giá mới cho: {request.title}",
        f"{offer.seller.trading_name} chào {offer.volume} {request.unit} "
        f"giá {format_vnd(offer.unit_price_vnd)}"
        f"/{request.unit}, giao ngày {offer.delivery_on:%d/%m/%Y}.\n"
        f"So sánh và chọn: {_absolute(reverse('promotion:buy_request', args=[request.pk]))}\n",
        None,
        [request.contact_email],
    )


@task()
def notify_offer_accepted(offer_id: int) -> None:
    from hangviet.promotion.models import Offer

    offer = Offer.objects.select_related("buy_request", "seller").get(pk=offer_id)
    request = offer.buy_request
    send_mail(
        f"[HàngViệt] Chào giá được chọn: {request.title}",
        f"{request.buyer_name} đã chọn chào giá của {offer.seller.trading_name}. "
        f"Liên hệ: {request.contact_email} {request.contact_phone}\n",
        None,
        [offer.seller.email],
    )
