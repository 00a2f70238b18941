"""The administrative units API, through the test client."""

import pytest

pytestmark = pytest.mark.usefixtures("admin_units")


def test_provinces_lists_the_34_current_units(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/api/v1/provinces")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 34
    assert {"code": "86", "name": "Tỉnh Vĩnh Long", "kind": "tỉnh"} in body
    assert len({p["code"] for p in body}) == 34


def test_communes_of_a_province(client, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get("/api/v1/provinces/86/communes")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 124
    assert {"code": "29242", "name": "Phường Trà Vinh", "kind": "phường", "province_code": "86"} in body
    assert {c["province_code"] for c in body} == {"86"}


def test_communes_of_an_unknown_province_is_a_404_problem(client):
    response = client.get("/api/v1/provinces/99/communes")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "unit_not_found"


def test_communes_with_a_malformed_code_is_a_422_problem(client):
    response = client.get("/api/v1/provinces/vinh-long/communes")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "path.code"


def test_legacy_lookup_converts_an_old_address(client):
    response = client.get(
        "/api/v1/units/legacy-lookup",
        {"province": "Tra Vinh", "district": "Thanh pho Tra Vinh", "ward": "Phuong 3"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["province"] == {"code": "86", "name": "Tỉnh Vĩnh Long", "kind": "tỉnh"}
    assert body["commune"] == {
        "code": "29242",
        "name": "Phường Trà Vinh",
        "kind": "phường",
        "province_code": "86",
    }
    assert body["legacy_ward"] == {"code": "29242", "name": "Phường 3", "kind": "phường"}
    assert body["legacy_province"]["name"] == "Tỉnh Trà Vinh"


def test_legacy_lookup_by_codes_and_province_only(client):
    body = client.get("/api/v1/units/legacy-lookup", {"province": "84", "ward": "29257"}).json()
    assert body["commune"]["name"] == "Phường Nguyệt Hóa"
    body = client.get("/api/v1/units/legacy-lookup", {"province": "ben tre"}).json()
    assert body["province"]["code"] == "86"
    assert body["commune"] is None
    assert body["legacy_district"] is None


def test_legacy_lookup_unknown_is_a_404_problem(client):
    response = client.get("/api/v1/units/legacy-lookup", {"province": "84", "ward": "Phuong Khong Co"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "unit_not_found"
    assert body["errors"][0]["field"] == "query.ward"


@pytest.mark.parametrize(
    "params",
    [{}, {"province": ""}, {"province": "x" * 101}, {"ward": "y" * 500}],
)
def test_legacy_lookup_bad_params_are_a_422_problem(client, params):
    response = client.get("/api/v1/units/legacy-lookup", params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["errors"][0]["field"].startswith("query.")


def test_legacy_lookup_ambiguous_lists_candidates(client):
    response = client.get("/api/v1/units/legacy-lookup", {"province": "tra vinh", "ward": "phuong 1"})
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "ambiguous_unit"
    assert {c["code"] for c in body["candidates"]} == {"29239", "29512"}
    assert body["errors"][0]["field"] == "query.ward"
