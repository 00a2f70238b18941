"""Every write on sellers: registration, verification, profile changes, members."""

import re
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.core import files, images
from hangviet.core.errors import DomainError, ValidationFailed, field_error, invalid
from hangviet.core.text import fold, unique_slug
from hangviet.core.validators import normalize_phone, normalize_tax_code
from hangviet.sellers.models import Membership, Seller, SellerStatusChange
from hangviet.sellers.permissions import ensure_can_manage, ensure_officer
from hangviet.sellers.signals import seller_renamed, seller_status_changed

# What a seller gives on registration and may correct while it is not verified (Art. 29 identity,
# contact, payout account, presentation).
PROFILE_FIELDS = (
    "kind",
    "legal_name",
    "trading_name",
    "tax_code",
    "registration_number",
    "street",
    "commune",
    "province",
    "phone",
    "email",
    "representative",
    "description",
    "bank_bin",
    "bank_account",
    "bank_account_name",
    "logo",
    "licence",
)
# What a verified seller may still change itself: contact, presentation and payout account.
# Identity (names, tax code, registration, address, representative) changes go through an officer.
VERIFIED_EDITABLE_FIELDS = (
    "phone",
    "email",
    "description",
    "bank_bin",
    "bank_account",
    "bank_account_name",
    "logo",
)

_BIN = re.compile(r"^\d{6}$")
_ACCOUNT = re.compile(r"^\d{6,19}$")


class SellerAlreadyDecided(DomainError):
    code = "seller_already_decided"
    message = "Người bán này đã được xử lý."


class SellerProfileLocked(DomainError):
    code = "seller_profile_locked"
    message = "Thông tin định danh của người bán đã xác minh chỉ cán bộ được sửa."


def _normalize(seller: Seller) -> list[dict[str, str]]:
    """Normalise identifiers in place (MST, phone, bank account name); return the problems found."""
    errors: list[dict[str, str]] = []
    for field, normalize in (("tax_code", normalize_tax_code), ("phone", normalize_phone)):
        value = (getattr(seller, field) or "").strip()
        if not value:
            continue  # full_clean reports the missing value
        try:
            setattr(seller, field, normalize(value))
        except ValidationError as exc:
            errors.append(field_error(field, exc.code or "invalid", exc.messages[0]))
    seller.bank_bin = (seller.bank_bin or "").strip()
    seller.bank_account = re.sub(r"[\s.-]", "", seller.bank_account or "")
    # Banks print account holder names in capitals without tone marks; VietQR expects the same.
    seller.bank_account_name = re.sub(r"\s+", " ", fold(seller.bank_account_name or "")).strip().upper()
    bank = (seller.bank_bin, seller.bank_account, seller.bank_account_name)
    if any(bank):
        if not _BIN.match(seller.bank_bin):
            errors.append(field_error("bank_bin", "invalid_bin", _("Mã ngân hàng (BIN) gồm đúng 6 chữ số.")))
        if not _ACCOUNT.match(seller.bank_account):
            errors.append(
                field_error("bank_account", "invalid_account", _("Số tài khoản gồm 6 đến 19 chữ số."))
            )
        if not seller.bank_account_name:
            errors.append(
                field_error("bank_account_name", "required", _("Cần tên chủ tài khoản khi khai tài khoản."))
            )
    return errors


def _validate(seller: Seller) -> None:
    """Check every field of a seller; raise ValidationFailed listing all problems at once."""
    errors = _normalize(seller)
    if seller.commune_id and not seller.province_id:
        seller.province_id = seller.commune.province_id
    if seller.commune_id and seller.province_id and seller.commune.province_id != seller.province_id:
        errors.append(
            field_error(
                "commune", "commune_not_in_province", _("Xã/phường không thuộc tỉnh/thành phố đã chọn.")
            )
        )
    failed = {e["field"] for e in errors}
    try:
        seller.full_clean(exclude=list(failed))
    except ValidationError as exc:
        for field, field_errors in exc.error_dict.items():
            for err in field_errors:
                if field == "tax_code" and err.code == "unique":
                    errors.append(field_error("tax_code", "duplicate", _("Mã số thuế này đã được đăng ký.")))
                else:
                    name = "" if field == NON_FIELD_ERRORS else field
                    errors.append(field_error(name, err.code or "invalid", " ".join(err.messages)))
    if errors:
        raise ValidationFailed(errors)


def _checked_logo(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields with a new logo upload replaced by the checked picture (ValidationFailed otherwise)."""
    logo = fields.get("logo")
    if isinstance(logo, File) and not isinstance(logo, FieldFile):
        return {**fields, "logo": images.checked(logo, field="logo")}
    return fields


def _checked_licence(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields with a new licence upload checked by content (PDF, JPEG or PNG, at most 10 MB) and its
    type recorded (ValidationFailed otherwise)."""
    licence = fields.get("licence")
    if not (isinstance(licence, File) and not isinstance(licence, FieldFile)):
        return fields
    if (licence.size or 0) > files.DOCUMENT_MAX_BYTES:
        raise invalid("licence", "too_large", _("Tệp quá lớn (tối đa 10 MB)."))
    kind = files.document_type(licence)
    if kind is None:
        raise invalid("licence", "invalid_type", _("Chỉ nhận tệp PDF hoặc ảnh JPEG, PNG."))
    licence.name = "giay-phep" + {"application/pdf": ".pdf", "image/jpeg": ".jpg"}.get(kind, ".png")
    return {**fields, "licence": licence, "licence_type": kind}


def _save(seller: Seller) -> None:
    try:
        with transaction.atomic():
            seller.save()
    except IntegrityError as exc:  # the same tax code registered concurrently
        raise invalid("tax_code", "duplicate", _("Mã số thuế này đã được đăng ký.")) from exc


@transaction.atomic
def register_seller(*, actor: User, **fields: Any) -> Seller:
    """Open a shop: every field is checked, the seller starts pending and the actor becomes its owner."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"unknown seller fields: {sorted(unknown)}")
    fields = _checked_licence(_checked_logo(fields))
    seller = Seller(
        slug=unique_slug(
            Seller,
            fields.get("trading_name") or fields.get("legal_name", ""),
            max_length=70,
            fallback="cua-hang",
        ),
        **fields,
    )
    seller.status = Seller.Status.PENDING
    _validate(seller)
    _save(seller)
    Membership.objects.create(user=actor, seller=seller, role=Membership.Role.OWNER)
    SellerStatusChange.objects.create(seller=seller, from_status="", to_status=seller.status, actor=actor)
    return seller


@transaction.atomic
def update_seller_profile(*, actor: User, seller: Seller, resubmit: bool = False, **changes: Any) -> Seller:
    """A member corrects the seller's details. A verified seller keeps its identity fields (an officer
    changes those); a rejected seller may ask to be verified again in the same step (`resubmit`)."""
    ensure_can_manage(actor, seller)
    locked = _change_profile(seller, changes, identity_locked_once_verified=True)
    if resubmit:
        return resubmit_seller(actor=actor, seller=locked)
    return locked


def _change_profile(
    seller: Seller, changes: dict[str, Any], *, identity_locked_once_verified: bool
) -> Seller:
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"unknown seller fields: {sorted(unknown)}")
    changes = _checked_licence(_checked_logo(changes))
    locked = Seller.objects.select_for_update().get(pk=seller.pk)
    if identity_locked_once_verified and locked.status == Seller.Status.VERIFIED:
        changed = {f for f, v in changes.items() if getattr(locked, f) != v}
        if changed - set(VERIFIED_EDITABLE_FIELDS):
            raise SellerProfileLocked()
    renamed = "trading_name" in changes and changes["trading_name"] != locked.trading_name
    for field, value in changes.items():
        setattr(locked, field, value)
    _validate(locked)
    _save(locked)
    if renamed:
        seller_renamed.send(sender=Seller, seller=locked)
    return locked


def _decide(actor: User, seller: Seller, to_status: str, reason: str) -> Seller:
    ensure_officer(actor)
    now = timezone.now()
    updated = Seller.objects.filter(pk=seller.pk, status=Seller.Status.PENDING).update(
        status=to_status,
        rejection_reason=reason,
        verified_at=now if to_status == Seller.Status.VERIFIED else None,
        verified_by=actor if to_status == Seller.Status.VERIFIED else None,
        updated_at=now,
    )
    if not updated:
        raise SellerAlreadyDecided()
    SellerStatusChange.objects.create(
        seller=seller, from_status=Seller.Status.PENDING, to_status=to_status, reason=reason, actor=actor
    )
    decided = Seller.objects.get(pk=seller.pk)
    seller_status_changed.send(
        sender=Seller, seller=decided, from_status=Seller.Status.PENDING, to_status=to_status
    )
    return decided


@transaction.atomic
def verify_seller(*, actor: User, seller: Seller) -> Seller:
    """An officer accepts a pending seller: its active products become public."""
    return _decide(actor, seller, Seller.Status.VERIFIED, "")


@transaction.atomic
def reject_seller(*, actor: User, seller: Seller, reason: str) -> Seller:
    """An officer refuses a pending seller with a reason the seller sees."""
    ensure_officer(actor)
    if not (reason or "").strip():
        raise invalid("reason", "required", _("Cần ghi lý do từ chối."))
    return _decide(actor, seller, Seller.Status.REJECTED, reason.strip())


@transaction.atomic
def resubmit_seller(*, actor: User, seller: Seller) -> Seller:
    """A rejected seller, having corrected its details, asks to be verified again."""
    ensure_can_manage(actor, seller)
    if not Seller.objects.filter(pk=seller.pk, status=Seller.Status.REJECTED).update(
        status=Seller.Status.PENDING, updated_at=timezone.now()
    ):
        raise SellerAlreadyDecided()
    SellerStatusChange.objects.create(
        seller=seller, from_status=Seller.Status.REJECTED, to_status=Seller.Status.PENDING, actor=actor
    )
    pending = Seller.objects.get(pk=seller.pk)
    seller_status_changed.send(
        sender=Seller, seller=pending, from_status=Seller.Status.REJECTED, to_status=Seller.Status.PENDING
    )
    return pending


# --- The department's corrections, made in the admin: an officer, any seller ------------------------


@transaction.atomic
def correct_seller(*, actor: User, seller: Seller, **changes: Any) -> Seller:
    """An officer corrects a seller's details, identity included (what a verified seller may not change
    itself), with every check of update_seller_profile. The status changes only by verify/reject."""
    ensure_officer(actor)
    return _change_profile(seller, changes, identity_locked_once_verified=False)


@transaction.atomic
def add_member(*, actor: User, seller: Seller, user: User, role: str) -> Membership:
    """An officer gives a user a place in a seller: owner (manages the shop) or staff."""
    ensure_officer(actor)
    if role not in Membership.Role.values:
        raise invalid("role", "invalid_choice", _("Vai trò không hợp lệ."))
    try:
        with transaction.atomic():
            return Membership.objects.create(user=user, seller=seller, role=role)
    except IntegrityError as exc:
        raise invalid("user", "duplicate_member", _("Người này đã là thành viên của người bán.")) from exc


@transaction.atomic
def change_member_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """An officer makes a member owner or staff."""
    ensure_officer(actor)
    if role not in Membership.Role.values:
        raise invalid("role", "invalid_choice", _("Vai trò không hợp lệ."))
    Membership.objects.filter(pk=membership.pk).update(role=role)
    return Membership.objects.get(pk=membership.pk)


@transaction.atomic
def remove_member(*, actor: User, membership: Membership) -> None:
    """An officer takes a user out of a seller."""
    ensure_officer(actor)
    Membership.objects.filter(pk=membership.pk).delete()


def forget_member(user: User) -> None:
    """The user leaves every shop: part of deleting an account (accounts.services.delete_account, which
    checked first that no shop is left without an owner, and holds the transaction and the permission)."""
    Membership.objects.filter(user=user).delete()
