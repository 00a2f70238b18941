"""EPCIS times every database holds: an event time or a query bound that PostgreSQL or Python cannot hold as
an instant is refused (400), never stored or sent to the database (found while fuzzing the API)."""

import json

import pytest

from hangviet.trace.models import EpcisEvent
from tests.trace.test_epcis_capture_query import CTX, EVENTS, object_event

pytestmark = pytest.mark.django_db


def capture(client, auth, event_time, offset):
    event = {"@context": [CTX], **object_event(eventTime=event_time, eventTimeZoneOffset=offset)}
    return client.post(EVENTS, json.dumps(event), content_type="application/json", **auth)


def test_an_event_before_year_one_in_utc_is_refused_and_queries_keep_working(client, member):
    """Stored, it made every later query a 500 (psycopg: "timestamp too small"; Python: OverflowError)."""
    _user, _seller, auth = member
    response = capture(client, auth, "0001-01-01T00:00:00+01:00", "+01:00")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "epcis_invalid"
    assert [e["field"] for e in response.json()["errors"]] == ["body.eventTime"]
    assert not EpcisEvent.objects.exists()
    assert client.get(EVENTS).status_code == 200


def test_the_first_instant_of_year_one_is_taken(client, member):
    _user, _seller, auth = member
    assert capture(client, auth, "0001-01-01T00:00:00+00:00", "+00:00").status_code == 201
    assert client.get(EVENTS).status_code == 200


@pytest.mark.parametrize(
    "moment",
    [
        "2026-01-15T08:00:00+18:02",  # PostgreSQL: "time zone displacement out of range"
        "2026-02-30T08:00:00+07:00",  # well formed, no such day: ValueError
        "0001-01-01T00:00:00+01:00",  # before year 1 in UTC
    ],
)
def test_a_query_bound_no_database_holds_is_a_400(client, moment):
    response = client.get(EVENTS, {"GE_eventTime": moment})
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["query.GE_eventTime"]
