from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """mapping[key] in a template (a score sheet's points for one criterion code)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
