"""Traceability API: EPCIS 2.0 capture and query, a lot's history as EPCIS, supply-chain indicators."""

import json
from typing import Any
from urllib.parse import quote, urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema

from hangviet.accounts.auth import TRACE_TOKEN
from hangviet.core import limits
from hangviet.trace import documents, queries, services
from hangviet.trace.epcis import EpcisInvalid
from hangviet.trace.models import CaptureJob, Lot

router = Router()

EPCIS_VERSION = "2.0.0"
MAX_BODY_BYTES = limits.CAPTURE_BODY_MAX_BYTES  # the edge answers 413 first; this guards direct calls
LD_JSON = "application/ld+json"


def _epcis_response(data: Any, status: int = 200) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False), status=status, content_type=LD_JSON)
    response["GS1-EPCIS-Version"] = EPCIS_VERSION
    response["GS1-CBV-Version"] = "2.0.0"
    return response


def _json_body(request: HttpRequest) -> Any:
    if len(request.body) > MAX_BODY_BYTES:
        raise EpcisInvalid([{"field": "body", "code": "too_large", "message": "Tối đa 5 MB."}])
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise EpcisInvalid([{"field": "body", "code": "invalid_json", "message": str(exc)}]) from exc


class CaptureJobOut(Schema):
    captureID: str
    running: bool
    success: bool
    captureErrorBehaviour: str
    eventCount: int
    errors: list[Any]
    createdAt: str
    finishedAt: str | None


def _job_out(job: CaptureJob) -> dict[str, Any]:
    return {
        "captureID": str(job.pk),
        "running": job.finished_at is None,
        "success": job.status == CaptureJob.Status.SUCCEEDED,
        "captureErrorBehaviour": "rollback",
        "eventCount": job.event_count,
        "errors": job.errors,
        "createdAt": job.created_at.isoformat(),
        "finishedAt": job.finished_at.isoformat() if job.finished_at else None,
    }


def _ld_json(status: int, schema: dict[str, Any], description: str = "") -> dict[int, Any]:
    """The OpenAPI answer of an EPCIS operation: JSON-LD (`application/ld+json`), not plain JSON."""
    return {status: {"description": description, "content": {LD_JSON: {"schema": schema}}}}


_CAPTURE_JOB = {"$ref": "#/components/schemas/CaptureJobOut"}
_EPCIS_JSON = {"type": "object", "description": "EPCIS 2.0 JSON-LD"}
_EPCIS_BODY = {
    "required": True,
    "content": {media: {"schema": _EPCIS_JSON} for media in (LD_JSON, "application/json")},
}


@router.post(
    "/epcis/capture",
    auth=TRACE_TOKEN,
    url_name="epcis_capture",
    response={202: CaptureJobOut},
    openapi_extra={"requestBody": _EPCIS_BODY, "responses": _ld_json(202, _CAPTURE_JOB, "Captured")},
)
def capture(request: HttpRequest) -> HttpResponse:
    """Capture a whole EPCISDocument, all or nothing. 202 with the capture job in `Location`."""
    job = services.capture_document(actor=request.auth, data=_json_body(request))  # type: ignore[attr-defined]
    response = _epcis_response(_job_out(job), status=202)
    response["Location"] = reverse("api:epcis_capture_job", kwargs={"capture_id": job.pk})
    return response


@router.get(
    "/epcis/capture/{capture_id}",
    auth=TRACE_TOKEN,
    url_name="epcis_capture_job",
    response=CaptureJobOut,
    openapi_extra={"responses": _ld_json(200, _CAPTURE_JOB, "The capture job")},
)
def capture_job(request: HttpRequest, capture_id: str) -> HttpResponse:
    job = get_object_or_404(CaptureJob, pk=_uuid_or_404(capture_id), captured_by=request.auth)  # type: ignore[attr-defined]
    return _epcis_response(_job_out(job))


def _uuid_or_404(value: str) -> str:
    import uuid

    from django.http import Http404

    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise Http404 from None


@router.post(
    "/epcis/events",
    auth=TRACE_TOKEN,
    url_name="epcis_event_capture",
    response={201: None},
    openapi_extra={"requestBody": _EPCIS_BODY, "responses": _ld_json(201, _EPCIS_JSON, "The event captured")},
)
def capture_one(request: HttpRequest) -> HttpResponse:
    """Capture one event (it carries its own @context). 201; a missing eventID is assigned."""
    row = services.capture_event(actor=request.auth, data=_json_body(request))  # type: ignore[attr-defined]
    response = _epcis_response(documents.event_json(row, documents.capture_context(row)), status=201)
    response["Location"] = reverse("api:epcis_events") + "?" + urlencode({"EQ_eventID": row.event_id})
    return response


def _query_parameters() -> list[dict[str, Any]]:
    """The SimpleEventQuery parameters the query endpoint reads, as OpenAPI parameters (from the same
    tables `queries.query_events` uses, so the document and the code cannot drift apart)."""
    values = "Values separated by `|`"
    described: dict[str, tuple[str, dict[str, Any]]] = {}
    for name in queries.MATCH_PARAMETERS:
        described[name] = (f"{values}; a trailing `*` matches a prefix.", {"type": "string"})
    for name in queries.EQ_PARAMETERS:
        described[name] = (f"{values}; CBV words may be given as URIs.", {"type": "string"})
    for name in queries.TIME_PARAMETERS:
        bound = "at or after" if name.startswith("GE_") else "before"
        described[name] = (
            f"Events {bound} this instant (ISO 8601 with an offset).",
            {"type": "string", "format": "date-time"},
        )
    described["EQ_errorReason"] = (f"{values}: error declarations with these reasons.", {"type": "string"})
    described["EXISTS_errorDeclaration"] = (
        "Only error declarations (no value, or `true`).",
        {"type": "string", "enum": ["", "true"]},
    )
    described["perPage"] = (
        f"Events per page (default {queries.DEFAULT_PER_PAGE}).",
        {"type": "integer", "minimum": 1, "maximum": queries.MAX_PER_PAGE},
    )
    described["nextPageToken"] = ("The `GS1-Next-Page-Token` of the previous page.", {"type": "string"})
    if set(described) != queries.QUERY_PARAMETERS:  # a new parameter needs its description here
        raise RuntimeError(f"undocumented: {sorted(queries.QUERY_PARAMETERS - set(described))}")
    return [
        {"name": name, "in": "query", "required": False, "description": text, "schema": schema}
        for name, (text, schema) in sorted(described.items())
    ]


@router.get(
    "/epcis/events",
    url_name="epcis_events",
    openapi_extra={
        "parameters": _query_parameters(),
        "responses": _ld_json(200, _EPCIS_JSON, "An EPCISQueryDocument"),
    },
)
def query(request: HttpRequest) -> HttpResponse:
    """SimpleEventQuery: eventType, GE_/LT_eventTime, EQ_bizStep, EQ_disposition, MATCH_epc, MATCH_epcClass,
    MATCH_anyEPCClass… ('|' separates values), perPage and nextPageToken (`Link: rel="next"` header)."""
    params = {key: request.GET[key] for key in request.GET}
    rows, token = queries.query_events(params)
    response = _epcis_response(documents.query_document(rows))
    if token:
        following = {k: v for k, v in params.items() if k != "nextPageToken"} | {"nextPageToken": token}
        url = (
            request.build_absolute_uri(reverse("api:epcis_events"))
            + "?"
            + urlencode(following, quote_via=quote)
        )
        response["Link"] = f'<{url}>; rel="next"'
        response["GS1-Next-Page-Token"] = token
    return response


@router.get(
    "/trace/lots/{lot_id}/epcis",
    url_name="lot_epcis",
    openapi_extra={"responses": _ld_json(200, _EPCIS_JSON, "An EPCISDocument")},
)
def lot_history(request: HttpRequest, lot_id: int) -> HttpResponse:
    """A lot's full history as one EPCISDocument (public: the scan page shows the same journey)."""
    lot = get_object_or_404(
        Lot.objects.select_related("product"), pk=lot_id, product__seller__status="verified"
    )
    response = _epcis_response(documents.lot_document(lot))
    response["Access-Control-Allow-Origin"] = "*"
    return response


class ChainTypeOut(Schema):
    product_type: str
    label: str
    chains: int
    annual_output_tonnes: float
    export_tonnes: float


class ChainStatsOut(Schema):
    total_chains: int
    valid_chains: int
    total_annual_output_tonnes: float
    by_product_type: list[ChainTypeOut]


@router.get("/chains/stats", response=ChainStatsOut, url_name="chain_stats")
def chain_stats(request: HttpRequest) -> dict[str, Any]:
    """Certified safe-food supply chains by product type: count, annual output, export volume (tonnes)."""
    return queries.chain_stats(timezone.localdate())
