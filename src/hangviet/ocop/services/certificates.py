"""Certificates: issued on recognition or recorded by an officer, revoked, expired, announced before expiry.

Every change keeps Product.ocop_stars in step (refresh_product_stars).
"""

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
from hangviet.core.errors import ValidationFailed, field_error
from hangviet.ocop import queries
from hangviet.ocop.models import (
    Certificate,
    CertificateStatusChange,
    Dossier,
)
from hangviet.ocop.services._common import CENT, CertificateAlreadyRevoked, InvalidTransition, _move
from hangviet.ocop.services.rules import STAR_BANDS, expiry_for, stars_for_score
from hangviet.sellers.permissions import ensure_officer


def _check_issue(
    number: str, stars: int, score: object, issued_on: datetime.date, *, capped: bool = False
) -> tuple[str, Decimal]:
    errors: list[dict[str, str]] = []
    number = (number or "").strip()
    if not number:
        errors.append(field_error("number", "required", _("Cần nhập số giấy chứng nhận.")))
    try:
        value = Decimal(str(score)).quantize(CENT)
    except InvalidOperation:
        value = Decimal(-1)
    if not Decimal(0) <= value <= Decimal(100):
        errors.append(field_error("score", "invalid_score", _("Điểm phải từ 0 đến 100.")))
    elif value < STAR_BANDS[3][0]:
        errors.append(
            field_error("score", "score_too_low", _("Sản phẩm dưới 50 điểm không được công nhận OCOP."))
        )
    if stars not in STAR_BANDS:
        errors.append(field_error("stars", "invalid_stars", _("Chỉ cấp chứng nhận 3, 4 hoặc 5 sao.")))
    elif not errors and (
        stars > stars_for_score(value) if capped else stars_for_score(value) != stars
    ):  # a mandatory-criterion cap may lower the stars below the band, never raise them
        low, high = STAR_BANDS[stars]
        errors.append(
            field_error(
                "stars",
                "stars_score_mismatch",
                _("%(stars)s sao cần điểm từ %(low)s đến dưới %(high)s.")
                % {"stars": stars, "low": low, "high": high},
            )
        )
    if issued_on > timezone.localdate():
        errors.append(field_error("issued_on", "in_future", _("Ngày cấp không được ở tương lai.")))
    if errors:
        raise ValidationFailed(errors)
    return number, value


def refresh_product_stars(product_ids: Iterable[int], today: datetime.date | None = None) -> None:
    """Set each product's ocop_stars to the stars of its best valid, unexpired certificate (0 if none)."""
    ids = sorted(set(product_ids))
    if not ids:
        return
    today = today or timezone.localdate()
    best = queries.valid_certificates(today).filter(product=OuterRef("pk")).values("stars")[:1]
    for start in range(0, len(ids), 500):
        Product.objects.filter(pk__in=ids[start : start + 500]).update(
            ocop_stars=Coalesce(Subquery(best), Value(0))
        )
    catalog_changed(products=ids)  # their stars (rank, facets) and the certificate their pages show


def _save_certificate(certificate: Certificate, actor: User | None) -> Certificate:
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError as exc:
        raise ValidationFailed(
            [field_error("number", "duplicate", _("Số giấy chứng nhận này đã tồn tại."))]
        ) from exc
    CertificateStatusChange.objects.create(
        certificate=certificate, from_status="", to_status=certificate.status, actor=actor
    )
    refresh_product_stars([certificate.product_id])
    return certificate


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
    decision_date: datetime.date | None = None,
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
        decision_date=decision_date or issued_on,
        issued_on=issued_on,
        expires_on=expiry_for(issued_on),
        issued_by=actor,
        issued_at=timezone.now(),
        replaces=queries.latest_certificate(product),
    )
    return _save_certificate(certificate, actor)


@transaction.atomic
def revoke_certificate(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    """An officer revokes a certificate with a reason; the product loses its stars unless another holds."""
    ensure_officer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([field_error("reason", "required", _("Cần ghi lý do thu hồi."))])
    current = Certificate.objects.select_for_update().filter(pk=certificate.pk).first()
    if current is None or current.status == Certificate.Status.REVOKED:
        raise CertificateAlreadyRevoked()
    Certificate.objects.filter(pk=current.pk).update(
        status=Certificate.Status.REVOKED, revoked_reason=reason, revoked_by=actor, revoked_at=timezone.now()
    )
    CertificateStatusChange.objects.create(
        certificate=current,
        from_status=current.status,
        to_status=Certificate.Status.REVOKED,
        reason=reason,
        actor=actor,
    )
    refresh_product_stars([current.product_id])
    return Certificate.objects.get(pk=current.pk)


@transaction.atomic
def expire_due_certificates(today: datetime.date | None = None) -> int:
    """Mark valid certificates past their expiry date as expired; returns how many lapsed."""
    today = today or timezone.localdate()
    due = Certificate.objects.select_for_update().filter(
        status=Certificate.Status.VALID, expires_on__lt=today
    )
    rows = list(due.values_list("pk", "product_id"))
    if not rows:
        return 0
    ids = [pk for pk, _ in rows]
    count = Certificate.objects.filter(pk__in=ids, status=Certificate.Status.VALID).update(
        status=Certificate.Status.EXPIRED
    )
    CertificateStatusChange.objects.bulk_create(
        CertificateStatusChange(
            certificate_id=pk,
            from_status=Certificate.Status.VALID,
            to_status=Certificate.Status.EXPIRED,
            reason=_("Hết thời hạn 36 tháng."),
        )
        for pk in ids
    )
    refresh_product_stars({product_id for _, product_id in rows}, today)
    return count


def notify_expiring_certificates(today: datetime.date | None = None) -> int:
    """Tell each producer once, ≥ 30 days ahead, that a certificate will lapse without re-evaluation.

    The email is a task queued in the transaction that marks the certificate notified: both or neither."""
    from hangviet.ocop.tasks import send_certificate_expiring

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=queries.EXPIRING_WITHIN_DAYS)
    with transaction.atomic():
        due = list(
            Certificate.objects.select_for_update()
            .filter(
                status=Certificate.Status.VALID,
                expiry_notified_at__isnull=True,
                expires_on__gte=today,
                expires_on__lte=horizon,
            )
            .values_list("pk", flat=True)
        )
        Certificate.objects.filter(pk__in=due).update(expiry_notified_at=timezone.now())
        for pk in due:
            send_certificate_expiring.enqueue(pk)
    return len(due)


@transaction.atomic
def recognise_dossier(
    *,
    actor: User,
    dossier: Dossier,
    number: str,
    decision_number: str,
    decision_date: datetime.date,
    issued_on: datetime.date | None = None,
) -> Certificate:
    """The recognition decision: the certificate (stars and score of the dossier) replaces the last one."""
    ensure_officer(actor)
    dossier = Dossier.objects.select_for_update().select_related("product").get(pk=dossier.pk)
    if dossier.status not in (Dossier.Status.SCORED, Dossier.Status.MINISTRY_DECIDED) or not dossier.stars:
        raise InvalidTransition()
    issued_on = issued_on or decision_date
    errors = []
    if not (decision_number or "").strip():
        errors.append(field_error("decision_number", "required", _("Cần nhập số quyết định công nhận.")))
    if decision_date > timezone.localdate():
        errors.append(field_error("decision_date", "in_future", _("Ngày quyết định không được ở tương lai.")))
    if errors:
        raise ValidationFailed(errors)
    number, score = _check_issue(number, dossier.stars, dossier.score, issued_on, capped=True)
    certificate = _save_certificate(
        Certificate(
            number=number,
            product=dossier.product,
            stars=dossier.stars,
            score=score,
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            issued_on=issued_on,
            expires_on=expiry_for(issued_on),
            dossier=dossier,
            replaces=queries.latest_certificate(dossier.product),
            issued_by=actor,
            issued_at=timezone.now(),
        ),
        actor,
    )
    _move(
        dossier,
        Dossier.Status.RECOGNISED,
        actor=actor,
        allowed_from=[Dossier.Status.SCORED, Dossier.Status.MINISTRY_DECIDED],
        reason=decision_number.strip(),
    )
    return certificate
