"""Shared PDF helpers (reportlab): the fonts that draw Vietnamese text, and QR codes as vector paths.

reportlab's built-in Helvetica has no ơ, ư, ạ, ế …, so every PDF of the platform uses DejaVu Sans Condensed
(regular and bold), vendored unmodified in `core/fonts/` with its LICENSE (Bitstream Vera / Arev licence;
DejaVu changes are public domain). Only the glyphs used are embedded in each file.
"""

import functools
from pathlib import Path

import segno
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "HVSans"
FONT_BOLD = "HVSans-Bold"
QR_QUIET_ZONE = 4  # modules, as ISO/IEC 18004 asks


@functools.cache
def register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans Condensed with reportlab (once per process) and return the names of the
    regular and the bold font: Vietnamese letters, ★ and ₫, narrow enough for small labels."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSansCondensed.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSansCondensed-Bold.ttf")))
    return FONT, FONT_BOLD


def draw_qr(canvas: Canvas, code: segno.QRCode, x: float, y: float, side: float) -> None:
    """Draw `code` as one vector path (a rectangle per run of dark modules) in the square (x, y, side),
    quiet zone included: one path, so renderers fill it as a union without hairline seams."""
    matrix = code.matrix
    module = side / (len(matrix) + 2 * QR_QUIET_ZONE)
    top = y + side - QR_QUIET_ZONE * module
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        col = 0
        while col < len(row):
            if row[col]:
                start = col
                while col < len(row) and row[col]:
                    col += 1
                path.rect(
                    x + (QR_QUIET_ZONE + start) * module,
                    top - (row_index + 1) * module,
                    (col - start) * module,
                    module,
                )
            else:
                col += 1
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
