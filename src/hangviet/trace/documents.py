"""Stored events back as EPCIS 2.0 JSON-LD: query results and a lot's whole history."""

import json
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from hangviet.trace.epcis import CONTEXT_URL
from hangviet.trace.identifiers import base_url
from hangviet.trace.models import EpcisEvent, Lot
from hangviet.trace.queries import lot_events


def event_json(row: EpcisEvent) -> dict[str, Any]:
    """The event as captured, with the eventID and recordTime the repository assigned."""
    data = {key: value for key, value in row.original.items() if key != "@context"}
    data["eventID"] = row.event_id
    data["recordTime"] = row.record_time.isoformat().replace("+00:00", "Z")
    return data


def context_for(rows: Iterable[EpcisEvent]) -> list[Any]:
    """The standard context plus every prefix definition the events were captured with."""
    context: list[Any] = [CONTEXT_URL]
    seen = {json.dumps(CONTEXT_URL)}
    for row in rows:
        items = list(row.context or [])
        own = row.original.get("@context")
        items += own if isinstance(own, list) else [own] if own else []
        for item in items:
            key = json.dumps(item, sort_keys=True)
            if key not in seen:
                seen.add(key)
                context.append(item)
    return context


def query_document(rows: list[EpcisEvent], query_name: str = "SimpleEventQuery") -> dict[str, Any]:
    return {
        "@context": context_for(rows),
        "type": "EPCISQueryDocument",
        "schemaVersion": "2.0",
        "creationDate": timezone.now().isoformat().replace("+00:00", "Z"),
        "epcisBody": {
            "queryResults": {
                "queryName": query_name,
                "resultsBody": {"eventList": [event_json(row) for row in rows]},
            }
        },
    }


def lot_document(lot: Lot) -> dict[str, Any]:
    """A lot's full history as one EPCISDocument (for the national portal or an export buyer)."""
    rows = list(lot_events(lot))
    return {
        "@context": context_for(rows),
        "id": f"{base_url()}/api/v1/trace/lots/{lot.pk}/epcis",
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": timezone.now().isoformat().replace("+00:00", "Z"),
        "sender": base_url(),
        "epcisBody": {"eventList": [event_json(row) for row in rows]},
    }
