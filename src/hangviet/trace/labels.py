"""QR codes (segno) for lots: single SVG/PNG codes and printable sheets of labels for common label papers.

The sheet is an A4 PDF (reportlab) with the QR code drawn as vector paths and the text in DejaVu Sans
Condensed (vendored in `core/fonts/`, registered by `hangviet.core.pdf`): reportlab's built-in fonts cannot
draw Vietnamese letters. One label is drawn once as a PDF form XObject and placed on every cell, so a
1000-label sheet stays small. The SVG sheet (one A4 SVG per page) remains as a browser-printable preview.
"""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

import segno
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from hangviet.core.pdf import FONT, FONT_BOLD, QR_QUIET_ZONE, draw_qr, register_fonts

# Q (~25 % recovery) survives scuffs and a small, logo-free print on cheap label stock.
ERROR_LEVEL = "q"
QUIET_ZONE = QR_QUIET_ZONE


@dataclass(frozen=True)
class Paper:
    key: str
    name: str
    columns: int
    rows: int
    label_w: float  # mm
    label_h: float
    margin_top: float
    margin_left: float
    gap_x: float = 0.0
    gap_y: float = 0.0
    page_w: float = 210.0
    page_h: float = 297.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


PAPERS = {
    p.key: p
    for p in (
        Paper("a4-24", "A4 – 24 nhãn 70×37 mm", 3, 8, 70, 37, 0.5, 0),
        Paper("a4-21", "A4 – 21 nhãn 70×42,3 mm", 3, 7, 70, 42.3, 0.35, 0),
        Paper("a4-40", "A4 – 40 nhãn 52,5×29,7 mm", 4, 10, 52.5, 29.7, 0, 0),
        Paper("a4-65", "A4 – 65 nhãn 38,1×21,2 mm", 5, 13, 38.1, 21.2, 10.7, 4.65, 2.5, 0),
    )
}
DEFAULT_PAPER = "a4-24"
MAX_LABELS = 1000
BOLD = ' font-weight="bold"'


def make_qr(data: str) -> segno.QRCode:
    return segno.make(data, error=ERROR_LEVEL, micro=False, boost_error=False)


def qr_svg(data: str, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    make_qr(data).save(buffer, kind="svg", scale=scale, border=QUIET_ZONE, xmldecl=True, title=data)
    return buffer.getvalue()


def qr_png(data: str, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    make_qr(data).save(buffer, kind="png", scale=scale, border=QUIET_ZONE)
    return buffer.getvalue()


def qr_path(data: str) -> tuple[str, int]:
    """The code's dark modules as one SVG path in module units, and its size in modules (no quiet zone)."""
    matrix = make_qr(data).matrix
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h{start - x}z")
            else:
                x += 1
    return "".join(parts), len(matrix)


@dataclass(frozen=True)
class LabelText:
    uri: str
    title: str  # the product name: bold, up to two lines, cut with "…" beyond
    lines: tuple[str, ...]  # lot and dates: never cut (the font shrinks until they fit)
    mark: str = ""  # the OCOP mark ("OCOP ★★★★ · số …"): bold, wraps rather than being cut
    producer: str = ""  # last; cut with "…", and the first to give way on a crowded label

    def rows(self) -> list[tuple[str, bool]]:
        """Every line of text after the title, with whether it is bold."""
        rows = [(line, False) for line in self.lines]
        if self.mark:
            rows.append((self.mark, True))
        if self.producer:
            rows.append((self.producer, False))
        return rows


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sheet_svgs(label: LabelText, count: int, paper: Paper) -> list[str]:
    """`count` copies of one label laid out on pages of `paper`: an SVG document per page (mm units)."""
    count = max(1, min(count, MAX_LABELS))
    path, size = qr_path(label.uri)
    pages = []
    for first in range(0, count, paper.per_page):
        cells = []
        for index in range(min(paper.per_page, count - first)):
            col, row = index % paper.columns, index // paper.columns
            x = paper.margin_left + col * (paper.label_w + paper.gap_x)
            y = paper.margin_top + row * (paper.label_h + paper.gap_y)
            pad = min(2.0, paper.label_h * 0.06)
            qr_mm = paper.label_h - 2 * pad
            module = qr_mm / (size + 2 * QUIET_ZONE)
            text_x = x + pad + qr_mm + 1
            text_w = paper.label_w - qr_mm - 2 * pad - 1
            font = max(1.6, min(3.0, paper.label_h / 10))
            chars = max(8, int(text_w / (font * 0.5)))
            rows = label.rows()
            lines = [_fit(label.title, chars), *(_fit(line, chars) for line, _bold in rows)]
            bold = {0} | {i + 1 for i, (_line, is_bold) in enumerate(rows) if is_bold}
            max_lines = int((paper.label_h - 2 * pad) / (font * 1.25))
            text = "".join(
                f'<text x="{text_x:.2f}" y="{y + pad + font * (1 + i * 1.25):.2f}" font-size="{font:.2f}"'
                f"{BOLD if i in bold else ''}>{escape(line)}</text>"
                for i, line in enumerate(lines[:max_lines])
            )
            qx, qy = x + pad + QUIET_ZONE * module, y + pad + QUIET_ZONE * module
            cells.append(
                f'<g class="label"><path transform="translate({qx:.3f} {qy:.3f}) scale({module:.4f})" '
                f'd="{path}"/>'
                f"{text}</g>"
            )
        pages.append(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{paper.page_w}mm" height="{paper.page_h}mm" '
            f'viewBox="0 0 {paper.page_w} {paper.page_h}" font-family="sans-serif">'
            f"<title>{escape(label.title)} – {escape(label.uri)}</title>"
            f'<rect width="{paper.page_w}" height="{paper.page_h}" fill="#fff"/>{"".join(cells)}</svg>'
        )
    return pages


# --- PDF sheet (reportlab) ---------------------------------------------------------------------------

MAX_FONT_PT = 9.0
MIN_FONT_PT = 4.5
LEADING = 1.18


def _ellipsize(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def fit_text(label: LabelText, width: float, height: float) -> tuple[float, list[tuple[str, str]]]:
    """The largest font size (pt) at which the label's text fits `width`×`height` points, and its lines
    as (text, font). The lot, the dates and the OCOP mark (which may wrap between its stars and its
    number) must fit whole; the title (two lines at most) and the producer are cut with "…". At the
    smallest size whatever still does not fit is cut, and the last lines (the producer first) are left
    out rather than overflowing the label."""
    register_fonts()
    size = MAX_FONT_PT
    while True:
        last_try = size <= MIN_FONT_PT
        title = simpleSplit(label.title, FONT_BOLD, size, width) or [""]
        if len(title) > 2:
            title = [title[0], " ".join(title[1:])]
        rows = [(_ellipsize(line, FONT_BOLD, size, width), FONT_BOLD) for line in title]  # long words too
        whole = True
        for line in label.lines:
            whole = whole and pdfmetrics.stringWidth(line, FONT, size) <= width
            rows.append((_ellipsize(line, FONT, size, width), FONT))
        if label.mark:
            parts = [label.mark]
            if pdfmetrics.stringWidth(label.mark, FONT_BOLD, size) > width:  # stars / number
                parts = [
                    part
                    for piece in label.mark.split(" · ")
                    for part in simpleSplit(piece, FONT_BOLD, size, width)
                ]
            for part in parts:  # a certificate number has no spaces to wrap at: it must fit whole too
                whole = whole and pdfmetrics.stringWidth(part, FONT_BOLD, size) <= width
                rows.append((_ellipsize(part, FONT_BOLD, size, width), FONT_BOLD))
        if label.producer:
            rows.append((_ellipsize(label.producer, FONT, size, width), FONT))
        if whole and len(rows) * size * LEADING <= height:
            return size, rows
        if last_try:
            return size, rows[: max(1, int(height // (size * LEADING)))]
        size = max(MIN_FONT_PT, size - 0.25)


def sheet_pdf(label: LabelText, count: int, paper: Paper, *, title: str = "") -> bytes:
    """`count` copies of one label on A4 pages of `paper` (true size: print at 100 %, no scaling)."""
    register_fonts()
    count = max(1, min(count, MAX_LABELS))
    page_w, page_h = paper.page_w * mm, paper.page_h * mm
    label_w, label_h = paper.label_w * mm, paper.label_h * mm
    pad = min(2.0, paper.label_h * 0.06) * mm
    qr_side = label_h - 2 * pad
    text_x = pad + qr_side + 1 * mm
    text_w = label_w - text_x - pad
    size, rows = fit_text(label, text_w, label_h - 2 * pad)
    ascent = pdfmetrics.getFont(FONT).face.ascent / 1000

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(page_w, page_h), pageCompression=1, lang="vi", initialFontName=FONT)
    canvas.setTitle(title or label.title)
    canvas.setAuthor("HàngViệt")
    canvas.setSubject(label.uri)
    canvas.setCreator("HàngViệt – trace")

    canvas.beginForm("label", 0, 0, label_w, label_h)
    draw_qr(canvas, make_qr(label.uri), pad, pad, qr_side)
    baseline = label_h - pad - ascent * size
    for text, font in rows:
        canvas.setFont(font, size)
        canvas.drawString(text_x, baseline, text)
        baseline -= size * LEADING
    canvas.endForm()

    for first in range(0, count, paper.per_page):
        for index in range(min(paper.per_page, count - first)):
            col, row = index % paper.columns, index // paper.columns
            x = (paper.margin_left + col * (paper.label_w + paper.gap_x)) * mm
            top = (paper.margin_top + row * (paper.label_h + paper.gap_y)) * mm
            canvas.saveState()
            canvas.translate(x, page_h - top - label_h)
            canvas.doForm("label")
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
