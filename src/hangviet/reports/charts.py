"""The dashboard's charts, drawn on the server as SVG (no script): ranked horizontal bars, each with a
<title> and <desc> for screen readers (role="img"), and the same numbers as a table beside it.

Each chart reads the records of an indicator (the same querysets as the figures), grouped here.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from hangviet.core import charts as core_charts
from hangviet.ocop import queries as ocop
from hangviet.orders import queries as orders
from hangviet.promotion import queries as promotion
from hangviet.reports import indicators
from hangviet.reports.periods import Period
from hangviet.sellers import queries as sellers
from hangviet.trace import queries as trace


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    unit: str  # a unit code of indicators.UNITS
    rows: list[tuple[str, int | Decimal]]

    @property
    def svg(self) -> SafeString:
        return bar_svg(self)

    @property
    def table(self) -> list[tuple[str, str]]:
        return [(label, indicators.format_value(value, self.unit)) for label, value in self.rows]


def bar_svg(chart: Chart) -> SafeString:
    """The chart's bars (core.charts), each value written in the indicator's unit."""
    rows = [(label, value, indicators.format_value(value, chart.unit)) for label, value in chart.rows]
    return core_charts.bar_svg(key=chart.key, title=chart.title, description=chart.description, rows=rows)


def _months(period: Period) -> list[tuple[int, int]]:
    months: list[tuple[int, int]] = []
    y, m = period.start.year, period.start.month
    while (y, m) <= (period.end.year, period.end.month) and len(months) < 120:
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _month_label(y: int, m: int, period: Period) -> str:
    return f"T{m}" if period.start.year == period.end.year else f"{m:02d}/{y}"


def charts(period: Period) -> list[Chart]:
    as_of = period.as_of()
    in_force = ocop.certificates_in_force_on(as_of)
    stars = Counter(in_force.values_list("stars", flat=True))
    groups = ocop.root_categories()
    by_group = Counter(
        ocop.group_code(code) for code in in_force.values_list("product__category__code", flat=True)
    )
    months = _months(period)
    new_by_month = Counter(
        (d.year, d.month)
        for d in ocop.certificates_first_issued_between(period.start, period.end).values_list(
            "issued_on", flat=True
        )
    )
    placed = orders.orders_placed_between(period.start_at, period.end_at)
    orders_by_month: Counter[tuple[int, int]] = Counter()
    for at in placed.values_list("created_at", flat=True):
        local = timezone.localtime(at)
        orders_by_month[(local.year, local.month)] += 1
    sales_by_month: Counter[tuple[int, int]] = Counter()
    for at, total in orders.sold_orders_placed_between(period.start_at, period.end_at).values_list(
        "created_at", "total_vnd"
    ):
        local = timezone.localtime(at)
        sales_by_month[(local.year, local.month)] += total
    fairs = [
        *promotion.fairs_starting_between(period.start, period.end, indicators.FAIR),
        *promotion.fairs_starting_between(period.start, period.end, indicators.MARKET_SESSION),
    ]
    output: dict[str, Decimal] = {}
    labels = {}
    for chain in trace.chains_certified_on(as_of):
        labels[chain.product_type] = str(chain.get_product_type_display())
        output[chain.product_type] = output.get(chain.product_type, Decimal(0)) + chain.annual_output_tonnes
    producers = Counter(
        name
        for name in sellers.sellers_verified_before(period.end_at).values_list("commune__name", flat=True)
    )
    label = period.label
    return [
        Chart(
            "stars",
            _("Sản phẩm OCOP theo hạng sao"),
            _("Số sản phẩm OCOP còn hiệu lực theo số sao, %(p)s.") % {"p": label},
            "product",
            [(_("%(n)s sao") % {"n": s}, stars.get(s, 0)) for s in (3, 4, 5)],
        ),
        Chart(
            "groups",
            _("Sản phẩm OCOP theo nhóm"),
            _("Số sản phẩm OCOP còn hiệu lực theo nhóm sản phẩm, %(p)s.") % {"p": label},
            "product",
            [(groups[c].name if c in groups else c, n) for c, n in sorted(by_group.items())],
        ),
        Chart(
            "new_certificates",
            _("Sản phẩm OCOP công nhận mới theo tháng"),
            _("Số sản phẩm được cấp giấy chứng nhận OCOP lần đầu, theo tháng, %(p)s.") % {"p": label},
            "product",
            [(_month_label(y, m, period), new_by_month.get((y, m), 0)) for y, m in months],
        ),
        Chart(
            "orders",
            _("Đơn hàng theo tháng"),
            _("Số đơn hàng đặt trên sàn theo tháng, %(p)s.") % {"p": label},
            "order",
            [(_month_label(y, m, period), orders_by_month.get((y, m), 0)) for y, m in months],
        ),
        Chart(
            "sales",
            _("Doanh số theo tháng"),
            _("Tổng tiền các đơn thành công theo tháng đặt, %(p)s.") % {"p": label},
            "VND",
            [(_month_label(y, m, period), sales_by_month.get((y, m), 0)) for y, m in months],
        ),
        Chart(
            "fairs",
            _("Gian hàng tại hội chợ, phiên chợ"),
            _("Số gian hàng của mỗi hội chợ, phiên chợ, %(p)s.") % {"p": label},
            "booth",
            [(f.name, f.booth_count) for f in fairs],  # type: ignore[attr-defined]
        ),
        Chart(
            "chains",
            _("Sản lượng chuỗi cung ứng theo sản phẩm"),
            _("Sản lượng hằng năm (tấn) của các chuỗi còn hiệu lực, theo sản phẩm, %(p)s.") % {"p": label},
            "t/year",
            [(labels[k], v) for k, v in sorted(output.items(), key=lambda kv: -kv[1])],
        ),
        Chart(
            "producers",
            _("Người bán theo xã, phường"),
            _("Số người bán đã xác minh theo xã, phường, xếp từ nhiều đến ít, %(p)s.") % {"p": label},
            "seller",
            sorted(producers.items(), key=lambda kv: (-kv[1], kv[0])),
        ),
    ]
