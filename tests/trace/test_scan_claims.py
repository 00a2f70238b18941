"""Issue 10, bug 9: the seller's own claims on a scan page are marked as theirs, apart from the verified
OCOP status; a code the platform does not know gets a scan page of its own (404) warning of counterfeits."""

import datetime
import re

import pytest
from django.utils import timezone

from hangviet.ocop.models import Certificate
from hangviet.trace.identifiers import scan_path
from tests.trace.helpers import GTIN, gtin_lot

pytestmark = pytest.mark.django_db


def section(html: str, heading_id: str) -> str:
    """The text of the <section> labelled by `heading_id`."""
    match = re.search(rf'<section aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', html, re.S)
    assert match, heading_id
    return match.group(1)


def test_a_sellers_ocop_claim_is_their_own_words_apart_from_the_verified_status(client, f):
    _o, _p, lot = gtin_lot(f, certifications=["Chứng nhận: OCOP 4 sao"])
    html = client.get(scan_path(lot)).content.decode()
    ocop = section(html, "h-ocop")
    assert "Sản phẩm chưa có chứng nhận OCOP." in ocop and "OCOP 4 sao" not in ocop
    claims = section(html, "h-claims")
    assert "Người bán tự ghi" in claims and "chưa được sàn hay Sở Công Thương xác minh" in claims
    assert "“Chứng nhận: OCOP 4 sao”" in claims
    assert "không có giấy chứng nhận OCOP còn hiệu lực" in claims
    facts = html.split('<dl class="facts">')[1].split("</dl>")[0]
    assert "OCOP 4 sao" not in facts


def test_a_claim_beside_a_certificate_in_force_is_not_flagged(client, f):
    _o, product, lot = gtin_lot(f, certifications=["OCOP 4 sao", "VietGAP"])
    Certificate.objects.create(
        number="OCOP-V-2",
        product=product,
        stars=4,
        score=80,
        issued_on=timezone.localdate() - datetime.timedelta(days=10),
        expires_on=timezone.localdate() + datetime.timedelta(days=700),
    )
    html = client.get(scan_path(lot), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    claims = section(html, "h-claims")
    assert "The seller’s own words" in claims and "“VietGAP”" in claims
    assert "no OCOP certificate in force" not in claims


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_unknown_lot_gets_a_counterfeit_warning_page(client, f, settings, lang):
    settings.TRACE_REPORT_EMAIL = "qltt@sct.example.vn"
    _o, product, lot = gtin_lot(f)
    for url in (f"/scan/p/{product.slug}/NOPE", scan_path(lot) + "?serial=S9"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
        html = response.content.decode()
        assert response.status_code == 404
        warning = {"vi": "Bao bì có thể là hàng giả", "en": "The pack may be a counterfeit"}[lang]
        assert warning in html
        assert 'href="mailto:qltt@sct.example.vn?subject=' in html
        assert f'href="mailto:{product.seller.email}?subject=' in html  # the producer, whose product it names
        assert f'href="/p/{product.slug}/"' in html


def test_an_unknown_gtin_or_lot_scanned_by_a_phone_gets_the_page_and_an_app_the_problem(client, f):
    _o, product, _lot = gtin_lot(f)
    html_accept = "text/html,application/xhtml+xml,*/*;q=0.8"
    for path in ("/01/09506000134369", f"/01/{GTIN}/10/NOPE"):
        page = client.get(path, HTTP_ACCEPT=html_accept)
        assert page.status_code == 404 and "Bao bì có thể là hàng giả" in page.content.decode(), path
        assert page["Access-Control-Allow-Origin"] == "*"
        api = client.get(path, HTTP_ACCEPT="application/json")
        assert api.status_code == 404 and api["Content-Type"].startswith("application/problem+json"), path
    assert product.name in client.get(f"/01/{GTIN}/10/NOPE", HTTP_ACCEPT=html_accept).content.decode()
