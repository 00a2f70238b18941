"""Trade-connection trips and the MoUs signed on them, with their follow-up."""

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.core.errors import invalid
from hangviet.promotion.errors import InvalidTransition
from hangviet.promotion.models import Mou, MouStatusChange, Trip, TripParticipant
from hangviet.promotion.services._common import (
    _address,
    _apply,
    _edit,
    _full_clean,
    _locked,
    _remove,
    _save,
)
from hangviet.sellers.permissions import ensure_officer

MAX_PDF_BYTES = 10 * 1024 * 1024


TRIP_FIELDS = (
    "name",
    "slug",
    "organiser",
    "destination",
    "partner_province",
    "starts_on",
    "ends_on",
    "description",
    "meetings_held",
)
PARTICIPANT_FIELDS = ("role", "seller", "organisation_name", "contact_name", "contact_phone", "contact_email")
MOU_FIELDS = (
    "trip",
    "offer",
    "supplier",
    "supplier_name",
    "buyer_name",
    "products",
    "volume",
    "value_vnd",
    "signed_on",
)

MOU_TRANSITIONS = {
    Mou.Status.SIGNED: {Mou.Status.IN_EXECUTION, Mou.Status.LAPSED},
    Mou.Status.IN_EXECUTION: {Mou.Status.COMPLETED, Mou.Status.LAPSED},
}


def check_pdf(upload: UploadedFile) -> None:
    """A scanned MoU must be a PDF by content (starts with %PDF-) and at most 10 MB."""
    if upload.size is None or upload.size > MAX_PDF_BYTES:
        raise invalid("document", "too_large", _("Tệp quá lớn: tối đa 10 MB."))
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise invalid("document", "not_pdf", _("Tệp không phải PDF."))


def _check_trip(trip: Trip) -> None:
    if trip.starts_on and trip.ends_on and trip.ends_on < trip.starts_on:
        raise invalid("ends_on", "before_start", _("Ngày về phải sau ngày đi."))


@transaction.atomic
def create_trip(*, actor: User, **fields: Any) -> Trip:
    """An officer records a trip; its address comes from `slug` when given, else from its name (unique)."""
    ensure_officer(actor)
    trip = _apply(Trip(), fields, TRIP_FIELDS)
    _address(trip)
    _check_trip(trip)
    return _save(trip)


@transaction.atomic
def update_trip(*, actor: User, trip: Trip, **fields: Any) -> Trip:
    """An officer edits a trip (the admin), under the rules of create_trip."""
    ensure_officer(actor)
    trip = _apply(_locked(trip), fields, TRIP_FIELDS)
    if "slug" in fields:
        _address(trip)
    _check_trip(trip)
    return _save(trip)


@transaction.atomic
def add_trip_participant(*, actor: User, trip: Trip, **fields: Any) -> TripParticipant:
    """An officer lists a supplier or a buyer on a trip: a platform seller or an outside organisation."""
    ensure_officer(actor)
    return _save(_apply(TripParticipant(trip=trip), fields, PARTICIPANT_FIELDS))


@transaction.atomic
def update_trip_participant(*, actor: User, participant: TripParticipant, **fields: Any) -> TripParticipant:
    ensure_officer(actor)
    return _edit(participant, fields, PARTICIPANT_FIELDS)


@transaction.atomic
def remove_trip_participant(*, actor: User, participant: TripParticipant) -> None:
    ensure_officer(actor)
    _remove(participant)


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
def update_mou(*, actor: User, mou: Mou, document: UploadedFile | None = None, **fields: Any) -> Mou:
    """An officer corrects an MoU's details or replaces its scan (the admin); its status moves only by
    change_mou_status."""
    ensure_officer(actor)
    if document is not None:
        check_pdf(document)
    locked = _apply(_locked(mou), fields, MOU_FIELDS)
    if locked.supplier_id and not locked.supplier_name:
        locked.supplier_name = locked.supplier.legal_name  # type: ignore[union-attr]
    _full_clean(locked, exclude=["document"])
    if document is not None:
        locked.document.save("mou.pdf", document, save=False)
    locked.save()
    return locked


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
