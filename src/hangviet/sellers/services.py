"""Every write on sellers: registration, verification, profile changes, members."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.text import slugify_vi
from hangviet.sellers.models import Membership, Seller, SellerStatusChange
from hangviet.sellers.permissions import ensure_can_manage, ensure_officer


class SellerAlreadyDecided(DomainError):
    code = "seller_already_decided"
    message = "Người bán này đã được xử lý."


def unique_seller_slug(name: str) -> str:
    base = slugify_vi(name, 70) or "cua-hang"
    slug, n = base, 1
    while Seller.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def register_seller(*, actor: User, **fields: Any) -> Seller:
    """Open a shop: the seller starts pending, the actor becomes its owner. Fields are validated first."""
    seller = Seller(
        slug=unique_seller_slug(fields.get("trading_name") or fields.get("legal_name", "")), **fields
    )
    if seller.commune_id and not seller.province_id:
        seller.province_id = seller.commune.province_id
    seller.full_clean()
    if seller.commune.province_id != seller.province_id:
        raise ValidationFailed(
            [
                {
                    "field": "commune",
                    "code": "commune_not_in_province",
                    "message": _("Xã/phường không thuộc tỉnh/thành phố đã chọn."),
                }
            ]
        )
    try:
        with transaction.atomic():
            seller.save()
    except IntegrityError as exc:  # tax code registered concurrently
        raise ValidationFailed(
            [{"field": "tax_code", "code": "duplicate", "message": _("Mã số thuế này đã được đăng ký.")}]
        ) from exc
    Membership.objects.create(user=actor, seller=seller, role=Membership.Role.OWNER)
    SellerStatusChange.objects.create(seller=seller, from_status="", to_status=seller.status, actor=actor)
    return seller


def _decide(actor: User, seller: Seller, to_status: str, reason: str) -> Seller:
    ensure_officer(actor)
    now = timezone.now()
    updated = Seller.objects.filter(pk=seller.pk, status=Seller.Status.PENDING).update(
        status=to_status,
        rejection_reason=reason,
        verified_at=now if to_status == Seller.Status.VERIFIED else None,
        verified_by=actor if to_status == Seller.Status.VERIFIED else None,
    )
    if not updated:
        raise SellerAlreadyDecided()
    SellerStatusChange.objects.create(
        seller=seller, from_status=Seller.Status.PENDING, to_status=to_status, reason=reason, actor=actor
    )
    return Seller.objects.get(pk=seller.pk)


@transaction.atomic
def verify_seller(*, actor: User, seller: Seller) -> Seller:
    """An officer accepts a pending seller: its active products become public."""
    return _decide(actor, seller, Seller.Status.VERIFIED, "")


@transaction.atomic
def reject_seller(*, actor: User, seller: Seller, reason: str) -> Seller:
    """An officer refuses a pending seller with a reason the seller sees."""
    if not reason.strip():
        raise ValidationFailed(
            [{"field": "reason", "code": "required", "message": _("Cần ghi lý do từ chối.")}]
        )
    return _decide(actor, seller, Seller.Status.REJECTED, reason.strip())


@transaction.atomic
def resubmit_seller(*, actor: User, seller: Seller) -> Seller:
    """A rejected seller, having corrected its details, asks to be verified again."""
    ensure_can_manage(actor, seller)
    if not Seller.objects.filter(pk=seller.pk, status=Seller.Status.REJECTED).update(
        status=Seller.Status.PENDING
    ):
        raise SellerAlreadyDecided()
    SellerStatusChange.objects.create(
        seller=seller, from_status=Seller.Status.REJECTED, to_status=Seller.Status.PENDING, actor=actor
    )
    return Seller.objects.get(pk=seller.pk)
