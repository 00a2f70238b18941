"""The project's own models of EPCIS 2.0 (JSON/JSON-LD): documents and the five event types.

Validation follows GS1's EPCIS 2.0 JSON Schema rules (required fields per event type, `ilmd` only on
ObjectEvent ADD, CBV vocabularies, URIs, extension keys as URIs/CURIEs) without depending on the
schema file at run time. `validate_document` / `validate_event` return the events or raise
EpcisInvalid with every failing path ("epcisBody.eventList.0.action").
"""

import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from hangviet.core.errors import ValidationFailed
from hangviet.core.schemas import INSTANT_ERRORS, instant_error

CONTEXT_URL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
EVENT_TYPES = (
    "ObjectEvent",
    "AggregationEvent",
    "TransactionEvent",
    "TransformationEvent",
    "AssociationEvent",
)

BIZ_STEPS = frozenset(
    [
        "accepting",
        "arriving",
        "assembling",
        "collecting",
        "commissioning",
        "consigning",
        "creating_class_instance",
        "cycle_counting",
        "decommissioning",
        "departing",
        "destroying",
        "disassembling",
        "dispensing",
        "encoding",
        "entering_exiting",
        "holding",
        "inspecting",
        "installing",
        "killing",
        "loading",
        "other",
        "packing",
        "picking",
        "receiving",
        "removing",
        "repackaging",
        "repairing",
        "replacing",
        "reserving",
        "retail_selling",
        "shipping",
        "staging_outbound",
        "stock_taking",
        "stocking",
        "storing",
        "transporting",
        "unloading",
        "unpacking",
        "void_shipping",
        "sensor_reporting",
        "sampling",
    ]
)
DISPOSITIONS = frozenset(
    [
        "active",
        "container_closed",
        "damaged",
        "destroyed",
        "dispensed",
        "disposed",
        "encoded",
        "expired",
        "in_progress",
        "in_transit",
        "inactive",
        "no_pedigree_match",
        "non_sellable_other",
        "partially_dispensed",
        "recalled",
        "reserved",
        "retail_sold",
        "returned",
        "sellable_accessible",
        "sellable_not_accessible",
        "stolen",
        "unknown",
        "available",
        "completeness_verified",
        "completeness_inferred",
        "conformant",
        "container_open",
        "mismatch_instance",
        "mismatch_class",
        "mismatch_quantity",
        "needs_replacement",
        "non_conformant",
        "unavailable",
    ]
)
BIZ_TRANSACTION_TYPES = frozenset(
    [
        "bol",
        "cert",
        "desadv",
        "inv",
        "pedigree",
        "po",
        "poc",
        "prodorder",
        "recadv",
        "rma",
        "testprd",
        "testres",
        "upevt",
    ]
)
SOURCE_DEST_TYPES = frozenset(("owning_party", "possessing_party", "location"))
ERROR_REASONS = frozenset(("did_not_occur", "incorrect_data"))

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$")
_CBV_URI = re.compile(r"^(urn:epcglobal:cbv|https?://ns\.gs1\.org/cbv/)")
# Standard vocabulary written as a URI is stored as the bare CBV word, so one query value matches both.
_CBV_FORMS = {
    "bizStep": (
        re.compile(r"^(?:https?://ref\.gs1\.org/cbv/BizStep-|urn:epcglobal:cbv:bizstep:)(\w+)$"),
        BIZ_STEPS,
    ),
    "disposition": (
        re.compile(r"^(?:https?://ref\.gs1\.org/cbv/Disp-|urn:epcglobal:cbv:disp:)(\w+)$"),
        DISPOSITIONS,
    ),
}


class EpcisInvalid(ValidationFailed):
    """The document or event breaks EPCIS 2.0: 400 with every failing path."""

    code = "epcis_invalid"
    status = 400
    message = "Tài liệu EPCIS không hợp lệ."


def is_uri(value: str) -> bool:
    return bool(_URI.match(value))


def _uri(value: str) -> str:
    if not is_uri(value):
        raise ValueError("must be an absolute URI")
    return value


def _vocab(words: frozenset[str], name: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value in words:
            return value
        if is_uri(value) and not _CBV_URI.match(value):
            return value
        raise ValueError(f"must be a CBV {name} word or a URI outside the CBV namespace")

    return check


def normalize_vocab(kind: str, value: str) -> str:
    """'https://ref.gs1.org/cbv/BizStep-shipping' → 'shipping' (the stored, queried form)."""
    pattern, words = _CBV_FORMS[kind]
    match = pattern.match(value)
    return match.group(1) if match and match.group(1) in words else value


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


Uri = Annotated[str, AfterValidator(_uri)]


def _instant(value: datetime) -> datetime:
    if code := instant_error(value):  # an event in year 1 (UTC year 0) made every later query a 500
        raise ValueError(INSTANT_ERRORS[code])
    return value


# JSON dates are strings with an offset (no Unix timestamps).
DateTime = Annotated[AwareDatetime, BeforeValidator(_text), AfterValidator(_instant)]
BizStep = Annotated[str, AfterValidator(_vocab(BIZ_STEPS, "bizStep"))]
Disposition = Annotated[str, AfterValidator(_vocab(DISPOSITIONS, "disposition"))]
BizTransactionType = Annotated[str, AfterValidator(_vocab(BIZ_TRANSACTION_TYPES, "bizTransaction type"))]
SourceDestType = Annotated[str, AfterValidator(_vocab(SOURCE_DEST_TYPES, "source/destination type"))]
ErrorReason = Annotated[str, AfterValidator(_vocab(ERROR_REASONS, "error reason"))]


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number")
    return value


Number = Annotated[float, BeforeValidator(_number)]
Action = Literal["ADD", "OBSERVE", "DELETE"]


def _unique(values: list[str] | None) -> list[str] | None:
    if values is not None and len(set(values)) != len(values):
        raise ValueError("items must be unique")
    return values


UniqueUris = Annotated[list[Uri], AfterValidator(_unique)]


class _Open(BaseModel):
    """Extension members are allowed when their key is a URI or a compact IRI ("example:myField")."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    @model_validator(mode="after")
    def _extension_keys(self) -> Any:
        bad = [key for key in (self.model_extra or {}) if not is_uri(key)]
        if bad:
            raise ValueError(f"@{bad[0]}: unknown field(s) {', '.join(sorted(bad))}: extension keys are URIs")
        return self


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class QuantityElement(_Closed):
    epcClass: Uri
    quantity: Number | None = None
    uom: Annotated[str, Field(pattern=r"^[A-Z0-9]{2,3}$")] | None = None


class Place(_Open):
    id: Uri


class BizTransaction(_Closed):
    type: BizTransactionType | None = None
    bizTransaction: Uri


class Source(_Closed):
    type: SourceDestType
    source: Uri


class Destination(_Closed):
    type: SourceDestType
    destination: Uri


class PersistentDisposition(_Closed):
    set: Annotated[list[Disposition], Field(min_length=1), AfterValidator(_unique)] | None = None
    unset: Annotated[list[Disposition], Field(min_length=1), AfterValidator(_unique)] | None = None

    @model_validator(mode="after")
    def _one(self) -> Any:
        if self.set is None and self.unset is None:
            raise ValueError("needs set or unset")
        return self


class SensorReport(_Open):
    type: str
    value: Number | None = None
    uom: str | None = None
    time: DateTime | None = None
    deviceID: Uri | None = None


class SensorElement(_Open):
    sensorMetadata: dict[str, Any] | None = None
    sensorReport: Annotated[list[SensorReport], Field(min_length=1)]


class ErrorDeclaration(_Open):
    declarationTime: DateTime
    reason: ErrorReason | None = None
    correctiveEventIDs: list[Uri] | None = None


class Ilmd(_Open):
    pass


class Event(_Open):
    context: Any = Field(default=None, alias="@context")
    type: str
    eventTime: DateTime
    eventTimeZoneOffset: Annotated[str, Field(pattern=r"^([+]|[-])((0[0-9]|1[0-3]):([0-5][0-9])|14:00)$")]
    recordTime: DateTime | None = None
    eventID: Uri | None = None
    certificationInfo: Uri | list[Uri] | None = None
    errorDeclaration: ErrorDeclaration | None = None


class _Where(Event):
    bizStep: BizStep | None = None
    disposition: Disposition | None = None
    readPoint: Place | None = None
    bizLocation: Place | None = None
    bizTransactionList: list[BizTransaction] | None = None
    sourceList: list[Source] | None = None
    destinationList: list[Destination] | None = None
    sensorElementList: list[SensorElement] | None = None


class ObjectEvent(_Where):
    type: Literal["ObjectEvent"]
    action: Action
    epcList: UniqueUris | None = None
    quantityList: list[QuantityElement] | None = None
    persistentDisposition: PersistentDisposition | None = None
    ilmd: Ilmd | None = None

    @model_validator(mode="after")
    def _rules(self) -> Any:
        if self.epcList is None and not self.quantityList and not (self.sensorElementList and self.readPoint):
            raise ValueError(
                "an ObjectEvent needs epcList or quantityList (or sensorElementList with readPoint)"
            )
        if self.ilmd is not None and self.action != "ADD":
            raise ValueError("@ilmd: ilmd is only allowed on an ObjectEvent with action ADD")
        return self


class AggregationEvent(_Where):
    type: Literal["AggregationEvent"]
    action: Action
    parentID: Uri | None = None
    childEPCs: list[Uri] | None = None
    childQuantityList: list[QuantityElement] | None = None

    @model_validator(mode="after")
    def _rules(self) -> Any:
        if self.action != "DELETE" and not self.childEPCs and not self.childQuantityList:
            raise ValueError("an AggregationEvent needs childEPCs or childQuantityList (unless DELETE)")
        return self


class TransactionEvent(_Where):
    type: Literal["TransactionEvent"]
    action: Action
    bizTransactionList: Annotated[list[BizTransaction], Field(min_length=1)]  # type: ignore[assignment]
    parentID: Uri | None = None
    epcList: list[Uri] | None = None
    quantityList: list[QuantityElement] | None = None

    @model_validator(mode="after")
    def _rules(self) -> Any:
        if self.action != "DELETE" and self.epcList is None and not self.quantityList:
            raise ValueError("a TransactionEvent needs epcList or quantityList (unless DELETE)")
        return self


class TransformationEvent(_Where):
    type: Literal["TransformationEvent"]
    inputEPCList: UniqueUris | None = None
    inputQuantityList: list[QuantityElement] | None = None
    outputEPCList: UniqueUris | None = None
    outputQuantityList: list[QuantityElement] | None = None
    transformationID: Uri | None = None
    persistentDisposition: PersistentDisposition | None = None
    ilmd: Ilmd | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_action(cls, data: Any) -> Any:
        if isinstance(data, dict) and "action" in data:
            raise ValueError("@action: a TransformationEvent has no action")
        return data

    @model_validator(mode="after")
    def _rules(self) -> Any:
        has_in = bool(self.inputEPCList or self.inputQuantityList)
        has_out = bool(self.outputEPCList or self.outputQuantityList)
        if not (has_in and has_out) and not (self.transformationID and (has_in or has_out)):
            raise ValueError(
                "a TransformationEvent needs inputs and outputs (or a transformationID and either)"
            )
        return self


class AssociationEvent(_Where):
    type: Literal["AssociationEvent"]
    action: Action
    parentID: Uri
    childEPCs: list[Uri] | None = None
    childQuantityList: list[QuantityElement] | None = None

    @model_validator(mode="after")
    def _rules(self) -> Any:
        if self.action != "DELETE" and not self.childEPCs and not self.childQuantityList:
            raise ValueError("an AssociationEvent needs childEPCs or childQuantityList (unless DELETE)")
        return self


class ExtendedEvent(Event):
    """An event type defined outside EPCIS (its type is a URI): only the common rules apply."""

    type: Uri


MODELS: dict[str, type[Event]] = {
    "ObjectEvent": ObjectEvent,
    "AggregationEvent": AggregationEvent,
    "TransactionEvent": TransactionEvent,
    "TransformationEvent": TransformationEvent,
    "AssociationEvent": AssociationEvent,
}

Context = str | dict[str, Any] | list[str | dict[str, Any]]


class EpcisBody(_Closed):
    eventList: list[dict[str, Any]]


class EpcisDocument(_Open):
    context: Context = Field(alias="@context")
    type: Literal["EPCISDocument"]
    schemaVersion: Annotated[str, Field(pattern=r"^\d+(\.\d+)*$")]
    creationDate: DateTime
    id: Uri | None = None
    instanceIdentifier: str | None = None
    sender: str | None = None
    receiver: str | None = None
    epcisHeader: dict[str, Any] | None = None
    epcisBody: EpcisBody


def _path(prefix: tuple[Any, ...], loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in (*prefix, *loc))


def _is_tag(part: str) -> bool:
    """pydantic's names for union members and validators in an error location ("function-after[…]", "str")."""
    return "[" in part or part in ("str", "int", "float", "list", "dict", "bool")


def _errors(exc: ValidationError, prefix: tuple[Any, ...]) -> list[dict[str, str]]:
    out = []
    for error in exc.errors():
        loc = tuple(part for part in error["loc"] if isinstance(part, int) or not _is_tag(str(part)))
        message = str(error["msg"]).removeprefix("Value error, ")
        if message.startswith("@"):  # a rule about one member: point at it
            member, _, message = message[1:].partition(": ")
            loc = (*loc, member)
        out.append({"field": _path(prefix, loc), "code": str(error["type"]), "message": message})
    return out


def _check_event(
    data: Any, prefix: tuple[Any, ...], *, standalone: bool
) -> tuple[Event | None, list[dict[str, str]]]:
    if not isinstance(data, dict):
        return None, [
            {"field": _path(prefix, ()), "code": "dict_type", "message": "an event is a JSON object"}
        ]
    kind = data.get("type")
    if not isinstance(kind, str):
        return None, [{"field": _path(prefix, ("type",)), "code": "missing", "message": "Field required"}]
    errors: list[dict[str, str]] = []
    if standalone and "@context" not in data:
        errors.append({"field": _path(prefix, ("@context",)), "code": "missing", "message": "Field required"})
    model = MODELS.get(kind, ExtendedEvent)
    try:
        event = model.model_validate(data)
    except ValidationError as exc:
        return None, errors + _errors(exc, prefix)
    if errors:
        return None, errors
    return event, []


def validate_document(data: Any) -> tuple[EpcisDocument, list[Event]]:
    """A whole EPCISDocument; raises EpcisInvalid listing every failing path."""
    if not isinstance(data, dict):
        raise EpcisInvalid(
            [{"field": "", "code": "dict_type", "message": "an EPCIS document is a JSON object"}]
        )
    try:
        document = EpcisDocument.model_validate(data)
    except ValidationError as exc:
        raise EpcisInvalid(_errors(exc, ())) from exc
    events: list[Event] = []
    errors: list[dict[str, str]] = []
    for index, raw in enumerate(document.epcisBody.eventList):
        event, problems = _check_event(raw, ("epcisBody", "eventList", index), standalone=False)
        errors += problems
        if event is not None:
            events.append(event)
    if errors:
        raise EpcisInvalid(errors)
    return document, events


def validate_event(data: Any) -> Event:
    """One event posted on its own (it then needs its own @context)."""
    event, errors = _check_event(data, (), standalone=True)
    if errors or event is None:
        raise EpcisInvalid(errors)
    return event
