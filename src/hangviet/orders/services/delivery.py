"""A shop's delivery rules: flat fee, fees per province, free above an amount, delivery days, answer
deadline."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hangviet.core.errors import ValidationFailed, field_error
from hangviet.orders.models import DeliveryPolicy, ProvinceDeliveryFee
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import ensure_can_manage


@transaction.atomic
def set_delivery_policy(
    *,
    actor: Any,
    seller: Seller,
    flat_fee_vnd: int,
    free_above_vnd: int | None,
    min_days: int,
    max_days: int,
    lapse_hours: int | None = None,
    province_fees: dict[str, int] | None = None,
) -> DeliveryPolicy:
    """A seller member sets the shop's delivery fees, delivery time and answer deadline."""
    ensure_can_manage(actor, seller)
    errors = []
    if min_days > max_days:
        errors.append(field_error("max_days", "invalid_range", _("Số ngày tối đa phải ≥ tối thiểu.")))
    if lapse_hours is not None and not 1 <= lapse_hours <= 72:
        errors.append(field_error("lapse_hours", "out_of_range", _("Thời hạn từ 1 đến 72 giờ.")))
    if errors:
        raise ValidationFailed(errors)
    policy, _created = DeliveryPolicy.objects.update_or_create(
        seller=seller,
        defaults={
            "flat_fee_vnd": flat_fee_vnd,
            "free_above_vnd": free_above_vnd,
            "min_days": min_days,
            "max_days": max_days,
            "lapse_hours": lapse_hours,
        },
    )
    if province_fees is not None:
        policy.province_fees.all().delete()
        ProvinceDeliveryFee.objects.bulk_create(
            ProvinceDeliveryFee(policy=policy, province_id=code, fee_vnd=fee)
            for code, fee in province_fees.items()
        )
    return policy
