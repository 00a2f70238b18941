import datetime
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import segno
import zxingcpp
from django.utils import timezone

from hangviet.ocop.models import Certificate
from hangviet.trace import labels, services
from hangviet.trace.identifiers import lot_uri
from hangviet.trace.labels import QUIET_ZONE
from tests.trace.helpers import gtin_lot

pytestmark = pytest.mark.django_db

DPI = 200
VIETNAMESE = "Mật hoa dừa nguyên chất"


# --- reading the printed sheet back (shared with test_done_when.py) ---------------------------------


def pdf_document(content: bytes) -> pdfium.PdfDocument:
    assert content.startswith(b"%PDF-"), content[:40]
    return pdfium.PdfDocument(content)


def decode_page(content: bytes, index: int = 0, dpi: int = DPI) -> list[str]:
    """Render one page as a printer would (here: `dpi`) and decode every QR code on it."""
    page = pdf_document(content)[index]
    image = page.render(scale=dpi / 72).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def page_text(content: bytes, index: int = 0) -> str:
    return pdf_document(content)[index].get_textpage().get_text_range()


def page_object_types(content: bytes, index: int = 0) -> set[int]:
    return {obj.type for obj in pdf_document(content)[index].get_objects(max_depth=3)}


def labels_url(product, lot) -> str:
    return f"/lots/{product.seller.slug}/{lot.pk}/labels/"


def certify(product, **kw) -> Certificate:
    today = timezone.localdate()
    data = {
        "number": "OCOP-TV-0042",
        "stars": 4,
        "score": 78,
        "issued_on": today - datetime.timedelta(days=100),
        "expires_on": today + datetime.timedelta(days=900),
    }
    return Certificate.objects.create(product=product, **(data | kw))


# --- the PDF sheet -------------------------------------------------------------------------------------


def test_default_print_link_gives_an_inline_pdf_whose_codes_all_carry_the_lot_uri(client, f):
    owner, product, lot = gtin_lot(f)
    certify(product)
    client.force_login(owner)
    response = client.get(labels_url(product, lot))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="tem-qr-{product.slug}-lo-l01-a4-24.pdf"'
    assert len(pdf_document(response.content)) == 1
    codes = decode_page(response.content)
    assert codes == [lot_uri(lot, with_dates=True)] * 24  # a full A4 sheet of 24 labels, all readable
    text = page_text(response.content)
    # Vietnamese letters come back from the PDF as written: the embedded font has them
    assert "Mật hoa dừa" in text and "nguyên chất" in text
    assert "Lô: L/01" in text
    assert f"NSX: {lot.produced_on:%d/%m/%Y}" in text and f"HSD: {lot.expires_on:%d/%m/%Y}" in text
    assert "OCOP ★★★★" in text and "OCOP-TV-0042" in text
    assert text.count("Lô: L/01") == 24
    assert b"DejaVuSansCondensed" in response.content and b"Helvetica" not in response.content


def test_the_codes_are_vector_paths_not_bitmaps(client, f):
    owner, product, lot = gtin_lot(f)
    client.force_login(owner)
    content = client.get(labels_url(product, lot), {"count": 1}).content
    kinds = page_object_types(content)
    assert pdfium_c.FPDF_PAGEOBJ_PATH in kinds and pdfium_c.FPDF_PAGEOBJ_TEXT in kinds
    assert pdfium_c.FPDF_PAGEOBJ_IMAGE not in kinds
    # error correction Q: the printed code is exactly segno's Q code of the URI (reading it back tells Q)
    result = zxingcpp.read_barcodes(
        pdf_document(content)[0].render(scale=DPI / 72).to_pil(), formats=zxingcpp.BarcodeFormat.QRCode
    )
    assert [code.ec_level for code in result] == ["Q"]


@pytest.mark.parametrize("paper", sorted(labels.PAPERS))
def test_every_paper_preset_fills_its_grid_and_stays_readable(client, f, paper):
    owner, product, lot = gtin_lot(f)
    certify(product)
    client.force_login(owner)
    preset = labels.PAPERS[paper]
    response = client.get(labels_url(product, lot), {"paper": paper, "count": preset.per_page + 3})
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'-{paper}.pdf"')
    document = pdf_document(response.content)
    assert len(document) == 2
    width, height = document[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4 at true size
    uri = lot_uri(lot, with_dates=True)
    assert decode_page(response.content, 0) == [uri] * preset.per_page
    assert decode_page(response.content, 1) == [uri] * 3
    text = page_text(response.content)
    # the lot and its dates are never cut, even on the smallest labels
    assert text.count("Lô: L/01") == preset.per_page
    assert text.count(f"HSD: {lot.expires_on:%d/%m/%Y}") == preset.per_page
    assert text.count("OCOP ★★★★") == preset.per_page


def test_ocop_mark_only_while_the_certificate_is_in_force(client, f):
    owner, product, lot = gtin_lot(f)
    certify(product, status=Certificate.Status.REVOKED)
    client.force_login(owner)
    text = page_text(client.get(labels_url(product, lot), {"count": 1}).content)
    assert "OCOP" not in text and "Lô: L/01" in text
    Certificate.objects.all().delete()
    certify(product, number="OCOP-OLD", expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert "OCOP" not in page_text(client.get(labels_url(product, lot), {"count": 1}).content)


def test_best_before_is_printed_when_there_is_no_expiry(client, f):
    best_before = timezone.localdate() + datetime.timedelta(days=90)
    owner, product, lot = gtin_lot(f, expires_on=None, best_before_on=best_before)
    client.force_login(owner)
    response = client.get(labels_url(product, lot), {"count": 1})
    assert f"SD tốt nhất trước: {best_before:%d/%m/%Y}" in page_text(response.content)
    assert decode_page(response.content) == [lot_uri(lot, with_dates=True)]
    assert "?15=" in lot_uri(lot, with_dates=True)


def test_long_names_are_cut_not_overflowing_and_the_count_is_capped():
    label = labels.LabelText(
        uri="https://hangviet.example/scan/p/x/A1",
        title="Nước mắm cá cơm Phú Quốc thượng hạng " * 4,
        lines=("Lô: A1", "NSX: 01/01/2026", "HSD: 01/01/2028"),
        mark="OCOP ★★★★★ · số 1234/QĐ-UBND-2026",
        producer="Hợp tác xã sản xuất nước mắm truyền thống " * 3,
    )
    paper = labels.PAPERS["a4-65"]
    width = (paper.label_w - paper.label_h) * labels.mm
    size, rows = labels.fit_text(label, width, (paper.label_h - 2.5) * labels.mm)
    assert labels.MIN_FONT_PT <= size <= labels.MAX_FONT_PT
    texts = [text for text, _font in rows]
    assert texts[0].startswith("Nước mắm") and texts[1].endswith("…") and len(texts) >= 7
    assert {"Lô: A1", "NSX: 01/01/2026", "HSD: 01/01/2028"} <= set(texts)
    assert "OCOP ★★★★★" in texts and "1234/QĐ-UBND-2026" in texts  # the mark wraps but is not cut
    assert texts[-1].startswith("Hợp tác xã") and texts[-1].endswith("…")
    assert all(labels.pdfmetrics.stringWidth(t, font, size) <= width + 0.01 for t, font in rows)
    assert len(rows) * size * labels.LEADING <= (paper.label_h - 2.5) * labels.mm
    content = labels.sheet_pdf(label, 5000, paper)
    assert len(pdf_document(content)) == -(-labels.MAX_LABELS // paper.per_page)  # 1000 labels at most


def test_bad_parameters_show_the_form_with_errors(client, f):
    owner, product, lot = gtin_lot(f)
    client.force_login(owner)
    for params, field in (
        ({"paper": "a3-99"}, "paper"),
        ({"count": "0"}, "count"),
        ({"count": "x"}, "count"),
    ):
        response = client.get(labels_url(product, lot), params)
        assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
        assert f'name="{field}"' in response.content.decode() and 'class="error"' in response.content.decode()
    assert client.get(labels_url(product, lot), {"format": "docx"}).status_code == 404


def test_only_members_of_the_seller_may_print_labels(client, f):
    _owner, product, lot = gtin_lot(f)
    url = labels_url(product, lot)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(f.user())
    assert client.get(url).status_code == 404  # another shop's workspace does not exist for them
    assert client.get(url, {"format": "html"}).status_code == 404
    other_owner = f.user()
    f.seller(owner=other_owner)
    client.force_login(other_owner)
    assert client.get(url).status_code == 404
    # another seller's lot id under one's own shop is not found
    own = f.seller(owner=other_owner, slug="cua-toi")
    assert client.get(f"/lots/{own.slug}/{lot.pk}/labels/").status_code == 404


def test_lot_page_offers_the_pdf_and_the_preview(client, f):
    owner, product, lot = gtin_lot(f)
    client.force_login(owner)
    html = client.get(f"/lots/{product.seller.slug}/{lot.pk}/").content.decode()
    assert f'action="{labels_url(product, lot)}"' in html
    assert 'name="format" value="pdf"' in html and 'name="format" value="html"' in html


# --- the SVG alternative -------------------------------------------------------------------------------


def matrix_from_path(d: str, size: int) -> list[list[int]]:
    """Read the dark modules back from the label's SVG path (M x y h w v1 h-w z per run)."""
    grid = [[0] * size for _ in range(size)]
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", d):
        for i in range(int(w)):
            grid[int(y)][int(x) + i] = 1
    return grid


def test_svg_preview_sheet_carries_the_same_code(client, f):
    owner, product, lot = gtin_lot(f)
    services.record_step(actor=owner, lot=lot, step="harvested", occurred_at=timezone.now(), note="Thu nhựa")
    client.force_login(owner)
    sheet = client.get(labels_url(product, lot), {"paper": "a4-24", "count": 30, "format": "html"})
    assert sheet.status_code == 200
    html = sheet.content.decode()
    assert html.count("<svg") == 2  # 30 labels on 24-per-page paper
    assert product.name in html and "Lô: L/01" in html
    assert "?paper=a4-24&amp;count=30" in html  # the PDF of the same sheet
    d = re.search(r' d="([^"]+)"', html).group(1)
    expected_uri = lot_uri(lot, with_dates=True)
    qr = segno.make(expected_uri, error="q", boost_error=False)
    assert matrix_from_path(d, len(qr.matrix)) == [list(row) for row in qr.matrix]
    assert qr.error == "Q" and QUIET_ZONE == 4
    single = client.get(labels_url(product, lot), {"format": "svg"})
    assert single.status_code == 200 and single["Content-Type"].startswith("image/svg+xml")


def test_single_codes_svg_and_png(client, f):
    owner, product, lot = gtin_lot(f)
    client.force_login(owner)
    svg = client.get(f"/lots/{product.seller.slug}/{lot.pk}/qr.svg")
    assert (
        svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml") and b"<svg" in svg.content
    )
    png = client.get(f"/lots/{product.seller.slug}/{lot.pk}/qr.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert client.get(f"/lots/{product.seller.slug}/{lot.pk}/qr.gif").status_code == 404


def test_labels_for_products_without_gtin_use_the_platform_path(client, f):
    owner = f.user()
    seller = f.seller(owner=owner)
    product = f.product(seller, name=VIETNAMESE)
    lot = services.create_lot(
        actor=owner, product=product, code="A1", produced_on=timezone.localdate(), quantity=1
    )
    uri = lot_uri(lot, with_dates=True)
    assert "/01/" not in uri and uri.endswith(f"/scan/p/{product.slug}/A1")
    client.force_login(owner)
    response = client.get(labels_url(product, lot), {"count": 2})
    assert decode_page(response.content) == [uri, uri]
    text = page_text(response.content)
    assert "HSD" not in text and "Lô: A1" in text  # no expiry recorded: no date is invented
