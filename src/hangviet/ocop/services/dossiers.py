"""Dossiers, from the producer's draft to the council: attachments read by content, commune check, samples."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.catalog.models import Category, Product
from hangviet.core.errors import ValidationFailed, field_error
from hangviet.ocop import queries
from hangviet.ocop.models import (
    Dossier,
    DossierAttachment,
    DossierStatusChange,
    Round,
)
from hangviet.ocop.services._common import InvalidTransition, NoRubric, RoundNotOpen, _move
from hangviet.ocop.services.scoring import check_scores
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import can_manage, ensure_can_manage, ensure_officer

ATTACHMENT_TYPES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg"}


def max_attachment_bytes() -> int:
    return int(getattr(settings, "HANGVIET_OCOP_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024))


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
