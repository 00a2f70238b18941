"""Issue 12, points 1 and 2, against material the project did not write: GS1's EPCIS examples, judged by
GS1's JSON Schema, captured over HTTP and queried back; the answers read as JSON-LD by PyLD with GS1's
contexts (served from tests/trace/data, never fetched)."""

import copy
import json
from typing import Any

import pytest
from pyld import jsonld

from hangviet.accounts.services import create_api_token
from hangviet.trace.identifiers import lot_uri
from hangviet.trace.models import CaptureJob, EpcisEvent
from tests.trace.epcis_examples import GS1_EPCIS, all_examples, schema_errors
from tests.trace.helpers import gtin_lot

pytestmark = pytest.mark.django_db

CAPTURE = "/api/v1/epcis/capture"
EVENTS = "/api/v1/epcis/events"
CTX = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
SIMPLE_CTX = "https://gs1.github.io/EPCIS/epcis-context-simple.jsonld"
LOCAL_CONTEXTS = {
    CTX: "epcis-context.jsonld",
    "https://gs1.github.io/EPCIS/epcis-context.jsonld": "epcis-context.jsonld",
    SIMPLE_CTX: "epcis-context-simple.jsonld",
}


def _load_document(url: str, options: Any = None) -> dict[str, Any]:
    """PyLD's document loader: GS1's contexts from the copies kept here; anything else is refused."""
    if url not in LOCAL_CONTEXTS:
        raise AssertionError(f"the JSON-LD processor asked the network for {url}")
    document = json.loads((GS1_EPCIS / LOCAL_CONTEXTS[url]).read_text())
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": document,
    }


OPTIONS = {"documentLoader": _load_document}


def post(client, url, data, headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def results_of(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return answer["epcisBody"]["queryResults"]["resultsBody"]["eventList"]


def results(response) -> list[dict[str, Any]]:
    return results_of(response.json())


def _list(context: Any) -> list[Any]:
    return context if isinstance(context, list) else [context] if context else []


def expanded_event(context: Any, event: dict[str, Any]) -> Any:
    """The event as a JSON-LD processor reads it under `context` plus its own @context; recordTime is the
    repository's to set, so it is left out."""
    node = {key: value for key, value in event.items() if key not in ("@context", "recordTime")}
    return jsonld.expand({"@context": _list(context) + _list(event.get("@context")), **node}, OPTIONS)


def query_all(client) -> dict[str, Any]:
    response = client.get(EVENTS, {"perPage": "500"})
    assert response.status_code == 200
    return response.json()


def captured_vs_returned(document: dict[str, Any], answer: dict[str, Any]) -> list[tuple[Any, Any]]:
    """(captured event as JSON-LD, the same event in the answer as JSON-LD), per event of `document`."""
    by_id = {
        event["eventID"]: event for event in answer["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    }
    pairs = []
    for event in document["epcisBody"]["eventList"]:
        back = by_id[event["eventID"]]
        pairs.append((expanded_event(document["@context"], event), expanded_event(answer["@context"], back)))
    return pairs


@pytest.mark.parametrize("path", all_examples(), ids=lambda p: str(p.relative_to(GS1_EPCIS)))
def test_every_gs1_example_is_judged_as_the_schema_judges_it(client, member, path):
    """Schema-valid: 202, and every event queried back unchanged (the repository adds recordTime and, where
    the event had none, an eventID). Schema-invalid: 400 with a field path, nothing stored."""
    document = json.loads(path.read_text())
    problems = schema_errors(document)
    response = post(client, CAPTURE, document, member[2])
    if problems:
        assert response.status_code == 400, (problems, response.content)
        body = response.json()
        assert body["code"] == "epcis_invalid" and body["errors"][0]["field"].startswith("body")
        assert not EpcisEvent.objects.exists() and not CaptureJob.objects.exists()
        return
    assert response.status_code == 202, response.content
    answer = query_all(client)
    returned = answer["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    sent = document["epcisBody"]["eventList"]
    assert len(returned) == len(sent)
    by_time = sorted(returned, key=lambda e: e["eventID"])
    for event in sent:
        matches = [
            back
            for back in by_time
            if {k: v for k, v in back.items() if k not in ("recordTime", "@context", "eventID")}
            == {k: v for k, v in event.items() if k not in ("recordTime", "@context", "eventID")}
        ]
        assert matches, (path.name, event)
        if "eventID" in event:
            assert [m["eventID"] for m in matches] == [event["eventID"]]
        assert all(m["recordTime"].endswith("Z") for m in matches)


def test_the_examples_cover_both_sides_of_the_schema():
    """The parametrized test above means something only if both kinds are there."""
    judged = [not schema_errors(json.loads(p.read_text())) for p in all_examples()]
    assert judged.count(True) >= 25 and judged.count(False) >= 3


def test_sensor_members_come_back_exactly(client, member):
    name = "JSON/WithFullCombinationOfFields/transaction_event_all_possible_fields.jsonld"
    document = json.loads((GS1_EPCIS / name).read_text())
    assert post(client, CAPTURE, document, member[2]).status_code == 202
    [back] = results(client.get(EVENTS))
    report = back["sensorElementList"][0]["sensorReport"][0]
    assert report == document["epcisBody"]["eventList"][0]["sensorElementList"][0]["sensorReport"][0]
    assert {
        "minValue",
        "maxValue",
        "meanValue",
        "sDev",
        "percRank",
        "percValue",
        "component",
    } <= report.keys()
    assert back["sensorElementList"][0]["sensorMetadata"]["bizRules"].startswith("https://example.com/")


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"maxValue": "26.2"}, "maxValue", "value_error"),
        ({"booleanValue": "true"}, "booleanValue", "bool_type"),
        ({"hexBinaryValue": "XYZ"}, "hexBinaryValue", "string_pattern_mismatch"),
        ({"component": "urn:epcglobal:cbv:comp:x"}, "component", "cbv_old_form"),
        ({"type": "https://gs1.org/voc/MT-Temperature"}, "type", "cbv_old_form"),
        ({"colour": "red"}, "colour", "value_error"),
    ],
)
def test_a_sensor_report_the_schema_refuses_is_refused(client, member, change, field, code):
    document = json.loads((GS1_EPCIS / "JSON/WithSensorData/SensorDataExample2.jsonld").read_text())
    document["epcisBody"]["eventList"][0]["sensorElementList"][0]["sensorReport"][0].update(change)
    assert schema_errors(document), "the schema itself accepts this change: the test proves nothing"
    response = post(client, CAPTURE, document, member[2])
    assert response.status_code == 400
    errors = response.json()["errors"]
    path = "body.epcisBody.eventList.0.sensorElementList.0.sensorReport.0"
    assert any(e["field"].startswith(path) and e["code"] == code for e in errors), errors
    assert not EpcisEvent.objects.exists()


# --- point 2: every event keeps its JSON-LD meaning ----------------------------------------------------


def _event(event_id: str, note_key: str) -> dict[str, Any]:
    return {
        "type": "ObjectEvent",
        "eventID": event_id,
        "action": "OBSERVE",
        "eventTime": "2026-01-15T08:00:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "bizStep": "shipping",
        "epcList": ["urn:epc:id:sgtin:0614141.107346.2017"],
        note_key: "ghi chú",
    }


def _document(context: list[Any], *events: dict[str, Any]) -> dict[str, Any]:
    return {
        "@context": context,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-01-15T08:00:00+07:00",
        "epcisBody": {"eventList": list(events)},
    }


def test_one_prefix_bound_to_two_iris_keeps_both_meanings(client, member):
    first = _document([CTX, {"ex": "https://a.example/"}], _event("urn:uuid:aaaa-1", "ex:note"))
    second = _document([CTX, {"ex": "https://b.example/"}], _event("urn:uuid:bbbb-2", "ex:note"))
    for document in (first, second):
        assert not schema_errors(document)
        assert post(client, CAPTURE, document, member[2]).status_code == 202
    answer = query_all(client)
    assert answer["@context"] == [CTX]  # what both capture contexts begin with
    jsonld.expand(answer, OPTIONS)  # a JSON-LD processor reads the whole answer
    for document in (first, second):
        [(captured, returned)] = captured_vs_returned(document, answer)
        assert returned == captured
    notes = {
        back["eventID"]: expanded_event(answer["@context"], back)[0]
        for back in answer["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    }
    assert "https://a.example/note" in notes["urn:uuid:aaaa-1"]
    assert "https://b.example/note" in notes["urn:uuid:bbbb-2"]


def test_events_of_the_simple_context_and_the_standard_one_are_both_read_right(client, member):
    simple = json.loads((GS1_EPCIS / "JSON-simple-context/Example_9.6.1-ObjectEvent.jsonld").read_text())
    del simple["id"]  # "_:document1" is the only thing GS1's schema refuses in this example
    standard = _document([CTX, {"ex": "https://a.example/"}], _event("urn:uuid:cccc-3", "ex:note"))
    for document in (simple, standard):
        assert not schema_errors(document)
        assert post(client, CAPTURE, document, member[2]).status_code == 202
    answer = query_all(client)
    expanded = jsonld.expand(answer, OPTIONS)  # no "tried to redefine a protected term"
    assert expanded, "the answer's events are reachable from its envelope"
    for document in (simple, standard):
        for captured, returned in captured_vs_returned(document, answer):
            assert returned == captured
    # and the whole answer expands to the same statements as the captured events
    body = expanded[0]["https://ref.gs1.org/epcis/epcisBody"][0]
    results_body = body["https://ref.gs1.org/epcis/queryResults"][0]["https://ref.gs1.org/epcis/resultsBody"][
        0
    ]
    in_answer = [
        {k: v for k, v in node.items() if "recordTime" not in k}
        for node in results_body["https://ref.gs1.org/epcis/eventList"]
    ]
    wanted = [
        node
        for document in (simple, standard)
        for event in document["epcisBody"]["eventList"]
        for node in expanded_event(document["@context"], event)
    ]
    assert sorted(map(_canonical, in_answer)) == sorted(map(_canonical, wanted))


def _canonical(node: Any) -> str:
    return json.dumps(node, sort_keys=True)


def test_an_event_posted_alone_keeps_its_own_context(client, member):
    event = {"@context": [CTX, {"ex": "https://c.example/"}], **_event("urn:uuid:dddd-4", "ex:note")}
    response = post(client, EVENTS, event, member[2])
    assert response.status_code == 201
    assert response.json()["@context"] == event["@context"]
    answer = query_all(client)
    [back] = answer["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    captured = expanded_event(None, event)
    assert expanded_event(answer["@context"], back) == captured
    assert "https://c.example/note" in captured[0]


def test_the_lot_history_document_keeps_the_meanings_too(client, f):
    owner, _product, lot = gtin_lot(f)
    _t, key = create_api_token(actor=owner, name="kho", scopes=["trace"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    lot_class = lot_uri(lot)
    events = []
    for index, iri in enumerate(("https://a.example/", "https://b.example/")):
        event = copy.deepcopy(_event(f"urn:uuid:eeee-{index}", "ex:note"))
        del event["epcList"]
        event["quantityList"] = [{"epcClass": lot_class, "quantity": 1, "uom": "KGM"}]
        document = _document([CTX, {"ex": iri}], event)
        assert post(client, CAPTURE, document, auth).status_code == 202
        events.append((document, event))
    history = client.get(f"/api/v1/trace/lots/{lot.pk}/epcis").json()
    by_id = {e["eventID"]: e for e in history["epcisBody"]["eventList"]}
    assert len(by_id) == 2
    for document, event in events:
        assert expanded_event(history["@context"], by_id[event["eventID"]]) == expanded_event(
            document["@context"], event
        )
