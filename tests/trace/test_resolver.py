import datetime

import pytest

from hangviet.ocop.models import Certificate
from hangviet.trace.models import SerialItem
from tests.trace.helpers import GTIN, gtin_lot

pytestmark = pytest.mark.django_db

LOT_PATH = f"/01/{GTIN}/10/L%2F01"


@pytest.fixture
def lot(f):
    _owner, product, lot = gtin_lot(f)
    Certificate.objects.create(
        number="OCOP-T-1",
        product=product,
        stars=4,
        score=75,
        issued_on=datetime.date(2025, 1, 1),
        expires_on=datetime.date(2028, 1, 1),
    )
    SerialItem.objects.create(lot=lot, serial="S1")
    return lot


def raw(client, path, **kw):
    """As behind gunicorn/ASGI: the server passes the still-encoded path (RAW_URI)."""
    return client.get(path, RAW_URI=path, **kw)


def test_default_is_307_to_scan_page_with_query_passed_on(client, lot):
    response = raw(client, LOT_PATH + "?17=280101")
    assert response.status_code == 307
    assert response["Location"].endswith(f"/scan/p/{lot.product.slug}/L%2F01?17=280101")
    assert 'rel="linkset"' in response["Link"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_decoded_path_also_resolves(client, lot):
    assert client.get(LOT_PATH).status_code == 307  # test client decodes %2F: the resolver copes


def test_serial_redirects_to_scan_page_of_serial(client, lot):
    response = raw(client, LOT_PATH + "/21/S1")
    assert response.status_code == 307 and response["Location"].endswith("L%2F01?serial=S1")
    assert raw(client, LOT_PATH + "/21/S2").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        f"/01/{GTIN}/21/S1/10/L1",
        f"/01/{GTIN}/10/" + "A" * 21,
        f"/01/{GTIN}/10/L%C3%B4",
        "/01/09506000134353/10/L1",
        f"/01/{GTIN}/10/L1?17=991340",
    ],
)
def test_malformed_is_400_never_200(client, lot, path):
    response = raw(client, path)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "path",
    ["/01/04006381333931/10/L1", f"/01/{GTIN}/10/NOPE", f"/01/{GTIN}/10/L%2F01?linkType=gs1:epil"],
)
def test_unknown_product_lot_or_link_type_is_404(client, lot, path):
    assert raw(client, path).status_code == 404


@pytest.mark.parametrize(
    ("link_type", "target"),
    [
        ("gs1:pip", "/p/{slug}/"),
        ("https://gs1.org/voc/pip", "/p/{slug}/"),
        ("https://ref.gs1.org/voc/certificationInfo", "/scan/certificate/{cert}/"),
        ("gs1:traceability", "/api/v1/trace/lots/{lot}/epcis"),
        ("gs1:defaultLink", "/scan/p/{slug}/L%2F01"),
    ],
)
def test_each_link_type_redirects_to_its_link(client, lot, link_type, target):
    response = raw(client, LOT_PATH, data={"linkType": link_type})
    assert response.status_code == 307
    cert = lot.product.certificates.get().pk
    assert response["Location"].endswith(target.format(slug=lot.product.slug, cert=cert, lot=lot.pk))
    assert client.get(response["Location"]).status_code == 200


def test_certification_info_is_404_when_product_has_no_certificate(client, f):
    _owner, _product, _lot = gtin_lot(f, code="X1", gtin="08931234567897")
    assert (
        raw(client, "/01/08931234567897/10/X1", data={"linkType": "gs1:certificationInfo"}).status_code == 404
    )


def _check_linkset(response, lot):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/linkset+json"
    [entry] = response.json()["linkset"]
    assert entry["anchor"].endswith(LOT_PATH)
    for name in ("defaultLink", "pip", "certificationInfo", "traceability"):
        [link] = entry[f"https://gs1.org/voc/{name}"]
        assert link["href"].startswith("http") and link["title"] and link["hreflang"] == ["vi"]
    assert entry["https://gs1.org/voc/pip"][0]["type"] == "text/html"
    assert entry["https://gs1.org/voc/traceability"][0]["type"] == "application/ld+json"


def test_linkset_by_query_and_by_accept_header(client, lot):
    _check_linkset(raw(client, LOT_PATH + "?linkType=linkset"), lot)
    _check_linkset(raw(client, LOT_PATH, HTTP_ACCEPT="application/linkset+json"), lot)


def test_head_options_and_cors(client, lot):
    head = client.head(LOT_PATH, RAW_URI=LOT_PATH)
    assert head.status_code == 307 and head.content == b"" and head["Location"]
    options = client.options(LOT_PATH)
    assert options.status_code == 204
    assert "OPTIONS" in options["Allow"] and options["Access-Control-Allow-Origin"] == "*"
    assert client.post(LOT_PATH).status_code == 405


def test_gtin_only_goes_to_product_page(client, lot):
    response = raw(client, f"/01/{GTIN}")
    assert response.status_code == 307 and response["Location"].endswith(f"/p/{lot.product.slug}/")


def test_well_known_description(client):
    response = client.get("/.well-known/gs1resolver")
    assert response.status_code == 200
    data = response.json()
    assert data["supportedPrimaryKeys"] == ["01"]
    assert {t["linkType"] for t in data["supportedLinkType"]} >= {"pip", "certificationInfo", "traceability"}
    assert response["Access-Control-Allow-Origin"] == "*"


# --- GS1 Digital Link 1.4 as GS1's toolkits read it (issue 12, point 5) ------------------------------


@pytest.mark.parametrize(
    ("gtin14", "written"),
    [
        ("09520000000035", "9520000000035"),  # GTIN-13
        ("00416000336108", "416000336108"),  # GTIN-12
        ("00000002345673", "02345673"),  # GTIN-8
        ("09520000000035", "09520000000035"),  # GTIN-14
    ],
)
def test_every_gtin_form_is_read_as_14_digits(client, f, gtin14, written):
    product = f.product(f.seller(), gtin=gtin14)
    response = raw(client, f"/01/{written}")
    assert response.status_code == 307
    assert response["Location"].endswith(f"/p/{product.slug}/")
    assert f"/01/{gtin14}?linkType=linkset" in response["Link"]  # the anchor is the canonical form


@pytest.mark.parametrize(
    "query",
    ["3103=000195", "17=201225", "3922=0299", "3103=000195&3922=0299&17=201225", "15=270200", "99=ABC&x=1"],
)
def test_data_attributes_in_the_query_string_are_accepted_and_passed_on(client, lot, query):
    response = raw(client, f"{LOT_PATH}?{query}")
    assert response.status_code == 307
    assert response["Location"].endswith(f"/scan/p/{lot.product.slug}/L%2F01?{query}")


def test_tpx_qualifier_goes_to_the_product(client, lot):
    response = raw(client, f"/01/{GTIN}/235/XYZ?10=ABC123")
    assert response.status_code == 307
    assert response["Location"].endswith(f"/p/{lot.product.slug}/?10=ABC123")


@pytest.mark.parametrize(
    "path",
    [
        "/01/09520123456788/235/XYZ?10=ABC123",  # valid, but no such product here
        "/01/9520000000035?3103=000195",
        "/00/952012345678912345?02=09520123456788&37=25&10=ABC123",
        "/414/9520123456788/254/32a%2Fb",
        "/8004/9520614141234567?01=9520123456788",
        "/8018/123456789012345675/8019/123",
        "/8010/0614141ABC/8011/123",
        "/253/1231231231232TEST5678901234567",
    ],
)
def test_valid_links_to_nothing_on_the_platform_are_404(client, lot, path):
    response = raw(client, path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("path", "code"),
    [
        (f"/01/{GTIN}?3103=12345", "too_short"),  # N6
        (f"/01/{GTIN}?17=201325", "bad_date"),
        (f"/01/{GTIN}?89=X", "unknown_ai"),  # not an AI
        (f"/01/{GTIN}?999=X", "unknown_ai"),
        (f"/01/{GTIN}?21=S1", "not_data_attribute"),  # a qualifier belongs in the path
        (f"/01/{GTIN}/10/L1?10=L2", "conflicting_ai"),
        (f"/01/{GTIN}/22/A/235/B", "qualifier_order"),  # 235 is an alternative to 22/10/21
        (f"/01/{GTIN}/254/A", "unknown_qualifier"),
        ("/414/9520123456788/8019/1", "unknown_qualifier"),
        ("/8006/095201234567880302", "out_of_range"),  # piece 3 of 2
        ("/00/952012345678912346", "check_digit"),
        (f"/01/{GTIN}/", "malformed_path"),
    ],
)
def test_malformed_links_are_400_with_a_stable_code(client, lot, path, code):
    response = raw(client, path)
    assert response.status_code == 400
    assert response.json()["code"] == code


# --- a server that gives only the decoded path (granian) answers the same (point 6) ----------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"/01/{GTIN}/21/123/10/MHD-2602-01", 400),  # wrong order: not one serial "123/10/MHD-2602-01"
        (f"/01/{GTIN}/10/A/10/B", 400),  # a repeated AI: not one lot "A/10/B"
        (f"/01/{GTIN}/10/L%2F01", 307),  # the '/' inside the lot, decoded by the server
        (f"/01/{GTIN}/10/L%2F01/21/S1", 307),
        (f"/01/{GTIN}/10/L%2F01/21/S9", 404),
    ],
)
def test_decoded_and_raw_paths_get_the_same_answer(client, lot, path, status):
    assert raw(client, path).status_code == status  # a server passing RAW_URI (gunicorn)
    assert client.get(path).status_code == status  # PATH_INFO only, decoded (granian)
