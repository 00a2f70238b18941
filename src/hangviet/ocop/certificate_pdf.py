"""The OCOP certificate as a PDF file (reportlab): one A4 landscape page.

Layout of a Vietnamese administrative paper: the issuing body top left, the national heading top right,
then the title, the stars (drawn as vector shapes), the product, the producer and its address, the score,
the recognition decision, the certificate number and its validity, and a QR code (vector path) that opens
the public check page `/ocop/certificates/<number>/`. A revoked certificate carries a large "ĐÃ THU HỒI"
mark, an expired one "HẾT HIỆU LỰC": the file always shows the certificate's status on the day it is built.
"""

import datetime
import io
import math
from decimal import Decimal

import segno
from django.conf import settings
from django.urls import reverse
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from hangviet.core.pdf import draw_qr, register_fonts
from hangviet.ocop.models import Certificate

NATIONAL_HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
TITLE = "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP"
VOID_MARKS = {"revoked": "ĐÃ THU HỒI", "expired": "HẾT HIỆU LỰC"}
# The Ministry of Agriculture and Rural Development became the Ministry of Agriculture and Environment
# on 01/03/2025 (Nghị định 35/2025/NĐ-CP); 5★ products are recognised by the ministry.
MINISTRY_RENAMED_ON = datetime.date(2025, 3, 1)

RED = Color(0.55, 0, 0)
GOLD = Color(0.83, 0.63, 0.09)
GREY = Color(0.55, 0.55, 0.55)
VOID_RED = Color(0.7, 0, 0.13, alpha=0.35)


def check_url(certificate: Certificate) -> str:
    """The absolute address of the certificate's public check page (what the QR code holds)."""
    return settings.HANGVIET_BASE_URL + reverse("ocop:certificate", args=[certificate.number])


def issuer_lines(certificate: Certificate) -> tuple[str, str]:
    """The issuing body, in two lines: the People's Committee of the round's province (else the
    producer's); for 5★, the ministry that recognises national OCOP products."""
    if certificate.stars >= 5:
        if certificate.issued_on >= MINISTRY_RENAMED_ON:
            return "BỘ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG"
        return "BỘ NÔNG NGHIỆP", "VÀ PHÁT TRIỂN NÔNG THÔN"
    dossier = certificate.dossier
    province = dossier.round.province if dossier is not None else certificate.product.seller.province
    name = province.name  # "Tỉnh Vĩnh Long" in the official list; a bare name gets its kind in front
    if province.kind and not name.lower().startswith(province.kind.lower()):
        name = f"{province.kind} {name}"
    return "ỦY BAN NHÂN DÂN", name.upper()


def format_score(score: Decimal) -> str:
    return f"{Decimal(score):.2f}".replace(".", ",")


def format_date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _star(canvas: Canvas, cx: float, cy: float, outer: float, *, filled: bool) -> None:
    """A five-pointed star centred on (cx, cy), point up."""
    inner = outer * 0.382
    path = canvas.beginPath()
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi / 2 + i * math.pi / 5
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        if i == 0:
            path.moveTo(x, y)
        else:
            path.lineTo(x, y)
    path.close()
    canvas.setStrokeColor(GOLD)
    canvas.setFillColor(GOLD)
    canvas.setLineWidth(1.2)
    canvas.drawPath(path, stroke=1, fill=1 if filled else 0)


def _centred(canvas: Canvas, text: str, font: str, size: float, x: float, y: float, width: float) -> float:
    """Draw `text` centred on x, wrapped to `width`; returns the baseline below the last line."""
    for line in simpleSplit(text, font, size, width) or [""]:
        canvas.setFont(font, size)
        canvas.drawCentredString(x, y, line)
        y -= size * 1.25
    return y


def _fit_size(text: str, font: str, largest: float, smallest: float, width: float, lines: int) -> float:
    size = largest
    while size > smallest and len(simpleSplit(text, font, size, width)) > lines:
        size -= 0.5
    return size


def certificate_pdf(certificate: Certificate, today: datetime.date) -> bytes:
    regular, bold = register_fonts()
    state = certificate.status_on(today)
    product = certificate.product
    seller = product.seller
    url = check_url(certificate)
    page_w, page_h = landscape(A4)
    centre = page_w / 2

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(page_w, page_h), pageCompression=1, lang="vi", initialFontName=regular)
    canvas.setTitle(f"Giấy chứng nhận sản phẩm OCOP số {certificate.number}")
    canvas.setAuthor(" ".join(issuer_lines(certificate)))
    canvas.setSubject(f"{product.name} – {url}")
    canvas.setCreator("HàngViệt – OCOP")

    # Frame: a thick gold line and a thin one inside it.
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(4)
    canvas.rect(10 * mm, 10 * mm, page_w - 20 * mm, page_h - 20 * mm)
    canvas.setLineWidth(1)
    canvas.rect(13 * mm, 13 * mm, page_w - 26 * mm, page_h - 26 * mm)

    # Heading: the issuing body (left) and the national heading (right), each with a short rule below.
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.6)
    left_x, right_x, top = 65 * mm, page_w - 85 * mm, page_h - 26 * mm
    first, second = issuer_lines(certificate)
    canvas.setFont(regular, 12)
    canvas.drawCentredString(left_x, top, first)
    canvas.setFont(bold, 12)
    canvas.drawCentredString(left_x, top - 15, second)
    canvas.line(left_x - 15 * mm, top - 21, left_x + 15 * mm, top - 21)
    canvas.setFont(bold, 12)
    canvas.drawCentredString(right_x, top, NATIONAL_HEADING)
    canvas.setFont(bold, 12.5)
    canvas.drawCentredString(right_x, top - 15, NATIONAL_MOTTO)
    motto_w = pdfmetrics.stringWidth(NATIONAL_MOTTO, bold, 12.5)
    canvas.line(right_x - motto_w / 2, top - 19, right_x + motto_w / 2, top - 19)

    # Title and stars.
    canvas.setFillColor(RED)
    canvas.setFont(bold, 26)
    canvas.drawCentredString(centre, page_h - 58 * mm, TITLE)
    star_r, gap = 7.5 * mm, 19 * mm
    star_y = page_h - 73 * mm
    for i in range(5):
        _star(canvas, centre + (i - 2) * gap, star_y, star_r, filled=i < certificate.stars)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(regular, 12)
    canvas.drawCentredString(centre, star_y - star_r - 14, f"Hạng {certificate.stars} sao")

    # The product, the producer and its address.
    text_w = page_w - 110 * mm
    name_size = _fit_size(product.name, bold, 22, 12, text_w, 2)
    canvas.setFillColor(RED)
    y = _centred(canvas, product.name, bold, name_size, centre, page_h - 100 * mm, text_w) - 4
    canvas.setFillColorRGB(0, 0, 0)
    y = _centred(canvas, f"Chủ thể: {seller.legal_name}", bold, 13, centre, y, text_w)
    y = _centred(canvas, f"Địa chỉ: {seller.address}", regular, 11.5, centre, y, text_w) - 4
    decision = certificate.decision_number or "—"
    if certificate.decision_date:
        decision += f" ngày {format_date(certificate.decision_date)}"
    y = _centred(
        canvas,
        f"Điểm đánh giá: {format_score(certificate.score)}/100 · Quyết định công nhận: {decision}",
        regular,
        11.5,
        centre,
        y,
        text_w,
    )

    # Number and validity, lower left; the QR code, lower right.
    canvas.setFont(regular, 12)
    canvas.drawString(30 * mm, 42 * mm, "Số giấy chứng nhận:")
    canvas.setFont(bold, 16)
    canvas.setFillColor(RED)
    canvas.drawString(30 * mm, 42 * mm - 19, certificate.number)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(regular, 12)
    canvas.drawString(30 * mm, 26 * mm, f"Ngày cấp: {format_date(certificate.issued_on)}")
    canvas.drawString(30 * mm, 26 * mm - 15, f"Có giá trị đến: {format_date(certificate.expires_on)}")

    qr_side = 34 * mm
    qr_x, qr_y = page_w - 20 * mm - qr_side, 22 * mm
    draw_qr(canvas, segno.make(url, error="q", micro=False, boost_error=False), qr_x, qr_y, qr_side)
    canvas.setFont(regular, 7.5)
    canvas.setFillColor(GREY)
    canvas.drawRightString(page_w - 22 * mm, qr_y - 8, url)
    canvas.drawRightString(page_w - 22 * mm, qr_y + qr_side + 3, "Quét mã để kiểm tra hiệu lực")

    mark = VOID_MARKS.get(state)
    if mark:  # across the middle, clear of the QR code so that the check page can still be reached
        canvas.saveState()
        canvas.translate(centre, page_h / 2 + 5 * mm)
        canvas.rotate(18)
        canvas.setFont(bold, 64)
        canvas.setFillColor(VOID_RED)
        canvas.setStrokeColor(VOID_RED)
        canvas.drawCentredString(0, -22, mark)
        width = pdfmetrics.stringWidth(mark, bold, 64) + 16 * mm
        canvas.setLineWidth(4)
        canvas.rect(-width / 2, -40, width, 80)
        canvas.restoreState()

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
