"""Charts drawn on the server as SVG (no script), for any room: horizontal bars, one per row, with a
<title> and <desc> for screen readers (role="img"); the page shows the same numbers as a table beside it."""

from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 180
BAR_AREA = 200
VALUE_WIDTH = 90
MAX_BARS = 20  # a chart shows its first 20 rows; the table beside it lists them all


def bar_svg(
    *, key: str, title: str, description: str, rows: Sequence[tuple[str, int | float | Decimal, str]]
) -> SafeString:
    """Bars for `rows` of (label, value, value as text), scaled to the largest; every text is escaped; the
    width follows the page (viewBox), so it reads on a 390 px phone and prints."""
    rows = list(rows)[:MAX_BARS]
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = max(1, len(rows)) * (BAR_HEIGHT + GAP) + GAP
    top = max((float(v) for _label, v, _text in rows), default=0.0) or 1.0
    ident = f"chart-{key}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" class="chart">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(description)}</desc>',
    ]
    if not rows:
        parts.append(
            f'<text x="4" y="{BAR_HEIGHT - 6}" font-size="13">{escape(_("Không có số liệu."))}</text>'
        )
    for index, (label, value, text) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        bar = max(1.0, float(value) / top * BAR_AREA) if float(value) > 0 else 0.0
        short = label if len(label) <= 26 else label[:25] + "…"
        parts += [
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 7}" font-size="12" text-anchor="end">'
            f"{escape(short)}</text>",
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar:.1f}" height="{BAR_HEIGHT}" fill="#1f6f50"></rect>',
            f'<text x="{LABEL_WIDTH + bar + 4:.1f}" y="{y + BAR_HEIGHT - 7}" font-size="12">'
            f"{escape(text)}</text>",
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
