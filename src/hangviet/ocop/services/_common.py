"""What the OCOP services share: their domain errors, the error-entry shape, the dossier status move."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from hangviet.accounts.models import User
from hangviet.core.errors import DomainError
from hangviet.ocop.models import (
    Dossier,
    DossierStatusChange,
)

CENT = Decimal("0.01")


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
