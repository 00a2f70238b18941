"""Issue 12, points 3 and 4: error declarations are recorded and shown; EPC URIs and CBV terms are
checked by their syntax and vocabulary, custom terms outside GS1's namespace stay allowed."""

import copy
import json
from typing import Any

import pytest

from hangviet.accounts.services import create_api_token
from hangviet.trace.identifiers import lot_uri
from hangviet.trace.models import EpcisEvent
from tests.trace.epcis_examples import schema_errors
from tests.trace.helpers import gtin_lot

pytestmark = pytest.mark.django_db

CAPTURE = "/api/v1/epcis/capture"
EVENTS = "/api/v1/epcis/events"
CTX = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
WRONG = "urn:uuid:6a1f1c1e-0000-4000-8000-000000000001"
FIXED = "urn:uuid:6a1f1c1e-0000-4000-8000-000000000002"


def post(client, url, data, headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def document(*events: dict[str, Any]) -> dict[str, Any]:
    return {
        "@context": [CTX],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-01-15T08:00:00+07:00",
        "epcisBody": {"eventList": list(events)},
    }


def event(**changes: Any) -> dict[str, Any]:
    base = {
        "type": "ObjectEvent",
        "action": "OBSERVE",
        "eventTime": "2026-01-15T08:00:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "bizStep": "shipping",
        "disposition": "in_transit",
        "epcList": ["urn:epc:id:sgtin:0614141.107346.2017"],
    }
    return base | changes


def results(response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]


# --- point 3: error declarations ----------------------------------------------------------------------


@pytest.fixture
def shipped(client, f):
    """A lot of a verified seller with a 'shipped' step recorded over the API: (auth, lot, the event)."""
    owner, _product, lot = gtin_lot(f)
    _t, key = create_api_token(actor=owner, name="kho", scopes=["trace"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    wrong = event(
        eventID=WRONG, epcList=[], quantityList=[{"epcClass": lot_uri(lot), "quantity": 5, "uom": "KGM"}]
    )
    assert post(client, CAPTURE, document(wrong), auth).status_code == 202
    return auth, lot, wrong


def declaration_of(wrong: dict[str, Any], reason: str = "incorrect_data") -> dict[str, Any]:
    declared = copy.deepcopy(wrong)
    declared["errorDeclaration"] = {
        "declarationTime": "2026-01-16T09:00:00+07:00",
        "reason": reason,
        "correctiveEventIDs": [FIXED],
    }
    return declared


def test_an_error_declaration_is_recorded_and_both_come_back(client, shipped):
    auth, _lot, wrong = shipped
    fixed = copy.deepcopy(wrong) | {"eventID": FIXED, "eventTime": "2026-01-15T10:00:00+07:00"}
    correction = document(declaration_of(wrong), fixed)
    assert not schema_errors(correction)
    response = post(client, CAPTURE, correction, auth)
    assert response.status_code == 202, response.content  # was 409: the eventID repeats, as the standard says

    both = results(client.get(EVENTS, {"EQ_eventID": WRONG}))
    assert len(both) == 2
    [declared] = [e for e in both if "errorDeclaration" in e]
    assert declared["errorDeclaration"]["reason"] == "incorrect_data"
    assert declared["errorDeclaration"]["correctiveEventIDs"] == [FIXED]
    assert [e["eventID"] for e in results(client.get(EVENTS, {"EXISTS_errorDeclaration": ""}))] == [WRONG]
    reason_uri = "https://ref.gs1.org/cbv/ER-incorrect_data"
    assert len(results(client.get(EVENTS, {"EQ_errorReason": reason_uri}))) == 1
    assert results(client.get(EVENTS, {"EQ_errorReason": "did_not_occur"})) == []
    window = {
        "GE_errorDeclarationTime": "2026-01-16T00:00:00+07:00",
        "LT_errorDeclarationTime": "2026-01-17T00:00:00+07:00",
    }
    assert len(results(client.get(EVENTS, window))) == 1


def test_one_declaration_per_event_and_still_one_event_per_event_id(client, shipped):
    auth, _lot, wrong = shipped
    assert post(client, CAPTURE, document(declaration_of(wrong)), auth).status_code == 202
    again = post(client, CAPTURE, document(declaration_of(wrong, "did_not_occur")), auth)
    assert again.status_code == 409 and again.json()["code"] == "duplicate_event_id"
    twin = post(client, CAPTURE, document(copy.deepcopy(wrong)), auth)
    assert twin.status_code == 409
    assert EpcisEvent.objects.filter(event_id=WRONG).count() == 2


def test_only_the_seller_who_recorded_an_event_may_declare_it_wrong(client, shipped, member):
    _auth, _lot, wrong = shipped
    declared = declaration_of(wrong)
    declared["quantityList"] = [{"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": 1}]
    response = post(client, CAPTURE, document(declared), member[2])
    assert response.status_code == 403
    assert EpcisEvent.objects.filter(event_id=WRONG).count() == 1


def test_the_scan_page_shows_the_correction_in_both_languages(client, shipped):
    auth, lot, wrong = shipped
    fixed = copy.deepcopy(wrong) | {"eventID": FIXED, "eventTime": "2026-01-15T10:00:00+07:00"}
    assert post(client, CAPTURE, document(declaration_of(wrong), fixed), auth).status_code == 202
    from hangviet.trace.identifiers import scan_path

    html = client.get(scan_path(lot)).content.decode()
    assert html.count("<del>") == 1  # the wrong step, once: the declaration is not a step of its own
    assert "Nhà sản xuất đã đính chính ngày 16/01/2026: thông tin ghi cho công đoạn này bị sai." in html
    assert "bản ghi sửa lại" in html
    english = client.get(scan_path(lot), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        "The producer issued a correction on 16 Jan 2026: what was recorded for this step was wrong."
        in english
    )
    assert "correcting record" in english


# --- point 4: identifiers and vocabulary --------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"epcList": ["urn:epc:id:sgtin:0614141.107346"]}, "epcList.0", "epc_syntax"),
        ({"epcList": ["urn:epc:id:sgtin:0614141.10734.2017"]}, "epcList.0", "epc_syntax"),
        ({"epcList": ["urn:epc:id:sscc:0614141.123"]}, "epcList.0", "epc_syntax"),
        ({"epcList": ["urn:epc:class:lgtin:4012345.012345.998877"]}, "epcList.0", "epc_syntax"),
        ({"epcList": ["urn:epc:id:nosuch:1.2"]}, "epcList.0", "epc_syntax"),
        ({"readPoint": {"id": "urn:epc:id:sgln:0614141.07346"}}, "readPoint.id", "epc_syntax"),
        (
            {
                "epcList": [],
                "quantityList": [{"epcClass": "urn:epc:id:sgtin:0614141.107346.1", "quantity": 1}],
            },
            "quantityList.0.epcClass",
            "epc_syntax",
        ),
        (
            {"epcList": [], "quantityList": [{"epcClass": "urn:epc:idpat:sgtin:0614141.*.5", "quantity": 1}]},
            "quantityList.0.epcClass",
            "epc_syntax",
        ),
        ({"bizStep": "https://ref.gs1.org/cbv/BizStep-shiping"}, "bizStep", "cbv_unknown_term"),
        ({"bizStep": "https://ref.gs1.org/cbv/Disp-in_transit"}, "bizStep", "cbv_unknown_term"),
        ({"bizStep": "cbv:BizStep-shiping"}, "bizStep", "cbv_unknown_term"),
        ({"bizStep": "urn:epcglobal:cbv:bizstep:shipping"}, "bizStep", "cbv_old_form"),
        ({"disposition": "https://ref.gs1.org/cbv/Disp-in_transt"}, "disposition", "cbv_unknown_term"),
        (
            {
                "bizTransactionList": [
                    {"type": "https://ref.gs1.org/cbv/BTT-purchase", "bizTransaction": "urn:x:1"}
                ]
            },
            "bizTransactionList.0.type",
            "cbv_unknown_term",
        ),
        (
            {"sourceList": [{"type": "cbv:SDT-owner", "source": "urn:epc:id:pgln:4012345.00225"}]},
            "sourceList.0.type",
            "cbv_unknown_term",
        ),
        (
            {
                "errorDeclaration": {
                    "declarationTime": "2026-01-16T09:00:00+07:00",
                    "reason": "https://ref.gs1.org/cbv/ER-typo",
                }
            },
            "errorDeclaration.reason",
            "cbv_unknown_term",
        ),
        (
            {
                "readPoint": {"id": "urn:epc:id:sgln:4012345.00005.0"},
                "sensorElementList": [{"sensorReport": [{"type": "gs1:MT-Temprature"}]}],
            },
            "sensorElementList.0.sensorReport.0.type",
            "cbv_unknown_term",
        ),
    ],
)
def test_a_malformed_epc_or_an_unknown_cbv_term_is_refused_with_its_path(
    client, member, changes, field, code
):
    response = post(client, CAPTURE, document(event(**changes)), member[2])
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert {"field": f"body.epcisBody.eventList.0.{field}", "code": code}.items() <= errors[0].items(), errors
    assert errors[0]["message"]
    assert not EpcisEvent.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"bizStep": "https://hangviet.example/voc/bizstep/fermenting"},  # custom, outside GS1's namespace
        {"bizStep": "https://ref.gs1.org/cbv/BizStep-shipping"},
        {"disposition": "cbv:Disp-in_transit"},
        {"epcList": ["urn:epc:id:sgtin:0614141.107346.A%2FB", "https://id.gs1.org/01/09506000134352/21/1"]},
        {"epcList": ["urn:epc:id:giai:4000001.111", "urn:epc:id:grai:4012345.55555.987"]},
        {
            "epcList": [],
            "quantityList": [{"epcClass": "urn:epc:idpat:sgtin:4012345.098765.*", "quantity": 10}],
        },
        {
            "bizTransactionList": [
                {"type": "https://hangviet.example/voc/btt/hop-dong", "bizTransaction": "urn:x:1"}
            ]
        },
    ],
)
def test_well_formed_identifiers_and_custom_terms_are_accepted(client, member, changes):
    captured = document(event(**changes))
    assert not schema_errors(captured)
    assert post(client, CAPTURE, captured, member[2]).status_code == 202


def test_a_cbv_term_written_as_a_uri_is_found_by_its_bare_word(client, member):
    captured = document(event(disposition="https://ref.gs1.org/cbv/Disp-in_transit"))
    assert post(client, CAPTURE, captured, member[2]).status_code == 202
    assert len(results(client.get(EVENTS, {"EQ_disposition": "in_transit"}))) == 1


def test_the_openapi_document_lists_every_query_parameter(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/epcis/events"]["get"]
    names = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
    assert {
        "eventType",
        "GE_eventTime",
        "LT_eventTime",
        "EQ_bizStep",
        "MATCH_epc",
        "MATCH_anyEPCClass",
        "EXISTS_errorDeclaration",
        "EQ_errorReason",
        "GE_errorDeclarationTime",
        "perPage",
        "nextPageToken",
    } <= names
    per_page = next(p for p in operation["parameters"] if p["name"] == "perPage")
    assert per_page["schema"] == {"type": "integer", "minimum": 1, "maximum": 500}

    # every documented parameter is one the endpoint reads: none is refused as unknown, as EQ_colour is
    def messages(params):
        return [e["message"] for e in client.get(EVENTS, params).json().get("errors", [])]

    unknown = "Tham số không được hỗ trợ."
    assert messages({"EQ_colour": "red"}) == [unknown]
    for name in names:
        assert unknown not in messages({name: "1"}), name
