"""Council scoring: each member's sheet, the mean and the mandatory criteria, the ministry's answer on
5 stars."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.core.errors import ValidationFailed, field_error
from hangviet.ocop import queries
from hangviet.ocop.models import (
    Criterion,
    Dossier,
    Round,
    ScoreSheet,
)
from hangviet.ocop.services._common import (
    CENT,
    InvalidTransition,
    NotEnoughSheets,
    SheetAlreadySubmitted,
    _move,
)
from hangviet.ocop.services.rules import RECOGNISED_MIN_STARS, rating
from hangviet.sellers.permissions import ensure_officer


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
