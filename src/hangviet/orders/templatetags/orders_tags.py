from django import template

from hangviet.orders.models import Order

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """An order status code as its translated label ("shipped" → "Đang giao")."""
    try:
        return str(Order.Status(value).label)
    except ValueError:
        return value
