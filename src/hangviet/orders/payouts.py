"""Monthly payout statements: delivered orders, commission, tax withheld (Decree 117/2025), net payable.

Rounding rule: each amount is computed per order (a withholding is per transaction) as base × rate,
rounded half up to the whole đồng; the statement's totals are sums of those per-order amounts, so every
column reconciles to the đồng: net = gross − commission − VAT − PIT, line by line and in total.
Withholding applies to household businesses and individuals; enterprises and cooperatives declare
their own taxes (their VAT/PIT columns are 0). The base is the order total (goods and delivery fee).
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.core.spreadsheets import MONEY_FORMAT, Styled, XlsxWriter
from hangviet.orders import conf
from hangviet.orders.models import Order
from hangviet.sellers.models import Seller

WITHHOLDING_KINDS = {Seller.Kind.HOUSEHOLD, Seller.Kind.INDIVIDUAL}


def round_vnd(amount: Decimal) -> int:
    """Half up to the whole đồng: 166.5 → 167, 333.33 → 333."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class StatementLine:
    code: str
    delivered_at: datetime.datetime
    payment_method: str
    gross_vnd: int
    commission_vnd: int
    vat_vnd: int
    pit_vnd: int

    @property
    def net_vnd(self) -> int:
        return self.gross_vnd - self.commission_vnd - self.vat_vnd - self.pit_vnd


@dataclass
class Statement:
    seller: Seller
    year: int
    month: int
    commission_rate: Decimal
    vat_rate: Decimal
    pit_rate: Decimal
    withholds: bool
    lines: list[StatementLine] = field(default_factory=list)

    def _sum(self, name: str) -> int:
        return sum(getattr(line, name) for line in self.lines)

    @property
    def gross_vnd(self) -> int:
        return self._sum("gross_vnd")

    @property
    def commission_vnd(self) -> int:
        return self._sum("commission_vnd")

    @property
    def vat_vnd(self) -> int:
        return self._sum("vat_vnd")

    @property
    def pit_vnd(self) -> int:
        return self._sum("pit_vnd")

    @property
    def net_vnd(self) -> int:
        return self._sum("net_vnd")


def line_for(
    order_code: str,
    delivered_at: datetime.datetime,
    method: str,
    gross: int,
    *,
    withholds: bool,
    commission_rate: Decimal,
    vat_rate: Decimal,
    pit_rate: Decimal,
) -> StatementLine:
    return StatementLine(
        code=order_code,
        delivered_at=delivered_at,
        payment_method=method,
        gross_vnd=gross,
        commission_vnd=round_vnd(gross * commission_rate),
        vat_vnd=round_vnd(gross * vat_rate) if withholds else 0,
        pit_vnd=round_vnd(gross * pit_rate) if withholds else 0,
    )


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The month in the platform's time zone (Asia/Ho_Chi_Minh), as [start, end)."""
    tz = timezone.get_default_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    days = calendar.monthrange(year, month)[1]
    return start, start + datetime.timedelta(days=days)


def monthly_statement(seller: Seller, year: int, month: int) -> Statement:
    """The seller's statement for orders delivered in the month (returned-and-refunded ones excluded)."""
    start, end = month_bounds(year, month)
    statement = Statement(
        seller=seller,
        year=year,
        month=month,
        commission_rate=conf.commission_rate(),
        vat_rate=conf.withholding_vat_rate(),
        pit_rate=conf.withholding_pit_rate(),
        withholds=seller.kind in WITHHOLDING_KINDS,
    )
    orders = (
        Order.objects.filter(seller=seller, delivered_at__gte=start, delivered_at__lt=end)
        .exclude(status__in=[Order.Status.RETURNED, Order.Status.REFUNDED])
        .order_by("delivered_at", "pk")
        .values_list("code", "delivered_at", "payment_method", "total_vnd")
    )
    for code, delivered_at, method, total in orders:
        statement.lines.append(
            line_for(
                code,
                delivered_at,  # type: ignore[arg-type]  # filtered on a range, never null
                method,
                total,
                withholds=statement.withholds,
                commission_rate=statement.commission_rate,
                vat_rate=statement.vat_rate,
                pit_rate=statement.pit_rate,
            )
        )
    return statement


def statement_xlsx(statement: Statement) -> bytes:
    """The statement as an XLSX workbook: one row per order, then the totals row (integers, VND)."""
    workbook = XlsxWriter()
    ws = workbook.add_sheet(
        f"{statement.year}-{statement.month:02d}",
        widths=dict(zip("ABCDEFGH", (14, 12, 10, 14, 12, 12, 12, 14), strict=True)),
    )
    seller = statement.seller
    ws.append([_("Bảng kê thanh toán tháng %(m)02d/%(y)d") % {"m": statement.month, "y": statement.year}])
    ws.append(
        [_("Người bán"), seller.legal_name, _("Mã số thuế"), seller.tax_code, seller.get_kind_display()]
    )
    ws.append(
        [
            _("Phí sàn"),
            f"{statement.commission_rate * 100:g}%",
            _("Thuế GTGT khấu trừ"),
            f"{statement.vat_rate * 100:g}%" if statement.withholds else "0%",
            _("Thuế TNCN khấu trừ"),
            f"{statement.pit_rate * 100:g}%" if statement.withholds else "0%",
        ]
    )
    ws.append([_("Số tiền tính bằng đồng; mỗi khoản làm tròn đến đồng (nửa lên) theo từng đơn.")])
    ws.append([])
    header = [
        _("Mã đơn"),
        _("Ngày giao"),
        _("Thanh toán"),
        _("Doanh thu"),
        _("Phí sàn"),
        _("Thuế GTGT"),
        _("Thuế TNCN"),
        _("Thực nhận"),
    ]
    ws.append(header, bold=True)
    tz = timezone.get_default_timezone()

    def money(amount: int) -> Styled:
        return Styled(amount, number_format=MONEY_FORMAT)

    for line in statement.lines:
        ws.append(
            [
                line.code,
                line.delivered_at.astimezone(tz).strftime("%d/%m/%Y"),
                line.payment_method,
                money(line.gross_vnd),
                money(line.commission_vnd),
                money(line.vat_vnd),
                money(line.pit_vnd),
                money(line.net_vnd),
            ]
        )
    ws.append(
        [
            _("Tổng"),
            "",
            "",
            money(statement.gross_vnd),
            money(statement.commission_vnd),
            money(statement.vat_vnd),
            money(statement.pit_vnd),
            money(statement.net_vnd),
        ],
        bold=True,
    )
    return workbook.to_bytes()
