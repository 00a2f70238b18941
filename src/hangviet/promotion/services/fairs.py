"""Fairs and market sessions: the fair, its booth map, units' applications and their decisions, results."""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.core.errors import ValidationFailed, field_error, invalid
from hangviet.promotion.errors import (
    AlreadyApplied,
    ApplicationAlreadyDecided,
    ApplicationWindowClosed,
    BoothTaken,
    InvalidTransition,
    ProductNotTheirs,
    SellerNotVerified,
)
from hangviet.promotion.models import ApplicationStatusChange, Booth, BoothApplication, Fair
from hangviet.promotion.services._common import _address, _apply, _full_clean, _locked
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import ensure_can_manage, ensure_officer

MAX_BOOTHS_PER_APPLICATION = 10
MAX_BOOTHS_PER_GRID = 600

_Status = BoothApplication.Status


FAIR_FIELDS = (
    "kind",
    "name",
    "organiser",
    "programme",
    "description",
    "starts_on",
    "ends_on",
    "venue",
    "commune",
    "applications_open_on",
    "applications_close_on",
    "fee_rules",
    "is_published",
    "slug",
)


def _check_fair(fair: Fair) -> None:
    """The rules of a fair, when it is opened and at every edit: its province is its commune's, its dates
    and its application window in order."""
    if fair.commune_id:
        fair.province_id = fair.commune.province_id
    errors = []
    if fair.starts_on and fair.ends_on and fair.ends_on < fair.starts_on:
        errors.append(field_error("ends_on", "before_start", _("Ngày kết thúc phải sau ngày bắt đầu.")))
    if fair.applications_open_on and fair.applications_close_on:
        if fair.applications_close_on < fair.applications_open_on:
            errors.append(
                field_error(
                    "applications_close_on", "before_open", _("Hạn đăng ký phải sau ngày mở đăng ký.")
                )
            )
        if fair.ends_on and fair.applications_close_on > fair.ends_on:
            errors.append(
                field_error(
                    "applications_close_on", "after_fair", _("Hạn đăng ký không được sau ngày kết thúc.")
                )
            )
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def create_fair(*, actor: User, **fields: Any) -> Fair:
    """An officer opens a fair or a market session; its province is its commune's. Its address comes
    from `slug` when given (the admin's field), else from its name; made unique either way."""
    ensure_officer(actor)
    fair = _apply(Fair(created_by=actor), fields, FAIR_FIELDS)
    _check_fair(fair)
    _address(fair)
    _full_clean(fair)
    fair.save()
    return fair


@transaction.atomic
def update_fair(*, actor: User, fair: Fair, **fields: Any) -> Fair:
    """An officer edits a fair (the admin): the rules of create_fair hold for every edit."""
    ensure_officer(actor)
    fair = _apply(_locked(fair), fields, FAIR_FIELDS)
    _check_fair(fair)
    if "slug" in fields:
        _address(fair)
    _full_clean(fair)
    fair.save()
    return fair


@transaction.atomic
def add_booth_grid(
    *,
    actor: User,
    fair: Fair,
    rows: int,
    columns: int,
    kind: str = Booth.Kind.STANDARD,
    price_vnd: int = 0,
    prefix: str = "",
    width_m: int = 3,
    depth_m: int = 3,
) -> list[Booth]:
    """Add `rows` × `columns` booths below the fair's map, numbered on from the last booth."""
    ensure_officer(actor)
    errors = []
    if not (1 <= rows <= 50 and 1 <= columns <= 30):
        errors.append(field_error("rows", "out_of_range", _("Từ 1 đến 50 hàng, 1 đến 30 cột.")))
    if kind not in Booth.Kind.values:
        errors.append(field_error("kind", "invalid_choice", _("Loại gian hàng không hợp lệ.")))
    if price_vnd < 0:
        errors.append(field_error("price_vnd", "negative", _("Giá không được âm.")))
    prefix = (prefix or "").strip().upper()[:4]
    if prefix and not prefix.isalnum():
        errors.append(field_error("prefix", "invalid", _("Tiền tố chỉ gồm chữ và số.")))
    existing = list(Booth.objects.select_for_update().filter(fair=fair).values_list("row", flat=True))
    if len(existing) + rows * columns > MAX_BOOTHS_PER_GRID:
        errors.append(
            field_error(
                "rows", "too_many", _("Tối đa %(n)s gian hàng mỗi hội chợ.") % {"n": MAX_BOOTHS_PER_GRID}
            )
        )
    if errors:
        raise ValidationFailed(errors)
    first_row = max(existing, default=0) + 1
    number = len(existing)
    booths = []
    for r in range(first_row, first_row + rows):
        for c in range(1, columns + 1):
            number += 1
            booths.append(
                Booth(
                    fair=fair,
                    code=f"{prefix}{number:03d}",
                    kind=kind,
                    row=r,
                    column=c,
                    width_m=width_m,
                    depth_m=depth_m,
                    price_vnd=price_vnd,
                )
            )
    try:
        with transaction.atomic():
            return Booth.objects.bulk_create(booths)
    except IntegrityError as exc:
        raise invalid("prefix", "duplicate", _("Mã gian hàng bị trùng.")) from exc


def _record(application: BoothApplication, from_status: str, actor: User | None, reason: str = "") -> None:
    ApplicationStatusChange.objects.create(
        application=application,
        from_status=from_status,
        to_status=application.status,
        reason=reason,
        actor=actor,
    )


@transaction.atomic
def apply_for_booths(
    *,
    actor: User,
    fair: Fair,
    seller: Seller,
    booths_wanted: int = 1,
    booth_kind: str = Booth.Kind.STANDARD,
    products: Iterable[Product] = (),
    note: str = "",
    today: datetime.date | None = None,
) -> BoothApplication:
    """A verified seller applies for booths during the application window, listing its own products."""
    ensure_can_manage(actor, seller)
    today = today or timezone.localdate()
    if not seller.is_verified:
        raise SellerNotVerified()
    if not fair.is_published or not (fair.applications_open_on <= today <= fair.applications_close_on):
        raise ApplicationWindowClosed()
    chosen = list(products)
    foreign = [p for p in chosen if p.seller_id != seller.pk]
    if foreign:
        raise ProductNotTheirs(field="products", product=foreign[0].pk)
    errors = []
    if not 1 <= booths_wanted <= MAX_BOOTHS_PER_APPLICATION:
        errors.append(
            field_error(
                "booths_wanted",
                "out_of_range",
                _("Đăng ký từ 1 đến %(n)s gian hàng.") % {"n": MAX_BOOTHS_PER_APPLICATION},
            )
        )
    if booth_kind not in Booth.Kind.values:
        errors.append(field_error("booth_kind", "invalid_choice", _("Loại gian hàng không hợp lệ.")))
    if errors:
        raise ValidationFailed(errors)
    application = BoothApplication(
        fair=fair,
        seller=seller,
        organisation_name=seller.trading_name,
        booths_wanted=booths_wanted,
        booth_kind=booth_kind,
        note=note.strip()[:2000],
        applied_by=actor,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise AlreadyApplied() from exc
    application.products.set(chosen)
    _record(application, "", actor)
    return application


@transaction.atomic
def register_outside_unit(
    *, actor: User, fair: Fair, organisation_name: str, booths_wanted: int = 1, note: str = ""
) -> BoothApplication:
    """An officer enters a unit that is not on the platform (it applied on paper)."""
    ensure_officer(actor)
    name = organisation_name.strip()
    if not name:
        raise invalid("organisation_name", "required", _("Cần tên đơn vị."))
    if not 1 <= booths_wanted <= MAX_BOOTHS_PER_APPLICATION:
        raise invalid("booths_wanted", "out_of_range", _("Số gian hàng không hợp lệ."))
    application = BoothApplication.objects.create(
        fair=fair, organisation_name=name[:200], booths_wanted=booths_wanted, note=note, applied_by=actor
    )
    _record(application, "", actor)
    return application


def _lock_undecided(application: BoothApplication, allowed: Sequence[str]) -> BoothApplication:
    locked = BoothApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status not in allowed:
        raise ApplicationAlreadyDecided()
    return locked


def _take(booth_ids: Sequence[int], application: BoothApplication, now: datetime.datetime) -> int:
    """Give free booths to the application; a booth already taken is left alone (conditional UPDATE)."""
    taken = 0
    for booth_id in booth_ids:
        taken += Booth.objects.filter(
            pk=booth_id, fair_id=application.fair_id, application__isnull=True
        ).update(application=application, assigned_at=now)
    return taken


class _NotEnoughBooths(Exception):
    pass


@transaction.atomic
def approve_application(
    *,
    actor: User,
    application: BoothApplication,
    booths: Sequence[Booth] | None = None,
    now: datetime.datetime | None = None,
) -> BoothApplication:
    """Approve and assign booths: the ones named (all free, or BoothTaken), else the first free booths
    (of the kind asked first). When too few are free the application goes on the waitlist instead.
    A booth is only ever given by `UPDATE … WHERE application IS NULL`, so none is assigned twice.
    `now` dates the decision (default: now; the demo records decisions of past fairs)."""
    ensure_officer(actor)
    application = _lock_undecided(application, (_Status.SUBMITTED, _Status.WAITLISTED))
    before = application.status
    now = now or timezone.now()
    if booths is not None:
        wanted = [b for b in booths if b.fair_id == application.fair_id]
        if not wanted or len(wanted) != len(booths):
            raise invalid("booths", "invalid", _("Chọn gian hàng của hội chợ này."))
        if _take([b.pk for b in wanted], application, now) != len({b.pk for b in wanted}):
            raise BoothTaken(field="booths")
    else:
        try:
            with transaction.atomic():
                _auto_assign(application, now)
        except _NotEnoughBooths:
            application.status = _Status.WAITLISTED
            application.decided_by, application.decided_at = actor, now
            application.save(update_fields=["status", "decided_by", "decided_at"])
            if before != _Status.WAITLISTED:
                _record(application, before, actor, _("Hết gian hàng trống"))
            return application
    application.status = _Status.APPROVED
    application.decided_by, application.decided_at = actor, now
    application.save(update_fields=["status", "decided_by", "decided_at"])
    _record(application, before, actor)
    return application


def _auto_assign(application: BoothApplication, now: datetime.datetime) -> None:
    """Take the first free booths (the kind asked for first); raise _NotEnoughBooths if too few."""
    needed = application.booths_wanted
    tried: set[int] = set()
    free = Booth.objects.filter(fair_id=application.fair_id, application__isnull=True)
    while needed:
        candidates = list(
            free.exclude(pk__in=tried).order_by("row", "column").values_list("pk", "kind")[:200]
        )
        if not candidates:
            raise _NotEnoughBooths()
        candidates.sort(key=lambda c: c[1] != application.booth_kind)
        for pk, _kind in candidates:
            tried.add(pk)
            if _take([pk], application, now):
                needed -= 1
                if not needed:
                    return


@transaction.atomic
def waitlist_application(*, actor: User, application: BoothApplication, reason: str = "") -> BoothApplication:
    ensure_officer(actor)
    application = _lock_undecided(application, (_Status.SUBMITTED,))
    application.status = _Status.WAITLISTED
    application.decided_by, application.decided_at = actor, timezone.now()
    application.save(update_fields=["status", "decided_by", "decided_at"])
    _record(application, _Status.SUBMITTED, actor, reason.strip())
    return application


@transaction.atomic
def reject_application(*, actor: User, application: BoothApplication, reason: str) -> BoothApplication:
    """Reject with a reason (required); an approved unit's booths become free again."""
    ensure_officer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise invalid("reason", "required", _("Cần ghi lý do từ chối."))
    application = _lock_undecided(application, (_Status.SUBMITTED, _Status.WAITLISTED, _Status.APPROVED))
    before = application.status
    Booth.objects.filter(application=application).update(application=None, assigned_at=None)
    application.status = _Status.REJECTED
    application.rejection_reason = reason[:2000]
    application.decided_by, application.decided_at = actor, timezone.now()
    application.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    _record(application, before, actor, reason)
    return application


@transaction.atomic
def withdraw_application(*, actor: User, application: BoothApplication) -> BoothApplication:
    """The seller withdraws before the fair starts; its booths become free again."""
    if application.seller is None:
        raise PermissionDenied(_("Đơn vị ngoài sàn do cán bộ quản lý."))
    ensure_can_manage(actor, application.seller)
    application = _lock_undecided(application, (_Status.SUBMITTED, _Status.WAITLISTED, _Status.APPROVED))
    before = application.status
    Booth.objects.filter(application=application).update(application=None, assigned_at=None)
    application.status = _Status.WITHDRAWN
    application.save(update_fields=["status"])
    _record(application, before, actor)
    return application


@transaction.atomic
def record_results(
    *, actor: User, application: BoothApplication, visitors: int | None, sales_vnd: int | None
) -> BoothApplication:
    """After the fair: the exhibitor's visitors and sales (by an officer)."""
    ensure_officer(actor)
    application = BoothApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != _Status.APPROVED:
        raise InvalidTransition(_("Chỉ ghi kết quả cho đơn vị đã được xếp gian hàng."))
    errors = []
    if visitors is not None and visitors < 0:
        errors.append(field_error("visitors", "negative", _("Không được âm.")))
    if sales_vnd is not None and sales_vnd < 0:
        errors.append(field_error("sales_vnd", "negative", _("Không được âm.")))
    if errors:
        raise ValidationFailed(errors)
    BoothApplication.objects.filter(pk=application.pk).update(visitors=visitors, sales_vnd=sales_vnd)
    application.visitors, application.sales_vnd = visitors, sales_vnd
    return application
