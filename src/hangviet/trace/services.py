"""Every write of traceability: lots, serials, EPCIS capture, producer steps, scans, supply chains."""

import datetime
import functools
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, Required, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.core import limits
from hangviet.core.errors import DomainError, ValidationFailed, field_error, invalid
from hangviet.core.models import Commune
from hangviet.core.money import group_thousands
from hangviet.sellers.models import Membership, Seller
from hangviet.sellers.permissions import can_manage, ensure_can_manage, ensure_officer, is_officer
from hangviet.trace import digital_link as dl
from hangviet.trace import epcis
from hangviet.trace.identifiers import base_url, lot_uri
from hangviet.trace.models import (
    CaptureJob,
    ChainMember,
    CounterfeitFlag,
    EpcisEvent,
    EventIdentifier,
    ExportMarket,
    Lot,
    ScanCount,
    SerialItem,
    SerialScanCount,
    SupplyChain,
)

MAX_SERIALS_PER_CALL = 1000
MAX_EVENTS_PER_DOCUMENT = 1000
# A serial opened more often than this in one day is probably copied onto many packs.
SERIAL_SCANS_PER_DAY_ALERT = getattr(settings, "TRACE_SERIAL_SCANS_PER_DAY_ALERT", 30)
# Two scans of one serial in different countries within this time cannot be the same pack.
FAR_APART_WITHIN = datetime.timedelta(hours=48)
HV_PREFIX = "hv"  # the platform's JSON-LD prefix for its extension members ("hv:note")


class DuplicateEventId(DomainError):
    code = "duplicate_event_id"
    status = 409
    message = "Sự kiện với eventID này đã được ghi nhận."


# --- lots --------------------------------------------------------------------------------------------


# A code with '/' around 10, 21, 22 or 235 would be read back wrongly from the QR code under the
# shipped server, which decodes %2F before the resolver sees the path (docs/traceability.md).
def _ambiguous_in_qr() -> str:
    return _(
        "Không dùng “/” ở đầu, ở cuối, hai lần liền nhau, hay quanh 10, 21, 22, 235 (ví dụ “A/21/B”): "
        "mã QR sẽ bị đọc sai."
    )


def _check_lot_code(code: str, errors: list[dict[str, str]]) -> str:
    code = (code or "").strip()
    try:
        dl.check_ai_value(code, "10")
    except dl.DigitalLinkError as exc:
        messages = {
            "empty_value": _("Cần nhập mã lô."),
            "too_long": _("Mã lô dài tối đa 20 ký tự."),
            "bad_characters": _(
                "Mã lô chỉ gồm chữ cái không dấu, chữ số và các ký tự GS1 cho phép "
                "(không dấu cách, không chữ có dấu)."
            ),
        }
        errors.append(field_error("code", exc.code, messages.get(exc.code, exc.message)))
    else:
        if not dl.reads_back_from_decoded_path(code):
            errors.append(field_error("code", "ambiguous_in_qr", _ambiguous_in_qr()))
    return code


@transaction.atomic
def create_lot(
    *,
    actor: User,
    product: Product,
    code: str,
    produced_on: datetime.date,
    quantity: Decimal | int | str,
    uom: str = Lot.Uom.H87,
    expires_on: datetime.date | None = None,
    best_before_on: datetime.date | None = None,
    origin: str = "",
    origin_commune: Commune | None = None,
    inputs: list[Lot] | None = None,
    input_notes: str = "",
    certifications: list[str] | None = None,
    notes: str = "",
) -> Lot:
    """A new lot of one of the actor's seller's products (lot code: 1–20 characters of GS1's set)."""
    ensure_can_manage(actor, product.seller)
    errors: list[dict[str, str]] = []
    code = _check_lot_code(code, errors)
    try:
        amount = Decimal(str(quantity))
        if amount <= 0 or amount.as_tuple().exponent < -3:  # type: ignore[operator]
            raise InvalidOperation
    except InvalidOperation:
        errors.append(
            field_error("quantity", "invalid_quantity", _("Số lượng phải là số dương (tối đa 3 số lẻ)."))
        )
        amount = Decimal(0)
    if amount > limits.LOT_QUANTITY_MAX:  # a form is bounded already; this guards every other caller
        errors.append(
            field_error(
                "quantity",
                "max_value",
                _("Tối đa là %(limit_value)s.") % {"limit_value": group_thousands(limits.LOT_QUANTITY_MAX)},
            )
        )
    if uom not in Lot.Uom.values:
        errors.append(field_error("uom", "invalid_choice", _("Đơn vị không hợp lệ.")))
    if expires_on and expires_on <= produced_on:
        errors.append(
            field_error("expires_on", "expiry_before_production", _("Hạn sử dụng phải sau ngày sản xuất."))
        )
    if best_before_on and best_before_on <= produced_on:
        errors.append(
            field_error(
                "best_before_on",
                "expiry_before_production",
                _("Ngày sử dụng tốt nhất phải sau ngày sản xuất."),
            )
        )
    if produced_on > timezone.localdate() + datetime.timedelta(days=1):
        errors.append(field_error("produced_on", "in_future", _("Ngày sản xuất không thể ở tương lai.")))
    for other in inputs or []:
        if not (can_manage(actor, other.product.seller) or other.product.seller_id == product.seller_id):
            errors.append(
                field_error("inputs", "not_yours", _("Chỉ chọn được lô nguyên liệu của cơ sở mình."))
            )
            break
    if not errors and Lot.objects.filter(product=product, code=code).exists():
        errors.append(field_error("code", "duplicate", _("Sản phẩm này đã có lô mang mã này.")))
    if errors:
        raise ValidationFailed(errors)
    certs = [c.strip()[:60] for c in certifications or [] if c.strip()][:10]
    try:
        with transaction.atomic():
            lot = Lot.objects.create(
                product=product,
                code=code,
                produced_on=produced_on,
                expires_on=expires_on,
                best_before_on=best_before_on,
                quantity=amount,
                uom=uom,
                origin=origin.strip()[:200],
                origin_commune=origin_commune,
                input_notes=input_notes.strip()[:300],
                certifications=certs,
                notes=notes.strip(),
                created_by=actor,
            )
    except IntegrityError as exc:
        raise invalid("code", "duplicate", _("Sản phẩm này đã có lô mang mã này.")) from exc
    if inputs:
        lot.inputs.set(inputs)
    return lot


@transaction.atomic
def add_serials(*, actor: User, lot: Lot, serials: list[str]) -> list[SerialItem]:
    """Register serial numbers (AI 21) for a lot's items; every one is checked before any is stored."""
    ensure_can_manage(actor, lot.product.seller)
    cleaned = [s.strip() for s in serials if s.strip()]
    errors: list[dict[str, str]] = []
    if not cleaned:
        errors.append(field_error("serials", "required", _("Cần ít nhất một số sê-ri.")))
    if len(cleaned) > MAX_SERIALS_PER_CALL:
        errors.append(field_error("serials", "too_many", _("Tối đa 1000 số sê-ri mỗi lần.")))
    for index, serial in enumerate(cleaned):
        try:
            dl.check_ai_value(serial, "21")
        except dl.DigitalLinkError:
            errors.append(
                field_error(
                    f"serials.{index}",
                    "invalid_serial",
                    _("Số sê-ri: 1–20 ký tự GS1 (không dấu, không cách)."),
                )
            )
        else:
            if not dl.reads_back_from_decoded_path(serial):
                errors.append(field_error(f"serials.{index}", "ambiguous_in_qr", _ambiguous_in_qr()))
    if len(set(cleaned)) != len(cleaned):
        errors.append(field_error("serials", "duplicate", _("Có số sê-ri bị trùng.")))
    taken = set(SerialItem.objects.filter(lot=lot, serial__in=cleaned).values_list("serial", flat=True))
    if taken:
        errors.append(
            field_error("serials", "duplicate", _("Số sê-ri đã có: %(s)s") % {"s": ", ".join(sorted(taken))})
        )
    if errors:
        raise ValidationFailed(errors)
    return SerialItem.objects.bulk_create([SerialItem(lot=lot, serial=s) for s in cleaned])


# --- EPCIS capture -----------------------------------------------------------------------------------


def _our_lot(value: str, cache: dict[str, Lot | None]) -> Lot | None:
    """The platform lot a Digital Link (any host) or platform URI names, if any."""
    if value in cache:
        return cache[value]
    lot: Lot | None = None
    try:
        link = dl.parse(value)
    except dl.DigitalLinkError:
        own = dl.parse_platform_uri(value, base_url())
        if own is not None and own[1]:
            lot = (
                Lot.objects.select_related("product__seller")
                .filter(product__slug=own[0], code=own[1])
                .first()
            )
    else:
        if link.lot:
            lot = (
                Lot.objects.select_related("product__seller")
                .filter(product__gtin=link.gtin, code=link.lot)
                .order_by("pk")
                .first()
            )
    cache[value] = lot
    return lot


def _identifiers(event: epcis.Event) -> list[tuple[str, str]]:
    roles = EventIdentifier.Role
    found: list[tuple[str, str]] = []
    for attr, role in (
        ("epcList", roles.EPC),
        ("childEPCs", roles.EPC),
        ("inputEPCList", roles.INPUT_EPC),
        ("outputEPCList", roles.OUTPUT_EPC),
    ):
        found += [(role, value) for value in getattr(event, attr, None) or []]
    parent = getattr(event, "parentID", None)
    if parent:
        found.append((roles.PARENT, parent))
    for attr, role in (
        ("quantityList", roles.EPC_CLASS),
        ("childQuantityList", roles.EPC_CLASS),
        ("inputQuantityList", roles.INPUT_CLASS),
        ("outputQuantityList", roles.OUTPUT_CLASS),
    ):
        found += [(role, q.epcClass) for q in getattr(event, attr, None) or []]
    return found


def _duplicates_are_409[**P, R](capture: Callable[P, R]) -> Callable[P, R]:
    """The same eventID captured at the same moment by another request: the unique constraint decides,
    the transaction is rolled back, and the answer is the clear 409 rather than a 500."""

    @functools.wraps(capture)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return capture(*args, **kwargs)
        except IntegrityError as exc:
            if "event_id" not in str(exc):  # SQLite names the column, PostgreSQL the constraint
                raise
            raise DuplicateEventId(field="eventID") from None

    return guarded


def _store(
    *,
    actor: User,
    raw_events: list[dict[str, Any]],
    events: list[epcis.Event],
    context: list[Any],
    job: CaptureJob | None,
    notes: list[str] | None = None,
) -> list[EpcisEvent]:
    """Store validated events (caller holds the transaction): permission per platform lot they name."""
    if not (is_officer(actor) or Membership.objects.filter(user=actor).exists()):
        raise PermissionDenied(_("Chỉ thành viên của người bán hoặc cán bộ được ghi nhận sự kiện EPCIS."))
    managed = set(Membership.objects.filter(user=actor).values_list("seller_id", flat=True))
    own_seller = Seller.objects.filter(pk__in=managed).order_by("pk").first() if len(managed) == 1 else None
    cache: dict[str, Lot | None] = {}
    # An error declaration repeats the eventID of the event it declares wrong: one event and one
    # declaration per eventID (the constraints say so too; this gives the clear answer first).
    for declared in (False, True):
        ids = [e.eventID for e in events if e.eventID and (e.errorDeclaration is not None) is declared]
        if len(set(ids)) != len(ids):
            raise DuplicateEventId(field="eventID")
        taken = sorted(
            EpcisEvent.objects.filter(event_id__in=ids, declared_at__isnull=not declared).values_list(
                "event_id", flat=True
            )
        )
        if taken and declared:
            raise DuplicateEventId(
                _("Sự kiện %(id)s đã được khai báo sai trước đây.") % {"id": taken[0]}, field="eventID"
            )
        if taken:
            raise DuplicateEventId(_("Đã có sự kiện với eventID: %(id)s") % {"id": taken[0]}, field="eventID")
    declared_ids = [e.eventID for e in events if e.eventID and e.errorDeclaration is not None]
    others = EpcisEvent.objects.filter(event_id__in=declared_ids, declared_at__isnull=True).exclude(
        seller_id__in=managed
    )
    if not is_officer(actor) and others.filter(seller__isnull=False).exists():
        raise PermissionDenied(_("Chỉ người bán đã ghi nhận sự kiện mới được khai báo sự kiện đó sai."))
    stored = []
    for index, (raw, event) in enumerate(zip(raw_events, events, strict=True)):
        links = []
        for role, value in _identifiers(event):
            lot = _our_lot(value, cache)
            if lot is not None and lot.product.seller_id not in managed:
                raise PermissionDenied(
                    _("Sự kiện %(n)s nhắc tới lô %(lot)s của người bán khác.") % {"n": index, "lot": lot.code}
                )
            links.append((role, value, lot))
        row = EpcisEvent.objects.create(
            event_id=event.eventID or f"urn:uuid:{uuid.uuid4()}",
            event_type=event.type,
            action=getattr(event, "action", "") or "",
            biz_step=epcis.normalize_vocab("bizStep", getattr(event, "bizStep", None) or ""),
            disposition=epcis.normalize_vocab("disposition", getattr(event, "disposition", None) or ""),
            read_point=(event.readPoint.id if getattr(event, "readPoint", None) else ""),  # type: ignore[attr-defined]
            biz_location=(event.bizLocation.id if getattr(event, "bizLocation", None) else ""),  # type: ignore[attr-defined]
            event_time=event.eventTime,
            event_time_zone_offset=event.eventTimeZoneOffset,
            original=raw,
            context=context,
            declared_at=event.errorDeclaration.declarationTime if event.errorDeclaration else None,
            error_reason=epcis.normalize_vocab(
                "errorReason", (event.errorDeclaration.reason or "") if event.errorDeclaration else ""
            ),
            job=job,
            seller=next((lot.product.seller for _r, _v, lot in links if lot is not None), own_seller),
            captured_by=actor,
            note=(notes[index] if notes else "")[:300],
        )
        EventIdentifier.objects.bulk_create(
            [EventIdentifier(event=row, role=role, value=value[:500], lot=lot) for role, value, lot in links]
        )
        stored.append(row)
    return stored


@_duplicates_are_409
@transaction.atomic
def capture_document(*, actor: User, data: Any) -> CaptureJob:
    """Capture a whole EPCISDocument: validated first, then stored all or nothing."""
    document, events = epcis.validate_document(data)
    if len(events) > MAX_EVENTS_PER_DOCUMENT:
        raise epcis.EpcisInvalid(
            [field_error("epcisBody.eventList", "too_long", _("Tối đa 1000 sự kiện mỗi tài liệu."))]
        )
    job = CaptureJob.objects.create(captured_by=actor, document_id=(document.id or "")[:500])
    _store(
        actor=actor,
        raw_events=data["epcisBody"]["eventList"],
        events=events,
        context=document.context if isinstance(document.context, list) else [document.context],
        job=job,
    )
    job.event_count = len(events)
    job.finished_at = timezone.now()
    job.save(update_fields=["event_count", "finished_at"])
    return job


@_duplicates_are_409
@transaction.atomic
def capture_event(*, actor: User, data: Any) -> EpcisEvent:
    """Capture one event posted on its own."""
    event = epcis.validate_event(data)
    return _store(actor=actor, raw_events=[data], events=[event], context=[], job=None)[0]


# --- producer steps in plain words -------------------------------------------------------------------

STEPS = ("harvested", "processed", "packed", "shipped", "received")
UOMS = ("KGM", "LTR", "H87", "TNE")


def _local_offset(moment: datetime.datetime) -> str:
    offset = moment.utcoffset() or datetime.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def step_event(
    lot: Lot,
    step: str,
    occurred_at: datetime.datetime,
    quantity: Decimal | None,
    uom: str,
    place: str,
    note: str,
) -> dict[str, Any]:
    """The EPCIS event a producer's plain step stands for (Digital Link URIs as identifiers)."""
    base = base_url()
    local = timezone.localtime(occurred_at)
    quantity_item: dict[str, Any] = {"epcClass": lot_uri(lot)}
    if quantity is not None:
        quantity_item["quantity"] = float(quantity)
        quantity_item["uom"] = uom
    event: dict[str, Any] = {
        "@context": [epcis.CONTEXT_URL, {HV_PREFIX: f"{base}/voc/"}],
        "eventTime": local.isoformat(timespec="seconds"),
        "eventTimeZoneOffset": _local_offset(local),
        "readPoint": {"id": f"{base}/shops/{lot.product.seller.slug}/"},
    }
    if step == "processed":
        event |= {
            "type": "TransformationEvent",
            "transformationID": f"urn:uuid:{uuid.uuid4()}",
            "outputQuantityList": [quantity_item],
            "bizStep": "commissioning",
            "disposition": "active",
        }
        inputs = [{"epcClass": lot_uri(other)} for other in lot.inputs.select_related("product")]
        if inputs:
            event["inputQuantityList"] = inputs
    else:
        words = {
            "harvested": ("ADD", "commissioning", "active"),
            "packed": ("OBSERVE", "packing", "in_progress"),
            "shipped": ("OBSERVE", "shipping", "in_transit"),
            "received": ("OBSERVE", "receiving", "in_progress"),
        }
        action, biz_step, disposition = words[step]
        event |= {
            "type": "ObjectEvent",
            "action": action,
            "quantityList": [quantity_item],
            "bizStep": biz_step,
            "disposition": disposition,
        }
        if step == "harvested":
            ilmd: dict[str, Any] = {"cbvmda:lotNumber": lot.code}
            if lot.expires_on:
                ilmd["cbvmda:itemExpirationDate"] = lot.expires_on.isoformat()
            event["ilmd"] = ilmd
    if place:
        event[f"{HV_PREFIX}:place"] = place
    if note:
        event[f"{HV_PREFIX}:note"] = note
    return event


@_duplicates_are_409
@transaction.atomic
def record_step(
    *,
    actor: User,
    lot: Lot,
    step: str,
    occurred_at: datetime.datetime,
    quantity: Decimal | None = None,
    uom: str = "KGM",
    place: str = "",
    note: str = "",
) -> EpcisEvent:
    """A producer records harvested / processed / packed / shipped / received; the platform writes EPCIS."""
    ensure_can_manage(actor, lot.product.seller)
    errors: list[dict[str, str]] = []
    if step not in STEPS:
        errors.append(field_error("step", "invalid_choice", _("Bước không hợp lệ.")))
    if quantity is not None and quantity <= 0:
        errors.append(field_error("quantity", "invalid_quantity", _("Số lượng phải lớn hơn 0.")))
    if uom not in UOMS:
        errors.append(field_error("uom", "invalid_choice", _("Đơn vị không hợp lệ.")))
    if occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        errors.append(field_error("occurred_at", "in_future", _("Thời điểm không thể ở tương lai.")))
    if len(place) > 200 or len(note) > 300:
        errors.append(field_error("note", "too_long", _("Địa điểm tối đa 200, ghi chú tối đa 300 ký tự.")))
    if errors:
        raise ValidationFailed(errors)
    data = step_event(lot, step, occurred_at, quantity, uom, place.strip(), note.strip())
    event = epcis.validate_event(data)  # the platform's own events obey the same rules
    summary = " – ".join(part for part in (place.strip(), note.strip()) if part)
    return _store(actor=actor, raw_events=[data], events=[event], context=[], job=None, notes=[summary])[0]


# --- scans -------------------------------------------------------------------------------------------


def _bump(model: type[ScanCount] | type[SerialScanCount], day: datetime.date, **key: Any) -> None:
    if not model.objects.filter(day=day, **key).update(count=F("count") + 1):
        try:
            with transaction.atomic():
                model.objects.create(day=day, count=1, **key)
        except IntegrityError:
            model.objects.filter(day=day, **key).update(count=F("count") + 1)


def _flag(item: SerialItem, reason: str, details: str) -> None:
    try:
        with transaction.atomic():
            CounterfeitFlag.objects.get_or_create(
                item=item, reason=reason, resolved_at=None, defaults={"details": details[:200]}
            )
    except IntegrityError:
        pass  # an open flag for this reason already exists


@transaction.atomic
def record_scan(*, lot: Lot, serial: SerialItem | None = None, country: str = "") -> None:
    """Count a scan of a lot (per day, no personal data) and check a serial for signs of copying."""
    now = timezone.now()
    today = timezone.localdate(now)
    _bump(ScanCount, today, lot=lot)
    if serial is None:
        return
    _bump(SerialScanCount, today, item=serial)
    count = (
        SerialScanCount.objects.filter(item=serial, day=today).values_list("count", flat=True).first() or 0
    )
    if count > SERIAL_SCANS_PER_DAY_ALERT:
        _flag(serial, CounterfeitFlag.Reason.TOO_MANY_SCANS, f"{count} lượt quét ngày {today:%d/%m/%Y}")
    country = country.upper()[:2] if country and country.isalpha() else ""
    before = SerialItem.objects.filter(pk=serial.pk).values_list("last_country", "last_scanned_at").first()
    last_country, last_at = before if before else ("", None)
    if country and last_country and last_country != country and last_at and now - last_at < FAR_APART_WITHIN:
        _flag(serial, CounterfeitFlag.Reason.FAR_APART, f"{last_country} → {country}")
    SerialItem.objects.filter(pk=serial.pk).update(
        last_scanned_at=now, last_country=country or F("last_country")
    )


@transaction.atomic
def resolve_flag(*, actor: User, flag: CounterfeitFlag) -> CounterfeitFlag:
    ensure_can_manage(actor, flag.item.lot.product.seller)
    CounterfeitFlag.objects.filter(pk=flag.pk, resolved_at__isnull=True).update(resolved_at=timezone.now())
    flag.refresh_from_db()
    return flag


# --- supply chains -----------------------------------------------------------------------------------


class ChainDetails(TypedDict, total=False):
    """What an officer records of a certified chain: the decision, the output, its members (growers,
    processors, distributors: {"seller" or "name", "role", "commune"}) and export markets
    ({"country_code", "country_name", "volume_tonnes"})."""

    name: Required[str]
    slug: Required[str]
    product_type: Required[str]
    decision_number: Required[str]
    certified_on: Required[datetime.date]
    valid_until: Required[datetime.date]
    annual_output_tonnes: Required[Decimal | int | str]
    members: list[dict[str, Any]]
    markets: list[dict[str, Any]]
    description: str


@transaction.atomic
def certify_chain(*, actor: User, is_demo: bool = False, **details: Unpack[ChainDetails]) -> SupplyChain:
    """An officer records a certified chain, its members (growers, processors, distributors) and markets."""
    ensure_officer(actor)
    return _save_chain(SupplyChain(is_demo=is_demo), details)


@transaction.atomic
def correct_chain(*, actor: User, chain: SupplyChain, **details: Unpack[ChainDetails]) -> SupplyChain:
    """An officer corrects a chain (a renewed decision, a member who joins or leaves), with the checks of
    certify_chain; `members` and `markets` are the whole new lists."""
    ensure_officer(actor)
    return _save_chain(SupplyChain.objects.select_for_update().get(pk=chain.pk), details)


def _save_chain(chain: SupplyChain, details: ChainDetails) -> SupplyChain:
    name, product_type = details["name"], details["product_type"]
    certified_on, valid_until = details["certified_on"], details["valid_until"]
    members, markets = details.get("members", []), details.get("markets", [])
    errors: list[dict[str, str]] = []
    if not name.strip():
        errors.append(field_error("name", "required", _("Cần nhập tên chuỗi.")))
    if product_type not in SupplyChain.ProductType.values:
        errors.append(field_error("product_type", "invalid_choice", _("Loại sản phẩm không hợp lệ.")))
    if valid_until <= certified_on:
        errors.append(field_error("valid_until", "before_certified", _("Hiệu lực phải sau ngày chứng nhận.")))
    try:
        output = Decimal(str(details["annual_output_tonnes"]))
        if output < 0:
            raise InvalidOperation
    except InvalidOperation:
        errors.append(field_error("annual_output_tonnes", "invalid", _("Sản lượng phải là số không âm.")))
        output = Decimal(0)
    for index, member in enumerate(members):
        if member.get("role") not in ChainMember.Role.values:
            errors.append(field_error(f"members.{index}.role", "invalid_choice", _("Vai trò không hợp lệ.")))
    for index, market in enumerate(markets):
        code = str(market.get("country_code", ""))
        if len(code) != 2 or not code.isalpha():
            errors.append(
                field_error(f"markets.{index}.country_code", "invalid", _("Mã quốc gia gồm 2 chữ cái."))
            )
    if errors:
        raise ValidationFailed(errors)
    chain.name = name.strip()
    chain.slug = details["slug"]
    chain.product_type = product_type
    chain.decision_number = details["decision_number"].strip()
    chain.certified_on = certified_on
    chain.valid_until = valid_until
    chain.annual_output_tonnes = output
    chain.description = details.get("description", "")
    chain.save()
    chain.members.all().delete()
    chain.export_markets.all().delete()
    ChainMember.objects.bulk_create(
        [
            ChainMember(
                chain=chain,
                seller=m.get("seller"),
                name=m.get("name") or (m["seller"].trading_name if m.get("seller") else ""),
                role=m["role"],
                commune=m.get("commune"),
            )
            for m in members
        ]
    )
    ExportMarket.objects.bulk_create(
        [
            ExportMarket(
                chain=chain,
                country_code=str(m["country_code"]).upper(),
                country_name=m.get("country_name", ""),
                volume_tonnes=Decimal(str(m.get("volume_tonnes", 0))),
            )
            for m in markets
        ]
    )
    return chain
