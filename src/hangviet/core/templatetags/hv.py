"""Template helpers shared by every page: money, OCOP stars, query strings, JSON-LD, localised names."""

import json
from typing import Any

from django import template
from django.conf import settings
from django.http import QueryDict
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from hangviet.core.money import format_number, format_vnd

register = template.Library()

# The characters that could end a <script> element or start an HTML comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def vnd(amount: Any) -> str:
    """120000 → "120.000 ₫"; anything that is not a number renders as empty text."""
    try:
        return format_vnd(int(amount))
    except (TypeError, ValueError):
        return ""


@register.filter
def number(value: Any, places: int = 2) -> str:
    """A number as the page's language writes it (Django's localisation, core/formats): up to `places`
    decimals with no trailing zeros, thousands grouped: 72.5 → "72,5" (vi) / "72.5" (en); "5.00" → "5";
    410252 → "410.252" / "410,252". A score stored as text reads the same as one stored as a number;
    anything that is not a number renders as empty text."""
    return format_number(value, places)


@register.filter
def stars(count: Any) -> SafeString:
    """OCOP stars as ★ glyphs hidden from screen readers, with a spoken text beside them."""
    try:
        n = max(0, min(5, int(count)))
    except (TypeError, ValueError):
        n = 0
    if not n:
        return mark_safe("")
    label = ngettext("OCOP %(n)d sao", "OCOP %(n)d sao", n) % {"n": n}
    return format_html(
        '<span class="stars"><span aria-hidden="true">{}</span><span class="sr">{}</span></span>',
        "★" * n,
        label,
    )


@register.filter
def gtin_display(gtin: str) -> str:
    """A GTIN as printed on the pack: an EAN-13 stored as 14 digits loses its leading 0."""
    gtin = gtin or ""
    return gtin[1:] if len(gtin) == 14 and gtin.startswith("0") else gtin


@register.filter
def localized_name(obj: Any) -> str:
    """A category's English name when the page is in English and one exists, else its name."""
    english = str(getattr(obj, "name_en", "") or "")
    if english and (get_language() or "").startswith("en"):
        return english
    return str(getattr(obj, "name", obj))


def jsonld_text(data: Any) -> str:
    """JSON safe to place inside a <script> element (<, > and & escaped as \\u sequences)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


@register.simple_tag(takes_context=True)
def jsonld(context: template.Context, data: Any) -> SafeString:
    """A server-rendered <script type="application/ld+json"> carrying the page's CSP nonce."""
    nonce = context.get("csp_nonce", "")
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        nonce,
        mark_safe(jsonld_text(data)),  # escaped for the script context
    )


@register.simple_tag(takes_context=True)
def query(context: template.Context, **changes: Any) -> str:
    """The current query string with some parameters replaced (None or "" removes one): "?q=x&page=2"."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def panels(context: template.Context, slot: str) -> SafeString:
    """Render the templates other rooms registered for `slot` (settings.HANGVIET_PANELS), in order."""
    names = settings.HANGVIET_PANELS.get(slot, [])
    flat: dict[str, Any] = context.flatten()  # type: ignore[assignment]
    request = context.get("request")
    return mark_safe("".join(get_template(name).render(flat, request) for name in names))
