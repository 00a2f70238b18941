import copy
import json

import pytest

from hangviet.trace.models import CaptureJob, EpcisEvent, EventIdentifier
from tests.trace.epcis_examples import examples, load_example

pytestmark = pytest.mark.django_db

CAPTURE = "/api/v1/epcis/capture"
EVENTS = "/api/v1/epcis/events"
CTX = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"


def post(client, url, data, headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def doc(*events):
    """The valid document of gs1-traceability.md, with the given events."""
    return {
        "@context": [CTX],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-01-15T08:00:00+07:00",
        "epcisBody": {"eventList": list(events)},
    }


def object_event(**kw):
    event = {
        "type": "ObjectEvent",
        "action": "OBSERVE",
        "eventTime": "2026-01-15T08:00:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "bizStep": "shipping",
        "disposition": "in_transit",
        "quantityList": [
            {"epcClass": "https://id.example.vn/01/09506000134352/10/L1", "quantity": 5, "uom": "KGM"}
        ],
    }
    event.update(kw)
    return event


def test_every_gs1_example_is_accepted_and_queried_back(client, member):
    _user, _seller, auth = member
    assert examples(), "no example documents found"
    for path in examples():
        data = json.loads(path.read_text())
        response = post(client, CAPTURE, data, auth)
        assert response.status_code == 202, (path.name, response.content)
        job = client.get(response["Location"], **auth)
        assert job.status_code == 200 and job.json()["success"] is True
        for event in data["epcisBody"]["eventList"]:
            found = client.get(EVENTS, {"EQ_eventID": event["eventID"]})
            assert found.status_code == 200
            assert found["GS1-EPCIS-Version"] == "2.0.0"
            body = found.json()
            assert body["type"] == "EPCISQueryDocument"
            [back] = body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
            for key, value in event.items():
                assert back[key] == value, (path.name, key)
            # the extension prefix travels with the events
            assert {"example": "http://ns.example.com/epcis/"} in body["@context"]
    assert EpcisEvent.objects.count() == sum(
        len(json.loads(p.read_text())["epcisBody"]["eventList"]) for p in examples()
    )


def test_the_valid_document_of_the_doc_is_accepted(client, member):
    response = post(client, CAPTURE, doc(object_event()), member[2])
    assert response.status_code == 202
    assert response["Location"].startswith("/api/v1/epcis/capture/")
    event = EpcisEvent.objects.get()
    assert event.event_id.startswith("urn:uuid:")  # assigned by the server
    assert event.biz_step == "shipping"


def _without(data, path):
    data = copy.deepcopy(data)
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    del target[last]
    return data


AGGREGATION = "Example_9.6.3-AggregationEvent.jsonld"
OBJECT = "Example_9.6.1-ObjectEvent.jsonld"
TRANSFORMATION = "Example_9.6.4-TransformationEvent.jsonld"


@pytest.mark.parametrize(
    ("example", "path", "field"),
    [
        (OBJECT, ("@context",), "@context"),
        (OBJECT, ("type",), "type"),
        (OBJECT, ("schemaVersion",), "schemaVersion"),
        (OBJECT, ("creationDate",), "creationDate"),
        (OBJECT, ("epcisBody",), "epcisBody"),
        (OBJECT, ("epcisBody", "eventList"), "epcisBody.eventList"),
        (OBJECT, ("epcisBody", "eventList", 1, "eventTime"), "epcisBody.eventList.1.eventTime"),
        (
            OBJECT,
            ("epcisBody", "eventList", 1, "eventTimeZoneOffset"),
            "epcisBody.eventList.1.eventTimeZoneOffset",
        ),
        (OBJECT, ("epcisBody", "eventList", 1, "action"), "epcisBody.eventList.1.action"),
        (OBJECT, ("epcisBody", "eventList", 0, "epcList"), "epcisBody.eventList.0"),
        (AGGREGATION, ("epcisBody", "eventList", 0, "action"), "epcisBody.eventList.0.action"),
        (OBJECT, ("epcisBody", "eventList", 0, "type"), "epcisBody.eventList.0.type"),
    ],
)
def test_each_required_field_omission_is_rejected_and_nothing_stored(client, member, example, path, field):
    data = _without(load_example(example), path)
    response = post(client, CAPTURE, data, member[2])
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "epcis_invalid"
    # paths are JSON paths into the posted body (the API's convention: "body.epcisBody.eventList.1.action")
    assert f"body.{field}" in [e["field"] for e in body["errors"]]
    assert EpcisEvent.objects.count() == 0
    assert CaptureJob.objects.count() == 0


def test_aggregation_without_children_is_rejected(client, member):
    data = load_example(AGGREGATION)
    event = data["epcisBody"]["eventList"][0]
    del event["childEPCs"], event["childQuantityList"]
    assert post(client, CAPTURE, data, member[2]).status_code == 400
    assert not EpcisEvent.objects.exists()


def test_transformation_without_outputs_or_id_is_rejected(client, member):
    data = _without(load_example(TRANSFORMATION), ("epcisBody", "eventList", 0, "outputEPCList"))
    response = post(client, CAPTURE, data, member[2])
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "body.epcisBody.eventList.0"


def test_transaction_event_needs_biz_transactions(client, member):
    event = object_event(type="TransactionEvent")
    response = post(client, CAPTURE, doc(event), member[2])
    assert response.status_code == 400
    assert "body.epcisBody.eventList.0.bizTransactionList" in [e["field"] for e in response.json()["errors"]]


def test_association_event_needs_parent(client, member):
    event = {k: v for k, v in object_event(type="AssociationEvent").items() if k != "quantityList"}
    event["childEPCs"] = ["urn:epc:id:sgtin:0614141.107346.2017"]
    response = post(client, CAPTURE, doc(event), member[2])
    assert "body.epcisBody.eventList.0.parentID" in [e["field"] for e in response.json()["errors"]]


def test_ilmd_with_observe_is_rejected_and_nothing_stored(client, member):
    good = object_event(action="ADD", bizStep="commissioning", ilmd={"cbvmda:lotNumber": "L1"})
    bad = object_event(ilmd={"cbvmda:lotNumber": "L1"})
    assert post(client, CAPTURE, doc(good, bad), member[2]).status_code == 400
    response = post(client, CAPTURE, doc(good, bad), member[2])
    assert {"field": "body.epcisBody.eventList.1.ilmd"}.items() <= response.json()["errors"][0].items()
    assert EpcisEvent.objects.count() == 0
    assert post(client, CAPTURE, doc(good), member[2]).status_code == 202


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"action": "UPDATE"}, "epcisBody.eventList.0.action"),
        ({"bizStep": "transforming"}, "epcisBody.eventList.0.bizStep"),
        ({"disposition": "urn:epcglobal:cbv:disp:madeup"}, "epcisBody.eventList.0.disposition"),
        ({"eventTimeZoneOffset": "+7:00"}, "epcisBody.eventList.0.eventTimeZoneOffset"),
        ({"eventTime": "2026-01-15T08:00:00"}, "epcisBody.eventList.0.eventTime"),
        ({"eventTime": 1700000000}, "epcisBody.eventList.0.eventTime"),
        (
            {"quantityList": [{"epcClass": "urn:x:1", "quantity": "5"}]},
            "epcisBody.eventList.0.quantityList.0.quantity",
        ),
        (
            {"quantityList": [{"epcClass": "urn:x:1", "uom": "kg"}]},
            "epcisBody.eventList.0.quantityList.0.uom",
        ),
        ({"quantityList": [{"epcClass": "not a uri"}]}, "epcisBody.eventList.0.quantityList.0.epcClass"),
        ({"epcList": ["urn:x:1", "urn:x:1"]}, "epcisBody.eventList.0.epcList"),
        ({"readPoint": {}}, "epcisBody.eventList.0.readPoint.id"),
        ({"acton": "OBSERVE"}, "epcisBody.eventList.0.acton"),
    ],
)
def test_what_the_schema_rejects_is_rejected(client, member, change, field):
    response = post(client, CAPTURE, doc(object_event(**change)), member[2])
    assert response.status_code == 400, response.content
    assert f"body.{field}" in [e["field"] for e in response.json()["errors"]]
    assert not EpcisEvent.objects.exists()


def test_duplicate_event_id_rejects_the_whole_document(client, member):
    data = load_example(OBJECT)
    assert post(client, CAPTURE, data, member[2]).status_code == 202
    again = doc(
        object_event(eventID="urn:uuid:4b0f0a6a-1c1f-4f59-9f34-000000000001"),
        data["epcisBody"]["eventList"][0],
    )
    response = post(client, CAPTURE, again, member[2])
    assert response.status_code == 409
    assert EpcisEvent.objects.count() == 2


def test_malformed_json_and_non_objects_are_400(client, member):
    response = client.post(CAPTURE, "{nope", content_type="application/json", **member[2])
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "body"
    assert post(client, CAPTURE, [1, 2], member[2]).status_code == 400


def test_capture_needs_a_token_and_a_seller_membership(client, f):
    assert post(client, CAPTURE, doc(object_event()), {}).status_code == 401
    from hangviet.accounts.services import create_api_token

    _t, key = create_api_token(actor=f.user(), name="x", scopes=["trace"])
    response = post(client, CAPTURE, doc(object_event()), {"HTTP_AUTHORIZATION": f"Bearer {key}"})
    assert response.status_code == 403
    assert not EpcisEvent.objects.exists()


def test_single_event_capture_is_201_and_needs_context(client, member):
    event = object_event()
    response = post(client, EVENTS, event, member[2])
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "body.@context"
    response = post(client, EVENTS, {"@context": CTX, **event}, member[2])
    assert response.status_code == 201
    assert response.json()["eventID"].startswith("urn:uuid:")
    assert client.get(response["Location"]).json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]


def _ids(response):
    return [e["eventID"] for e in response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]]


@pytest.fixture
def captured(client, member):
    for path in examples():
        assert post(client, CAPTURE, json.loads(path.read_text()), member[2]).status_code == 202
    return {e.event_type: e.event_id for e in EpcisEvent.objects.all()}


def test_query_filters(client, captured):
    shipping = "ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0"
    receiving = "ni:///sha-256;00e1e6eba3a7cc6125be4793a631f0af50f8322e0ab5f2c0bab994a11cec1d79?ver=CBV2.0"
    assert _ids(client.get(EVENTS, {"eventType": "AggregationEvent"})) == [captured["AggregationEvent"]]
    assert len(_ids(client.get(EVENTS, {"eventType": "ObjectEvent|TransformationEvent"}))) == 3
    assert _ids(client.get(EVENTS, {"EQ_bizStep": "shipping"})) == [shipping]
    assert _ids(client.get(EVENTS, {"EQ_bizStep": "https://ref.gs1.org/cbv/BizStep-shipping"})) == [shipping]
    assert _ids(client.get(EVENTS, {"EQ_disposition": "in_transit"})) == [shipping]
    assert set(_ids(client.get(EVENTS, {"MATCH_epc": "urn:epc:id:sgtin:0614141.107346.2018"}))) == {
        shipping,
        receiving,
        captured["AggregationEvent"],
    }
    assert _ids(client.get(EVENTS, {"MATCH_epcClass": "urn:epc:class:lgtin:4012345.012345.998877"})) == [
        captured["AggregationEvent"]
    ]
    assert _ids(client.get(EVENTS, {"MATCH_epcClass": "urn:epc:class:lgtin:4012345.011111.4444"})) == []
    assert _ids(client.get(EVENTS, {"MATCH_anyEPCClass": "urn:epc:class:lgtin:4012345.011111.4444"})) == [
        captured["TransformationEvent"]
    ]
    assert _ids(
        client.get(EVENTS, {"GE_eventTime": "2005-04-04T12:00:00Z", "LT_eventTime": "2006-01-01T00:00:00Z"})
    ) == [receiving]
    assert _ids(client.get(EVENTS, {"MATCH_epc": "urn:epc:id:sgtin:4012345.077889.*"})) == []
    assert _ids(client.get(EVENTS, {"MATCH_anyEPC": "urn:epc:id:sgtin:4012345.077889.*"})) == [
        captured["TransformationEvent"]
    ]


def test_query_paging_walks_every_event_once_in_time_order(client, captured):
    seen, params = [], {"perPage": "1"}
    for _ in range(10):
        response = client.get(EVENTS, params)
        assert response["GS1-EPCIS-Version"] == "2.0.0"
        seen += _ids(response)
        if "Link" not in response:
            break
        assert 'rel="next"' in response["Link"]
        params = {"perPage": "1", "nextPageToken": response["GS1-Next-Page-Token"]}
    assert len(seen) == len(set(seen)) == 4
    times = list(EpcisEvent.objects.order_by("event_time", "pk").values_list("event_id", flat=True))
    assert seen == times


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"perPage": "0"}, "query.perPage"),
        ({"perPage": "x"}, "query.perPage"),
        ({"nextPageToken": "forged"}, "query.nextPageToken"),
        ({"GE_eventTime": "yesterday"}, "query.GE_eventTime"),
        ({"EQ_colour": "red"}, "query.EQ_colour"),
        ({"MATCH_epc": "|"}, "query.MATCH_epc"),
    ],
)
def test_bad_query_parameters_are_400(client, params, field):
    response = client.get(EVENTS, params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_identifiers_are_indexed_by_role(client, captured):
    assert EventIdentifier.objects.filter(role="input_class").count() == 3
    assert EventIdentifier.objects.filter(role="output_epc").count() == 4


def test_the_public_query_shows_no_event_of_a_shop_not_yet_verified(client, member, f):
    """A pending shop's lots have no public page (scan page, lot history): its events are not public
    either, until an officer verifies the shop."""
    from hangviet.accounts.services import create_api_token
    from hangviet.sellers.models import Seller

    pending_owner = f.user()
    f.seller(owner=pending_owner, status=Seller.Status.PENDING)
    _token, key = create_api_token(actor=pending_owner, name="kho", scopes=["trace"])
    pending = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert (
        post(client, EVENTS, {"@context": CTX, **object_event(eventID="urn:uuid:cho")}, pending).status_code
        == 201
    )
    assert (
        post(client, EVENTS, {"@context": CTX, **object_event(eventID="urn:uuid:da")}, member[2]).status_code
        == 201
    )

    body = client.get(EVENTS).json()
    ids = [e["eventID"] for e in body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]]
    assert ids == ["urn:uuid:da"]
    assert (
        client.get(EVENTS, {"EQ_eventID": "urn:uuid:cho"}).json()["epcisBody"]["queryResults"]["resultsBody"][
            "eventList"
        ]
        == []
    )
