"""What a page shows when its link is shared (Open Graph, Twitter card) and its canonical and language
URLs, read from the page's own context: the syndication room's head panel (settings.HANGVIET_PANELS
"head_meta") renders it on product, shop, event, certificate and news pages; the pages know nothing of it.

Language is chosen by cookie, not by URL; `?hl=en` (LanguageFromQueryMiddleware) gives each language
its own URL for hreflang: Vietnamese at the canonical URL (the default), English with `?hl=en`.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin
from django.utils.text import Truncator

from hangviet.catalog.views import plain_text
from hangviet.syndication.feeds import absolute, base_url

DESCRIPTION_MAX = 200
LANGUAGE_PARAM = "hl"


@dataclass(frozen=True)
class ShareCard:
    kind: str  # og:type
    title: str
    description: str
    url: str
    image: str = ""
    price_vnd: int | None = None


def canonical_url(request: HttpRequest) -> str:
    """The page's URL on HANGVIET_BASE_URL, without query (a list's page number kept)."""
    url = base_url() + request.path
    page = request.GET.get("page", "")
    return f"{url}?page={page}" if page.isdigit() and page != "1" else url


def language_urls(canonical: str) -> list[tuple[str, str]]:
    """(hreflang, URL) of every language, and x-default."""
    joiner = "&" if "?" in canonical else "?"
    urls = [
        (code, canonical if code == settings.LANGUAGE_CODE else f"{canonical}{joiner}{LANGUAGE_PARAM}={code}")
        for code, _name in settings.LANGUAGES
    ]
    return [*urls, ("x-default", canonical)]


def _text(value: str) -> str:
    return Truncator(" ".join(plain_text(value or "").split())).chars(DESCRIPTION_MAX)


def _image(field: Any) -> str:
    return absolute(field.url) if field else ""


def share_card(context: dict[str, Any], canonical: str) -> ShareCard | None:
    """The card of the page's main object, None for a page that has none (lists, forms, private pages)."""
    page = context.get("page")
    jsonld = page.get("jsonld") if isinstance(page, dict) else None
    if jsonld and jsonld.get("@type") == "Product":  # the product page (cached: only its data is there)
        images = jsonld.get("image") or []
        return ShareCard(
            "product", jsonld["name"], _text(jsonld.get("description", "")), canonical,
            images[0] if images else "", int(jsonld["offers"]["price"]),
        )  # fmt: skip
    if "post" in context:
        post = context["post"]
        return ShareCard(
            "article", post.title, _text(post.summary or post.body), canonical, _image(post.image)
        )
    if "fair" in context and "grid" in context:
        fair = context["fair"]
        return ShareCard("website", fair.name, _text(fair.description or fair.venue), canonical)
    if "certificate" in context and "state" in context:
        cert = context["certificate"]
        first = cert.product.images.order_by("position", "pk").first()
        title = f"{cert.product.name} · OCOP {cert.stars}★ · {cert.number}"
        return ShareCard(
            "website", title, _text(cert.product.description), canonical, _image(first and first.image)
        )
    seller = context.get("seller")
    if seller is not None and "ocop_count" in context and not context.get("is_preview"):
        about = _text(seller.description or seller.legal_name)
        return ShareCard("profile", seller.trading_name, about, canonical, _image(seller.logo))
    return None


class LanguageFromQueryMiddleware(MiddlewareMixin):
    """`?hl=en` shows a page in that language for this request (after LocaleMiddleware): the URL hreflang
    names for English. The visitor's own choice (cookie) is not changed."""

    def process_request(self, request: HttpRequest) -> None:
        code = request.GET.get(LANGUAGE_PARAM, "")
        if code in dict(settings.LANGUAGES):
            translation.activate(code)
            request.LANGUAGE_CODE = code
