"""Trade-connection trips and the MoUs signed on them, with their follow-up."""

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.core.errors import ValidationFailed
from hangviet.core.text import unique_slug
from hangviet.promotion.errors import InvalidTransition
from hangviet.promotion.models import Mou, MouStatusChange, Trip
from hangviet.promotion.services._common import _err, _full_clean
from hangviet.sellers.permissions import ensure_officer

MAX_PDF_BYTES = 10 * 1024 * 1024


MOU_TRANSITIONS = {
    Mou.Status.SIGNED: {Mou.Status.IN_EXECUTION, Mou.Status.LAPSED},
    Mou.Status.IN_EXECUTION: {Mou.Status.COMPLETED, Mou.Status.LAPSED},
}


def check_pdf(upload: UploadedFile) -> None:
    """A scanned MoU must be a PDF by content (starts with %PDF-) and at most 10 MB."""
    if upload.size is None or upload.size > MAX_PDF_BYTES:
        raise ValidationFailed([_err("document", "too_large", _("Tệp quá lớn: tối đa 10 MB."))])
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationFailed([_err("document", "not_pdf", _("Tệp không phải PDF."))])


@transaction.atomic
def create_trip(*, actor: User, **fields: Any) -> Trip:
    ensure_officer(actor)
    trip = Trip(**fields)
    trip.slug = unique_slug(Trip, trip.name, max_length=90, fallback="muc")
    if trip.starts_on and trip.ends_on and trip.ends_on < trip.starts_on:
        raise ValidationFailed([_err("ends_on", "before_start", _("Ngày về phải sau ngày đi."))])
    _full_clean(trip)
    trip.save()
    return trip


@transaction.atomic
def record_mou(*, actor: User, trip: Trip | None, document: UploadedFile | None = None, **fields: Any) -> Mou:
    """An officer records an MoU or contract signed on a trip, with its scanned PDF."""
    ensure_officer(actor)
    if document is not None:
        check_pdf(document)
    mou = Mou(trip=trip, **fields)
    if mou.supplier_id and not mou.supplier_name:
        mou.supplier_name = mou.supplier.legal_name  # type: ignore[union-attr]
    _full_clean(mou, exclude=["document"])
    if document is not None:
        mou.document.save("mou.pdf", document, save=False)  # stored under a random name (Mou.document)
    mou.save()
    MouStatusChange.objects.create(mou=mou, from_status="", to_status=mou.status, actor=actor)
    return mou


@transaction.atomic
def change_mou_status(*, actor: User, mou: Mou, to_status: str, note: str = "") -> Mou:
    """Follow-up: signed → in execution → completed, or lapsed."""
    ensure_officer(actor)
    locked = Mou.objects.select_for_update().get(pk=mou.pk)
    if to_status not in MOU_TRANSITIONS.get(locked.status, set()):  # type: ignore[call-overload]
        raise InvalidTransition()
    before = locked.status
    locked.status = to_status
    locked.save(update_fields=["status"])
    MouStatusChange.objects.create(
        mou=locked, from_status=before, to_status=to_status, note=note, actor=actor
    )
    return locked
