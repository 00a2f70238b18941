"""Evaluation rounds: opened and changed by officers, with their council and advisory group, moved along
the six-step cycle."""

import datetime
from collections.abc import Iterable
from typing import Any, Required, TypedDict, Unpack

from django.db import transaction
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.core.errors import ValidationFailed, field_error
from hangviet.core.models import Province
from hangviet.ocop.models import (
    Round,
)
from hangviet.sellers.permissions import ensure_officer


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
