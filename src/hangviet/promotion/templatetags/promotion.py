"""{% load promotion %}{% home_news 3 %}: the latest news block, for pages of other apps (the home page)."""

from typing import Any

from django import template

from hangviet.promotion.queries import latest_news

register = template.Library()


@register.inclusion_tag("promotion/_home_news.html")
def home_news(n: int = 3) -> dict[str, Any]:
    return {"news": latest_news(int(n))}
