"""Issue 5, "Done when", end to end through HTTP:

1. scanning a printed QR label (the PDF a producer prints from the lot page, rendered at printer
   resolution and decoded) lands on the scan page with the lot's journey;
2. the linkset and each link type of that scanned URI answer as the GS1 resolver standard says;
3. a GS1 EPCIS example document posted to capture comes back from the query.
"""

import datetime
import json
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from hangviet.ocop.models import Certificate
from hangviet.trace import services
from hangviet.trace.identifiers import lot_uri
from hangviet.trace.models import EpcisEvent
from tests.trace.epcis_examples import load_example
from tests.trace.helpers import GTIN, gtin_lot
from tests.trace.test_labels import decode_page, page_text

pytestmark = pytest.mark.django_db

BASE = "https://truyxuat.hangviet.example"
VOC = "https://gs1.org/voc/"
JOURNEY = (  # (step, hours ago, note): recorded by the producer through the service, oldest first
    ("harvested", 72, "Thu nhựa hoa dừa ở vườn Cầu Kè"),
    ("processed", 48, "Cô đặc ở 80 °C"),
    ("packed", 24, "Đóng chai thuỷ tinh 250 ml"),
    ("shipped", 2, "Xuất hàng đi Đà Lạt"),
)


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.HANGVIET_BASE_URL = BASE


def record_journey(owner, lot) -> None:
    now = timezone.now()
    for step, hours, note in JOURNEY:
        services.record_step(
            actor=owner, lot=lot, step=step, occurred_at=now - datetime.timedelta(hours=hours), note=note
        )


def print_labels_from_lot_page(client, owner, lot) -> bytes:
    """The producer opens the lot page and submits its "print QR labels" form with its defaults."""
    client.force_login(owner)
    page = client.get(f"/lots/{lot.product.seller.slug}/{lot.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    form = re.search(r'<form method="get" action="([^"]+/labels/)">(.*?)</form>', html, re.S)
    assert form, "the lot page has no label form"
    action, body = form.groups()
    paper = re.search(r'<option value="([^"]+)"[^>]*selected', body).group(1)
    count = re.search(r'name="count" value="(\d+)"', body).group(1)
    assert 'name="format" value="pdf"' in body
    response = client.get(action, {"paper": paper, "count": count, "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="tem-qr-')
    client.logout()  # from here on: a tourist with a phone
    return response.content


def scanned_uri(pdf: bytes) -> str:
    """Every code on the first printed page, decoded at 200 dpi: all the same URI, which is returned."""
    codes = decode_page(pdf, 0, dpi=200)
    assert len(codes) == 24, codes  # the default paper: A4, 24 labels of 70×37 mm
    assert len(set(codes)) == 1
    return codes[0]


def path_of(uri: str) -> str:
    parts = urlsplit(uri)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def assert_journey_shown(html: str) -> None:
    positions = [html.find(note) for _step, _hours, note in JOURNEY]
    assert -1 not in positions, positions
    assert positions == sorted(positions)  # the timeline runs in the order things happened


def test_scanning_a_printed_gs1_label_lands_on_the_scan_page_with_the_journey(client, f):
    owner, product, lot = gtin_lot(f, code="L/01")  # a "/" that the QR must carry percent-encoded
    record_journey(owner, lot)
    pdf = print_labels_from_lot_page(client, owner, lot)
    assert "Mật hoa dừa nguyên chất" in page_text(pdf).replace("\r\n", " ")

    uri = scanned_uri(pdf)
    assert uri == lot_uri(lot, with_dates=True)
    assert uri == f"{BASE}/01/{GTIN}/10/L%2F01?17={lot.expires_on:%y%m%d}"

    # The phone opens the URI: the server (gunicorn/ASGI) hands Django the still-encoded path.
    path = urlsplit(uri).path
    resolved = client.get(path_of(uri), RAW_URI=path_of(uri))
    assert resolved.status_code == 307
    assert resolved["Access-Control-Allow-Origin"] == "*"
    assert f'<{BASE}{path}?linkType=linkset>; rel="linkset"' in resolved["Link"]
    location = urlsplit(resolved["Location"])
    assert f"{location.scheme}://{location.netloc}" == BASE
    assert location.path == f"/scan/p/{product.slug}/L%2F01" and location.query == urlsplit(uri).query

    scan = client.get(location.path, dict([location.query.split("=")]))
    assert scan.status_code == 200 and len(scan.content) <= 40_000
    html = scan.content.decode()
    assert product.name in html and "L/01" in html and product.seller.trading_name in html
    assert_journey_shown(html)


def test_scanning_a_printed_label_of_a_product_without_gtin_uses_the_platform_path(client, f):
    owner = f.user()
    product = f.product(f.seller(owner=owner), name="Bánh tét lá cẩm", gtin="")
    lot = services.create_lot(
        actor=owner,
        product=product,
        code="BT-0726",
        produced_on=timezone.localdate() - datetime.timedelta(days=3),
        expires_on=timezone.localdate() + datetime.timedelta(days=7),
        quantity=40,
    )
    record_journey(owner, lot)
    uri = scanned_uri(print_labels_from_lot_page(client, owner, lot))
    assert uri == f"{BASE}/scan/p/{product.slug}/BT-0726"  # not claimed to be GS1: no /01/, no AI dates
    assert "/01/" not in uri and "?" not in uri
    scan = client.get(path_of(uri))
    assert scan.status_code == 200
    assert_journey_shown(scan.content.decode())


def test_the_scanned_uri_answers_linkset_and_each_link_type_as_the_standard_says(client, f):
    owner, product, lot = gtin_lot(f, code="TV2026")
    certificate = Certificate.objects.create(
        number="OCOP-TV-0042",
        product=product,
        stars=4,
        score=78,
        issued_on=timezone.localdate() - datetime.timedelta(days=30),
        expires_on=timezone.localdate() + datetime.timedelta(days=1000),
    )
    record_journey(owner, lot)
    uri = scanned_uri(print_labels_from_lot_page(client, owner, lot))
    path = urlsplit(uri).path

    # the linkset (RFC 9264): by ?linkType=linkset and by content negotiation, no redirect
    by_query = client.get(path, {"linkType": "linkset"})
    by_accept = client.get(path, HTTP_ACCEPT="application/linkset+json")
    for response in (by_query, by_accept):
        assert response.status_code == 200 and response["Content-Type"] == "application/linkset+json"
        assert response["Access-Control-Allow-Origin"] == "*"
    assert by_query.json() == by_accept.json()
    [entry] = by_query.json()["linkset"]
    assert entry["anchor"] == BASE + path
    offered = {key.removeprefix(VOC) for key in entry if key != "anchor"}
    assert offered == {"defaultLink", "pip", "certificationInfo", "traceability"}

    # each link type: 307 to the linkset's href, which answers with what it says it is
    for name in sorted(offered):
        [link] = entry[VOC + name]
        response = client.get(path, {"linkType": f"gs1:{name}"})
        assert response.status_code == 307, name
        assert response["Location"].split("?")[0] == link["href"], name
        target = client.get(urlsplit(link["href"]).path)
        assert target.status_code == 200, name
        assert target["Content-Type"].split(";")[0] in (link["type"], "application/json"), name
        if name == "defaultLink":
            assert_journey_shown(target.content.decode())
        elif name == "pip":
            assert product.name in target.content.decode()
        elif name == "certificationInfo":
            assert certificate.number in target.content.decode()
        else:  # traceability: the lot's events as one EPCIS document, with the scanned URI as identifier
            document = json.loads(target.content)
            assert document["type"] == "EPCISDocument"
            notes = [event.get("hv:note") for event in document["epcisBody"]["eventList"]]
            assert notes == [note for _step, _hours, note in JOURNEY]
            assert urlsplit(uri)._replace(query="").geturl() in target.content.decode()

    # a link type the product does not offer, and one that does not exist: 404, never a 200 page
    assert client.get(path, {"linkType": "gs1:recipeInfo"}).status_code == 404
    assert client.get(path, {"linkType": "gs1:noSuchThing"}).status_code == 404
    # the same events are found by the standard query on the scanned identifier
    query = client.get("/api/v1/epcis/events", {"MATCH_anyEPCClass": BASE + path})
    assert query.status_code == 200 and query["GS1-EPCIS-Version"] == "2.0.0"
    assert len(query.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]) == len(JOURNEY)


def test_a_gs1_example_document_posted_to_capture_comes_back_from_the_query(client, member):
    _user, _seller, auth = member
    document = load_example("Example_9.6.4-TransformationEvent.jsonld")
    [event] = document["epcisBody"]["eventList"]
    response = client.post(
        "/api/v1/epcis/capture", json.dumps(document), content_type="application/json", **auth
    )
    assert response.status_code == 202
    job = client.get(response["Location"], **auth)
    assert job.status_code == 200 and job.json()["success"] is True
    assert EpcisEvent.objects.count() == 1

    found = client.get(
        "/api/v1/epcis/events",
        {
            "eventType": "TransformationEvent",
            "MATCH_outputEPC": "urn:epc:id:sgtin:4012345.077889.26",
            "MATCH_inputEPCClass": "urn:epc:class:lgtin:4012345.011111.4444|urn:epc:class:lgtin:0.0.0",
            "GE_eventTime": "2013-10-31T00:00:00Z",
        },
    )
    assert found.status_code == 200 and found["GS1-EPCIS-Version"] == "2.0.0"
    body = found.json()
    assert body["type"] == "EPCISQueryDocument"
    [back] = body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert {key: back[key] for key in event} == event
    none = client.get(
        "/api/v1/epcis/events", {"eventType": "TransformationEvent", "LT_eventTime": "2013-01-01T00:00:00Z"}
    )
    assert none.status_code == 200
    assert none.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"] == []
