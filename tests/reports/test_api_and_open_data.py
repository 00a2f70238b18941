"""GET /api/v1/indicators and the open data files, checked against their data dictionary."""

import csv
import datetime
import io

import pytest

from hangviet.accounts.services import create_api_token
from hangviet.reports.models import Target
from tests.reports import world

pytestmark = pytest.mark.django_db
URL = "/api/v1/indicators?from=2022-01-01&to=2022-12-31"
KEYS = {"code", "name", "value", "unit", "target", "previous", "definition", "records_url"}
PRIVATE = {"orders", "gmv", "delivered_rate", "buyer_provinces", "lot_scans", "ocop_products_on_sale"}


def _bearer(user, scopes=("read",)):
    _token, key = create_api_token(actor=user, name="báo cáo", scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_anonymous_callers_get_the_public_indicators(client):
    world.build()
    Target.objects.create(year=2022, indicator="ocop_new_products", value=25)
    body = client.get(URL).json()
    assert (body["from"], body["to"]) == ("2022-01-01", "2022-12-31")
    items = {i["code"]: i for i in body["items"]}
    assert all(set(i) == KEYS for i in body["items"])
    assert not PRIVATE & set(items)
    assert items["ocop_new_products"]["value"] == 2
    assert items["ocop_new_products"]["target"] == 25
    assert items["ocop_products"]["previous"] == 3  # A, D and G's first certificate at the end of 2021
    assert items["chain_output"]["value"] == 2100.5
    assert items["linked_provinces"]["value"] == 0  # no peer yet: a real zero, counted by the network room
    assert items["fairs"]["records_url"].endswith(
        "/reports/indicators/fairs/records/?from=2022-01-01&to=2022-12-31"
    )
    published = {
        *("cadres_trained", "contests", "fairs", "fair_booths", "market_sessions", "trips", "mous"),
        *("marketplace_units", "linked_provinces", "platform_sellers", "platform_products", "ocop_products"),
        *("ocop_products_3_stars", "showrooms", "showroom_products", "chains", "chain_output"),
    }
    for code in published:
        assert code in items  # every kind of figure the seed report gave the press


def test_an_officers_token_gets_every_indicator(client, f):
    world.build()
    body = client.get(URL, **_bearer(f.officer())).json()
    items = {i["code"]: i["value"] for i in body["items"]}
    assert set(items) >= PRIVATE
    assert items["gmv"] == 300_000
    assert items["delivered_rate"] == 66.7


def test_a_buyers_token_gets_the_public_ones(client, f):
    body = client.get(URL, **_bearer(f.user())).json()
    assert not PRIVATE & {i["code"] for i in body["items"]}


def test_a_bad_token_is_401(client):
    response = client.get(URL, HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ("from=2022-12-31&to=2022-01-01", "query.to", "before_start"),
        ("from=2022-02-30&to=2022-12-31", "query.from", "invalid_date"),
    ],
)
def test_a_wrong_period_is_a_problem_with_the_field(client, query, field, code):
    response = client.get(f"/api/v1/indicators?{query}")
    assert response.status_code == 422
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in response.json()["errors"]
    ]


def test_missing_dates_are_422(client):
    assert client.get("/api/v1/indicators?from=2022-01-01").status_code == 422


# --- open data -------------------------------------------------------------------------------------


def _check(row: dict, schema: dict) -> None:
    """A row against the Table Schema: every field present, typed, within its constraints."""
    assert set(row) == {f["name"] for f in schema["fields"]}
    for field in schema["fields"]:
        value, rules = row[field["name"]], field.get("constraints", {})
        if value in (None, ""):
            assert not rules.get("required"), field["name"]
            continue
        if field["type"] == "integer":
            value = int(value)
        elif field["type"] == "number":
            value = float(value)
        elif field["type"] == "date":
            datetime.date.fromisoformat(str(value))
        if "enum" in rules:
            assert value in rules["enum"], (field["name"], value)
        if "minimum" in rules:
            assert value >= rules["minimum"]
        if "maximum" in rules:
            assert value <= rules["maximum"]


def test_the_open_data_files_validate_against_their_dictionary(client):
    world.build()
    schema = client.get("/open-data/indicators.schema.json").json()
    csv_response = client.get("/open-data/2022/indicators.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode("utf-8"))))
    json_rows = client.get("/open-data/2022/indicators.json").json()["rows"]
    assert len(rows) == len(json_rows) > 0
    for row in rows:
        _check(row, schema)
    for row in json_rows:
        _check(row, schema)
    keys = [(r["year"], r["code"]) for r in json_rows]
    assert len(keys) == len(set(keys))  # the primary key holds
    values = {r["code"]: r["value"] for r in json_rows}
    assert values["fair_booths"] == 9
    assert values["linked_provinces"] == 0
    assert not PRIVATE & set(values)
    assert {r["code"]: r["value"] for r in rows}["linked_provinces"] == "0"


def test_the_open_data_page_is_public(client):
    response = client.get("/open-data/?year=2022")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/open-data/2022/indicators.csv" in body and "/open-data/indicators.schema.json" in body


def test_an_open_data_year_out_of_range_is_404(client):
    assert client.get("/open-data/1850/indicators.csv").status_code == 404
