"""The project's own models of EPCIS 2.0 (JSON/JSON-LD): documents and the five event types.

Validation follows GS1's EPCIS 2.0 JSON Schema rules (required fields per event type, `ilmd` only on
ObjectEvent ADD, CBV vocabularies, URIs, extension keys as URIs/CURIEs) without depending on the
schema file at run time. `validate_document` / `validate_event` return the events or raise
EpcisInvalid with every failing path ("epcisBody.eventList.0.action").
"""

import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from hangviet.core.errors import ValidationFailed
from hangviet.core.schemas import INSTANT_ERRORS, instant_error
from hangviet.trace import epc

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
# GS1 Web Vocabulary measurement types (sensorReport.type), sensor alerts and components (CBV 2.0).
MEASUREMENT_TYPES = frozenset(
    [
        "AbsoluteHumidity",
        "AbsorbedDose",
        "AbsorbedDoseRate",
        "Acceleration",
        "Radioactivity",
        "Altitude",
        "AmountOfSubstance",
        "AmountOfSubstancePerUnitVolume",
        "Angle",
        "AngularAcceleration",
        "AngularMomentum",
        "AngularVelocity",
        "Area",
        "Capacitance",
        "Conductance",
        "Conductivity",
        "Count",
        "Density",
        "Dimensionless",
        "DoseEquivalent",
        "DoseEquivalentRate",
        "DynamicViscosity",
        "ElectricCharge",
        "ElectricCurrent",
        "ElectricCurrentDensity",
        "ElectricFieldStrength",
        "Energy",
        "Exposure",
        "Force",
        "Frequency",
        "Illuminance",
        "Inductance",
        "Irradiance",
        "KinematicViscosity",
        "Length",
        "LinearMomentum",
        "Luminance",
        "LuminousFlux",
        "LuminousIntensity",
        "MagneticFlux",
        "MagneticFluxDensity",
        "MagneticVectorPotential",
        "Mass",
        "MassConcentration",
        "MassFlowRate",
        "MassPerAreaTime",
        "MemoryCapacity",
        "MolalityOfSolute",
        "MolarEnergy",
        "MolarMass",
        "MolarVolume",
        "Power",
        "Pressure",
        "RadiantFlux",
        "RadiantIntensity",
        "RelativeHumidity",
        "Resistance",
        "Resistivity",
        "SolidAngle",
        "SpecificVolume",
        "Speed",
        "SurfaceDensity",
        "SurfaceTension",
        "Temperature",
        "Time",
        "Torque",
        "Voltage",
        "Volume",
        "VolumeFlowRate",
        "VolumeFraction",
        "VolumetricFlux",
        "Wavenumber",
    ]
)
SENSOR_ALERTS = frozenset(("ALARM_CONDITION", "ERROR_CONDITION"))
COMPONENTS = frozenset(
    [
        "x",
        "y",
        "z",
        "axial_distance",
        "azimuth",
        "height",
        "spherical_radius",
        "polar_angle",
        "elevation_angle",
        "easting",
        "northing",
        "latitude",
        "longitude",
        "altitude",
    ]
)

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$")
# Where GS1 keeps its vocabularies. A term written there must be one of the vocabulary's (a misspelt
# "…/cbv/BizStep-shiping" is refused); a URI anywhere else is a custom term and stays allowed.
_CBV_HOMES = ("https://ref.gs1.org/cbv/", "http://ref.gs1.org/cbv/", "cbv:")
_VOC_HOMES = ("https://ref.gs1.org/voc/", "http://ref.gs1.org/voc/", "gs1:")
# Forms EPCIS 2.0 JSON does not use (GS1's schema refuses them): the EPCIS 1.x URNs, the draft namespace.
_CBV_OLD = ("urn:epcglobal:cbv:", "https://ns.gs1.org/cbv/", "http://ns.gs1.org/cbv/")
_VOC_OLD = (
    "https://gs1.org/voc/",
    "http://gs1.org/voc/",
    "https://www.gs1.org/voc/",
    "http://www.gs1.org/voc/",
)


class _Vocabulary(NamedTuple):
    name: str  # as a person reads it in an error ("bizStep")
    words: frozenset[str]
    prefix: str  # "BizStep-": the term's name in GS1's namespace
    homes: tuple[str, ...]
    old: tuple[str, ...]


BIZ_STEP = _Vocabulary("bizStep", BIZ_STEPS, "BizStep-", _CBV_HOMES, _CBV_OLD)
DISPOSITION = _Vocabulary("disposition", DISPOSITIONS, "Disp-", _CBV_HOMES, _CBV_OLD)
BIZ_TRANSACTION_TYPE = _Vocabulary("bizTransaction type", BIZ_TRANSACTION_TYPES, "BTT-", _CBV_HOMES, _CBV_OLD)
SOURCE_DEST_TYPE = _Vocabulary("source/destination type", SOURCE_DEST_TYPES, "SDT-", _CBV_HOMES, _CBV_OLD)
ERROR_REASON = _Vocabulary("error reason", ERROR_REASONS, "ER-", _CBV_HOMES, _CBV_OLD)
COMPONENT = _Vocabulary("component", COMPONENTS, "Comp-", _CBV_HOMES, _CBV_OLD)
MEASUREMENT_TYPE = _Vocabulary("measurement type", MEASUREMENT_TYPES, "MT-", _VOC_HOMES, _VOC_OLD)
SENSOR_ALERT = _Vocabulary("sensor alert type", SENSOR_ALERTS, "SensorAlertType-", _VOC_HOMES, _VOC_OLD)


class EpcisInvalid(ValidationFailed):
    """The document or event breaks EPCIS 2.0: 400 with every failing path."""

    code = "epcis_invalid"
    status = 400
    message = "Tài liệu EPCIS không hợp lệ."


def is_uri(value: str) -> bool:
    return bool(_URI.match(value))


def _epc_checked(kind: epc.Kind) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not is_uri(value):
            raise PydanticCustomError("uri", "must be an absolute URI")
        if problem := epc.epc_error(value, kind):
            raise PydanticCustomError("epc_syntax", problem)
        return value

    return check


def _vocab(vocabulary: _Vocabulary) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value in vocabulary.words:
            return value
        if not is_uri(value):
            raise PydanticCustomError(
                "cbv_unknown_term",
                f"{value!r} is not a CBV {vocabulary.name}: write one of its words or a URI of your own",
            )
        if value.startswith(vocabulary.old):
            raise PydanticCustomError(
                "cbv_old_form",
                f"EPCIS 2.0 writes standard {vocabulary.name} values as bare words, not {value}",
            )
        home = next((h for h in vocabulary.homes if value.startswith(h)), None)
        if home is not None:
            term = value[len(home) :]
            if not (
                term.startswith(vocabulary.prefix) and term[len(vocabulary.prefix) :] in vocabulary.words
            ):
                raise PydanticCustomError(
                    "cbv_unknown_term", f"{value} is inside GS1's namespace but is no {vocabulary.name} of it"
                )
        return value

    return check


def normalize_vocab(kind: str, value: str) -> str:
    """'https://ref.gs1.org/cbv/BizStep-shipping' → 'shipping' (the stored, queried form)."""
    vocabulary = {"bizStep": BIZ_STEP, "disposition": DISPOSITION, "errorReason": ERROR_REASON}[kind]
    for home in (*vocabulary.homes, *vocabulary.old):
        if value.startswith(home):
            term = value[len(home) :]
            for prefix in (vocabulary.prefix, vocabulary.prefix.lower().replace("-", ":")):
                word = term.removeprefix(prefix)
                if word != term and word in vocabulary.words:
                    return word
    return value


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


Uri = Annotated[str, AfterValidator(_epc_checked("any"))]
EpcUri = Annotated[str, AfterValidator(_epc_checked("instance"))]
ClassUri = Annotated[str, AfterValidator(_epc_checked("class"))]


def _instant(value: datetime) -> datetime:
    if code := instant_error(value):  # an event in year 1 (UTC year 0) made every later query a 500
        raise ValueError(INSTANT_ERRORS[code])
    return value


# JSON dates are strings with an offset (no Unix timestamps).
DateTime = Annotated[AwareDatetime, BeforeValidator(_text), AfterValidator(_instant)]
BizStep = Annotated[str, AfterValidator(_vocab(BIZ_STEP))]
Disposition = Annotated[str, AfterValidator(_vocab(DISPOSITION))]
BizTransactionType = Annotated[str, AfterValidator(_vocab(BIZ_TRANSACTION_TYPE))]
SourceDestType = Annotated[str, AfterValidator(_vocab(SOURCE_DEST_TYPE))]
ErrorReason = Annotated[str, AfterValidator(_vocab(ERROR_REASON))]
MeasurementType = Annotated[str, AfterValidator(_vocab(MEASUREMENT_TYPE))]
SensorAlert = Annotated[str, AfterValidator(_vocab(SENSOR_ALERT))]
Component = Annotated[str, AfterValidator(_vocab(COMPONENT))]
Text = Annotated[str, BeforeValidator(_text)]
HexBinary = Annotated[str, BeforeValidator(_text), Field(pattern=r"^[A-Fa-f0-9]+$")]


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


UniqueEpcs = Annotated[list[EpcUri], AfterValidator(_unique)]


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
    epcClass: ClassUri
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


class SensorMetadata(_Open):
    time: DateTime | None = None
    startTime: DateTime | None = None
    endTime: DateTime | None = None
    deviceID: Uri | None = None
    deviceMetadata: Uri | None = None
    rawData: Uri | None = None
    dataProcessingMethod: Uri | None = None
    bizRules: Uri | None = None


class SensorReport(_Open):
    """One measurement (EPCIS 2.0 §7.3.8): every member of the standard's sensorReport."""

    type: MeasurementType
    exception: SensorAlert | None = None
    deviceID: Uri | None = None
    deviceMetadata: Uri | None = None
    rawData: Uri | None = None
    dataProcessingMethod: Uri | None = None
    bizRules: Uri | None = None
    time: DateTime | None = None
    microorganism: Uri | None = None
    chemicalSubstance: Uri | None = None
    coordinateReferenceSystem: Uri | None = None
    value: Number | None = None
    component: Component | None = None
    stringValue: Text | None = None
    booleanValue: StrictBool | None = None
    hexBinaryValue: HexBinary | None = None
    uriValue: Uri | None = None
    minValue: Number | None = None
    maxValue: Number | None = None
    meanValue: Number | None = None
    sDev: Number | None = None
    percRank: Number | None = None
    percValue: Number | None = None
    uom: Text | None = None


class SensorElement(_Open):
    sensorMetadata: SensorMetadata | None = None
    sensorReport: list[SensorReport]


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
    epcList: UniqueEpcs | None = None
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
    parentID: EpcUri | None = None
    childEPCs: list[EpcUri] | None = None
    childQuantityList: list[QuantityElement] | None = None
    persistentDisposition: PersistentDisposition | None = None

    @model_validator(mode="after")
    def _rules(self) -> Any:
        if self.action != "DELETE" and not self.childEPCs and not self.childQuantityList:
            raise ValueError("an AggregationEvent needs childEPCs or childQuantityList (unless DELETE)")
        return self


class TransactionEvent(_Where):
    type: Literal["TransactionEvent"]
    action: Action
    bizTransactionList: Annotated[list[BizTransaction], Field(min_length=1)]  # type: ignore[assignment]
    parentID: EpcUri | None = None
    epcList: list[EpcUri] | None = None
    quantityList: list[QuantityElement] | None = None

    @model_validator(mode="after")
    def _rules(self) -> Any:
        if self.action != "DELETE" and self.epcList is None and not self.quantityList:
            raise ValueError("a TransactionEvent needs epcList or quantityList (unless DELETE)")
        return self


class TransformationEvent(_Where):
    type: Literal["TransformationEvent"]
    inputEPCList: UniqueEpcs | None = None
    inputQuantityList: list[QuantityElement] | None = None
    outputEPCList: UniqueEpcs | None = None
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
    parentID: EpcUri
    childEPCs: list[EpcUri] | None = None
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


class EpcisHeader(_Open):
    epcisMasterData: dict[str, Any] | None = None


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
    epcisHeader: EpcisHeader | None = None
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
