"""The OCOP certificate PDF: a real A4 landscape PDF whose text and QR code read back, marked when void."""

import datetime
import unicodedata

import pypdfium2 as pdfium
import pytest
import zxingcpp
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from hangviet.core import pdf
from hangviet.ocop import certificate_pdf, services
from hangviet.ocop.models import Certificate

from .helpers import TODAY, food_product, make_round

pytestmark = pytest.mark.django_db

BASE = "https://ocop.vinhlong.example.vn"
NAME = "Mật hoa dừa Ấp Mỹ Hòa – loại đặc biệt"  # ậ, ừ, Ấ, ỹ, ò, ặ, ệ: outside Latin-1
NUMBER = "OCOP-86-2025-0042"


def issue(f, *, number=NUMBER, stars=4, score="78.50", issued_on=None, name=NAME, product=None):
    product = product or f.product(name=name)
    return services.issue_certificate(
        actor=f.officer(),
        product=product,
        number=number,
        stars=stars,
        score=score,
        issued_on=issued_on or TODAY - datetime.timedelta(days=10),
        decision_number="QĐ số 1234/QĐ-UBND",
        decision_date=TODAY - datetime.timedelta(days=12),
    )


def fetch(client, number: str = NUMBER):
    return client.get(reverse("ocop:certificate_pdf", args=[number]))


def document(content: bytes) -> pdfium.PdfDocument:
    assert content.startswith(b"%PDF-"), content[:40]
    return pdfium.PdfDocument(content)


def text_of(content: bytes) -> str:
    doc = document(content)
    assert len(doc) == 1
    return unicodedata.normalize("NFC", doc[0].get_textpage().get_text_range())


def qr_codes(content: bytes, dpi: int = 150) -> list[str]:
    image = document(content)[0].render(scale=dpi / 72).to_pil()
    return [c.text for c in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


@override_settings(HANGVIET_BASE_URL=BASE)
def test_pdf_is_a4_landscape_with_vietnamese_text_and_a_qr_code_to_the_check_page(client, f):
    cert = issue(f)
    response = fetch(client)  # anonymous: the file is as public as the check page
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="giay-chung-nhan-ocop-ocop-86-2025-0042.pdf"'
    assert response["Cache-Control"] == "no-cache"

    doc = document(response.content)
    width, height = doc[0].get_size()
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points

    text = text_of(response.content)
    assert NAME in text  # exactly, diacritics and all: the fonts map back to Unicode
    assert NUMBER in text
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "TỈNH VĨNH LONG",
        "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP",
        "Hạng 4 sao",
        "78,50/100",
        "QĐ số 1234/QĐ-UBND ngày " + cert.decision_date.strftime("%d/%m/%Y"),
        cert.product.seller.legal_name,
        cert.product.seller.address,
        "Ngày cấp: " + cert.issued_on.strftime("%d/%m/%Y"),
        "Có giá trị đến: " + cert.expires_on.strftime("%d/%m/%Y"),
    ):
        assert expected in text, expected
    assert "ĐÃ THU HỒI" not in text
    assert "HẾT HIỆU LỰC" not in text

    assert qr_codes(response.content) == [f"{BASE}/ocop/certificates/{NUMBER}/"]
    # The check page the code opens is the real one.
    assert client.get(f"/ocop/certificates/{NUMBER}/").status_code == 200


def test_stars_are_drawn_as_shapes_and_the_qr_code_is_vector(client, f):
    issue(f, stars=3, score="55")
    content = fetch(client).content
    page = document(content)[0]
    kinds = [obj.type for obj in page.get_objects(max_depth=3)]
    assert pdfium.raw.FPDF_PAGEOBJ_IMAGE not in kinds  # no bitmap anywhere
    assert kinds.count(pdfium.raw.FPDF_PAGEOBJ_PATH) >= 2 + 5 + 1  # frame, 5 stars, QR
    assert "★" not in text_of(content)  # stars are shapes, not glyphs
    assert "Hạng 3 sao" in text_of(content)


def test_revoked_certificate_carries_the_mark_and_still_points_to_the_check_page(client, f):
    cert = issue(f)
    services.revoke_certificate(actor=f.officer(), certificate=cert, reason="Vi phạm an toàn thực phẩm.")
    response = fetch(client)
    assert response.status_code == 200
    text = text_of(response.content)
    assert "ĐÃ THU HỒI" in text
    assert "HẾT HIỆU LỰC" not in text
    assert NUMBER in text
    codes = qr_codes(response.content)
    assert len(codes) == 1
    assert codes[0].endswith(f"/ocop/certificates/{NUMBER}/")


def test_expired_certificate_carries_the_mark(client, f):
    issue(f, issued_on=TODAY - datetime.timedelta(days=365 * 3 + 10))
    cert = Certificate.objects.get(number=NUMBER)
    assert cert.status_on(timezone.localdate()) == "expired"
    text = text_of(fetch(client).content)
    assert "HẾT HIỆU LỰC" in text
    assert "ĐÃ THU HỒI" not in text


def test_expiring_certificate_is_not_marked_void(client, f):
    issue(f, issued_on=TODAY - datetime.timedelta(days=365 * 3 - 20))
    assert Certificate.objects.get(number=NUMBER).status_on(timezone.localdate()) == "expiring"
    text = text_of(fetch(client).content)
    assert "HẾT HIỆU LỰC" not in text and "ĐÃ THU HỒI" not in text


@pytest.mark.parametrize("number", ["OCOP-86-2025-9999", "ocop-86-2025-0042", "%20", "x" * 300])
def test_unknown_number_is_404(client, f, number):
    issue(f)
    response = client.get(f"/ocop/certificates/{number}/certificate.pdf")
    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF")


def test_only_get_and_head(client, f):
    issue(f)
    assert client.post(reverse("ocop:certificate_pdf", args=[NUMBER])).status_code == 405
    assert client.head(reverse("ocop:certificate_pdf", args=[NUMBER])).status_code == 200


def test_issuer_is_the_rounds_province_and_the_ministry_for_five_stars(f):
    round_ = make_round(province=f.province("80", "Tây Ninh"))
    round_.province.name, round_.province.kind = "Tây Ninh", "tỉnh"  # a bare name gets its kind
    cert = issue(f, product=food_product())
    assert certificate_pdf.issuer_lines(cert) == ("ỦY BAN NHÂN DÂN", "TỈNH VĨNH LONG")  # no dossier: seller's
    cert.dossier = round_.dossiers.model(round=round_)  # unsaved: only its round is read
    assert certificate_pdf.issuer_lines(cert) == ("ỦY BAN NHÂN DÂN", "TỈNH TÂY NINH")
    round_.province.name, round_.province.kind = "Thành phố Cần Thơ", "thành phố"  # the official form
    assert certificate_pdf.issuer_lines(cert) == ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ")
    five = issue(f, number="OCOP-86-2025-0050", stars=5, score="91", issued_on=datetime.date(2025, 6, 1))
    assert certificate_pdf.issuer_lines(five) == ("BỘ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG")
    five.issued_on = datetime.date(2024, 6, 1)
    assert certificate_pdf.issuer_lines(five) == ("BỘ NÔNG NGHIỆP", "VÀ PHÁT TRIỂN NÔNG THÔN")


def test_long_product_name_is_kept_whole(client, f):
    long_name = "Bánh tét lá cẩm nhân đậu xanh thịt mỡ trứng muối truyền thống làng nghề Trà Cuôn " * 2
    issue(f, name=long_name.strip())
    text = " ".join(text_of(fetch(client).content).split())
    assert " ".join(long_name.split()) in text


def test_check_page_and_print_page_link_the_pdf(client, f):
    issue(f)
    href = f'href="/ocop/certificates/{NUMBER}/certificate.pdf"'
    assert href in client.get(f"/ocop/certificates/{NUMBER}/").content.decode()
    assert href in client.get(f"/ocop/certificates/{NUMBER}/print/").content.decode()


def test_register_fonts_is_idempotent_and_shared():
    assert pdf.register_fonts() == ("HVSans", "HVSans-Bold")
    assert pdf.register_fonts() == ("HVSans", "HVSans-Bold")
    assert (pdf.FONT_DIR / "LICENSE").is_file()
    from hangviet.trace import labels

    assert labels.FONT == pdf.FONT and labels.FONT_BOLD == pdf.FONT_BOLD


def test_certificate_page_says_the_stars_once(client, f):
    issue(f, stars=3, score="55")
    html = client.get(f"/ocop/certificates/{NUMBER}/").content.decode()
    assert "3 sao" in html and "(3 sao)" not in html and "OCOP 3 sao (3 sao)" not in html
