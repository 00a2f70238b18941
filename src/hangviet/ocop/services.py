"""Every write on OCOP certificates: issue, revoke, expire; each keeps Product.ocop_stars in step."""

import calendar
import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.catalog.versions import catalog_changed
from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.ocop.models import Certificate
from hangviet.sellers.permissions import ensure_officer

VALIDITY_MONTHS = 36
# Half-open score bands [low, high) per star count (QĐ 148/QĐ-TTg); 5★ includes 100.
STAR_BANDS: dict[int, tuple[Decimal, Decimal]] = {
    3: (Decimal(50), Decimal(70)),
    4: (Decimal(70), Decimal(90)),
    5: (Decimal(90), Decimal(100)),
}


class CertificateAlreadyRevoked(DomainError):
    code = "certificate_already_revoked"
    message = "Giấy chứng nhận này đã bị thu hồi."


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's last day (29/02 + 12 months → 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def expiry_for(issued_on: datetime.date) -> datetime.date:
    """A certificate is valid 36 months from its date of issue."""
    return add_months(issued_on, VALIDITY_MONTHS)


def stars_for_score(score: Decimal) -> int:
    """The stars a total score earns: 3, 4 or 5; 0 below 50 (no certificate)."""
    for stars in (5, 4, 3):
        if score >= STAR_BANDS[stars][0]:
            return stars
    return 0


def _error(field: str, code: str, message: str) -> dict[str, str]:
    return {"field": field, "code": code, "message": message}


def _check_issue(number: str, stars: int, score: object, issued_on: datetime.date) -> tuple[str, Decimal]:
    errors: list[dict[str, str]] = []
    number = (number or "").strip()
    if not number:
        errors.append(_error("number", "required", _("Cần nhập số giấy chứng nhận.")))
    try:
        value = Decimal(str(score)).quantize(Decimal("0.01"))
    except InvalidOperation:
        value = Decimal(-1)
    if not Decimal(0) <= value <= Decimal(100):
        errors.append(_error("score", "invalid_score", _("Điểm phải từ 0 đến 100.")))
    elif value < STAR_BANDS[3][0]:
        errors.append(_error("score", "score_too_low", _("Sản phẩm dưới 50 điểm không được công nhận OCOP.")))
    if stars not in STAR_BANDS:
        errors.append(_error("stars", "invalid_stars", _("Chỉ cấp chứng nhận 3, 4 hoặc 5 sao.")))
    elif not errors and stars_for_score(value) != stars:
        low, high = STAR_BANDS[stars]
        errors.append(
            _error(
                "stars",
                "stars_score_mismatch",
                _("%(stars)s sao cần điểm từ %(low)s đến dưới %(high)s.")
                % {"stars": stars, "low": low, "high": high},
            )
        )
    if issued_on > timezone.localdate():
        errors.append(_error("issued_on", "in_future", _("Ngày cấp không được ở tương lai.")))
    if errors:
        raise ValidationFailed(errors)
    return number, value


def refresh_product_stars(product_ids: Iterable[int], today: datetime.date | None = None) -> None:
    """Set each product's ocop_stars to the stars of its best valid, unexpired certificate (0 if none)."""
    ids = sorted(set(product_ids))
    if not ids:
        return
    today = today or timezone.localdate()
    best = (
        Certificate.objects.filter(
            product=OuterRef("pk"),
            status=Certificate.Status.VALID,
            issued_on__lte=today,
            expires_on__gte=today,
        )
        .order_by("-stars")
        .values("stars")[:1]
    )
    for start in range(0, len(ids), 500):
        Product.objects.filter(pk__in=ids[start : start + 500]).update(
            ocop_stars=Coalesce(Subquery(best), Value(0))
        )
    catalog_changed()  # stars and the certificate shown on the product page changed


@transaction.atomic
def issue_certificate(
    *,
    actor: User,
    product: Product,
    number: str,
    stars: int,
    score: Decimal | float | int | str,
    issued_on: datetime.date,
    decision_number: str = "",
) -> Certificate:
    """An officer records a certificate (3–5★, stars matching the score band), valid for 36 months."""
    ensure_officer(actor)
    number, value = _check_issue(number, stars, score, issued_on)
    certificate = Certificate(
        number=number,
        product=product,
        stars=stars,
        score=value,
        decision_number=(decision_number or "").strip(),
        issued_on=issued_on,
        expires_on=expiry_for(issued_on),
    )
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError as exc:
        raise ValidationFailed(
            [_error("number", "duplicate", _("Số giấy chứng nhận này đã tồn tại."))]
        ) from exc
    refresh_product_stars([product.pk])
    return certificate


@transaction.atomic
def revoke_certificate(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    """An officer revokes a certificate with a reason; the product loses its stars unless another holds."""
    ensure_officer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([_error("reason", "required", _("Cần ghi lý do thu hồi."))])
    updated = (
        Certificate.objects.filter(pk=certificate.pk)
        .exclude(status=Certificate.Status.REVOKED)
        .update(status=Certificate.Status.REVOKED, revoked_reason=reason)
    )
    if not updated:
        raise CertificateAlreadyRevoked()
    refresh_product_stars([certificate.product_id])
    return Certificate.objects.get(pk=certificate.pk)


@transaction.atomic
def expire_due_certificates(today: datetime.date | None = None) -> int:
    """Mark valid certificates past their expiry date as expired; returns how many lapsed."""
    today = today or timezone.localdate()
    due = Certificate.objects.filter(status=Certificate.Status.VALID, expires_on__lt=today)
    product_ids = set(due.values_list("product_id", flat=True))
    count = due.update(status=Certificate.Status.EXPIRED)
    refresh_product_stars(product_ids, today)
    return count
