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
