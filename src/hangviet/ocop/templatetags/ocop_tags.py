from typing import Any

from django import template

from hangviet.ocop import queries

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """mapping[key] in a template (a score sheet's points for one criterion code)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def dossier_queues() -> list[tuple[str, str, int]]:
    """{% dossier_queues as stages %}: OCOP dossiers at each stage the department works on."""
    return queries.dossiers_by_stage()
