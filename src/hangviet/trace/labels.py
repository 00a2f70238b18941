"""QR codes (segno) for lots: single SVG/PNG codes and a printable sheet of labels for common label papers.

ReportLab is not among the project's dependencies yet, so the sheet is an A4 SVG (one per page) that
prints at true size from any browser; see docs/traceability.md.
"""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

import segno

# Q (~25 % recovery) survives scuffs and a small, logo-free print on cheap label stock.
ERROR_LEVEL = "q"
QUIET_ZONE = 4  # modules, as ISO/IEC 18004 asks


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
    title: str
    lines: tuple[str, ...]


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
            lines = [_fit(label.title, chars), *(_fit(line, chars) for line in label.lines)]
            max_lines = int((paper.label_h - 2 * pad) / (font * 1.25))
            text = "".join(
                f'<text x="{text_x:.2f}" y="{y + pad + font * (1 + i * 1.25):.2f}" font-size="{font:.2f}"'
                f"{BOLD if i == 0 else ''}>{escape(line)}</text>"
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
