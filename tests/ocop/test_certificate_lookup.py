"""The box on /ocop/: a typed certificate number finds the certificate, or says plainly none exists."""

import pytest

from tests.ocop.test_current_certificate import certificate

pytestmark = pytest.mark.django_db


def test_the_registry_has_the_box(client):
    html = client.get("/ocop/").content.decode()
    assert 'action="/ocop/certificates/"' in html and 'name="number"' in html and 'for="cert-number"' in html


def test_a_typed_number_finds_the_certificate_whatever_the_case_and_spaces(client, f):
    found = certificate(f.product(), "OCOP-86-2024-0007")
    for typed in ("OCOP-86-2024-0007", "  ocop-86-2024-0007 "):
        answer = client.get("/ocop/certificates/", {"number": typed})
        assert answer.status_code == 302 and answer["Location"] == f"/ocop/certificates/{found.number}/"


def test_an_unknown_number_says_none_exists(client, f):
    certificate(f.product(), "OCOP-86-2024-0007")
    missing = client.get("/ocop/certificates/", {"number": "OCOP-86-1999-9999"})
    html = missing.content.decode()
    assert (
        missing.status_code == 404
        and "Không có giấy chứng nhận OCOP số" in html
        and "OCOP-86-1999-9999" in html
    )


def test_an_empty_box_goes_back_to_the_registry(client):
    assert client.get("/ocop/certificates/", {"number": "  "})["Location"] == "/ocop/"
