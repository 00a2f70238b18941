"""Every write of the OCOP programme: rounds, dossiers, council score sheets, recognition, certificates.

Each function checks who may act, owns its transaction, and records the state change (who, when, from, to).
Certificates keep Product.ocop_stars in step.
"""

import calendar
import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, Required, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hangviet.accounts.models import User
from hangviet.catalog.models import Category, Product
from hangviet.catalog.versions import catalog_changed
from hangviet.core.errors import DomainError, ValidationFailed, field_error
from hangviet.core.models import Province
from hangviet.ocop import queries
from hangviet.ocop.models import (
    Certificate,
    CertificateStatusChange,
    Criterion,
    Dossier,
    DossierAttachment,
    DossierStatusChange,
    Round,
    ScoreSheet,
)
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import can_manage, ensure_can_manage, ensure_officer

VALIDITY_MONTHS = 36
# Half-open score bands [low, high) per star count (QĐ 148/QĐ-TTg); 5★ includes 100.
STAR_BANDS: dict[int, tuple[Decimal, Decimal]] = {
    3: (Decimal(50), Decimal(70)),
    4: (Decimal(70), Decimal(90)),
    5: (Decimal(90), Decimal(100)),
}
# Lower edges of every band, 1★ to 5★ (1★ [0,30), 2★ [30,50): not recognised).
BAND_FLOORS: tuple[tuple[int, Decimal], ...] = (
    (5, Decimal(90)),
    (4, Decimal(70)),
    (3, Decimal(50)),
    (2, Decimal(30)),
    (1, Decimal(0)),
)
RECOGNISED_MIN_STARS = 3
CENT = Decimal("0.01")
ATTACHMENT_TYPES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg"}


def max_attachment_bytes() -> int:
    return int(getattr(settings, "HANGVIET_OCOP_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024))


class CertificateAlreadyRevoked(DomainError):
    code = "certificate_already_revoked"
    message = gettext_lazy("Giấy chứng nhận này đã bị thu hồi.")


class InvalidTransition(DomainError):
    code = "invalid_transition"
    message = gettext_lazy("Hồ sơ không ở trạng thái cho phép thao tác này.")


class SheetAlreadySubmitted(DomainError):
    code = "sheet_already_submitted"
    message = gettext_lazy("Phiếu chấm đã nộp, không sửa được nữa.")


class NotEnoughSheets(DomainError):
    code = "not_enough_sheets"
    message = gettext_lazy("Chưa đủ số phiếu chấm đã nộp.")


class RoundNotOpen(DomainError):
    code = "round_not_open"
    message = gettext_lazy("Đợt đánh giá không nhận hồ sơ.")


class NoRubric(DomainError):
    code = "no_rubric"
    message = gettext_lazy("Chưa có bộ tiêu chí áp dụng cho bộ sản phẩm này vào ngày mở đợt.")


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


def band_for_score(score: Decimal) -> int:
    """The rank 1–5 of a total score on the half-open bands (49.99 → 2, 50 → 3, 70 → 4, 90 → 5)."""
    for stars, floor in BAND_FLOORS:
        if score >= floor:
            return stars
    return 1


def rating(score: Decimal, failed_mandatory_for: Iterable[int]) -> tuple[int, int]:
    """(band stars, stars after the mandatory cap): failing a criterion mandatory for N★ caps at N-1."""
    band = band_for_score(score)
    cap = min((level - 1 for level in failed_mandatory_for if level), default=5)
    return band, max(1, min(band, cap))


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


# --- rounds ---------------------------------------------------------------------------------------


class RoundDetails(TypedDict, total=False):
    """What an officer sets on a round, besides the province, year and number that name it."""

    opens_on: Required[datetime.date]
    closes_on: Required[datetime.date]
    title: str
    council_members: Iterable[User]
    advisory_group: Iterable[User]
    min_sheets: int  # 3 unless given


@transaction.atomic
def open_round(
    *, actor: User, province: Province, year: int, number: int, **details: Unpack[RoundDetails]
) -> Round:
    """An officer opens an evaluation round with its council (who score) and advisory group."""
    ensure_officer(actor)
    errors = _round_errors(details)
    if not 2018 <= year <= 2100:
        errors.append(field_error("year", "invalid", _("Năm không hợp lệ.")))
    if Round.objects.filter(province=province, year=year, number=number).exists():
        errors.append(field_error("number", "duplicate", _("Đợt này đã có trong năm.")))
    if errors:
        raise ValidationFailed(errors)
    round_ = Round.objects.create(
        province=province,
        year=year,
        number=number,
        status=Round.Status.OPEN,
        step=Round.Step.PLANS,
        created_by=actor,
        **_round_columns(details),
    )
    _set_round_people(round_, details)
    return round_


@transaction.atomic
def update_round(*, actor: User, round_: Round, **details: Unpack[RoundDetails]) -> Round:
    """An officer changes a round's dates, title, council and advisory group (its province, year and
    number name it and stay), with the checks of open_round. The stage moves by set_round_stage."""
    ensure_officer(actor)
    errors = _round_errors(details)
    if errors:
        raise ValidationFailed(errors)
    Round.objects.filter(pk=round_.pk).update(**_round_columns(details))
    changed = Round.objects.get(pk=round_.pk)
    _set_round_people(changed, details)
    return changed


def _round_errors(details: RoundDetails) -> list[dict[str, str]]:
    errors = []
    if details["closes_on"] < details["opens_on"]:
        errors.append(field_error("closes_on", "before_open", _("Ngày đóng phải sau ngày mở.")))
    if not 1 <= details.get("min_sheets", 3) <= 15:
        errors.append(field_error("min_sheets", "invalid", _("Số phiếu tối thiểu từ 1 đến 15.")))
    return errors


def _round_columns(details: RoundDetails) -> dict[str, Any]:
    return {
        "title": (details.get("title") or "").strip(),
        "opens_on": details["opens_on"],
        "closes_on": details["closes_on"],
        "min_sheets": details.get("min_sheets", 3),
    }


def _set_round_people(round_: Round, details: RoundDetails) -> None:
    round_.council_members.set(list(details.get("council_members", ())))
    round_.advisory_group.set(list(details.get("advisory_group", ())))


@transaction.atomic
def set_round_stage(*, actor: User, round_: Round, status: str, step: int) -> Round:
    """An officer moves the round along the six-step cycle (and opens/closes the receiving of dossiers)."""
    ensure_officer(actor)
    if status not in Round.Status.values or step not in Round.Step.values:
        raise ValidationFailed([field_error("step", "invalid", _("Bước hoặc trạng thái không hợp lệ."))])
    Round.objects.filter(pk=round_.pk).update(status=status, step=step)
    return Round.objects.get(pk=round_.pk)


# --- dossiers -------------------------------------------------------------------------------------


def _move(
    dossier: Dossier,
    to: str,
    *,
    actor: User | None,
    allowed_from: Iterable[str],
    reason: str = "",
    **fields: Any,
) -> Dossier:
    """Change the status only if it is still one of `allowed_from` (no check-then-act), with history."""
    allowed = list(allowed_from)
    current = (
        Dossier.objects.select_for_update().filter(pk=dossier.pk).values_list("status", flat=True).first()
    )
    updated = Dossier.objects.filter(pk=dossier.pk, status__in=allowed).update(status=to, **fields)
    if not updated:
        raise InvalidTransition()
    DossierStatusChange.objects.create(
        dossier_id=dossier.pk, from_status=current or "", to_status=to, actor=actor, reason=reason
    )
    return Dossier.objects.select_related("round", "seller", "product", "rubric").get(pk=dossier.pk)


def _parse_points(
    raw: object, criterion: Criterion, field: str, errors: list[dict[str, str]]
) -> Decimal | None:
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        errors.append(field_error(field, "invalid", _("Điểm phải là một số.")))
        return None
    if not value.is_finite() or value != value.quantize(CENT) or not 0 <= value <= criterion.max_points:
        errors.append(
            field_error(
                field,
                "out_of_range",
                _("Điểm của tiêu chí %(code)s phải từ 0 đến %(max)s.")
                % {"code": criterion.code, "max": criterion.max_points.normalize()},
            )
        )
        return None
    return value.quantize(CENT)


def check_scores(
    dossier: Dossier, scores: dict[str, Any], *, complete: bool, prefix: str = "scores"
) -> dict[str, str]:
    """Scores keyed by criterion code, each 0..max with at most 2 decimals; all criteria when `complete`."""
    criteria = {c.code: c for c in queries.criteria_of(dossier.rubric)}
    errors: list[dict[str, str]] = []
    clean: dict[str, str] = {}
    for code in scores:
        if code not in criteria:
            errors.append(
                field_error(
                    f"{prefix}.{code}", "unknown_criterion", _("Tiêu chí không có trong bộ tiêu chí.")
                )
            )
    for code, criterion in criteria.items():
        raw = scores.get(code)
        if raw is None or str(raw).strip() == "":
            if complete:
                errors.append(field_error(f"{prefix}.{code}", "required", _("Cần chấm tiêu chí này.")))
            continue
        value = _parse_points(raw, criterion, f"{prefix}.{code}", errors)
        if value is not None:
            clean[code] = str(value)
    if errors:
        raise ValidationFailed(errors)
    return clean


def _ensure_producer(actor: User, dossier: Dossier) -> None:
    ensure_can_manage(actor, dossier.seller)


@transaction.atomic
def create_dossier(
    *, actor: User, round_: Round, product: Product, product_set: Category | None = None
) -> Dossier:
    """A member of a verified seller registers one of its products for an open round (a draft)."""
    ensure_can_manage(actor, product.seller)
    if product.seller.status != Seller.Status.VERIFIED:
        raise PermissionDenied(_("Chỉ người bán đã được xác minh mới đăng ký OCOP."))
    today = timezone.localdate()
    if round_.status != Round.Status.OPEN or not round_.opens_on <= today <= round_.closes_on:
        raise RoundNotOpen()
    product_set = product_set or product.category
    rubric = queries.rubric_for(product_set, round_.opens_on)
    if rubric is None:
        raise NoRubric(field="product_set")
    if Dossier.objects.filter(round=round_, product=product).exists():
        raise ValidationFailed(
            [field_error("product", "duplicate", _("Sản phẩm này đã có hồ sơ trong đợt."))]
        )
    dossier = Dossier.objects.create(
        round=round_, seller=product.seller, product=product, product_set=product_set, rubric=rubric
    )
    DossierStatusChange.objects.create(dossier=dossier, from_status="", to_status=dossier.status, actor=actor)
    return dossier


@transaction.atomic
def update_dossier(
    *,
    actor: User,
    dossier: Dossier,
    production_plan: str,
    product_story: str,
    quality_standard: str,
    self_assessment: dict[str, Any],
) -> Dossier:
    """The producer fills in the registration form and the self-assessment (draft or returned only)."""
    _ensure_producer(actor, dossier)
    clean = check_scores(dossier, self_assessment, complete=False, prefix="self_assessment")
    updated = Dossier.objects.filter(
        pk=dossier.pk, status__in=[Dossier.Status.DRAFT, Dossier.Status.RETURNED]
    ).update(
        production_plan=(production_plan or "").strip()[:10000],
        product_story=(product_story or "").strip()[:10000],
        quality_standard=(quality_standard or "").strip()[:200],
        self_assessment=clean,
    )
    if not updated:
        raise InvalidTransition()
    return Dossier.objects.get(pk=dossier.pk)


def _sniff(head: bytes) -> str | None:
    for magic, content_type in ATTACHMENT_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


@transaction.atomic
def add_attachment(*, actor: User, dossier: Dossier, file: UploadedFile, title: str) -> DossierAttachment:
    """A PDF or JPEG (checked by its content, not its name) of at most the configured size."""
    _ensure_producer(actor, dossier)
    if dossier.status not in (Dossier.Status.DRAFT, Dossier.Status.RETURNED):
        raise InvalidTransition()
    errors = []
    size = file.size or 0
    if size > max_attachment_bytes():
        errors.append(
            field_error(
                "file",
                "too_large",
                _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": max_attachment_bytes() // (1024 * 1024)},
            )
        )
    elif size == 0:
        errors.append(field_error("file", "empty", _("Tệp rỗng.")))
    file.seek(0)
    content_type = _sniff(file.read(8))
    file.seek(0)
    if content_type is None:
        errors.append(field_error("file", "invalid_type", _("Chỉ nhận tệp PDF hoặc ảnh JPEG.")))
    title = (title or "").strip()[:200]
    if not title:
        errors.append(field_error("title", "required", _("Cần đặt tên tài liệu.")))
    if errors:
        raise ValidationFailed(errors)
    original_name = (file.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    # The stored name is random (DossierAttachment.file's upload_to); only the checked type's extension
    # is kept.
    file.name = "hoso.pdf" if content_type == "application/pdf" else "hoso.jpg"
    return DossierAttachment.objects.create(
        dossier=dossier,
        file=file,
        original_name=original_name,
        title=title,
        content_type=content_type or "",
        size=size,
        uploaded_by=actor,
    )


@transaction.atomic
def submit_dossier(*, actor: User, dossier: Dossier) -> Dossier:
    """The producer submits: the registration form filled in and at least one attachment."""
    _ensure_producer(actor, dossier)
    fresh = Dossier.objects.get(pk=dossier.pk)
    errors = []
    if not fresh.production_plan:
        errors.append(
            field_error("production_plan", "required", _("Cần nhập phương án sản xuất kinh doanh."))
        )
    if not fresh.attachments.exists():
        errors.append(field_error("attachments", "required", _("Cần đính kèm ít nhất một tài liệu.")))
    if errors:
        raise ValidationFailed(errors)
    return _move(
        fresh,
        Dossier.Status.SUBMITTED,
        actor=actor,
        allowed_from=[Dossier.Status.DRAFT, Dossier.Status.RETURNED],
        submitted_at=timezone.now(),
    )


LOCAL_CRITERIA = ("origin_of_materials", "local_labour", "origin_of_idea", "local_identity")


@transaction.atomic
def commune_check(
    *, actor: User, dossier: Dossier, forward: bool, local_criteria: dict[str, bool], reason: str = ""
) -> Dossier:
    """The commune checks the dossier and its local criteria, then forwards it or returns it with reasons."""
    ensure_officer(actor)
    reason = (reason or "").strip()
    if not forward and not reason:
        raise ValidationFailed([field_error("reason", "required", _("Cần ghi lý do trả lại hồ sơ."))])
    check = {key: bool(local_criteria.get(key)) for key in LOCAL_CRITERIA}
    to = Dossier.Status.COMMUNE_CHECKED if forward else Dossier.Status.RETURNED
    return _move(
        dossier,
        to,
        actor=actor,
        allowed_from=[Dossier.Status.SUBMITTED],
        reason=reason,
        commune_check=check,
        commune_note=reason,
    )


@transaction.atomic
def record_samples(*, actor: User, dossier: Dossier, received_on: datetime.date) -> Dossier:
    """An officer records the day the product samples arrived."""
    ensure_officer(actor)
    if received_on > timezone.localdate():
        raise ValidationFailed(
            [field_error("received_on", "in_future", _("Ngày nhận mẫu không được ở tương lai."))]
        )
    updated = Dossier.objects.filter(
        pk=dossier.pk,
        status__in=[Dossier.Status.SUBMITTED, Dossier.Status.COMMUNE_CHECKED, Dossier.Status.IN_EVALUATION],
    ).update(samples_received_on=received_on)
    if not updated:
        raise InvalidTransition()
    return Dossier.objects.get(pk=dossier.pk)


@transaction.atomic
def start_evaluation(*, actor: User, dossier: Dossier) -> Dossier:
    """An officer hands a checked dossier (samples received) to the council."""
    ensure_officer(actor)
    if Dossier.objects.filter(pk=dossier.pk, samples_received_on__isnull=True).exists():
        raise ValidationFailed([field_error("samples_received_on", "required", _("Chưa nhận mẫu sản phẩm."))])
    return _move(
        dossier, Dossier.Status.IN_EVALUATION, actor=actor, allowed_from=[Dossier.Status.COMMUNE_CHECKED]
    )


def ensure_council_member(user: User, round_: Round) -> None:
    if not queries.is_council_member(user, round_):
        raise PermissionDenied(_("Chỉ thành viên Hội đồng của đợt này được chấm điểm."))


@transaction.atomic
def save_sheet(
    *, actor: User, dossier: Dossier, scores: dict[str, Any], comment: str = "", submit: bool = False
) -> ScoreSheet:
    """A council member saves their own sheet (a draft), or submits it: complete, then frozen for good."""
    ensure_council_member(actor, dossier.round)
    if not Dossier.objects.filter(pk=dossier.pk, status=Dossier.Status.IN_EVALUATION).exists():
        raise InvalidTransition()
    clean = check_scores(dossier, scores, complete=submit)
    total = sum((Decimal(v) for v in clean.values()), Decimal(0)).quantize(CENT)
    sheet, _ = ScoreSheet.objects.get_or_create(dossier=dossier, member=actor)
    now = timezone.now()
    updated = ScoreSheet.objects.filter(pk=sheet.pk, submitted_at__isnull=True).update(
        scores=clean,
        total=total,
        comment=(comment or "").strip()[:4000],
        updated_at=now,
        submitted_at=now if submit else None,
    )
    if not updated:
        raise SheetAlreadySubmitted()
    return ScoreSheet.objects.get(pk=sheet.pk)


def mean(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT)


def outcome_of(dossier: Dossier, sheets: list[ScoreSheet]) -> dict[str, Any]:
    """Score = mean of submitted totals; a mandatory criterion fails when its mean is below its minimum."""
    score = mean([sheet.total for sheet in sheets])
    failed: list[dict[str, Any]] = []
    for criterion in queries.criteria_of(dossier.rubric):
        if not criterion.mandatory_for_stars:
            continue
        points = mean([Decimal(sheet.scores.get(criterion.code, "0")) for sheet in sheets])
        if points < criterion.mandatory_min_points:
            failed.append(
                {"code": criterion.code, "stars": criterion.mandatory_for_stars, "mean": str(points)}
            )
    band, stars = rating(score, [f["stars"] for f in failed])
    return {"score": score, "band": band, "stars": stars, "failed": failed}


@transaction.atomic
def finalise_scores(*, actor: User, dossier: Dossier) -> Dossier:
    """An officer closes the scoring: ≥ 90 and 5★ eligible → proposed to the ministry; 3–4★ → scored."""
    ensure_officer(actor)
    sheets = list(ScoreSheet.objects.filter(dossier=dossier, submitted_at__isnull=False))
    if len(sheets) < dossier.round.min_sheets:
        raise NotEnoughSheets(submitted=len(sheets), required=dossier.round.min_sheets)
    result = outcome_of(dossier, sheets)
    if result["stars"] >= 5:
        to = Dossier.Status.PROPOSED
    elif result["stars"] >= RECOGNISED_MIN_STARS:
        to = Dossier.Status.SCORED
    else:
        to = Dossier.Status.NOT_RECOGNISED
    return _move(
        dossier,
        to,
        actor=actor,
        allowed_from=[Dossier.Status.IN_EVALUATION],
        score=result["score"],
        band_stars=result["band"],
        stars=result["stars"],
        failed_mandatory=result["failed"],
    )


@transaction.atomic
def record_ministry_result(
    *, actor: User, dossier: Dossier, recognised: bool, decision_number: str = "", note: str = ""
) -> Dossier:
    """The ministry's answer on a 5★ proposal; if it declines, the province may still recognise 4★."""
    ensure_officer(actor)
    return _move(
        dossier,
        Dossier.Status.MINISTRY_DECIDED,
        actor=actor,
        allowed_from=[Dossier.Status.PROPOSED],
        reason=(note or "").strip(),
        ministry_recognised=recognised,
        ministry_decision=(decision_number or "").strip()[:80],
        stars=5 if recognised else 4,
    )


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


def can_see_dossier(user: Any, dossier: Dossier) -> bool:
    """Officers, the round's council and advisory group, and the producer's own members."""
    from hangviet.sellers.permissions import is_officer

    if is_officer(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        can_manage(user, dossier.seller)
        or queries.is_council_member(user, dossier.round)
        or dossier.round.advisory_group.filter(pk=user.pk).exists()
    )
