"""Stored events back as EPCIS 2.0 JSON-LD: query results and a lot's whole history."""

import json
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from hangviet.trace.epcis import CONTEXT_URL
from hangviet.trace.identifiers import base_url
from hangviet.trace.models import EpcisEvent, Lot
from hangviet.trace.queries import lot_events


def _as_list(context: Any) -> list[Any]:
    if context is None:
        return []
    return list(context) if isinstance(context, list) else [context]


def capture_context(row: EpcisEvent) -> list[Any]:
    """The @context the event was captured under: its document's, then its own."""
    return _as_list(row.context) + _as_list(row.original.get("@context"))


def event_json(row: EpcisEvent, context: list[Any] | None = None) -> dict[str, Any]:
    """The event as captured, with the eventID and recordTime the repository assigned, and `context` (the
    part of its capture context the enclosing document does not already give) as its own @context."""
    data = {key: value for key, value in row.original.items() if key != "@context"}
    data["eventID"] = row.event_id
    data["recordTime"] = row.record_time.isoformat().replace("+00:00", "Z")
    if context:
        data = {"@context": context, **data}
    return data


# Used when the events of one answer were captured under contexts with nothing in common (the standard
# EPCIS context and GS1's "simple" one, say): it names the envelope's members and nothing an event uses,
# and protects nothing, so each event's own @context gives it exactly the meaning it was captured with.
ENVELOPE_CONTEXT = {
    "EPCISDocument": "https://ref.gs1.org/epcis/EPCISDocument",
    "EPCISQueryDocument": "https://ref.gs1.org/epcis/EPCISQueryDocument",
    "schemaVersion": "http://www.w3.org/2002/07/owl#versionInfo",
    "creationDate": {
        "@id": "http://purl.org/dc/terms/created",
        "@type": "http://www.w3.org/2001/XMLSchema#dateTime",
    },
    "sender": "https://ref.gs1.org/epcis/sender",
    "epcisBody": "https://ref.gs1.org/epcis/epcisBody",
    "queryResults": "https://ref.gs1.org/epcis/queryResults",
    "queryName": "https://ref.gs1.org/epcis/queryName",
    "resultsBody": "https://ref.gs1.org/epcis/resultsBody",
    "eventList": "https://ref.gs1.org/epcis/eventList",
}


def events_with_contexts(rows: Iterable[EpcisEvent]) -> tuple[list[Any], list[dict[str, Any]]]:
    """(the document's @context, its events), each event keeping the meaning it was captured with.

    Contexts are never merged (that redefined protected terms and bound one prefix for everyone): the
    document's @context is what all the events' capture contexts begin with, and each event carries the
    rest of its own. When they begin with nothing in common, the document has an envelope context and
    every event its whole capture context."""
    rows = list(rows)
    contexts = [capture_context(row) for row in rows]
    if not rows:
        return [CONTEXT_URL], []
    keys = [[json.dumps(item, sort_keys=True) for item in context] for context in contexts]
    shared = 0
    while all(len(k) > shared and k[shared] == keys[0][shared] for k in keys):
        shared += 1
    pairs = zip(rows, contexts, strict=True)
    if shared == 0:
        return [ENVELOPE_CONTEXT], [event_json(row, context) for row, context in pairs]
    return contexts[0][:shared], [event_json(row, context[shared:]) for row, context in pairs]


def query_document(rows: list[EpcisEvent], query_name: str = "SimpleEventQuery") -> dict[str, Any]:
    context, events = events_with_contexts(rows)
    return {
        "@context": context,
        "type": "EPCISQueryDocument",
        "schemaVersion": "2.0",
        "creationDate": timezone.now().isoformat().replace("+00:00", "Z"),
        "epcisBody": {
            "queryResults": {
                "queryName": query_name,
                "resultsBody": {"eventList": events},
            }
        },
    }


def lot_document(lot: Lot) -> dict[str, Any]:
    """A lot's full history as one EPCISDocument (for the national portal or an export buyer)."""
    context, events = events_with_contexts(lot_events(lot))
    return {
        "@context": context,
        "id": f"{base_url()}/api/v1/trace/lots/{lot.pk}/epcis",
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": timezone.now().isoformat().replace("+00:00", "Z"),
        "sender": base_url(),
        "epcisBody": {"eventList": events},
    }
