"""Every write of the reports room: targets, and the year-end report's generation."""

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.core.errors import ValidationFailed
from hangviet.core.limits import AMOUNT_MAX_VND, ensure_within
from hangviet.reports import indicators
from hangviet.reports.models import Target, YearEndReport
from hangviet.reports.periods import FIRST_YEAR, LAST_YEAR
from hangviet.reports.tasks import build_year_end_report
from hangviet.sellers.permissions import ensure_officer

PERCENT_MAX = 100


def target_bound(code: str) -> int:
    """The largest target an indicator takes: 100 for a rate, else the platform's bound on any amount."""
    indicator = indicators.get(code)
    return PERCENT_MAX if indicator is not None and indicator.unit == "%" else AMOUNT_MAX_VND


@transaction.atomic
def set_targets(*, actor: User, year: int, values: Mapping[str, int | None]) -> int:
    """An officer sets a year's plan: a value per indicator code; None removes that indicator's target.
    Returns how many targets changed."""
    ensure_officer(actor)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailed([{"field": "year", "code": "invalid_year", "message": _("Năm không hợp lệ.")}])
    unknown = [code for code in values if indicators.get(code) is None]
    if unknown:
        raise ValidationFailed(
            [
                {"field": code, "code": "unknown_indicator", "message": _("Không có chỉ số này.")}
                for code in unknown
            ]
        )
    for code, value in values.items():
        if value is not None:
            ensure_within(code, value, target_bound(code))
    current = {t.indicator: t for t in Target.objects.select_for_update().filter(year=year)}
    changed = 0
    for code, value in values.items():
        target = current.get(code)
        if value is None:
            if target is not None:
                target.delete()
                changed += 1
        elif target is None:
            Target.objects.create(year=year, indicator=code, value=value, set_by=actor)
            changed += 1
        elif target.value != value:
            Target.objects.filter(pk=target.pk).update(value=value, set_by=actor)
            changed += 1
    return changed


@transaction.atomic
def request_year_end_report(*, actor: User, year: int, language: str | None = None) -> YearEndReport:
    """An officer asks for a year's report: one row, and its task enqueued in the same transaction (so a
    recorded request is always generated). A second request while one for the year is still waiting or
    running finds that one."""
    ensure_officer(actor)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailed([{"field": "year", "code": "invalid_year", "message": _("Năm không hợp lệ.")}])
    pending = (
        YearEndReport.objects.select_for_update()
        .filter(year=year, status__in=[YearEndReport.Status.QUEUED, YearEndReport.Status.RUNNING])
        .first()
    )
    if pending is not None:
        return pending
    report = YearEndReport.objects.create(year=year, requested_by=actor)
    build_year_end_report.enqueue(report.pk, language=language)
    return report
