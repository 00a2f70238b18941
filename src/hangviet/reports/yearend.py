"""The year-end report of the steering committee, from the indicators: the content once (sections with
the figures in sentences and a table), written three ways: DOCX (officials edit it before signing), PDF
(the same text, in a font that draws Vietnamese) and XLSX (a sheet per section, with the underlying
records of each figure)."""

import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from hangviet.core.pdf import register_fonts
from hangviet.core.spreadsheets import Styled, XlsxWriter
from hangviet.reports import indicators, queries, records
from hangviet.reports.indicators import format_value
from hangviet.reports.periods import Period
from hangviet.reports.periods import year as year_period
from hangviet.reports.queries import Figure

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Section:
    code: str
    heading: str
    sentences: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Report:
    period: Period
    title: str
    sections: list[Section]

    def table_header(self) -> list[str]:
        return [
            _("Chỉ số"),
            str(self.period.year),
            _("Chỉ tiêu"),
            str(self.period.year - 1),
            _("Đạt chỉ tiêu"),
        ]

    @staticmethod
    def table_row(fig: Figure) -> list[str]:
        reached = "" if fig.target_reached is None else (_("Đạt") if fig.target_reached else _("Chưa đạt"))
        return [
            f"{fig.indicator.name} ({fig.indicator.unit_label})",
            fig.text,
            fig.target_text or "–",
            fig.previous_text,
            reached,
        ]


def _n(figs: dict[str, Figure], code: str) -> str:
    fig = figs[code]
    return fig.text


def _annotated(row: object, name: str) -> int:
    """A count the query annotated on its rows (fairs_starting_between: booth_count, unit_count)."""
    return int(getattr(row, name))


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " " + _("và") + " " + items[-1]


def _comparison(fig: Figure) -> str:
    """'(chỉ tiêu 25, đạt 112,0 %; năm trước 20)' for a figure with a target or a previous value."""
    if fig.value is None:
        return ""
    parts = []
    if fig.target:
        ratio = (Decimal(fig.value) * 100 / Decimal(fig.target)).quantize(Decimal("0.1"))
        share = indicators.format_value(ratio, "%")
        parts.append(_("chỉ tiêu %(t)s, đạt %(s)s") % {"t": fig.target_text, "s": share})
    if fig.previous is not None:
        parts.append(_("năm trước %(p)s") % {"p": fig.previous_text})
    return f" ({'; '.join(parts)})" if parts else ""


def _campaign(figs: dict[str, Figure], period: Period) -> list[str]:
    contests = [c.name for c in indicators.get("contests").records(period)]  # type: ignore[misc, union-attr]
    out = [
        _("Tổ chức %(s)s buổi tập huấn, quán triệt về Cuộc vận động cho %(n)s cán bộ, công chức%(c)s.")
        % {
            "s": _n(figs, "training_sessions"),
            "n": _n(figs, "cadres_trained"),
            "c": _comparison(figs["cadres_trained"]),
        }
    ]
    if contests:
        out.append(
            _("Tổ chức %(n)s cuộc thi: %(names)s.")
            % {"n": _n(figs, "contests"), "names": _names([f"“{c}”" for c in contests])}
        )
    return out


def _fairs(figs: dict[str, Figure], period: Period) -> list[str]:
    from hangviet.promotion import queries as promotion

    out = []
    fairs = list(promotion.fairs_starting_between(period.start, period.end, indicators.FAIR))
    if fairs:
        parts = [
            _("%(name)s với quy mô %(b)s gian hàng của %(u)s đơn vị, doanh nghiệp tham gia")
            % {
                "name": f.name,
                "b": format_value(_annotated(f, "booth_count"), "booth"),
                "u": format_value(_annotated(f, "unit_count"), "unit"),
            }
            for f in fairs
        ]
        out.append(
            _("Tổ chức %(n)s hội chợ thương mại (%(b)s gian hàng, %(u)s đơn vị): %(list)s.")
            % {
                "n": _n(figs, "fairs"),
                "b": _n(figs, "fair_booths"),
                "u": _n(figs, "fair_units"),
                "list": "; ".join(parts),
            }
        )
    sessions = list(promotion.fairs_starting_between(period.start, period.end, indicators.MARKET_SESSION))
    if sessions:
        parts = [
            _("tại %(place)s (%(u)s doanh nghiệp, %(b)s gian hàng)")
            % {
                "place": s.commune.name,
                "u": format_value(_annotated(s, "unit_count"), "unit"),
                "b": format_value(_annotated(s, "booth_count"), "booth"),
            }
            for s in sessions
        ]
        out.append(
            _("Tổ chức %(n)s phiên chợ đưa hàng Việt về nông thôn %(list)s.")
            % {"n": _n(figs, "market_sessions"), "list": "; ".join(parts)}
        )
    return out or [_("Trong kỳ không có hội chợ, phiên chợ nào được ghi nhận.")]


def _trade(figs: dict[str, Figure], period: Period) -> list[str]:
    return [
        _(
            "Tổ chức %(t)s chuyến kết nối giao thương, qua đó có %(m)s biên bản, hợp đồng ghi nhớ "
            "được ký kết%(c)s."
        )
        % {"t": _n(figs, "trips"), "m": _n(figs, "mous"), "c": _comparison(figs["mous"])}
    ]


def _ocop(figs: dict[str, Figure], period: Period) -> list[str]:
    return [
        _(
            "Trong năm, có %(new)s sản phẩm được công nhận mới, nâng tổng số toàn tỉnh hiện có "
            "%(total)s sản phẩm OCOP, trong đó %(s3)s sản phẩm 3 sao, %(s4)s sản phẩm 4 sao, "
            "%(s5)s sản phẩm 5 sao."
        )
        % {
            "new": _n(figs, "ocop_new_products"),
            "total": _n(figs, "ocop_products"),
            "s3": _n(figs, "ocop_products_3_stars"),
            "s4": _n(figs, "ocop_products_4_stars"),
            "s5": _n(figs, "ocop_products_5_stars"),
        }
        + _comparison(figs["ocop_new_products"]).replace(" (", " (" + _("sản phẩm mới") + ": ", 1)
    ]


def _showrooms(figs: dict[str, Figure], period: Period) -> list[str]:
    rooms = list(indicators.get("showrooms").records(period))  # type: ignore[misc, union-attr]
    places = _names([f"{r.name} ({r.site})" for r in rooms])
    return [
        _("Có %(n)s cửa hàng giới thiệu và bán sản phẩm OCOP%(at)s với %(p)s sản phẩm được trưng bày và bán.")
        % {
            "n": _n(figs, "showrooms"),
            "at": f": {places}" if places else "",
            "p": _n(figs, "showroom_products"),
        }
    ]


def _chains(figs: dict[str, Figure], period: Period) -> list[str]:
    chains = list(indicators.get("chains").records(period))  # type: ignore[misc, union-attr]
    kinds = Counter(str(c.get_product_type_display()).lower() for c in chains)
    breakdown = ", ".join(_("%(n)s chuỗi %(kind)s") % {"n": n, "kind": k} for k, n in kinds.items())
    out = [
        _(
            "Toàn tỉnh đã xác nhận %(n)s chuỗi cung ứng thực phẩm an toàn%(b)s, sản lượng cung cấp "
            "ra thị trường khoảng %(t)s tấn/năm."
        )
        % {
            "n": _n(figs, "chains"),
            "b": f" ({breakdown})" if breakdown else "",
            "t": _n(figs, "chain_output"),
        }
    ]
    for chain in chains:
        countries = [m.country_name for m in chain.export_markets.all()]
        if countries:
            out.append(
                _("Sản phẩm %(p)s của chuỗi “%(c)s” đã được xuất khẩu sang thị trường %(to)s.")
                % {
                    "p": str(chain.get_product_type_display()).lower(),
                    "c": chain.name,
                    "to": _names(countries),
                }
            )
    return out


def _ecommerce(figs: dict[str, Figure], period: Period) -> list[str]:
    out = [
        _("Sàn thương mại điện tử của tỉnh có %(s)s doanh nghiệp, đơn vị với %(p)s loại sản phẩm tham gia.")
        % {"s": _n(figs, "platform_sellers"), "p": _n(figs, "platform_products")},
        _(
            "Đơn vị được hướng dẫn lên các sàn TMĐT quốc gia: %(u)s; tỉnh, thành liên kết với sàn "
            "của tỉnh: %(l)s."
        )
        % {"u": _n(figs, "marketplace_units"), "l": _n(figs, "linked_provinces")},
    ]
    if "orders" in figs:
        out.append(
            _("Trong kỳ có %(o)s đơn hàng, doanh số %(g)s, tỉ lệ giao thành công %(r)s.")
            % {"o": _n(figs, "orders"), "g": _n(figs, "gmv"), "r": _n(figs, "delivered_rate")}
        )
    return out


WRITERS: dict[str, Callable[[dict[str, Figure], Period], list[str]]] = {
    "campaign": _campaign,
    "fairs": _fairs,
    "trade": _trade,
    "ocop": _ocop,
    "showrooms": _showrooms,
    "chains": _chains,
    "ecommerce": _ecommerce,
}


def build(year: int) -> Report:
    period = year_period(year)
    items = queries.figures(period)
    figs = {f.indicator.code: f for f in items}
    sections = []
    for number, (code, heading) in enumerate(indicators.SECTIONS.items(), start=1):
        sections.append(
            Section(
                code,
                f"{number}. {heading}",
                WRITERS[code](figs, period),
                [f for f in items if f.indicator.section == code],
            )
        )
    title = _(
        "Báo cáo kết quả thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” năm %(y)s"
    ) % {"y": year}
    return Report(period, title, sections)


# --- DOCX ---------------------------------------------------------------------------------------------


def to_docx(report: Report) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(report.title, level=0)
    for section in report.sections:
        document.add_heading(section.heading, level=1)
        for sentence in section.sentences:
            document.add_paragraph(sentence)
        header = report.table_header()
        table = document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for fig in section.figures:
            cells = table.add_row().cells
            for cell, text in zip(cells, report.table_row(fig), strict=True):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF ----------------------------------------------------------------------------------------------


def to_pdf(report: Report) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=11, leading=15, spaceAfter=6)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11)
    h0 = ParagraphStyle("h0", fontName=bold, fontSize=15, leading=19, spaceAfter=10, alignment=1)
    h1 = ParagraphStyle("h1", fontName=bold, fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=6)
    story = [Paragraph(escape(report.title), h0)]
    for section in report.sections:
        story.append(Paragraph(escape(section.heading), h1))
        story += [Paragraph(escape(s), body) for s in section.sentences]
        data = [[Paragraph(escape(t), cell) for t in report.table_header()]]
        data += [[Paragraph(escape(t), cell) for t in report.table_row(f)] for f in section.figures]
        table = Table(data, colWidths=[72 * mm, 26 * mm, 24 * mm, 26 * mm, 22 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f1ec")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [table, Spacer(1, 4 * mm)]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=report.title, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm
    ).build(story)
    return buffer.getvalue()


# --- XLSX ---------------------------------------------------------------------------------------------


def to_xlsx(report: Report) -> bytes:
    """A summary sheet, then a sheet per section: its figures, and each figure's records beneath."""
    book = XlsxWriter()
    summary = book.add_sheet(_("Tổng hợp"), widths={"A": 60, "B": 16, "C": 14, "D": 16, "E": 12})
    summary.append([Styled(report.title, bold=True)])
    for section in report.sections:
        summary.append([])
        summary.append([Styled(section.heading, bold=True)])
        for sentence in section.sentences:
            summary.append([sentence])
    for section in report.sections:
        sheet = book.add_sheet(section.heading, widths={"A": 40, "B": 24, "C": 20, "D": 20, "E": 16})
        sheet.append([Styled(section.heading, bold=True)])
        sheet.append(report.table_header(), bold=True)
        for fig in section.figures:
            sheet.append(report.table_row(fig))
        for fig in section.figures:
            if not fig.indicator.is_recorded:
                continue
            sheet.append([])
            sheet.append([Styled(f"{fig.indicator.name}: {fig.text}", bold=True)])
            sheet.append(records.headers(fig.indicator), bold=True)
            for row in records.rows(fig.indicator, report.period):
                sheet.append(
                    [
                        float(v) if hasattr(v, "as_integer_ratio") and not isinstance(v, int) else v
                        for v in row
                    ]
                )
    return book.to_bytes()
