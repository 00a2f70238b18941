from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hangviet.core.charts import bar_svg
from hangviet.core.money import format_vnd
from hangviet.orders import queries
from hangviet.orders.models import Order
from hangviet.sellers.models import Seller

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """An order status code as its translated label ("shipped" → "Đang giao")."""
    try:
        return str(Order.Status(value).label)
    except ValueError:
        return value


@register.simple_tag
def seller_todo(seller: Seller) -> queries.SellerTodo:
    """{% seller_todo seller as todo %}: the orders and payments waiting for the seller (seller centre)."""
    return queries.seller_todo(seller)


@register.simple_tag
def seller_stats(seller: Seller) -> dict[str, Any]:
    """{% seller_stats seller as stats %}: orders and sales by week as two SVG charts with the same numbers
    as rows for a table, and the best sellers (seller centre)."""
    weeks = queries.seller_weeks(seller)
    label = "%d/%m"
    orders_rows = [(w.starts_on.strftime(label), w.orders, number_format(w.orders)) for w in weeks]
    sales_rows = [(w.starts_on.strftime(label), w.sales_vnd, format_vnd(w.sales_vnd)) for w in weeks]
    return {
        "weeks": weeks,
        "orders_svg": bar_svg(
            key="seller-orders",
            title=_("Đơn hàng theo tuần"),
            description=_("Số đơn hàng đặt mỗi tuần, %(n)s tuần gần nhất, tuần này ở cuối.")
            % {"n": len(weeks)},
            rows=orders_rows,
        ),
        "sales_svg": bar_svg(
            key="seller-sales",
            title=_("Doanh số theo tuần"),
            description=_("Giá trị hàng của các đơn thành doanh số mỗi tuần, %(n)s tuần gần nhất.")
            % {"n": len(weeks)},
            rows=sales_rows,
        ),
        "best_sellers": queries.best_sellers(seller),
    }


@register.simple_tag
def payment_queues() -> dict[str, int]:
    """{% payment_queues as payments %}: payments to review, and those matching no order (officers)."""
    review = queries.payments_to_review()
    return {"review": review.count(), "unmatched": review.filter(order__isnull=True).count()}
